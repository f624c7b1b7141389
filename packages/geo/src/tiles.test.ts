import { describe, expect, it } from 'vitest';
import { isValidTile, lonLatToTile, MERCATOR_HALF_WORLD, tileBBox4326, tileEnvelope3857, tilesCovering, tileUnitMetres } from './tiles.js';

describe('tile maths', () => {
  it('gives the whole world for tile 0/0/0', () => {
    expect(tileEnvelope3857({ z: 0, x: 0, y: 0 })).toEqual([-MERCATOR_HALF_WORLD, -MERCATOR_HALF_WORLD, MERCATOR_HALF_WORLD, MERCATOR_HALF_WORLD]);
  });

  it('matches PostGIS ST_TileEnvelope(6, 31, 21)', () => {
    // SELECT ST_AsText(ST_TileEnvelope(6,31,21)) on PostGIS 3.3 and 3.6.
    const [minX, minY, maxX, maxY] = tileEnvelope3857({ z: 6, x: 31, y: 21 });
    expect(minX).toBeCloseTo(-626172.1357121654, 6);
    expect(minY).toBeCloseTo(6261721.357121639, 6);
    expect(maxX).toBeCloseTo(0, 6);
    expect(maxY).toBeCloseTo(6887893.4928338025, 6);
  });

  it('finds the tile that holds a point, and the point is inside its bbox', () => {
    const tile = lonLatToTile(-2.2438, 51.8594, 14);
    expect(tile).toEqual({ z: 14, x: 8089, y: 5422 });
    const [w, s, e, n] = tileBBox4326(tile);
    expect(-2.2438).toBeGreaterThan(w);
    expect(-2.2438).toBeLessThan(e);
    expect(51.8594).toBeGreaterThan(s);
    expect(51.8594).toBeLessThan(n);
  });

  it('covers a bbox row by row', () => {
    const tiles = tilesCovering([-6, 49.9, 1.8, 55.8], 6);
    expect(tiles.length).toBe(9);
    expect(tiles[0]).toEqual({ z: 6, x: 30, y: 19 });
  });

  it('validates tile coordinates against the zoom grid', () => {
    expect(isValidTile({ z: 6, x: 63, y: 63 })).toBe(true);
    expect(isValidTile({ z: 6, x: 64, y: 0 })).toBe(false);
    expect(isValidTile({ z: 1.5, x: 0, y: 0 })).toBe(false);
  });

  it('knows the size of a tile unit', () => {
    expect(tileUnitMetres(0, 4096)).toBeCloseTo(9783.94, 2);
  });
});
