import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { decodeTile } from './decode-tile.test-helper.js';

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
    const names = async () =>
      (decodeTile((await app().inject(url)).rawPayload).assets?.features ?? []).map((f) => f.properties.name);
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
});
