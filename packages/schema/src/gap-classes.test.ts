import { describe, expect, it } from 'vitest';
import { cutPosition, deprivationClass, deprivationClassDeciles, provisionClass } from './gap-classes.js';
import { sortGapRows, type GapRow } from './gaps.js';

describe('deprivationClass', () => {
  it('by default puts deciles 1–2 in class 3, 3–6 in class 2 and 7–10 in class 1', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => deprivationClass(d, 2))).toEqual([3, 3, 2, 2, 2, 2, 1, 1, 1, 1]);
  });

  it('follows the deprived deciles: with 1–3 deprived, 4–7 are class 2 and 8–10 class 1', () => {
    expect([3, 4, 7, 8].map((d) => deprivationClass(d, 3))).toEqual([3, 2, 2, 1]);
  });

  it('gives class 0 to an LSOA without a decile', () => {
    expect(deprivationClass(null, 2)).toBe(0);
  });

  it('names the deciles each class holds, and none when every decile counts as deprived', () => {
    expect([3, 2, 1].map((c) => deprivationClassDeciles(c as 1 | 2 | 3, 2))).toEqual([
      [1, 2],
      [3, 6],
      [7, 10],
    ]);
    expect(deprivationClassDeciles(2, 10)).toBeNull();
    expect(deprivationClassDeciles(1, 9)).toBeNull();
    expect(deprivationClassDeciles(2, 9)).toEqual([10, 10]);
  });
});

describe('provisionClass', () => {
  it('is 3 when thin (whether or not in the worse half), 2 in the worse half, 1 otherwise', () => {
    expect(provisionClass({ covered: true, thin: true, worseHalf: true })).toBe(3);
    expect(provisionClass({ covered: true, thin: true, worseHalf: false })).toBe(3);
    expect(provisionClass({ covered: true, thin: false, worseHalf: true })).toBe(2);
    expect(provisionClass({ covered: true, thin: false, worseHalf: false })).toBe(1);
  });

  it('is 0 where no source covers the category, even if the figures would look thin', () => {
    expect(provisionClass({ covered: false, thin: true, worseHalf: true })).toBe(0);
  });
});

describe('cutPosition', () => {
  it('is ⌈fraction × n⌉, at least 1, without floating-point overshoot', () => {
    expect(cutPosition(15, 0.2)).toBe(3);
    expect(cutPosition(16, 0.2)).toBe(4);
    expect(cutPosition(3, 0.2)).toBe(1);
    expect(cutPosition(7, 0.5)).toBe(4);
  });
});

function row(code: string, over: Partial<GapRow>): GapRow {
  return {
    code,
    name: code,
    population: 1000,
    decile: 5,
    rank: 100,
    deprived: false,
    coverage: 'complete',
    ruc: 'UN1',
    nearestMetres: 100,
    count400: 1,
    count800: 2,
    count1600: 3,
    per1000_400: 1,
    per1000_800: 2,
    per1000_1600: 3,
    e2sfca: 1,
    value: 100,
    edgeMetres: null,
    censored: false,
    worstFifth: false,
    nothingWithin: false,
    flag: false,
    depClass: 2,
    provClass: 1,
    reason: '',
    ...over,
  };
}

describe('sortGapRows', () => {
  const rows = [
    row('A', { nearestMetres: 500, population: 1200, name: 'Beta' }),
    row('B', { nearestMetres: null, population: 900, name: 'alpha' }),
    row('C', { coverage: 'no_data', nearestMetres: null, count800: null, population: null, name: 'Gamma' }),
    row('D', { nearestMetres: 500, population: 1500, name: 'Delta' }),
    row('E', { nearestMetres: 80, population: 1300, name: 'epsilon' }),
  ];
  const codes = (r: GapRow[]) => r.map((x) => x.code).join('');

  it('keeps the priority order, or reverses it', () => {
    expect(codes(sortGapRows(rows, 'priority', 'asc'))).toBe('ABCDE');
    expect(codes(sortGapRows(rows, 'priority', 'desc'))).toBe('EDCBA');
  });

  it('nearest descending puts no asset anywhere first, keeps ties in priority order and no data last', () => {
    expect(codes(sortGapRows(rows, 'nearest', 'desc'))).toBe('BADEC');
    expect(codes(sortGapRows(rows, 'nearest', 'asc'))).toBe('EADBC');
  });

  it('puts rows without the figure last in either direction', () => {
    expect(codes(sortGapRows(rows, 'population', 'asc'))).toBe('BAEDC');
    expect(codes(sortGapRows(rows, 'population', 'desc'))).toBe('DEABC');
    expect(sortGapRows(rows, 'count_800', 'asc').at(-1)!.code).toBe('C');
  });

  it('orders names alphabetically, ignoring case', () => {
    expect(codes(sortGapRows(rows, 'name', 'asc'))).toBe('BADEC');
  });

  it('does not change the rows it was given', () => {
    sortGapRows(rows, 'nearest', 'desc');
    expect(codes(rows)).toBe('ABCDE');
  });
});
