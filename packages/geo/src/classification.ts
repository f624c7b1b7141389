/**
 * Ten colours for IoD deciles, decile 1 (most deprived 10%) first.
 * A sequential ramp from the colour-blind-safe "viridis" family, reversed so the
 * most deprived areas are darkest and stand out; it stays ordered in greyscale and
 * for deuteranopia, protanopia and tritanopia.
 */
export const DECILE_COLOURS: readonly string[] = ['#2c0e4d', '#46216e', '#433e85', '#38588c', '#2d708e', '#25858e', '#1e9b8a', '#2ab07f', '#52c569', '#a8db34'];

/** Words for a decile, the way MHCLG describes them. */
export function decileLabel(decile: number): string {
  if (!Number.isInteger(decile) || decile < 1 || decile > 10) throw new RangeError(`decile must be 1–10, got ${decile}`);
  if (decile === 1) return 'Most deprived 10%';
  if (decile === 10) return 'Least deprived 10%';
  const from = (decile - 1) * 10;
  return `${from}–${from + 10}% most deprived`;
}

/**
 * Decile of a rank out of `n` areas, 1 for ranks 1…n/10. This is how MHCLG cuts ranks
 * into deciles, so it reproduces the published deciles from the published ranks.
 * @example rankToDecile(1, 33755) // 1
 */
export function rankToDecile(rank: number, n: number): number {
  if (!Number.isInteger(rank) || rank < 1 || rank > n) throw new RangeError(`rank must be 1–${n}, got ${rank}`);
  return Math.min(10, Math.ceil((rank / n) * 10));
}

/**
 * Quantile class breaks: `classes - 1` thresholds splitting the sorted values into
 * equal-count groups. Ties stay together (a value equal to a break falls below it).
 * @example quantileBreaks([1, 2, 3, 4], 2) // [2]
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  if (classes < 2) throw new RangeError('need at least two classes');
  const sorted = values
    .filter(Number.isFinite)
    .slice()
    .sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const idx = Math.ceil((i * sorted.length) / classes) - 1;
    breaks.push(sorted[Math.max(0, idx)]!);
  }
  return breaks;
}

/** The class (0-based) a value falls in, given ascending breaks from quantileBreaks. */
export function classify(value: number, breaks: readonly number[]): number {
  let k = 0;
  while (k < breaks.length && value > breaks[k]!) k++;
  return k;
}
