import { describe, expect, it } from 'vitest';
import { classThresholds, classWords, decimalFraction, exactCutPosition, figureReach, isCensored, isThin, thinSentence, type RankedLsoa } from './gap-rule.js';

describe('exactCutPosition: ⌈f × n⌉ computed exactly', () => {
  it('0.55 × 100 is 55, where floating point gives 55.00000000000001', () => {
    expect(Math.ceil(0.55 * 100)).toBe(56);
    expect(exactCutPosition(100, 0.55)).toBe(55);
  });
  it('exact products, fractions of a position, at least 1, at most n, 0 for none', () => {
    expect(exactCutPosition(15, 0.2)).toBe(3);
    expect(exactCutPosition(16, 0.2)).toBe(4);
    expect(exactCutPosition(1, 0.2)).toBe(1);
    expect(exactCutPosition(3, 1e-7)).toBe(1);
    expect(exactCutPosition(7, 1)).toBe(7);
    expect(exactCutPosition(0, 0.2)).toBe(0);
    expect(exactCutPosition(983, 0.2)).toBe(197);
  });
  it('reads the decimal a fraction was written as', () => {
    expect(decimalFraction(0.55)).toEqual([55n, 100n]);
    expect(decimalFraction(1e-7)).toEqual([1n, 10000000n]);
    expect(decimalFraction(1)).toEqual([1n, 1n]);
  });
});

const lsoa = (ruc: string, value: number | null, nearest: number | null = value): RankedLsoa => ({ ruc, value, nearest });

describe('classThresholds and isThin', () => {
  it('nearest: the cut per class, worst first, ties at the cut in', () => {
    const t = classThresholds(
      [lsoa('UN1', 100), lsoa('UN1', 200), lsoa('UN1', 300), lsoa('UN1', 500), lsoa('UN1', 500), lsoa('RSF1', 4000), lsoa('RSF1', 9000)],
      'nearest',
      0.2,
    );
    expect(t.get('UN1')).toEqual({ ruc: 'UN1', ranked: 5, position: 1, cut: 500, atFloor: false, nearestCut: null });
    expect(t.get('RSF1')!.cut).toBe(9000);
    expect(isThin(t.get('UN1')!, 500, 500, 'nearest')).toBe(true);
    expect(isThin(t.get('UN1')!, 499, 499, 'nearest')).toBe(false);
    // The rural class's cut is its own: 4,000 m is not thin there, 500 m is thin among the urban.
    expect(isThin(t.get('RSF1')!, 4000, 4000, 'nearest')).toBe(false);
  });
  it('no asset anywhere is the worst; a cut there is null', () => {
    const t = classThresholds([lsoa('UN1', null), lsoa('UN1', 10)], 'nearest', 0.2);
    expect(t.get('UN1')!.cut).toBeNull();
    expect(isThin(t.get('UN1')!, null, null, 'nearest')).toBe(true);
    expect(isThin(t.get('UN1')!, 10, 10, 'nearest')).toBe(false);
  });
  it('counts above the floor: fewer is worse, ties at the cut in', () => {
    const t = classThresholds(
      [1, 2, 2, 3, 5].map((v) => lsoa('UN1', v, 100)),
      'count_800',
      0.4,
    );
    expect(t.get('UN1')).toMatchObject({ position: 2, cut: 2, atFloor: false });
    expect([1, 2, 2, 3, 5].map((v) => isThin(t.get('UN1')!, v, 100, 'count_800'))).toEqual([true, true, true, false, false]);
  });
  it('at the floor (cut 0): only floor values in the worst fifth of the class on nearest distance', () => {
    const counts = [0, 0, 0, 1, 2];
    const nearest = [900, 1200, 1000, 300, 100];
    const items = counts.map((c, i) => lsoa('RSF1', c, nearest[i]));
    const t = classThresholds(items, 'count_800', 0.2);
    expect(t.get('RSF1')).toEqual({ ruc: 'RSF1', ranked: 5, position: 1, cut: 0, atFloor: true, nearestCut: 1200 });
    expect(items.map((i) => isThin(t.get('RSF1')!, i.value, i.nearest, 'count_800'))).toEqual([false, true, false, false, false]);
    const wider = classThresholds(items, 'count_800', 0.6).get('RSF1')!;
    expect(wider).toMatchObject({ position: 3, cut: 0, nearestCut: 900 });
    expect(items.map((i) => isThin(wider, i.value, i.nearest, 'count_800'))).toEqual([true, true, true, false, false]);
  });
  it('E2SFCA at the floor works the same way', () => {
    const items = [lsoa('UN1', 0, 3000), lsoa('UN1', 0, 1700), lsoa('UN1', 0.4, 200)];
    const t = classThresholds(items, 'e2sfca', 0.2).get('UN1')!;
    expect(t).toMatchObject({ position: 1, cut: 0, atFloor: true, nearestCut: 3000 });
    expect(items.map((i) => isThin(t, i.value, i.nearest, 'e2sfca'))).toEqual([true, false, false]);
  });
});

describe('thinSentence', () => {
  it('says the need, the figure, the class and the cut', () => {
    const t = classThresholds([lsoa('UN1', 2300), lsoa('UN1', 100)], 'nearest', 0.2).get('UN1')!;
    expect(
      thinSentence({
        need: 'IMD decile 1',
        what: 'GP practice',
        measure: 'nearest',
        value: 2300,
        nearest: 2300,
        threshold: t,
        className: 'Urban: Nearer to a major town or city',
        fraction: 0.2,
      }),
    ).toBe('IMD decile 1; nearest GP practice 2.3 km, in the worst fifth of urban LSOAs nearer to a major town or city in England (2.3 km or farther).');
    expect(classWords('Smaller rural: Further from a major town or city')).toBe('smaller rural LSOAs further from a major town or city');
  });
});

describe('edge censoring', () => {
  it('censors a nearest distance only where the edge is strictly nearer than the nearest asset', () => {
    // E01004881 in the issue: nearest food bank 4,818 m, the covered territory's edge 462 m.
    expect(isCensored(462, 'nearest', 4818, 1600)).toBe(true);
    expect(isCensored(4818, 'nearest', 4818, 1600)).toBe(false);
    expect(isCensored(5000, 'nearest', 4818, 1600)).toBe(false);
    // No edge within reach (the territory is all of England, or the edge is far).
    expect(isCensored(null, 'nearest', 4818, 1600)).toBe(false);
    // No asset anywhere: any edge censors.
    expect(isCensored(10_000, 'nearest', null, 1600)).toBe(true);
  });

  it('a count reaches its band, and at least its nearest asset; a score its catchment', () => {
    expect(figureReach('count_800', 300, 1600)).toBe(800);
    expect(figureReach('count_800', 1200, 1600)).toBe(1200);
    expect(figureReach('e2sfca', 300, 1600)).toBe(1600);
    expect(figureReach('nearest', 300, 1600)).toBe(300);
    // The edge at 500 m: a count within 800 m could miss assets over it; the nearest (300 m) could not be beaten.
    expect(isCensored(500, 'count_800', 300, 1600)).toBe(true);
    expect(isCensored(500, 'nearest', 300, 1600)).toBe(false);
    expect(isCensored(500, 'count_400', 300, 1600)).toBe(false);
  });
});
