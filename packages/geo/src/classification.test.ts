import { describe, expect, it } from 'vitest';
import { classify, DECILE_COLOURS, decileLabel, quantileBreaks, rankToDecile } from './classification.js';

describe('deciles', () => {
  it('has ten distinct colours, darkest for the most deprived', () => {
    expect(new Set(DECILE_COLOURS).size).toBe(10);
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const l = DECILE_COLOURS.map(luminance);
    for (let i = 1; i < l.length; i++) expect(l[i]!).toBeGreaterThan(l[i - 1]!);
  });

  it('describes deciles in words', () => {
    expect(decileLabel(1)).toBe('Most deprived 10%');
    expect(decileLabel(3)).toBe('20–30% most deprived');
    expect(decileLabel(10)).toBe('Least deprived 10%');
    expect(() => decileLabel(0)).toThrow(RangeError);
  });

  it('cuts ranks into deciles as MHCLG does (3,375 or 3,376 areas each for 33,755)', () => {
    const counts = new Array<number>(10).fill(0);
    for (let rank = 1; rank <= 33755; rank++) counts[rankToDecile(rank, 33755) - 1]!++;
    for (const c of counts) expect([3375, 3376]).toContain(c);
    expect(rankToDecile(1, 33755)).toBe(1);
    expect(rankToDecile(33755, 33755)).toBe(10);
  });
});

describe('quantile classification', () => {
  it('splits values into equal-count classes, keeping ties together', () => {
    expect(quantileBreaks([1, 2, 3, 4], 2)).toEqual([2]);
    const breaks = quantileBreaks([0, 0, 0, 0, 5, 6, 7, 8], 4);
    expect(classify(0, breaks)).toBe(0);
    expect(classify(8, breaks)).toBe(3);
  });
});
