import { describe, expect, it } from 'vitest';
import { planarDistance, PointIndex, type PlanarPoint } from './point-index.js';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

function points(count: number, next: () => number): PlanarPoint[] {
  // Clustered on a 50 m lattice so that equal coordinates and equal distances occur.
  return Array.from({ length: count }, () => ({ e: Math.round(next() * 200) * 50, n: Math.round(next() * 200) * 50 }));
}

describe('PointIndex', () => {
  it('answers nothing when empty', () => {
    const index = new PointIndex([]);
    expect(index.nearest(0, 0)).toBeNull();
    const seen: number[] = [];
    index.within(0, 0, 1e9, (i) => seen.push(i));
    expect(seen).toEqual([]);
  });

  it('agrees with a brute-force scan on within and nearest', () => {
    const next = random(42);
    const supply = points(3000, next);
    const index = new PointIndex(supply);
    for (const query of points(300, next)) {
      const radius = 400 + Math.round(next() * 4) * 100;
      const expected = supply.flatMap((p, i) => (planarDistance(query.e, query.n, p.e, p.n) <= radius ? [i] : [])).sort((a, b) => a - b);
      const seen: number[] = [];
      index.within(query.e, query.n, radius, (i) => seen.push(i));
      expect(seen.sort((a, b) => a - b)).toEqual(expected);

      const distances = supply.map((p) => planarDistance(query.e, query.n, p.e, p.n));
      const best = Math.min(...distances);
      expect(index.nearest(query.e, query.n)).toEqual({ index: distances.indexOf(best), distance: best });
    }
  });

  it('counts a point at exactly the radius as within (3-4-5 triangle: 400 m)', () => {
    const index = new PointIndex([{ e: 240, n: 320 }]);
    const seen: number[] = [];
    index.within(0, 0, 400, (_i, d) => seen.push(d));
    expect(seen).toEqual([400]);
  });

  it('finds the nearest from far outside the points, with or without a hint, as a brute-force scan does', () => {
    // Queries up to 100 km outside a 10 km cluster: where the splitting line alone prunes
    // almost nothing, the cell-distance bound must still give the exact answer.
    const next = random(7);
    const supply = points(2000, next);
    const index = new PointIndex(supply);
    for (let q = 0; q < 200; q++) {
      const e = (next() - 0.5) * 200_000;
      const n = (next() - 0.5) * 200_000;
      const distances = supply.map((p) => planarDistance(e, n, p.e, p.n));
      const best = Math.min(...distances);
      const expected = { index: distances.indexOf(best), distance: best };
      expect(index.nearest(e, n)).toEqual(expected);
      expect(index.nearest(e, n, Math.floor(next() * supply.length))).toEqual(expected);
    }
  });
});
