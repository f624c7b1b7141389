/** What one turn of a background loop found: more work waiting now, or nothing until the next interval. */
export type StepOutcome = 'more' | 'idle';

export interface BackgroundLoopOptions {
  /**
   * One unit of work. `stopping()` turns true when the app is closing: a long step should
   * ask it between its parts and return early.
   */
  step: (stopping: () => boolean) => Promise<StepOutcome>;
  /** Pause after an 'idle' step. */
  intervalMs: number;
  /** Pause after the first failure in a row; it doubles with each further one, up to maxBackoffMs. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Told of every failure, with the pause before the next try. */
  onError: (error: unknown, retryInMs: number) => void;
}

export interface BackgroundLoop {
  /** Stops the loop: wakes it from a pause, or waits for the step under way to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `step` again and again until stopped: at once after 'more' (after letting waiting
 * I/O run first), `intervalMs` after 'idle', and with a growing pause after a failure (the
 * database may be away for a while), so a failing step neither stops the loop nor spins.
 * Only one step runs at a time.
 * @example
 * const loop = startBackgroundLoop({ step: async () => ((await work()) ? 'more' : 'idle'), intervalMs: 2000,
 *   minBackoffMs: 1000, maxBackoffMs: 60_000, onError: (e) => log.error(e) });
 * await loop.stop();
 */
export function startBackgroundLoop(options: BackgroundLoopOptions): BackgroundLoop {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const stopping = () => stopped;

  const running = (async () => {
    let failures = 0;
    while (!stopped) {
      let next: number;
      try {
        next = (await options.step(stopping)) === 'more' ? 0 : options.intervalMs;
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures += 1;
        next = Math.min(options.maxBackoffMs, options.minBackoffMs * 2 ** (failures - 1));
        options.onError(error, next);
      }
      if (stopped) break;
      // Even with more to do, requests' I/O callbacks run before the next step starts.
      await (next > 0 ? pause(next) : new Promise<void>((resolve) => setImmediate(resolve)));
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
