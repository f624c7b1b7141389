import { CustomArea, CustomAreaList, CustomAreaProfile, ErrorBody, ExportFeatureCollection, GapsResult, ShareResult } from '@common-ground/schema';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { signedIn, type TestPerson } from '../../testing/people.js';

/*
 * Custom areas through the API: made by picking a real ward's LSOAs or by drawing its
 * simplified hull, checked against SQL written here; who may read, share and change them;
 * and gaps ranked within one, which must equal the ward's own ranking.
 */

interface Polygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

describe.each(inject('databases'))('custom areas on the $kind database', (database) => {
  const app = useApp(database);
  let ward: string;
  let lsoas: string[];
  let hull: Polygon;
  let owner: TestPerson;
  let worker: TestPerson;
  let stranger: TestPerson;
  const made: string[] = [];

  const send = (person: TestPerson | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: unknown) =>
    app().inject({ method, url, payload: payload as object, headers: person?.headers ?? {} });

  const create = async (person: TestPerson, body: Record<string, unknown>) => {
    const res = await send(person, 'POST', '/api/custom-areas', body);
    expect(res.statusCode, res.body).toBe(201);
    const area = CustomArea.parse(res.json());
    made.push(area.id);
    return area;
  };

  beforeAll(async () => {
    const { rows: wards } = await app().pg.query<{ ward_code: string }>(
      `SELECT ward_code FROM areas WHERE ward_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 4 AND 8 ORDER BY 1 LIMIT 1`,
    );
    ward = wards[0]!.ward_code;
    lsoas = (await app().pg.query<{ code: string }>('SELECT code FROM areas WHERE ward_code = $1 ORDER BY code', [ward])).rows.map((r) => r.code);
    // A drawn shape: the ward's convex hull, simplified, as someone might trace it.
    const { rows } = await app().pg.query<{ g: Polygon }>(
      `SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_ConvexHull(ST_Collect(geom)), 0.0005), 6)::json AS g FROM areas WHERE ward_code = $1`,
      [ward],
    );
    hull = rows[0]!.g;
    owner = await signedIn(app(), 'resident', 'area-owner');
    worker = await signedIn(app(), 'worker', 'area-worker');
    stranger = await signedIn(app(), 'resident', 'area-stranger');
  });

  afterAll(async () => {
    await app().pg.query('DELETE FROM custom_areas WHERE id = ANY($1::uuid[])', [made]);
  });

  it('saves picked LSOAs as exactly those, with their union as the outline', async () => {
    const area = await create(owner, { name: '  Picked estate ', lsoaCodes: [...lsoas].reverse() });
    expect(area).toMatchObject({ name: 'Picked estate', madeBy: 'lsoas', lsoaCodes: lsoas, lsoaCount: lsoas.length, mine: true, version: 1 });
    const { rows } = await app().pg.query<{ pop: number; km: number }>(
      `SELECT sum(population)::int AS pop, ST_Area(ST_Transform(ST_Union(geom), 27700)) / 1e6 AS km FROM areas WHERE code = ANY($1)`,
      [lsoas],
    );
    expect(area.population).toBe(rows[0]!.pop);
    expect(area.areaSqKm).toBeCloseTo(rows[0]!.km, 3);
    expect(area.geometry.type).toBe('MultiPolygon');
  });

  it('saves a drawn polygon with the LSOAs whose residence point lies inside it', async () => {
    const area = await create(owner, { name: 'Drawn ward', description: 'Traced by hand', geometry: hull });
    const { rows } = await app().pg.query<{ code: string }>(
      `SELECT a.code FROM areas a
       LEFT JOIN area_residence_points r ON r.area_code = a.code
       WHERE ST_Contains(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 27700),
                         coalesce(r.geom_bng, ST_Transform(ST_PointOnSurface(a.geom), 27700)))
       ORDER BY a.code`,
      [JSON.stringify(hull)],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(area.lsoaCodes).toEqual(rows.map((r) => r.code));
    expect(area).toMatchObject({ madeBy: 'drawn', description: 'Traced by hand' });
  });

  it('rejects a self-intersecting polygon with 400 and the reason', async () => {
    const [x, y] = hull.coordinates[0]![0]!;
    const d = 0.01;
    const bowtie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + d, y + d],
          [x + d, y],
          [x, y + d],
          [x, y],
        ],
      ],
    };
    const res = await send(owner, 'POST', '/api/custom-areas', { name: 'Bow tie', geometry: bowtie });
    expect(res.statusCode).toBe(400);
    const body = ErrorBody.parse(res.json());
    expect(body.code).toBe('invalid_geometry');
    expect(body.message).toMatch(/Self-intersection/i);
    expect(body.issues?.[0]?.path).toBe('body.geometry');
  });

  it('rejects an unclosed ring, a missing name, and both or neither outline with 400', async () => {
    const open = { type: 'Polygon', coordinates: [hull.coordinates[0]!.slice(0, -1)] };
    const cases = [
      { name: 'Open', geometry: open },
      { name: '', lsoaCodes: lsoas },
      { name: 'Both', lsoaCodes: lsoas, geometry: hull },
      { name: 'Neither' },
      { name: 'Unknown', lsoaCodes: ['E01999999'] },
    ];
    for (const body of cases) {
      const res = await send(owner, 'POST', '/api/custom-areas', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('rejects a shape outside England with 400', async () => {
    // Cardigan Bay (inside the England bounding box, in no English LSOA) and France (outside it).
    const square = (lon: number, lat: number): Polygon => ({
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.05, lat],
          [lon + 0.05, lat + 0.05],
          [lon, lat + 0.05],
          [lon, lat],
        ],
      ],
    });
    const sea = await send(owner, 'POST', '/api/custom-areas', { name: 'Sea', geometry: square(-4.6, 52.4) });
    expect(sea.statusCode).toBe(400);
    expect(sea.json()).toMatchObject({ code: 'outside_england' });
    const france = await send(owner, 'POST', '/api/custom-areas', { name: 'France', geometry: square(2.3, 48.8) });
    expect(france.statusCode).toBe(400);
  });

  it('keeps a private area from everyone but its owner (404), and lists only your own', async () => {
    const area = await create(owner, { name: 'Private', lsoaCodes: lsoas.slice(0, 2) });
    for (const person of [null, stranger, worker]) {
      for (const url of [`/api/custom-areas/${area.id}`, `/api/custom-areas/${area.id}/profile`, `/api/gaps?area=custom:${area.id}`]) {
        const res = await send(person, 'GET', url);
        expect(res.statusCode, `${url} as ${person?.user.role ?? 'nobody'}`).toBe(404);
      }
      if (person) {
        expect((await send(person, 'PATCH', `/api/custom-areas/${area.id}`, { baseVersion: 1, name: 'Mine now' })).statusCode).toBe(404);
        expect((await send(person, 'DELETE', `/api/custom-areas/${area.id}`)).statusCode).toBe(404);
      }
    }
    const mine = await send(owner, 'GET', `/api/custom-areas/${area.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    const list = CustomAreaList.parse((await send(owner, 'GET', '/api/custom-areas')).json());
    expect(list.areas.map((a) => a.id)).toContain(area.id);
    const theirs = CustomAreaList.parse((await send(stranger, 'GET', '/api/custom-areas')).json());
    expect(theirs.areas.map((a) => a.id)).not.toContain(area.id);
    expect((await send(null, 'GET', '/api/custom-areas')).statusCode).toBe(401);
  });

  it('lets workers share by link, and unsharing revokes the link', async () => {
    const residentArea = await create(owner, { name: 'Resident area', lsoaCodes: lsoas.slice(0, 1) });
    expect((await send(owner, 'PUT', `/api/custom-areas/${residentArea.id}/share`)).statusCode).toBe(403);

    const area = await create(worker, { name: 'Big Local area', lsoaCodes: lsoas });
    const shared = await send(worker, 'PUT', `/api/custom-areas/${area.id}/share`);
    expect(shared.statusCode).toBe(200);
    const { shareToken, path } = ShareResult.parse(shared.json());
    expect(path).toBe(`/areas/custom/${area.id}?share=${shareToken}`);
    // Sharing again keeps the link people already have.
    expect(ShareResult.parse((await send(worker, 'PUT', `/api/custom-areas/${area.id}/share`)).json()).shareToken).toBe(shareToken);

    const asLinkHolder = await send(null, 'GET', `/api/custom-areas/${area.id}?share=${shareToken}`);
    expect(asLinkHolder.statusCode).toBe(200);
    expect(CustomArea.parse(asLinkHolder.json())).toMatchObject({ mine: false, shareToken: null, visibility: 'link' });
    expect((await send(stranger, 'GET', `/api/custom-areas/${area.id}/profile?share=${shareToken}`)).statusCode).toBe(200);
    expect((await send(null, 'GET', `/api/gaps?area=custom:${area.id}&share=${shareToken}&format=csv`)).statusCode).toBe(200);
    const wrong = `${shareToken.slice(0, -1)}${shareToken.endsWith('A') ? 'B' : 'A'}`;
    expect((await send(null, 'GET', `/api/custom-areas/${area.id}?share=${wrong}`)).statusCode).toBe(404);
    // A link holder reads; only the owner changes it.
    expect((await send(stranger, 'PATCH', `/api/custom-areas/${area.id}`, { baseVersion: 1, name: 'Taken' })).statusCode).toBe(404);

    expect((await send(worker, 'DELETE', `/api/custom-areas/${area.id}/share`)).statusCode).toBe(204);
    expect((await send(null, 'GET', `/api/custom-areas/${area.id}?share=${shareToken}`)).statusCode).toBe(404);
    expect((await send(null, 'GET', `/api/gaps?area=custom:${area.id}&share=${shareToken}`)).statusCode).toBe(404);
    const again = ShareResult.parse((await send(worker, 'PUT', `/api/custom-areas/${area.id}/share`)).json());
    expect(again.shareToken).not.toBe(shareToken);
  });

  it('profiles an area: population, IMD mix, public assets inside by category, notes', async () => {
    const area = await create(owner, { name: 'Profiled', geometry: hull });
    const member = area.lsoaCodes[0]!;
    const note = async (person: TestPerson, visibility: string) =>
      app().pg.query<{ id: string }>(`INSERT INTO annotations (area_code, body, visibility, author_id) VALUES ($1, $2, $3, $4) RETURNING id`, [
        member,
        `Profile note ${visibility} ${Date.now()}`,
        visibility,
        person.user.id,
      ]);
    const publicNote = (await note(worker, 'public')).rows[0]!.id;
    const workersNote = (await note(worker, 'workers')).rows[0]!.id;

    const res = await send(owner, 'GET', `/api/custom-areas/${area.id}/profile`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const profile = CustomAreaProfile.parse(res.json());

    const { rows: pop } = await app().pg.query<{ pop: number; missing: number }>(
      `SELECT coalesce(sum(population), 0)::int AS pop, count(*) FILTER (WHERE population IS NULL)::int AS missing FROM areas WHERE code = ANY($1)`,
      [area.lsoaCodes],
    );
    expect(profile.population).toBe(pop[0]!.pop);
    expect(profile.lsoasWithoutPopulation).toBe(pop[0]!.missing);

    const { rows: mix } = await app().pg.query<{ decile: number | null; lsoas: number }>(
      `SELECT m.decile::int AS decile, count(*)::int AS lsoas FROM areas a
       LEFT JOIN need_measures m ON m.area_code = a.code AND m.measure = 'imd' AND m.vintage = 'IoD2025'
       WHERE a.code = ANY($1) GROUP BY 1 ORDER BY 1 NULLS LAST`,
      [area.lsoaCodes],
    );
    expect(profile.deprivation.map(({ decile, lsoas: n }) => ({ decile, lsoas: n }))).toEqual(mix);
    expect(profile.deprivation.reduce((s, d) => s + d.population, 0)).toBe(pop[0]!.pop);

    // Public assets (published, not sensitive) inside the drawn shape, by category.
    const { rows: assets } = await app().pg.query<{ code: string; count: number }>(
      `SELECT category_code AS code, count(*)::int AS count FROM assets
       WHERE review_state = 'published' AND NOT sensitive
         AND ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      [JSON.stringify(hull)],
    );
    expect(profile.assets.byCategory.map(({ code, count }) => ({ code, count }))).toEqual(assets);
    expect(profile.assets.total).toBe(assets.reduce((s, a) => s + a.count, 0));
    // Their points, for the printed map, each inside the shape and coloured by its category.
    expect(profile.assets.points).toHaveLength(Math.min(profile.assets.total, 3000));
    const colours = new Set(profile.assets.byCategory.map((c) => c.colour));
    for (const point of profile.assets.points) expect(colours.has(point.colour)).toBe(true);
    const { rows: outside } = await app().pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM json_array_elements($1::json) p
       WHERE NOT ST_DWithin(ST_SetSRID(ST_MakePoint((p->'coordinates'->>0)::float8, (p->'coordinates'->>1)::float8), 4326),
                            ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), 0.0001)`,
      [JSON.stringify(profile.assets.points), JSON.stringify(hull)],
    );
    expect(outside[0]!.n).toBe(0);
    // The sources credited are those of the assets inside, and only those.
    const { rows: sources } = await app().pg.query<{ code: string; assets: number }>(
      `SELECT s.code, count(DISTINCT a.id)::int AS assets FROM assets a
       CROSS JOIN LATERAL (SELECT a.source UNION SELECT x.source FROM asset_sources x WHERE x.asset_id = a.id) s(code)
       WHERE a.review_state = 'published' AND NOT a.sensitive
         AND ST_Intersects(a.geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      [JSON.stringify(hull)],
    );
    expect(profile.assetSources).toEqual(sources);
    expect(profile.assetSources.length).toBeGreaterThan(0);

    expect(profile.lsoas.map((l) => l.code)).toEqual(area.lsoaCodes);
    expect(profile.gaps.total).toBe(area.lsoaCodes.length);
    const ids = profile.annotations.map((n) => n.id);
    expect(ids).toContain(publicNote);
    expect(ids).not.toContain(workersNote);

    // A worker reading by link sees workers-only notes too.
    await app().pg.query(`UPDATE custom_areas SET visibility = 'link', share_token = $2 WHERE id = $1`, [area.id, 'x'.repeat(43)]);
    const asWorker = CustomAreaProfile.parse((await send(worker, 'GET', `/api/custom-areas/${area.id}/profile?share=${'x'.repeat(43)}`)).json());
    expect(asWorker.annotations.map((n) => n.id)).toEqual(expect.arrayContaining([publicNote, workersNote]));
    await app().pg.query('DELETE FROM annotations WHERE id = ANY($1::uuid[])', [[publicNote, workersNote]]);
  });

  it('exports the public assets inside an area to its owner or a link holder, never a sensitive one, and is a 404 to anyone else', async () => {
    const area = await create(owner, { name: 'Exported area', geometry: hull });
    const { rows: centre } = await app().pg.query<{ lon: number; lat: number }>(
      'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) AS p) x',
      [JSON.stringify(hull)],
    );
    const tag = `Xportarea${Date.now()}`;
    await app().pg.query(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, sensitive, source, source_id, licence)
       VALUES ($1, 'community-centre', ST_SetSRID(ST_MakePoint($3, $4), 4326), 'exact', 'published', false, 'area-export-test', $1, 'OGL-UK-3.0'),
              ($2, 'community-centre', ST_SetSRID(ST_MakePoint($3, $4), 4326), 'exact', 'published', true, 'area-export-test', $2, 'OGL-UK-3.0')`,
      [`${tag} hall`, `${tag} refuge`, centre[0]!.lon, centre[0]!.lat],
    );
    try {
      const res = await send(owner, 'GET', `/api/custom-areas/${area.id}/assets?format=csv`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="exported-area-assets-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = parse<Record<string, string>>(res.body, { columns: true });
      const { rows: inside } = await app().pg.query<{ id: string }>(
        `SELECT a.id FROM public_assets a JOIN custom_areas c ON ST_Intersects(a.geom_bng, c.geom_bng)
         WHERE c.id = $1 AND a.lifecycle_status <> 'defunct'`,
        [area.id],
      );
      expect(rows.map((r) => r.id).sort()).toEqual(inside.map((r) => r.id).sort());
      expect(rows.map((r) => r.name)).toContain(`${tag} hall`);
      expect(rows.map((r) => r.name)).not.toContain(`${tag} refuge`);
      const geojson = await send(owner, 'GET', `/api/custom-areas/${area.id}/assets?format=geojson`);
      expect(
        ExportFeatureCollection.parse(geojson.json())
          .features.map((f) => f.id)
          .sort(),
      ).toEqual(rows.map((r) => r.id).sort());

      expect((await send(stranger, 'GET', `/api/custom-areas/${area.id}/assets`)).statusCode).toBe(404);
      expect((await send(null, 'GET', `/api/custom-areas/${area.id}/assets`)).statusCode).toBe(404);
      await app().pg.query(`UPDATE custom_areas SET visibility = 'link', share_token = $2 WHERE id = $1`, [area.id, 'y'.repeat(43)]);
      expect((await send(stranger, 'GET', `/api/custom-areas/${area.id}/assets?share=${'y'.repeat(43)}&format=hsds`)).statusCode).toBe(200);
      const bad = await send(owner, 'GET', `/api/custom-areas/${area.id}/assets?format=xlsx`);
      expect(bad.statusCode).toBe(400);
      expect(ErrorBody.parse(bad.json()).message).toMatch(/format/);
    } finally {
      await app().pg.query(`DELETE FROM assets WHERE source = 'area-export-test'`);
    }
  });

  it('ranks gaps within a custom area exactly as within the same LSOAs named as a ward', async () => {
    const area = await create(owner, { name: 'Same as the ward', lsoaCodes: lsoas });
    for (const query of ['category=*', 'category=*&measure=count_800&worst_fraction=0.5']) {
      const custom = await send(owner, 'GET', `/api/gaps?${query}&area=custom:${area.id}`);
      expect(custom.statusCode, custom.body).toBe(200);
      expect(custom.headers['cache-control']).toBe('private, no-store');
      const byWard = GapsResult.parse((await send(null, 'GET', `/api/gaps?${query}&area=${ward}`)).json());
      const mine = GapsResult.parse(custom.json());
      expect(mine.settings.area).toEqual({ kind: 'custom', code: `custom:${area.id}`, name: 'Same as the ward' });
      expect(mine.rows).toEqual(byWard.rows);
      expect([mine.thresholds, mine.ranked, mine.flagged, mine.total]).toEqual([byWard.thresholds, byWard.ranked, byWard.flagged, byWard.total]);
    }
    const csv = await send(owner, 'GET', `/api/gaps?area=custom:${area.id}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`custom-${area.id}`);
    expect(csv.body.trim().split('\r\n')).toHaveLength(lsoas.length + 1);
    expect((await send(owner, 'GET', '/api/gaps?area=custom:not-a-uuid')).statusCode).toBe(400);
  });

  it('edits against the version seen: a stale edit is a 409 with the area as it is now', async () => {
    const area = await create(owner, { name: 'Versioned', lsoaCodes: lsoas.slice(0, 2) });
    const first = await send(owner, 'PATCH', `/api/custom-areas/${area.id}`, { baseVersion: 1, name: 'Renamed', lsoaCodes: lsoas.slice(0, 3) });
    expect(first.statusCode).toBe(200);
    expect(CustomArea.parse(first.json())).toMatchObject({ name: 'Renamed', version: 2, lsoaCodes: lsoas.slice(0, 3) });
    const stale = await send(owner, 'PATCH', `/api/custom-areas/${area.id}`, { baseVersion: 1, name: 'Stale' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', current: { name: 'Renamed', version: 2 } });
    const redrawn = await send(owner, 'PATCH', `/api/custom-areas/${area.id}`, { baseVersion: 2, geometry: hull });
    expect(CustomArea.parse(redrawn.json())).toMatchObject({ madeBy: 'drawn', version: 3, name: 'Renamed' });

    expect((await send(owner, 'DELETE', `/api/custom-areas/${area.id}`)).statusCode).toBe(204);
    expect((await send(owner, 'GET', `/api/custom-areas/${area.id}`)).statusCode).toBe(404);
  });
});
