import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appFor } from '../../testing/api-app.js';
import { decodeTile, type DecodedFeature } from './decode-tile.test-helper.js';

/**
 * Fixed tiles from zoom 6 to 14, each with at least 50 features: England's opening
 * view, the big cities, Gloucestershire and central London. Asset tiles up to zoom 10
 * are clustered; 10/511/340 and 11/1023/681 sit either side of the cut-off.
 */
const FIXED_TILES: [layer: 'areas' | 'assets', z: number, x: number, y: number][] = [
  ['areas', 6, 31, 21],
  ['areas', 6, 32, 21],
  ['areas', 6, 31, 20],
  ['areas', 7, 63, 42],
  ['areas', 7, 64, 42],
  ['areas', 7, 63, 41],
  ['areas', 8, 126, 84],
  ['areas', 8, 127, 85],
  ['areas', 9, 255, 170],
  ['areas', 10, 511, 340],
  ['areas', 11, 1023, 680],
  ['areas', 11, 1022, 681],
  ['areas', 12, 2047, 1361],
  ['areas', 12, 2046, 1362],
  ['areas', 13, 4091, 2723],
  ['areas', 13, 4094, 2722],
  ['assets', 6, 31, 21],
  ['assets', 6, 31, 20],
  ['assets', 7, 63, 42],
  ['assets', 8, 126, 84],
  ['assets', 8, 127, 85],
  ['assets', 10, 511, 340],
  ['assets', 11, 1023, 681],
  ['assets', 12, 2046, 1361],
  ['assets', 12, 2022, 1355],
  ['assets', 13, 4048, 2709],
  ['assets', 13, 4093, 2723],
  ['assets', 14, 8097, 5419],
  ['assets', 14, 8077, 5440],
];

const byKind = Object.fromEntries(inject('databases').map((d) => [d.kind, d]));

/** Each feature's type and properties; for points (assets, clusters) their position too. */
function summary(features: DecodedFeature[]): Map<number, string> {
  return new Map(
    features.map((f) => [
      f.id!,
      JSON.stringify({
        type: f.type,
        properties: Object.entries(f.properties).sort(),
        ...(f.type === 1 ? { at: f.rings } : {}),
      }),
    ]),
  );
}

describe.runIf(byKind.embedded && byKind.server)('tiles from the two backends', () => {
  let embedded: FastifyInstance;
  let server: FastifyInstance;
  beforeAll(async () => {
    embedded = await appFor(byKind.embedded!);
    server = await appFor(byKind.server!);
    // Compare freshly built tiles, not ones an earlier test cached.
    await embedded.pg.query('DELETE FROM tile_cache');
    await server.pg.query('DELETE FROM tile_cache');
  });
  afterAll(async () => {
    await embedded?.close();
    await server?.close();
  });

  it('covers at least 20 tiles from zoom 6 to 14', () => {
    expect(FIXED_TILES.length).toBeGreaterThanOrEqual(20);
    expect(Math.min(...FIXED_TILES.map((t) => t[1]))).toBe(6);
    expect(Math.max(...FIXED_TILES.map((t) => t[1]))).toBe(14);
  });

  it.each(FIXED_TILES)(
    '%s %i/%i/%i has the same layers, features, properties and point positions from ST_AsMVT and from the embedded encoder',
    async (layer, z, x, y) => {
      const url = `/tiles/${layer}/${z}/${x}/${y}.mvt`;
      const fromServer = decodeTile((await server.inject(url)).rawPayload);
      const fromEmbedded = decodeTile((await embedded.inject(url)).rawPayload);
      expect(Object.keys(fromEmbedded)).toEqual(Object.keys(fromServer));
      expect(Object.keys(fromServer)).toEqual([layer]);
      const s = summary(fromServer[layer]!.features);
      const e = summary(fromEmbedded[layer]!.features);
      expect(s.size).toBeGreaterThanOrEqual(50);
      expect([...e.keys()].sort((a, b) => a - b)).toEqual([...s.keys()].sort((a, b) => a - b));
      for (const [id, props] of s) expect(e.get(id)).toBe(props);
      expect(fromEmbedded[layer]!.extent).toBe(fromServer[layer]!.extent);
    },
  );
});
