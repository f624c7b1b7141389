import { HsdsServiceAtLocationPage, HsdsServicePage, SearchResults } from '@common-ground/schema';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { hsdsErrors, profileOpenApi } from '../../testing/hsds-schemas.js';
import { CATEGORY_TAXONOMY, categoryTermId, organisationId } from './hsds-mapping.js';

/**
 * Conformance with the Open Referral UK profile: walks the profile's own openapi.json, calls
 * every operation with every parameter it documents, validates each answer with the
 * official schemas, and checks that each filter changes the results the way the profile
 * says. The filters are tried on a few services made here (one search word finds only
 * them), so what each must keep and leave out is known.
 */
const WORD = `Qconform${randomUUID().slice(0, 6)}`;
const ORGANISATION = `${WORD} Trust`;

interface Made {
  name: string;
  ageMin: number | null;
  ageMax: number | null;
  /** Weekly intervals, minutes from Monday 00:00. */
  open: [number, number][];
  organisation: string | null;
  modified: string;
}
const MADE: Made[] = [
  { name: 'toddlers', ageMin: 0, ageMax: 4, open: [[540, 720]], organisation: ORGANISATION, modified: '2026-06-01T10:00:00Z' }, // Mo 09:00-12:00
  { name: 'juniors', ageMin: 5, ageMax: 11, open: [[5 * 1440 + 840, 5 * 1440 + 1080]], organisation: null, modified: '2026-06-01T10:00:00Z' }, // Sa 14:00-18:00
  { name: 'youth', ageMin: 12, ageMax: 18, open: [[2 * 1440 + 1020, 2 * 1440 + 1260]], organisation: ORGANISATION, modified: '2019-03-01T10:00:00Z' }, // We 17:00-21:00
  {
    name: 'everyone',
    ageMin: null,
    ageMax: null,
    open: [
      [540, 1020],
      [5 * 1440 + 600, 5 * 1440 + 960],
    ],
    organisation: null,
    modified: '2026-06-01T10:00:00Z',
  }, // Mo 09-17, Sa 10-16
];

/** Which of MADE (by name) each profile parameter, with the value given, must keep. */
const FILTERS: Record<string, { value: string; keeps: string[] }[]> = {
  minimum_age: [{ value: '5', keeps: ['juniors', 'youth'] }],
  maximum_age: [{ value: '11', keeps: ['toddlers', 'juniors'] }],
  day: [
    { value: 'SA', keeps: ['juniors', 'everyone'] },
    { value: 'Wednesday', keeps: ['youth'] },
  ],
  start_time: [{ value: '14:00', keeps: ['juniors', 'youth'] }],
  end_time: [{ value: '12:00', keeps: ['toddlers'] }],
  taxonomy_id: [
    { value: CATEGORY_TAXONOMY.id, keeps: ['toddlers', 'juniors', 'youth', 'everyone'] },
    { value: randomUUID(), keeps: [] },
  ],
  taxonomy_term_id: [
    { value: categoryTermId('community-centre'), keeps: ['toddlers', 'juniors'] },
    { value: 'library', keeps: ['youth', 'everyone'] },
  ],
};
/** Filters the profile defines in components but on no path of its own: we apply them too. */
const EXTRA_FILTERS: Record<string, { value: string; keeps: string[] }[]> = {
  modified_after: [{ value: '2024-01-01T00:00:00Z', keeps: ['toddlers', 'juniors', 'everyone'] }],
  organization_id: [
    { value: organisationId(ORGANISATION), keeps: ['toddlers', 'youth'] },
    { value: randomUUID(), keeps: [] },
  ],
};

describe.each(inject('databases'))('Open Referral UK profile conformance on the $kind database', (database) => {
  const app = useApp(database);
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    for (const [i, made] of MADE.entries()) {
      const { rows } = await app().pg.query<{ id: string }>(
        `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence, age_min, age_max, organisation, opening_hours, updated_at)
         VALUES ($1, $2, ST_SetSRID(ST_MakePoint(-2.244 + $3 * 0.0005, 51.864), 4326), 'exact', 'published', 'conformance-test', 'OGL-UK-3.0', $4, $5, $6, 'see intervals', $7)
         RETURNING id`,
        [`${WORD} ${made.name}`, i < 2 ? 'community-centre' : 'library', i, made.ageMin, made.ageMax, made.organisation, made.modified],
      );
      const id = rows[0]!.id;
      idOf.set(made.name, id);
      for (const [opens, closes] of made.open) {
        await app().pg.query('INSERT INTO asset_open_intervals (asset_id, opens, closes) VALUES ($1, $2, $3)', [id, opens, closes]);
      }
    }
  });
  afterAll(async () => {
    await app().pg.query("DELETE FROM assets WHERE source = 'conformance-test'");
  });

  const profile = profileOpenApi();
  const operations = Object.entries(profile.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method === 'get')
      .map(([, op]) => {
        const operation = op as { operationId: string; parameters?: { $ref?: string; name?: string }[] };
        const names = (operation.parameters ?? []).map((p) => (p.$ref ? profile.components.parameters[p.$ref.split('/').pop()!]!.name : p.name!));
        return { path, operationId: operation.operationId, names };
      }),
  );

  it('implements every operation the profile defines', async () => {
    expect(operations.map((o) => o.path).sort()).toEqual(
      [
        '/',
        '/services',
        '/services/{id}',
        '/service_at_locations',
        '/service_at_locations/{id}',
        '/taxonomies',
        '/taxonomies/{id}',
        '/taxonomy_terms',
        '/taxonomy_terms/{id}',
      ].sort(),
    );
    const ids: Record<string, string> = {
      '/services/{id}': idOf.get('youth')!,
      '/service_at_locations/{id}': idOf.get('youth')!,
      '/taxonomies/{id}': CATEGORY_TAXONOMY.id,
      '/taxonomy_terms/{id}': categoryTermId('library'),
    };
    for (const { path } of operations) {
      const url = `/openreferral${path === '/' ? '/' : path.replace('{id}', ids[path] ?? '')}`;
      const res = await app().inject(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      const body: unknown = res.json();
      const schema = {
        '/services': 'servicePage',
        '/services/{id}': 'service',
        '/service_at_locations': 'serviceAtLocationPage',
        '/service_at_locations/{id}': 'serviceAtLocation',
        '/taxonomies': 'taxonomyPage',
        '/taxonomies/{id}': 'taxonomy',
        '/taxonomy_terms': 'taxonomyTermPage',
        '/taxonomy_terms/{id}': 'taxonomyTerm',
      }[path] as Parameters<typeof hsdsErrors>[0] | undefined;
      if (schema) expect(hsdsErrors(schema, body), url).toBe('');
    }
  });

  for (const list of ['/services', '/service_at_locations'] as const) {
    async function names(query: string): Promise<string[]> {
      const url = `/openreferral${list}?${query}&per_page=100`;
      const res = await app().inject(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
      const body: unknown = res.json();
      expect(hsdsErrors(list === '/services' ? 'servicePage' : 'serviceAtLocationPage', body), url).toBe('');
      const services =
        list === '/services'
          ? HsdsServicePage.parse(body).contents
          : HsdsServiceAtLocationPage.parse(body).contents.map((item) => ({ ...item.service, id: item.service_id }));
      return services.map((s) => [...idOf].find(([, id]) => id === s.id)?.[0] ?? `other:${s.id}`).sort();
    }

    it(`${list}: every parameter the profile documents is applied as it says`, async () => {
      const documented = operations.find((o) => o.path === list)!.names;
      // search: the word made here finds exactly the services made here (among ~15,000).
      const all = await names(`search=${WORD}`);
      expect(all).toEqual(MADE.map((m) => m.name).sort());
      for (const name of documented) {
        if (['search', 'page', 'per_page', 'postcode', 'proximity'].includes(name)) continue; // tried below
        const cases = FILTERS[name];
        expect(cases, `a test case for the profile's ${name}`).toBeDefined();
        for (const { value, keeps } of cases!) {
          expect(await names(`search=${WORD}&${name}=${encodeURIComponent(value)}`), `${name}=${value}`).toEqual([...keeps].sort());
        }
      }
      for (const [name, cases] of Object.entries(EXTRA_FILTERS)) {
        for (const { value, keeps } of cases) {
          expect(await names(`search=${WORD}&${name}=${encodeURIComponent(value)}`), `${name}=${value}`).toEqual([...keeps].sort());
        }
      }
      // Filters combine: a Saturday opening from 14:00.
      expect(await names(`search=${WORD}&day=SA&start_time=14:00`)).toEqual(['juniors']);
    });

    it(`${list}: pages as the profile's Page says`, async () => {
      const res = await app().inject(`/openreferral${list}?search=${WORD}&per_page=3&page=2`);
      expect(res.json()).toMatchObject({ total_items: 4, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true });
    });

    it(`${list}: a parameter it does not define is a 400 naming it, never ignored`, async () => {
      const res = await app().inject(`/openreferral${list}?search=${WORD}&minimal=true`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('minimal');
    });

    it(`${list}: bad filter values are a 400 naming the parameter`, async () => {
      for (const [query, param] of [
        ['day=Someday', 'day'],
        ['start_time=9am', 'start_time'],
        ['start_time=18:00&end_time=09:00', 'end_time'],
        ['minimum_age=old', 'minimum_age'],
        ['modified_after=yesterday', 'modified_after'],
        ['organization_id=not-a-uuid', 'organization_id'],
        ['proximity=100', 'proximity'],
      ]) {
        const res = await app().inject(`/openreferral${list}?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.body, query).toContain(`querystring.${param}`);
      }
    });
  }

  it('/service_at_locations: postcode and proximity find what the search finds within that many metres', async () => {
    const totals: number[] = [];
    for (const proximity of [100, 3000]) {
      const res = await app().inject(`/openreferral/service_at_locations?postcode=GL1%202TG&proximity=${proximity}&per_page=1`);
      expect(res.statusCode, res.body).toBe(200);
      const search = await app().inject(`/api/search?postcode=GL1%202TG&radius=${proximity}&page_size=1`);
      const expected = SearchResults.parse(search.json()).total;
      expect(HsdsServiceAtLocationPage.parse(res.json()).total_items).toBe(expected);
      totals.push(expected);
    }
    expect(totals[0]).toBeLessThan(totals[1]!);
  });

  it('/service_at_locations/{id}: the service at its location, and a 404 for an unknown id', async () => {
    const id = idOf.get('juniors')!;
    const res = await app().inject(`/openreferral/service_at_locations/${id}`);
    const service = (await app().inject(`/openreferral/services/${id}`)).json<{ service_at_locations: { id: string; location: unknown }[]; name: string }>();
    expect(res.json()).toMatchObject({
      id: service.service_at_locations[0]!.id,
      service_id: id,
      location: service.service_at_locations[0]!.location,
      service: { name: service.name },
    });
    expect((await app().inject(`/openreferral/service_at_locations/${randomUUID()}`)).statusCode).toBe(404);
  });
});
