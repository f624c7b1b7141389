import { CUSTOM_AREA_LIMITS, type AreaShape } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { cornerCount, outlineProblem } from './outline-check.js';

/** A square of `side` degrees with its south-west corner at (lon, lat), near Sheffield. */
function square(side: number, lon = -1.47, lat = 53.38): AreaShape {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + side, lat],
        [lon + side, lat + side],
        [lon, lat + side],
        [lon, lat],
      ],
    ],
  };
}

describe('outlineProblem', () => {
  it('accepts a neighbourhood-sized square and counts its corners', () => {
    const shape = square(0.01);
    expect(outlineProblem(shape)).toBeNull();
    expect(cornerCount(shape)).toBe(4);
  });

  it('names a self-crossing outline (a bow tie crosses at one point)', () => {
    const bowTie: AreaShape = {
      type: 'Polygon',
      coordinates: [
        [
          [-1.47, 53.38],
          [-1.46, 53.39],
          [-1.46, 53.38],
          [-1.47, 53.39],
          [-1.47, 53.38],
        ],
      ],
    };
    expect(outlineProblem(bowTie)).toBe('The outline crosses itself at 1 point: move a corner so that no edges cross.');
  });

  it('refuses more area than the limit, and less than the minimum', () => {
    // ~0.5° square at 53°N: ~55 km × ~33 km ≈ 1,850 km².
    expect(outlineProblem(square(0.5))).toMatch(/^The outline covers about 1,8\d\d km²; an area can be at most 500 km²/);
    expect(outlineProblem(square(0.00001))).toMatch(/^The outline covers under 1000 m²/);
  });

  it('refuses more points than the schema allows, counting as the server does', () => {
    const n = CUSTOM_AREA_LIMITS.maxVertices; // n positions in all with the closing one: n + 1 > limit
    const ring: [number, number][] = Array.from({ length: n }, (_, i) => {
      const t = (2 * Math.PI * i) / n;
      return [-1.47 + 0.01 * Math.cos(t), 53.38 + 0.01 * Math.sin(t)];
    });
    ring.push(ring[0]!);
    expect(outlineProblem({ type: 'Polygon', coordinates: [ring] })).toBe(
      `The outline has ${(n + 1).toLocaleString('en-GB')} points; at most ${n.toLocaleString('en-GB')} can be saved. Draw it with fewer corners.`,
    );
  });
});
