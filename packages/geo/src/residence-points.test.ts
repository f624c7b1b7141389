import { describe, expect, it } from 'vitest';
import { lonLatToBng } from './bng.js';
import { residencePoints } from './residence-points.js';

describe('residencePoints', () => {
  // Two Sheffield postcodes in one LSOA, one in another, and one with no LSOA.
  const a = { lon: -1.4701, lat: 53.3811, lsoa: 'E01000001' };
  const b = { lon: -1.4601, lat: 53.3851, lsoa: 'E01000001' };
  const c = { lon: -1.5, lat: 53.4, lsoa: 'E01000002' };
  const orphan = { lon: -1.6, lat: 53.5, lsoa: null };

  it('averages each LSOA’s postcodes in grid metres, not degrees', () => {
    const points = residencePoints([a, b, c, orphan]);
    const pa = lonLatToBng(a.lon, a.lat);
    const pb = lonLatToBng(b.lon, b.lat);
    // (e_a + e_b) / 2 and (n_a + n_b) / 2, each postcode projected first.
    expect(points.get('E01000001')).toEqual({
      lsoa: 'E01000001',
      e: (pa.e + pb.e) / 2,
      n: (pa.n + pb.n) / 2,
      postcodes: 2,
      source: 'postcodes',
    });
    expect(points.get('E01000002')).toMatchObject({ ...lonLatToBng(c.lon, c.lat), postcodes: 1, source: 'postcodes' });
    // The postcode without an LSOA is in no LSOA's mean.
    expect(points.size).toBe(2);
  });

  it('falls back to the point-on-surface for an LSOA without postcodes, and only then', () => {
    const points = residencePoints(
      [a],
      new Map([
        ['E01000001', { e: 1, n: 2 }],
        ['E01000009', { e: 430000, n: 390000 }],
      ]),
    );
    expect(points.get('E01000001')).toMatchObject({ postcodes: 1, source: 'postcodes' });
    expect(points.get('E01000009')).toEqual({ lsoa: 'E01000009', e: 430000, n: 390000, postcodes: 0, source: 'point-on-surface' });
  });
});
