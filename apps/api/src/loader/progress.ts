/** Reports loading progress as plain lines: one per step, with counts and timings. */
export type Log = (message: string) => void;

export async function step<T>(log: Log, label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  log(`${label}…`);
  const result = await fn();
  log(`${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}
