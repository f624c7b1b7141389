/**
 * A progress bar on stderr for long CLI steps. At a terminal it redraws one line
 * ("checking [#########-----------] 4,500 / 10,000"); elsewhere (a pipe, a log file, CI)
 * it prints a line when a stage starts and ends, so logs stay readable.
 */
export interface ProgressBar {
  update(stage: string, done: number, total: number): void;
  /** Ends the current line (call when the step is over, also on failure). */
  done(): void;
}

const WIDTH = 30;

export function createProgressBar(stream: NodeJS.WriteStream): ProgressBar {
  const tty = stream.isTTY === true;
  let stage: string | null = null;
  let drawn = false;
  let lastDraw = 0;
  const count = (n: number) => n.toLocaleString('en-GB');
  return {
    update(next, done, total) {
      if (!tty) {
        if (next !== stage) {
          stage = next;
          stream.write(`${next}: ${count(total)}…\n`);
        }
        return;
      }
      stage = next;
      const now = Date.now();
      // Redraw at most ten times a second, and always at the end of a stage.
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * WIDTH);
      stream.write(`\r${next.padEnd(8)} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count(done)} / ${count(total)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
      stage = null;
    },
  };
}
