import { rankToDecile } from './classification.js';

/** Which way a need measure points (the schema's MeasureDirection). */
export type NeedDirection = 'higher_is_more_need' | 'lower_is_more_need';

export interface NeedRank {
  /** 1 = most need among the values given; tied values share the best rank of their group. */
  rank: number;
  /** ⌈10 × rank / n⌉ (MHCLG's rule, rankToDecile): 1 = the most in need tenth. */
  decile: number;
}

/**
 * Ranks and deciles of a custom need measure over the areas that have a value, in the
 * order given. Rank 1 is the most need (the largest value when higher is more need, the
 * smallest otherwise). Tied values share the best rank of their group ("1224" competition
 * ranking), so a tie never splits across deciles and always takes the better (lower) one:
 * the most-need decile may then hold more than a tenth. Deciles come from ranks by
 * MHCLG's rule, as the IoD's do; from ten values up, rank 1 is always in decile 1 (with
 * fewer, a tenth is less than one area, so callers should ask for at least ten).
 * @example needRanks([5, 9, 9, 1], 'higher_is_more_need') // ranks 3, 1, 1, 4; deciles 8, 3, 3, 10
 */
export function needRanks(values: readonly number[], direction: NeedDirection): NeedRank[] {
  const n = values.length;
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`values must be finite numbers, got ${v}`);
  const sign = direction === 'higher_is_more_need' ? -1 : 1;
  const order = values.map((_, i) => i).sort((a, b) => sign * (values[a]! - values[b]!));
  const ranks = new Array<NeedRank>(n);
  let groupRank = 1;
  order.forEach((index, position) => {
    if (position > 0 && values[index] !== values[order[position - 1]!]) groupRank = position + 1;
    ranks[index] = { rank: groupRank, decile: rankToDecile(groupRank, n) };
  });
  return ranks;
}
