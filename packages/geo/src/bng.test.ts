import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lonLatToBng } from './bng.js';

interface FixturePoint {
  postcode: string;
  lon: number;
  lat: number;
  server: [number, number];
  pglite: [number, number];
}

/**
 * Made once with each database (no database is needed to run this test):
 *   SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 27700) g
 *   FROM (VALUES ...) t(lon, lat)) x
 * for 285 postcodes spread over England, including its four extreme postcodes.
 */
const fixture = JSON.parse(readFileSync(new URL('./bng.fixture.json', import.meta.url), 'utf8')) as {
  points: FixturePoint[];
};

describe('lonLatToBng', () => {
  it('has a fixture covering England', () => {
    expect(fixture.points.length).toBeGreaterThanOrEqual(280);
  });

  it.each(['server', 'pglite'] as const)('matches ST_Transform(…, 27700) on the %s database to 1e-6 m', (kind) => {
    let worst = 0;
    for (const point of fixture.points) {
      const { e, n } = lonLatToBng(point.lon, point.lat);
      const [expectedE, expectedN] = point[kind];
      worst = Math.max(worst, Math.abs(e - expectedE), Math.abs(n - expectedN));
    }
    // Measured: 2.8e-9 m against the server, 3.4e-9 m against PGlite.
    expect(worst).toBeLessThan(1e-6);
  });

  it('gives Sheffield city centre the server answer', () => {
    // SELECT ST_AsText(ST_Transform(ST_SetSRID(ST_MakePoint(-1.4701, 53.3811), 4326), 27700))
    // → POINT(435346.1531439855 387269.62281387224) on PostGIS 3.3.2 / PROJ 9.1.1.
    const { e, n } = lonLatToBng(-1.4701, 53.3811);
    expect(Math.abs(e - 435346.1531439855)).toBeLessThan(1e-6);
    expect(Math.abs(n - 387269.62281387224)).toBeLessThan(1e-6);
  });

  it('puts the true origin where the grid says it is', () => {
    // 49°N 2°W on OSGB36 is (400000, -100000); in WGS84 terms the Helmert shifts it by ~100 m,
    // so only check the order of magnitude of the datum shift.
    const { e, n } = lonLatToBng(-2, 49);
    expect(Math.abs(e - 400000)).toBeLessThan(150);
    expect(Math.abs(n + 100000)).toBeLessThan(150);
  });
});
