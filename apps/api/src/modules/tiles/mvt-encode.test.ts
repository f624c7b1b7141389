import { describe, expect, it } from 'vitest';
import { decodeTile } from './decode-tile.test-helper.js';
import { encodeMvtLayer } from './mvt-encode.js';

describe('encodeMvtLayer', () => {
  it('encodes points and polygons already in tile units, with numeric ids and properties', () => {
    const body = encodeMvtLayer('things', [
      { id: 7, geojson: JSON.stringify({ type: 'Point', coordinates: [10, 20] }), name: 'A', n: 3 },
      {
        id: '8',
        geojson: JSON.stringify({
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [0, 0],
                [0, 10],
                [10, 10],
                [10, 0],
                [0, 0],
              ],
            ],
            [
              [
                [20, 20],
                [20, 30],
                [30, 30],
                [30, 20],
                [20, 20],
              ],
            ],
          ],
        }),
        name: 'B',
        n: null,
      },
    ]);
    const { things } = decodeTile(body);
    expect(things?.extent).toBe(4096);
    expect(things?.features.map((f) => [f.id, f.type, f.properties])).toEqual([
      [7, 1, { name: 'A', n: 3 }],
      [8, 3, { name: 'B' }],
    ]);
    expect(things?.features[0]?.rings).toEqual([[{ x: 10, y: 20 }]]);
    expect(things?.features[1]?.rings).toHaveLength(2);
  });

  it('makes an empty tile, like ST_AsMVT, when there are no features', () => {
    expect(encodeMvtLayer('things', []).length).toBe(0);
  });
});

describe('encodeMvtLayer with points near the edge', () => {
  it('keeps points inside the 64-unit buffer and drops those beyond it', () => {
    const point = (id: number, x: number, y: number) => ({ id, geojson: JSON.stringify({ type: 'Point', coordinates: [x, y] }) });
    const { things } = decodeTile(encodeMvtLayer('things', [point(1, -64, 4160), point(2, -65, 10), point(3, 10, 4161)]));
    expect(things?.features.map((f) => f.id)).toEqual([1]);
  });
});
