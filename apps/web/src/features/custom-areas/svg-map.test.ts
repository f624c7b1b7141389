import { describe, expect, it } from 'vitest';
import { fitFrame, pathOf } from './svg-map.js';

const square = (west: number, south: number, size: number) => ({
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
      ],
    ],
  ] as [number, number][][][],
});

describe('the static SVG map', () => {
  it('fits the geometry inside the frame with its padding, north up', () => {
    const frame = fitFrame([square(-1.5, 53.0, 0.01)], 400, 300, 10);
    const [x0, y0] = frame.project(-1.5, 53.0);
    const [x1, y1] = frame.project(-1.49, 53.01);
    for (const n of [x0, x1]) expect(n).toBeGreaterThanOrEqual(10 - 1e-9);
    for (const n of [x0, x1]) expect(n).toBeLessThanOrEqual(390 + 1e-9);
    for (const n of [y0, y1]) expect(n).toBeGreaterThanOrEqual(10 - 1e-9);
    for (const n of [y0, y1]) expect(n).toBeLessThanOrEqual(290 + 1e-9);
    expect(y1).toBeLessThan(y0);
  });

  it('keeps shapes true: a degree of longitude is cos(latitude) of a degree of latitude', () => {
    const frame = fitFrame([square(-1.5, 53.0, 0.01)], 400, 400, 0);
    const [x0, y0] = frame.project(-1.5, 53.0);
    const [x1, y1] = frame.project(-1.49, 53.01);
    expect((x1 - x0) / (y0 - y1)).toBeCloseTo(Math.cos((53.005 * Math.PI) / 180), 6);
  });

  it('draws every ring as a closed subpath', () => {
    const frame = fitFrame([square(0, 50, 1)], 100, 100, 0);
    const d = pathOf(square(0, 50, 1), frame);
    expect(d.startsWith('M')).toBe(true);
    expect(d.endsWith('Z')).toBe(true);
    expect(d.split('L')).toHaveLength(5);
  });
});
