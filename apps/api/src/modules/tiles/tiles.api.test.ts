import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { lonLatToMercator, lonLatToTile, tileBBox4326, tileEnvelope3857, type Tile } from '@common-ground/geo';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { decodeTile, type DecodedFeature } from './decode-tile.test-helper.js';

const isCluster = (f: DecodedFeature) => f.properties.count !== undefined;
const assetsIn = (body: Buffer) => decodeTile(body).assets?.features ?? [];

/** Where a WGS84 point falls in a tile, in tile units (4096 across, y down). */
function tileUnits(lon: number, lat: number, tile: Tile): { x: number; y: number } {
  const [minX, minY, maxX, maxY] = tileEnvelope3857(tile);
  const [mx, my] = lonLatToMercator(lon, lat);
  return { x: ((mx - minX) / (maxX - minX)) * 4096, y: ((maxY - my) / (maxY - minY)) * 4096 };
}

/** The tile at zoom z that holds a point, as a path, and the point in its tile units. */
function placeIn(lon: number, lat: number, z: number): { path: string; x: number; y: number } {
  const tile = lonLatToTile(lon, lat, z);
  return { path: `${tile.z}/${tile.x}/${tile.y}`, ...tileUnits(lon, lat, tile) };
}

describe.each(inject('databases'))('vector tiles on the $kind database', (database) => {
  const app = useApp(database);

  it('serves LSOA polygons with every IoD2025 decile, with numeric ids and codes as properties', async () => {
    // Gloucester at zoom 12.
    const res = await app().inject('/tiles/areas/12/2022/1357.mvt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const { areas } = decodeTile(res.rawPayload);
    expect(areas?.extent).toBe(4096);
    expect(areas!.features.length).toBeGreaterThan(10);
    for (const f of areas!.features) {
      expect(f.type).toBe(3);
      expect(Number.isInteger(f.id)).toBe(true);
      expect(f.properties.code).toMatch(/^E01\d{6}$/);
      for (const key of ['imd', 'income', 'employment', 'education', 'health', 'crime', 'housing_and_services', 'environment']) {
        expect(f.properties[key]).toBeGreaterThanOrEqual(1);
        expect(f.properties[key]).toBeLessThanOrEqual(10);
      }
    }
    const { rows } = await app().pg.query<{ code: string; decile: number }>(
      "SELECT area_code AS code, decile FROM need_measures WHERE measure = 'imd' AND area_code = $1",
      [areas!.features[0]!.properties.code],
    );
    expect(areas!.features[0]!.properties.imd).toBe(rows[0]!.decile);
  });

  it('carries each LSOA’s rural-urban class as its short RUC 2021 code', async () => {
    // Gloucester at zoom 12 reaches the villages around it.
    const { areas } = decodeTile((await app().inject('/tiles/areas/12/2022/1357.mvt')).rawPayload);
    const classes = new Set(areas!.features.map((f) => f.properties.ruc));
    expect([...classes].every((c) => typeof c === 'string' && /^(UN1|UF1|RLN1|RLF1|RSN1|RSF1)$/.test(c))).toBe(true);
    const { rows } = await app().pg.query<{ ruc: string }>('SELECT ruc21_code AS ruc FROM areas WHERE code = $1', [areas!.features[0]!.properties.code]);
    expect(areas!.features[0]!.properties.ruc).toBe(rows[0]!.ruc);
  });

  it('serves asset points with their uuid, category and top-level group', async () => {
    const { assets } = decodeTile((await app().inject('/tiles/assets/13/4048/2709.mvt')).rawPayload);
    expect(assets!.features.length).toBeGreaterThan(50);
    for (const f of assets!.features) {
      expect(f.type).toBe(1);
      expect(f.properties.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof f.properties.category).toBe('string');
      expect(typeof f.properties.group).toBe('string');
    }
  });

  it('lets caches hold public tiles and revalidate them by ETag', async () => {
    const first = await app().inject('/tiles/areas/10/505/339.mvt');
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await app().inject({ url: '/tiles/areas/10/505/339.mvt', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const same = await app().inject('/tiles/areas/10/505/339.mvt');
    expect(same.rawPayload.equals(first.rawPayload)).toBe(true);
  });

  it('revalidates by the weak comparison If-None-Match calls for: weak tags, lists and *', async () => {
    const url = '/tiles/areas/10/505/339.mvt';
    const etag = String((await app().inject(url)).headers.etag);
    for (const header of [`W/${etag}`, `"other", ${etag}`, `W/"other", W/${etag}`, '*']) {
      const answer = await app().inject({ url, headers: { 'if-none-match': header } });
      expect(answer.statusCode, header).toBe(304);
    }
    expect((await app().inject({ url, headers: { 'if-none-match': 'W/"other"' } })).statusCode).toBe(200);
  });

  it('sends tiles gzipped to clients that accept gzip, as their own representation', async () => {
    const plain = await app().inject({ url: '/tiles/areas/8/126/84.mvt', headers: { 'accept-encoding': 'identity' } });
    const zipped = await app().inject({ url: '/tiles/areas/8/126/84.mvt', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('accept-encoding');
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const revalidated = await app().inject({
      url: '/tiles/areas/8/126/84.mvt',
      headers: { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
  });

  it('returns an empty tile where there is nothing (the Atlantic)', async () => {
    for (const layer of ['areas', 'assets']) {
      const res = await app().inject(`/tiles/${layer}/8/100/80.mvt`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.length).toBe(0);
    }
  });

  it.each([
    ['/tiles/areas/6/64/21.mvt', 'params.x'],
    ['/tiles/areas/6/31/64.mvt', 'params.y'],
    ['/tiles/areas/23/0/0.mvt', 'params.z'],
    ['/tiles/areas/a/0/0.mvt', 'params.z'],
    ['/tiles/areas/6/31/21.png', 'params.y'],
    ['/tiles/assets/6/-1/21.mvt', 'params.x'],
  ])('rejects the malformed tile path %s with a 400 naming %s', async (url, path) => {
    const res = await app().inject(url);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toContain(path);
  });

  it('keeps unpublished and sensitive assets out of public tiles', async () => {
    await app().pg.query(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, sensitive, source, licence)
       VALUES ('Tile test refuge', 'community-centre', ST_SetSRID(ST_MakePoint(-2.2438, 51.8594), 4326), 'exact',
               'published', true, 'tile-test', 'none'),
              ('Tile test pending', 'community-group', ST_SetSRID(ST_MakePoint(-2.2439, 51.8595), 4326), 'exact',
               'pending', false, 'tile-test', 'none')`,
    );
    try {
      const { assets } = decodeTile((await app().inject('/tiles/assets/14/8089/5422.mvt')).rawPayload);
      const names = (assets?.features ?? []).map((f) => f.properties.name);
      expect(names).not.toContain('Tile test refuge');
      expect(names).not.toContain('Tile test pending');
    } finally {
      await app().pg.query("DELETE FROM assets WHERE source = 'tile-test'");
    }
  });

  it('shows an asset change in cached tiles at once', async () => {
    const url = '/tiles/assets/14/8089/5422.mvt';
    const names = async () => (decodeTile((await app().inject(url)).rawPayload).assets?.features ?? []).map((f) => f.properties.name);
    expect(await names()).not.toContain('Cache test group');
    await app().pg.query(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
       VALUES ('Cache test group', 'community-group', ST_SetSRID(ST_MakePoint(-2.2438, 51.8594), 4326), 'exact',
               'published', 'cache-test', 'none')`,
    );
    try {
      expect(await names()).toContain('Cache test group');
    } finally {
      await app().pg.query("DELETE FROM assets WHERE source = 'cache-test'");
    }
    expect(await names()).not.toContain('Cache test group');
  });

  it('clusters assets up to zoom 10: cluster counts and lone points add up to the public assets in the tile', async () => {
    // Birmingham and the Black Country at zoom 8, as served: the tile and its 64-unit buffer.
    const tile = { z: 8, x: 126, y: 84 };
    const features = assetsIn((await app().inject(`/tiles/assets/${tile.z}/${tile.x}/${tile.y}.mvt`)).rawPayload);
    const clusters = features.filter(isCluster);
    expect(clusters.length).toBeGreaterThan(20);
    for (const f of clusters) {
      expect(f.type).toBe(1);
      expect(f.properties.count).toBeGreaterThanOrEqual(2);
      expect(Number.isInteger(f.properties.count)).toBe(true);
      expect(f.properties.uuid).toBeUndefined();
      expect(typeof f.properties.group).toBe('string');
      expect(typeof f.properties.status).toBe('string');
    }
    for (const f of features.filter((f) => !isCluster(f))) expect(f.properties.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const ids = features.map((f) => f.id);
    expect(ids.every((id) => Number.isInteger(id) && id! >= 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);

    // Every public asset whose rounded position falls in the buffered tile, [-64, 4160)
    // (whole 64-unit cells), counted here from coordinates alone.
    const [w, s, e, n] = tileBBox4326(tile);
    const { rows } = await app().pg.query<{ lon: number; lat: number }>(
      'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM public_assets WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)',
      [w - 0.1, s - 0.1, e + 0.1, n + 0.1],
    );
    const inBuffer = (v: number) => Math.round(v) >= -64 && Math.round(v) < 4096 + 64;
    const expected = rows.filter((r) => {
      const { x, y } = tileUnits(r.lon, r.lat, tile);
      return inBuffer(x) && inBuffer(y);
    }).length;
    const total = features.reduce((sum, f) => sum + (isCluster(f) ? Number(f.properties.count) : 1), 0);
    expect(total).toBe(expected);
  });

  it('sends every asset as its own point from zoom 11', async () => {
    expect(assetsIn((await app().inject('/tiles/assets/10/511/340.mvt')).rawPayload).some(isCluster)).toBe(true);
    for (const url of ['/tiles/assets/11/1023/681.mvt', '/tiles/assets/13/4048/2709.mvt']) {
      const features = assetsIn((await app().inject(url)).rawPayload);
      expect(features.length).toBeGreaterThan(50);
      expect(features.filter(isCluster)).toEqual([]);
    }
  });

  it('counts only published, non-sensitive assets in clusters, apart by group and by being closed for good', async () => {
    // A quiet spot in the North Sea, so nothing real shares the cells.
    const [lon, lat] = [1.2, 53.6];
    const rows: [name: string, category: string, status: string, review: string, sensitive: boolean][] = [
      ['Cluster test active 1', 'community-group', 'active', 'published', false],
      ['Cluster test active 2', 'community-centre', 'active', 'published', false],
      ['Cluster test active 3', 'community-group', 'active', 'published', false],
      ['Cluster test paused', 'community-group', 'temporarily closed', 'published', false],
      ['Cluster test refuge', 'community-group', 'active', 'published', true],
      ['Cluster test pending', 'community-group', 'active', 'pending', false],
      ['Cluster test closed 1', 'community-group', 'defunct', 'published', false],
      ['Cluster test closed 2', 'community-group', 'defunct', 'published', false],
      ['Cluster test food', 'food-bank', 'active', 'published', false],
    ];
    const ids = rows.map(() => randomUUID());
    await app().pg.query(
      `INSERT INTO assets (id, name, category_code, lifecycle_status, review_state, sensitive, geom,
                           location_precision, source, licence)
       SELECT r.id, r.name, r.category, r.status, r.review, r.sensitive,
              ST_SetSRID(ST_MakePoint($7::float8 + r.i * 0.0002, $8::float8), 4326), 'exact', 'cluster-test', 'none'
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])
            WITH ORDINALITY AS r(id, name, category, status, review, sensitive, i)`,
      [ids, ...[0, 1, 2, 3, 4].map((column) => rows.map((r) => r[column])), lon, lat],
    );
    try {
      const at = placeIn(lon, lat, 8);
      const near = assetsIn((await app().inject(`/tiles/assets/${at.path}.mvt`)).rawPayload).filter((f) =>
        f.rings.flat().every((p) => Math.abs(p.x - at.x) <= 64 && Math.abs(p.y - at.y) <= 64),
      );
      const summary = near
        .map((f) => ({ group: f.properties.group, status: f.properties.status, count: f.properties.count, uuid: f.properties.uuid }))
        .sort((a, b) => String(a.group).localeCompare(String(b.group)) || String(a.status).localeCompare(String(b.status)));
      expect(summary).toEqual([
        { group: 'community', status: 'defunct', count: 2, uuid: undefined },
        { group: 'community', status: 'mixed', count: 4, uuid: undefined },
        { group: 'food', status: 'active', count: undefined, uuid: ids[8] },
      ]);

      const points = assetsIn((await app().inject(`/tiles/assets/${placeIn(lon, lat, 13).path}.mvt`)).rawPayload);
      expect(points.filter(isCluster)).toEqual([]);
      expect(points.map((f) => f.properties.uuid).sort()).toEqual([0, 1, 2, 3, 6, 7, 8].map((i) => ids[i]).sort());
    } finally {
      await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [ids]);
    }
  });
});
