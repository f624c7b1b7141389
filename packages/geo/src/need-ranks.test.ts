import { describe, expect, it } from 'vitest';
import { needRanks } from './need-ranks.js';

describe('needRanks', () => {
  it('ranks the largest value first when higher is more need, the smallest when lower is', () => {
    expect(needRanks([5, 9, 7, 1], 'higher_is_more_need').map((r) => r.rank)).toEqual([3, 1, 2, 4]);
    expect(needRanks([5, 9, 7, 1], 'lower_is_more_need').map((r) => r.rank)).toEqual([2, 4, 3, 1]);
  });

  it('gives ten distinct values one decile each, 1 for the most need', () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(needRanks(values, 'higher_is_more_need').map((r) => r.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('cuts 20 values two to a decile: decile = ⌈10 × rank / n⌉', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(needRanks(values, 'higher_is_more_need').map((r) => r.decile)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10]);
  });

  it('gives tied values the best rank of their group, so a tie shares the better decile', () => {
    // 10 values, sorted: 9 9 9 | 8 | 7 7 | 6 5 4 3 → ranks 1 1 1 4 5 5 7 8 9 10.
    const ranks = needRanks([9, 9, 9, 8, 7, 7, 6, 5, 4, 3], 'higher_is_more_need');
    expect(ranks.map((r) => r.rank)).toEqual([1, 1, 1, 4, 5, 5, 7, 8, 9, 10]);
    // Three LSOAs tied at the top all sit in decile 1, which then holds 30% of them.
    expect(ranks.map((r) => r.decile)).toEqual([1, 1, 1, 4, 5, 5, 7, 8, 9, 10]);
  });

  it('puts every LSOA in decile 1 when all values are equal', () => {
    expect(needRanks(Array(12).fill(2), 'lower_is_more_need')).toEqual(Array(12).fill({ rank: 1, decile: 1 }));
  });

  it('gives 15 LSOAs deciles by ⌈10 × rank / 15⌉: decile 1 is rank 1 alone, some deciles stay empty', () => {
    const values = Array.from({ length: 15 }, (_, i) => i);
    expect(needRanks(values, 'lower_is_more_need').map((r) => r.decile)).toEqual([1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10]);
  });

  it('puts rank 1 in decile 1 only from ten values up (hence the API asks for ten rows)', () => {
    expect(needRanks([3, 2, 1, 0], 'higher_is_more_need').map((r) => r.decile)).toEqual([3, 5, 8, 10]);
    expect(needRanks([], 'higher_is_more_need')).toEqual([]);
  });

  it('refuses values that are not finite numbers', () => {
    expect(() => needRanks([1, Number.NaN], 'higher_is_more_need')).toThrow(RangeError);
  });
});
