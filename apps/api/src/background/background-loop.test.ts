import { describe, expect, it } from 'vitest';
import { startBackgroundLoop, type StepOutcome } from './background-loop.js';

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startBackgroundLoop', () => {
  it('runs again at once after "more" and waits the interval after "idle"', async () => {
    const outcomes: StepOutcome[] = ['more', 'more', 'idle', 'more'];
    const at: number[] = [];
    const loop = startBackgroundLoop({
      step: async () => {
        at.push(performance.now());
        return outcomes.shift() ?? 'idle';
      },
      intervalMs: 150,
      minBackoffMs: 10,
      maxBackoffMs: 100,
      onError: () => undefined,
    });
    await settle(250);
    await loop.stop();
    expect(at.length).toBeGreaterThanOrEqual(4);
    expect(at[1]! - at[0]!).toBeLessThan(50);
    expect(at[2]! - at[1]!).toBeLessThan(50);
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(140);
  });

  it('survives failures: reports each with a pause that doubles up to the maximum, then carries on', async () => {
    let calls = 0;
    const errors: { message: string; retryInMs: number }[] = [];
    const loop = startBackgroundLoop({
      step: async () => {
        calls += 1;
        if (calls <= 4) throw new Error(`down ${calls}`);
        return 'idle';
      },
      intervalMs: 10_000,
      minBackoffMs: 10,
      maxBackoffMs: 30,
      onError: (error, retryInMs) => errors.push({ message: (error as Error).message, retryInMs }),
    });
    await settle(200);
    await loop.stop();
    expect(errors).toEqual([
      { message: 'down 1', retryInMs: 10 },
      { message: 'down 2', retryInMs: 20 },
      { message: 'down 3', retryInMs: 30 },
      { message: 'down 4', retryInMs: 30 },
    ]);
    expect(calls).toBe(5);
  });

  it('stop() wakes it from a pause at once, and waits for a step under way, which is told to stop', async () => {
    let steps = 0;
    const idle = startBackgroundLoop({
      step: async () => {
        steps += 1;
        return 'idle';
      },
      intervalMs: 60_000,
      minBackoffMs: 10,
      maxBackoffMs: 10,
      onError: () => undefined,
    });
    await settle(20);
    const started = performance.now();
    await idle.stop();
    expect(performance.now() - started).toBeLessThan(100);
    expect(steps).toBe(1);

    let sawStopping = false;
    let finished = false;
    const busy = startBackgroundLoop({
      step: async (stopping) => {
        while (!stopping()) await settle(5);
        sawStopping = true;
        await settle(30);
        finished = true;
        return 'more';
      },
      intervalMs: 10,
      minBackoffMs: 10,
      maxBackoffMs: 10,
      onError: () => undefined,
    });
    await settle(20);
    await busy.stop();
    expect(sawStopping).toBe(true);
    expect(finished).toBe(true);
  });
});
