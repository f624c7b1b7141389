import { randomUUID } from 'node:crypto';
import { lonLatToTile } from '@common-ground/geo';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';
import { signedIn, type TestPerson } from '../testing/people.js';

/*
 * Sensitive locations (refuges, safe houses) and unpublished proposals must never reach
 * the public. Every route in Fastify's registry is accounted for below; the test fails
 * on a route it does not know, so a new route cannot leak by being forgotten.
 *
 * Each public route is called before and after a sensitive asset, a pending one and
 * things hanging off them (a note, a report, history) are stored next to a quiet spot,
 * as nobody and as a resident. The answers must be the same, byte for byte (so no count,
 * tile or extent moves), and never contain the assets' ids, names or coordinates.
 */

interface Spot {
  lon: number;
  lat: number;
  lsoa: string;
  sensitiveId: string;
  pendingId: string;
  name: string;
  /** A custom area of the spot's LSOA, shared by link, and its token. */
  customAreaId: string;
  share: string;
}

/** A request with a plain string URL, so it can be named in messages. */
type ProbeRequest = InjectOptions & { method: string; url: string };
type Probe = (spot: Spot) => ProbeRequest[];

/** Answers that legitimately change between two calls: checked for leaks, not equality. */
const VOLATILE = new Set(['GET /api/account/export']);

const near = (s: Spot) => `${s.lon},${s.lat}`;
const box = (s: Spot, d = 0.002) => `${s.lon - d},${s.lat - d},${s.lon + d},${s.lat + d}`;
const tile = (s: Spot, z: number) => {
  const t = lonLatToTile(s.lon, s.lat, z);
  return `${t.z}/${t.x}/${t.y}`;
};
const get = (url: string): ProbeRequest => ({ method: 'GET', url });

/** Public routes and how to ask each about the spot. */
const PUBLIC_PROBES: Record<string, Probe> = {
  'GET /api/health': () => [get('/api/health')],
  'GET /api/categories': () => [get('/api/categories')],
  'GET /api/sources': () => [get('/api/sources')],
  'GET /api/config': () => [get('/api/config')],
  'GET /api/auth/me': () => [get('/api/auth/me')],
  'GET /api/assets': (s) => [get(`/api/assets?bbox=${box(s)}`), get(`/api/assets?bbox=${box(s, 0.05)}&limit=1000`)],
  'GET /api/assets/:id': (s) => [get(`/api/assets/${s.sensitiveId}`), get(`/api/assets/${s.pendingId}`)],
  'GET /api/areas/:code': (s) => [get(`/api/areas/${s.lsoa}`)],
  'GET /api/deprivation/:domain': () => [get('/api/deprivation/imd')],
  'GET /api/search': (s) => [
    get(`/api/search?q=${encodeURIComponent(s.name)}`),
    get(`/api/search?near=${near(s)}&radius=1000`),
    get(`/api/search?area=${s.lsoa}`),
    get(`/api/search?bbox=${box(s)}`),
  ],
  // Exports of the same views, every format; the Open Referral API's lists and the hidden ids.
  'GET /api/export/assets': (s) => [
    get(`/api/export/assets?near=${near(s)}&radius=1000&format=csv`),
    get(`/api/export/assets?area=${s.lsoa}&format=geojson`),
    get(`/api/export/assets?q=${encodeURIComponent(s.name)}&format=hsds`),
  ],
  'GET /openreferral': () => [get('/openreferral')],
  'GET /openreferral/services': (s) => [
    get(`/openreferral/services?near=${near(s)}&radius=1000&per_page=100`),
    get(`/openreferral/services?search=${encodeURIComponent(s.name)}`),
  ],
  'GET /openreferral/services/:id': (s) => [get(`/openreferral/services/${s.sensitiveId}`), get(`/openreferral/services/${s.pendingId}`)],
  'GET /openreferral/service_at_locations': (s) => [
    get(`/openreferral/service_at_locations?near=${near(s)}&radius=1000&per_page=100`),
    get(`/openreferral/service_at_locations?search=${encodeURIComponent(s.name)}`),
  ],
  'GET /openreferral/service_at_locations/:id': (s) => [
    get(`/openreferral/service_at_locations/${s.sensitiveId}`),
    get(`/openreferral/service_at_locations/${s.pendingId}`),
  ],
  // Place names and street lines for the map: drawn from areas and shipped files, never from assets.
  'GET /api/place-labels': () => [get('/api/place-labels')],
  'GET /api/streets': () => [get('/api/streets')],
  'GET /api/streets/:id': () => [get('/api/streets/no-such-layer')],
  'GET /openreferral/taxonomies': () => [get('/openreferral/taxonomies')],
  'GET /openreferral/taxonomies/:id': () => [get('/openreferral/taxonomies/common-ground-categories')],
  'GET /openreferral/taxonomy_terms': () => [get('/openreferral/taxonomy_terms?per_page=100')],
  'GET /openreferral/taxonomy_terms/:id': () => [get('/openreferral/taxonomy_terms/community-centre')],
  'GET /api/suggest': (s) => [get(`/api/suggest?q=${encodeURIComponent(s.name)}`), get(`/api/suggest?q=${encodeURIComponent(s.name.slice(0, 12))}`)],
  'GET /tiles/assets/:z/:x/:y': (s) => [
    get(`/tiles/assets/${tile(s, 14)}.mvt`),
    get(`/tiles/assets/${tile(s, 11)}.mvt`),
    get(`/tiles/assets/${tile(s, 8)}.mvt`),
  ],
  'GET /tiles/areas/:z/:x/:y': (s) => [get(`/tiles/areas/${tile(s, 12)}.mvt`)],
  // Per-asset reads a resident or nobody can make about someone else's assets.
  'GET /api/assets/:id/history': (s) => [get(`/api/assets/${s.sensitiveId}/history`), get(`/api/assets/${s.pendingId}/history`)],
  'GET /api/assets/:id/annotations': (s) => [get(`/api/assets/${s.sensitiveId}/annotations`), get(`/api/assets/${s.pendingId}/annotations`)],
  'GET /api/areas/:code/annotations': (s) => [get(`/api/areas/${s.lsoa}/annotations`)],
  // Stored figures (brought up to date from the change queue first) and figures computed on request.
  'GET /api/areas/:code/provision': (s) => [
    get(`/api/areas/${s.lsoa}/provision`),
    get(`/api/areas/${s.lsoa}/provision?bands=300,600&catchment=2000&decay=none`),
  ],
  // The ranked gap list of the spot's LSOA, figures computed on request, as JSON and CSV.
  'GET /api/gaps': (s) => [
    get(`/api/gaps?area=${s.lsoa}`),
    get(`/api/gaps?area=${s.lsoa}&measure=count_800&format=csv`),
    get(`/api/gaps?area=custom:${s.customAreaId}&share=${s.share}`),
  ],
  // A custom area holding the spot, read by its link: its profile counts assets inside it.
  'GET /api/custom-areas/:id': (s) => [get(`/api/custom-areas/${s.customAreaId}?share=${s.share}`), get(`/api/custom-areas/${s.customAreaId}`)],
  'GET /api/custom-areas/:id/profile': (s) => [get(`/api/custom-areas/${s.customAreaId}/profile?share=${s.share}`)],
  'GET /api/custom-areas/:id/assets': (s) => [
    get(`/api/custom-areas/${s.customAreaId}/assets?share=${s.share}&format=csv`),
    get(`/api/custom-areas/${s.customAreaId}/assets?share=${s.share}&format=geojson`),
  ],
  'GET /api/custom-areas': () => [get('/api/custom-areas')],
  // Loaded need measures (none of them about assets): the list, and one that does not exist.
  'GET /api/need-measures': () => [get('/api/need-measures')],
  'GET /api/need-measures/:slug': () => [get('/api/need-measures/no-such-measure')],
  // The equity gradient over the same LSOA, its local authority's CSV, and the shared custom area.
  'GET /api/gaps/equity': (s) => [
    get(`/api/gaps/equity?area=${s.lsoa}`),
    get(`/api/gaps/equity?area=${s.lsoa}&measure=count_800&format=csv`),
    get(`/api/gaps/equity?area=custom:${s.customAreaId}&share=${s.share}`),
  ],
  // The gap map's classes for the same LSOA, and for the shared custom area.
  'GET /api/gaps/layer': (s) => [
    get(`/api/gaps/layer?area=${s.lsoa}`),
    get(`/api/gaps/layer?area=${s.lsoa}&measure=count_400`),
    get(`/api/gaps/layer?area=custom:${s.customAreaId}&share=${s.share}`),
  ],
  // The person's own things: the resident asking made none of the hidden assets.
  'GET /api/me/submissions': () => [get('/api/me/submissions')],
  'GET /api/account/export': () => [get('/api/account/export')],
};

/** Worker and admin routes: nobody and residents are refused, and learn nothing. */
const STAFF_ONLY_READS: Record<string, Probe> = {
  'GET /api/worker/assets': () => [get('/api/worker/assets?sensitive=true')],
  'GET /api/worker/assets/:id': (s) => [get(`/api/worker/assets/${s.sensitiveId}`)],
  'GET /api/worker/assets/:id/history': (s) => [get(`/api/worker/assets/${s.sensitiveId}/history`)],
  'GET /api/worker/assets/:id/annotations': (s) => [get(`/api/worker/assets/${s.sensitiveId}/annotations`)],
  'GET /api/moderation/queue': () => [get('/api/moderation/queue')],
  'GET /api/admin/users': () => [get('/api/admin/users')],
  // An import's progress: stage and counts only, to the worker who started it.
  'GET /api/import-progress/:id': () => [get(`/api/import-progress/${randomUUID()}`)],
};

/**
 * State-changing routes. Those that name an asset are called with the hidden ones and
 * must answer exactly as for an asset that does not exist; the others do not read
 * assets at all (and the permission matrix covers who may call them).
 */
const WRITE_PROBES: Record<string, Probe | 'reads no assets'> = {
  'POST /api/assets/:id/reports': (s) => [
    { method: 'POST', url: `/api/assets/${s.sensitiveId}/reports`, payload: { kind: 'closed' } },
    { method: 'POST', url: `/api/assets/${s.pendingId}/reports`, payload: { kind: 'closed' } },
  ],
  'POST /api/assets/:id/annotations': (s) => [
    { method: 'POST', url: `/api/assets/${s.sensitiveId}/annotations`, payload: { body: 'probe', visibility: 'public' } },
  ],
  'PUT /api/assets/:id': (s) => [
    { method: 'PUT', url: `/api/assets/${s.sensitiveId}`, payload: { baseVersion: 1, asset: { name: 'probe', categoryCode: 'library', postcode: 'S1 2HE' } } },
  ],
  'POST /api/auth/register': 'reads no assets',
  'POST /api/auth/sign-in': 'reads no assets',
  'POST /api/auth/sign-out': 'reads no assets',
  'POST /api/auth/reset-password': 'reads no assets',
  // The rest need a worker or an admin (the permission matrix checks that) or create new things.
  'POST /api/assets': 'reads no assets',
  'POST /api/assets/:id/verify': 'reads no assets',
  'POST /api/assets/:id/revert': 'reads no assets',
  'POST /api/submissions/:id/review': 'reads no assets',
  'POST /api/submissions/:id/withdraw': 'reads no assets',
  'POST /api/reports/:id/resolve': 'reads no assets',
  'POST /api/areas/:code/annotations': 'reads no assets',
  'PATCH /api/annotations/:id': 'reads no assets',
  'DELETE /api/annotations/:id': 'reads no assets',
  'PUT /api/annotations/:id/hidden': 'reads no assets',
  'PUT /api/admin/users/:id/role': 'reads no assets',
  'PUT /api/admin/users/:id/areas': 'reads no assets',
  'POST /api/categories': 'reads no assets',
  'PATCH /api/categories/:code': 'reads no assets',
  'DELETE /api/account': 'reads no assets',
  'POST /api/need-measures': 'reads no assets',
  'DELETE /api/need-measures/:slug': 'reads no assets',
  // Workers only (the permission matrix checks); its report may name a matched asset, which workers may see.
  'POST /api/imports': 'reads no assets',
  // Workers only (the permission matrix checks): gives back what an import changed, to its worker or an admin.
  'POST /api/imports/:id/undo': 'reads no assets',
  // Custom areas name LSOAs or a shape, never an asset; the permission matrix covers who may change them.
  'POST /api/custom-areas': 'reads no assets',
  'PATCH /api/custom-areas/:id': 'reads no assets',
  'DELETE /api/custom-areas/:id': 'reads no assets',
  'PUT /api/custom-areas/:id/share': 'reads no assets',
  'DELETE /api/custom-areas/:id/share': 'reads no assets',
  // Workers only (the permission matrix checks): a category's coverage in a local authority, never an asset.
  'PUT /api/coverage/:category/:lad': 'reads no assets',
};

interface Answer {
  status: number;
  body: string;
}

describe.each(inject('databases'))('sensitive and unpublished assets on the $kind database', (database) => {
  const app = useApp(database);
  let spot: Spot;
  let resident: TestPerson;
  const before = new Map<string, Answer>();

  const call = async (request: ProbeRequest, person: TestPerson | null): Promise<Answer> => {
    const res = await app().inject({ ...request, headers: { ...request.headers, ...person?.headers } });
    return { status: res.statusCode, body: res.rawPayload.toString('latin1') };
  };
  const key = (route: string, request: ProbeRequest, who: string) => `${who} ${route} ${request.method} ${request.url}`;

  beforeAll(async () => {
    // A quiet spot inside an LSOA (not its label point, which area searches show): no
    // assets within 500 m.
    const { rows } = await app().pg.query<{ code: string; lon: number; lat: number }>(
      `SELECT a.code, ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat
       FROM areas a, LATERAL (SELECT (ST_Dump(ST_GeneratePoints(a.geom, 1, 7))).geom AS pt) p
       WHERE a.lad_code = (SELECT lad_code FROM areas ORDER BY code DESC LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM assets s WHERE ST_DWithin(s.geom_bng, ST_Transform(p.pt, 27700), 500))
       ORDER BY a.code LIMIT 1`,
    );
    const found = rows[0]!;
    const unique = `${process.pid}${Date.now()}`;
    const sharer = await signedIn(app(), 'worker', 'area-sharer');
    const made = await app().inject({
      method: 'POST',
      url: '/api/custom-areas',
      headers: sharer.headers,
      payload: { name: `Quiet area ${unique}`, lsoaCodes: [found.code] },
    });
    const customAreaId = made.json<{ id: string }>().id;
    const shared = await app().inject({ method: 'PUT', url: `/api/custom-areas/${customAreaId}/share`, headers: sharer.headers });
    spot = {
      customAreaId,
      share: shared.json<{ shareToken: string }>().shareToken,
      lon: Number(found.lon.toFixed(6)),
      lat: Number(found.lat.toFixed(6)),
      lsoa: found.code,
      sensitiveId: randomUUID(),
      pendingId: randomUUID(),
      name: `Harbour Refuge ${unique}`,
    };
    resident = await signedIn(app(), 'resident', 'prober');

    for (const [route, probe] of Object.entries(PUBLIC_PROBES)) {
      for (const request of probe(spot)) {
        before.set(key(route, request, 'anonymous'), await call(request, null));
        before.set(key(route, request, 'resident'), await call(request, resident));
      }
    }

    const worker = await signedIn(app(), 'worker', 'refuge-keeper');
    const category = (await app().pg.query<{ code: string }>(`SELECT code FROM categories ORDER BY code LIMIT 1`)).rows[0]!.code;
    // Stored as the API stores a contribution: the asset and its provenance row.
    const insert = async (id: string, name: string, reviewState: string, sensitive: boolean) => {
      await app().pg.query(
        `INSERT INTO assets (id, name, category_code, geom, location_precision, review_state, sensitive, source, source_id, licence, created_by)
         VALUES ($1::uuid, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), 'exact', $6, $7, 'common-ground', $1::text, 'ODbL-1.0', $8)`,
        [id, name, category, spot.lon, spot.lat, reviewState, sensitive, worker.user.id],
      );
      await app().pg.query(`INSERT INTO asset_sources (asset_id, source, source_id, licence) VALUES ($1::uuid, 'common-ground', $1::text, 'ODbL-1.0')`, [id]);
    };
    await insert(spot.sensitiveId, spot.name, 'published', true);
    await insert(spot.pendingId, `${spot.name} drop-in`, 'pending', false);
    for (const id of [spot.sensitiveId, spot.pendingId]) {
      await app().pg.query(`INSERT INTO annotations (asset_id, body, visibility, author_id) VALUES ($1, $2, 'public', $3)`, [
        id,
        `Note about ${spot.name}`,
        worker.user.id,
      ]);
      await app().pg.query(
        `INSERT INTO change_history (entity_type, entity_id, version, action, actor_id, after)
         VALUES ('asset', $1, 1, 'create', $2, $3::jsonb)`,
        [id, worker.user.id, JSON.stringify({ name: spot.name, location: [spot.lon, spot.lat] })],
      );
      await app().pg.query(`INSERT INTO asset_reports (asset_id, kind, message) VALUES ($1, 'closed', $2)`, [id, spot.name]);
    }
  });

  afterAll(async () => {
    await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [[spot.sensitiveId, spot.pendingId]]);
    await app().pg.query('DELETE FROM custom_areas WHERE id = $1', [spot.customAreaId]);
  });

  it('accounts for every route in the registry', () => {
    const known = new Set([...Object.keys(PUBLIC_PROBES), ...Object.keys(STAFF_ONLY_READS), ...Object.keys(WRITE_PROBES)]);
    const unknown = app()
      .routeTable.filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .filter((route) => !known.has(route));
    expect(unknown, 'routes this test does not cover: add each to a table above').toEqual([]);
    const registered = new Set(app().routeTable.map((r) => `${r.method} ${r.url}`));
    expect(
      [...known].filter((route) => !registered.has(route)),
      'table rows for routes that do not exist',
    ).toEqual([]);
  });

  /** Secrets in an answer, leaving out any the request itself named (a 404 repeats the id asked for). */
  const leaks = (body: string, request?: ProbeRequest): string[] => {
    const asked = request ? `${request.url} ${JSON.stringify(request.payload ?? '')}` : '';
    return [spot.sensitiveId, spot.pendingId, spot.name, spot.lon.toFixed(5), spot.lat.toFixed(5)].filter(
      (secret) => body.includes(secret) && !asked.includes(secret),
    );
  };

  it('gives nobody and residents the same answers as before the hidden assets existed', async () => {
    const problems: string[] = [];
    for (const [route, probe] of Object.entries(PUBLIC_PROBES)) {
      for (const request of probe(spot)) {
        for (const [who, person] of [
          ['anonymous', null],
          ['resident', resident],
        ] as const) {
          const answer = await call(request, person);
          const leaked = leaks(answer.body, request);
          if (leaked.length) problems.push(`${who} ${request.url} shows ${leaked.join(', ')}`);
          const earlier = before.get(key(route, request, who))!;
          if (answer.status !== earlier.status) problems.push(`${who} ${request.url}: ${earlier.status} then ${answer.status}`);
          else if (!VOLATILE.has(route) && answer.body !== earlier.body) problems.push(`${who} ${request.url}: the answer changed`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers writes that name a hidden asset as if it did not exist', async () => {
    const problems: string[] = [];
    for (const [route, probe] of Object.entries(WRITE_PROBES)) {
      if (probe === 'reads no assets') continue;
      for (const request of probe(spot)) {
        for (const [who, person] of [
          ['anonymous', null],
          ['resident', resident],
        ] as const) {
          const answer = await call(request, person);
          if (leaks(answer.body, request).length) problems.push(`${who} ${route} shows ${leaks(answer.body, request).join(', ')}`);
          // Nobody may need to sign in first (401); a resident gets the not-found answer.
          const expected = person ? [404] : [401, 404];
          if (!expected.includes(answer.status)) problems.push(`${who} ${route}: ${answer.status} ${answer.body.slice(0, 100)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses staff routes to nobody and to residents without saying anything about the assets', async () => {
    const problems: string[] = [];
    for (const [route, probe] of Object.entries(STAFF_ONLY_READS)) {
      for (const request of probe(spot)) {
        const anonymous = await call(request, null);
        const asResident = await call(request, resident);
        if (anonymous.status !== 401) problems.push(`anonymous ${route}: ${anonymous.status}`);
        if (asResident.status !== 403) problems.push(`resident ${route}: ${asResident.status}`);
        for (const answer of [anonymous, asResident]) if (leaks(answer.body, request).length) problems.push(`${route} leaks`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows workers the sensitive asset on its own uncacheable URL', async () => {
    const worker = await signedIn(app(), 'worker', 'reader');
    const res = await app().inject({ url: `/api/worker/assets/${spot.sensitiveId}`, headers: worker.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: spot.sensitiveId, name: spot.name, sensitive: true });
    expect(res.headers['cache-control']).toBe('private, no-store');
  });
});
