import { describe, expect, it } from 'vitest';
import { hereData, overlaps, streetLayers } from './orientation.js';

const LAYER = {
  id: 'north-london-2026',
  name: 'North London',
  bounds: [-0.158, 51.598, -0.094, 51.63] as [number, number, number, number],
  dataDate: '2026-07-26',
  named: true,
  attribution: '© OpenStreetMap contributors (ODbL)',
  url: '/api/streets/north-london-2026',
};

describe('orientation layers', () => {
  it('draws street names only for layers that carry them', () => {
    expect(streetLayers(LAYER).map((l) => l.type)).toEqual(['line', 'line', 'symbol']);
    expect(streetLayers({ ...LAYER, named: false }).map((l) => l.type)).toEqual(['line', 'line']);
  });

  it('tells whether the view is over a layer', () => {
    expect(overlaps({ west: -0.2, south: 51.5, east: -0.1, north: 51.6 }, LAYER.bounds)).toBe(true);
    expect(overlaps({ west: -2.3, south: 51.8, east: -2.2, north: 51.9 }, LAYER.bounds)).toBe(false);
  });

  it('marks the searched place, or nothing', () => {
    expect(hereData(null).features).toEqual([]);
    expect(hereData({ label: 'GL1 2TG', coordinates: [-2.24, 51.86] }).features[0]).toMatchObject({
      geometry: { type: 'Point', coordinates: [-2.24, 51.86] },
      properties: { label: 'GL1 2TG', note: '' },
    });
  });
});
