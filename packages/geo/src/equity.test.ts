import { describe, expect, it } from 'vitest';
import { concentrationIndex, equityGradient, nearestRankQuantile } from './equity.js';

describe('nearestRankQuantile', () => {
  it('sorted[⌈q·n⌉ − 1]', () => {
    expect(nearestRankQuantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRankQuantile([1, 2, 3, 4], 0.75)).toBe(3);
    expect(nearestRankQuantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(nearestRankQuantile([7], 0.25)).toBe(7);
    expect(nearestRankQuantile([], 0.5)).toBeNull();
  });
});

describe('equityGradient on a hand-worked fixture', () => {
  // Deciles 1 and 2; D has no asset at all.
  const items = [
    { decile: 1, rank: 1, population: 100, value: 200, nearest: 200 },
    { decile: 1, rank: 2, population: 100, value: 400, nearest: 400 },
    { decile: 2, rank: 3, population: 200, value: 1000, nearest: 1000 },
    { decile: 2, rank: 4, population: 100, value: null, nearest: null },
  ];
  it('per decile: LSOAs, residents, medians and IQR unweighted, shares beyond weighted', () => {
    const r = equityGradient(items, 'nearest');
    expect(r.deciles[0]).toEqual({ decile: 1, lsoas: 2, residents: 200, noValue: 0, median: 200, q1: 200, q3: 400, beyond800: 0, beyond1600: 0 });
    expect(r.deciles[1]).toEqual({ decile: 2, lsoas: 2, residents: 300, noValue: 1, median: 1000, q1: 1000, q3: 1000, beyond800: 1, beyond1600: 1 / 3 });
    expect(r.deciles[2]).toMatchObject({ lsoas: 0, residents: 0, median: null, beyond800: null });
  });
  it('concentration index: worked by hand, 187.5 / 650; distances longer among the less deprived', () => {
    // μ = (100·200 + 100·400 + 200·1000) / 400 = 650; R = 0.125, 0.375, 0.75;
    // Σ w (h − μ)(R − ½) = 0.25·(−450)(−0.375) + 0.25·(−250)(−0.125) + 0.5·350·0.25 = 93.75; CI = 2 · 93.75 / 650.
    const r = equityGradient(items, 'nearest');
    expect(r.concentrationIndex).toBeCloseTo(187.5 / 650, 12);
    expect(r.direction).toBe('better');
    expect(r.leftOut).toBe(1);
    expect(r.sentence).toContain('more deprived areas are better served');
  });
  it('for a count the same sign means worse served; a flat measure has no clear gradient', () => {
    expect(equityGradient(items, 'count_800').direction).toBe('worse');
    const flat = equityGradient(
      items.map((i) => ({ ...i, value: 5, nearest: 5 })),
      'count_800',
    );
    expect(flat.concentrationIndex).toBeCloseTo(0, 12);
    expect(flat.direction).toBe('none');
    expect(flat.sentence).toContain('no clear gradient');
  });
  it('equal ranks share a fractional rank', () => {
    expect(
      concentrationIndex([
        { rank: 1, weight: 1, h: 1 },
        { rank: 1, weight: 1, h: 3 },
      ]),
    ).toBeCloseTo(0, 12);
  });
});
