import { gunzipSync } from 'node:zlib';
import { PlaceLabels, StreetLayerList } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';

describe.each(inject('databases'))('map labels and streets on the $kind database', (database) => {
  const app = useApp(database);

  it('names every local authority and ward inside its own ground, and the postcode districts', async () => {
    const response = await app().inject({ method: 'GET', url: '/api/place-labels' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toMatch(/public/);
    const labels = PlaceLabels.parse(response.json());
    const byKind = (kind: string) => labels.features.filter((f) => f.properties.kind === kind);

    const { rows: counts } = await app().pg.query<{ lads: number; wards: number; districts: number }>(
      `SELECT (SELECT count(DISTINCT lad_code) FROM areas)::int AS lads,
              (SELECT count(DISTINCT ward_code) FROM areas WHERE ward_code IS NOT NULL)::int AS wards,
              (SELECT count(*) FROM postcode_districts WHERE main_lad_code LIKE 'E%')::int AS districts`,
    );
    expect(byKind('local_authority')).toHaveLength(counts[0]!.lads);
    expect(byKind('ward')).toHaveLength(counts[0]!.wards);
    expect(byKind('postcode_district')).toHaveLength(counts[0]!.districts);

    // Gloucester's label sits on one of Gloucester's own LSOAs, and counts its residents.
    const gloucester = byKind('local_authority').find((f) => f.properties.name === 'Gloucester');
    expect(gloucester).toBeDefined();
    const [lon, lat] = gloucester!.geometry.coordinates;
    const { rows } = await app().pg.query<{ lad: string; population: number }>(
      `SELECT (SELECT l.name FROM areas a JOIN local_authorities l ON l.code = a.lad_code
               WHERE ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) LIMIT 1) AS lad,
              (SELECT sum(a.population)::int FROM areas a JOIN local_authorities l ON l.code = a.lad_code WHERE l.name = 'Gloucester') AS population`,
      [lon, lat],
    );
    expect(rows[0]!.lad).toBe('Gloucester');
    expect(gloucester!.properties.population).toBe(rows[0]!.population);
    expect(byKind('postcode_district').map((f) => f.properties.name)).toContain('GL1');
    // Larger places first, so a client that draws in order lets them win a clash.
    const populations = byKind('ward').map((f) => f.properties.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
  });

  it('lists the shipped street layers and serves each as GeoJSON, gzipped when asked', async () => {
    const list = StreetLayerList.parse((await app().inject({ method: 'GET', url: '/api/streets' })).json());
    expect(list.layers.map((l) => l.id)).toEqual(['north-london-2026', 'central-london-2018']);
    const north = list.layers[0]!;
    expect(north.attribution).toMatch(/OpenStreetMap/);

    const gz = await app().inject({ method: 'GET', url: north.url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const collection = JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')) as {
      features: { properties: { class: string; name?: string }; geometry: { type: string } }[];
    };
    expect(collection.features.length).toBeGreaterThan(1000);
    expect(collection.features.every((f) => f.geometry.type === 'LineString')).toBe(true);
    expect(collection.features.map((f) => f.properties.name)).toContain('Bounds Green Road');

    const plain = await app().inject({ method: 'GET', url: north.url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.payload)).toEqual(collection);
  });

  it('answers 404 for an unknown street layer and 400 for a malformed id', async () => {
    expect((await app().inject({ method: 'GET', url: '/api/streets/nowhere' })).statusCode).toBe(404);
    expect((await app().inject({ method: 'GET', url: '/api/streets/..%2Fsecret' })).statusCode).toBe(400);
  });
});
