import { ErrorBody, HsdsApiInfo, HsdsServicePage, HsdsTaxonomyPage, HsdsTaxonomyTermPage, SearchResults } from '@common-ground/schema';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { hsdsErrors } from '../../testing/hsds-schemas.js';
import { CATEGORY_TAXONOMY, categoryTermId } from './hsds-mapping.js';

const WORD = `Qreferral${randomUUID().slice(0, 6)}`;

describe.each(inject('databases'))('Open Referral API on the $kind database', (database) => {
  const app = useApp(database);
  let sensitiveId = '';

  beforeAll(async () => {
    const { rows } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, sensitive, source, licence)
       VALUES ($1, 'community-centre', ST_SetSRID(ST_MakePoint(-2.244, 51.864), 4326), 'exact', 'published', true, 'openreferral-test', 'none')
       RETURNING id`,
      [`${WORD} refuge`],
    );
    sensitiveId = rows[0]!.id;
  });
  afterAll(async () => {
    await app().pg.query("DELETE FROM assets WHERE source = 'openreferral-test'");
  });

  async function getJson(url: string): Promise<unknown> {
    const res = await app().inject(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    return res.json();
  }
  async function searchTotal(query: string): Promise<number> {
    const res = await app().inject(`/api/search?${query}&page_size=1`);
    expect(res.statusCode, res.body).toBe(200);
    return SearchResults.parse(res.json()).total;
  }

  it('says which HSDS it follows and the licences of its data', async () => {
    const info = HsdsApiInfo.parse(await getJson('/openreferral/'));
    expect(info.version).toBe('3.0');
    expect(info.x_licences.find((l) => l.licence === 'ODbL-1.0')).toMatchObject({ share_alike: true });
    expect(info.x_licences.find((l) => l.licence === 'OGL-UK-3.0')).toMatchObject({ share_alike: false });
  });

  it('pages services with HSDS paging fields, each page valid against the official schemas', async () => {
    const query = 'category=library&area=E08000019';
    const total = await searchTotal(query);
    expect(total).toBeGreaterThan(5);
    const first = await getJson(`/openreferral/services?${query}&per_page=5`);
    expect(hsdsErrors('servicePage', first)).toBe('');
    const page = HsdsServicePage.parse(first);
    expect(page).toMatchObject({
      total_items: total,
      total_pages: Math.ceil(total / 5),
      page_number: 1,
      size: 5,
      first_page: true,
      last_page: false,
      empty: false,
    });
    for (const service of page.contents) expect(hsdsErrors('service', service)).toBe('');

    const lastNumber = Math.ceil(total / 5);
    const last = HsdsServicePage.parse(await getJson(`/openreferral/services?${query}&per_page=5&page=${lastNumber}`));
    expect(last).toMatchObject({ page_number: lastNumber, size: total - 5 * (lastNumber - 1), first_page: false, last_page: true, empty: false });
    const beyond = HsdsServicePage.parse(await getJson(`/openreferral/services?${query}&per_page=5&page=${lastNumber + 1}`));
    expect(beyond).toMatchObject({ size: 0, last_page: true, empty: true, contents: [] });
    const none = HsdsServicePage.parse(await getJson(`/openreferral/services?search=${WORD}`));
    expect(none).toMatchObject({ total_items: 0, total_pages: 0, empty: true, first_page: true, last_page: true });
  });

  it('fails the page schema when a paging field is wrong (the check is real)', async () => {
    const page = (await getJson('/openreferral/services?category=library&area=E08000019&per_page=2')) as Record<string, unknown>;
    expect(hsdsErrors('servicePage', { ...page, total_items: 'many' })).toMatch(/integer/);
    const { empty: _empty, ...noEmpty } = page;
    expect(hsdsErrors('servicePage', noEmpty)).toMatch(/empty/);
    expect(hsdsErrors('servicePage', { ...page, contents: [{ name: 'no id' }] })).toMatch(/id/);
  });

  it('filters by taxonomy term, by id or category code, with its narrower terms', async () => {
    const byId = HsdsServicePage.parse(await getJson(`/openreferral/services?taxonomy_term_id=${categoryTermId('health')}&postcode=GL1%202TG&radius=3000`));
    const byCode = HsdsServicePage.parse(await getJson('/openreferral/services?taxonomy_term_id=health&postcode=GL1%202TG&radius=3000'));
    const total = await searchTotal('category=health&postcode=GL1%202TG&radius=3000');
    expect(total).toBeGreaterThan(0);
    expect(byId.total_items).toBe(total);
    expect(byCode.total_items).toBe(total);
    expect(new Set(byId.contents.map((s) => s.attributes[0]!.taxonomy_term.parent_id))).toEqual(new Set([categoryTermId('health')]));
  });

  it('gives one service in full, and a 404 for a sensitive, unknown or malformed id', async () => {
    const page = HsdsServicePage.parse(await getJson('/openreferral/services?category=library&area=E08000019&per_page=1'));
    const id = page.contents[0]!.id;
    const service = await getJson(`/openreferral/services/${id}`);
    expect(hsdsErrors('service', service)).toBe('');
    expect(service).toEqual(page.contents[0]);
    for (const missing of [sensitiveId, randomUUID(), 'not-an-id']) {
      const res = await app().inject(`/openreferral/services/${missing}`);
      expect(res.statusCode).toBe(404);
      expect(ErrorBody.parse(res.json()).code).toBe('not_found');
      expect(res.body).not.toContain(WORD);
    }
  });

  it('lists our categories as one taxonomy and its terms, valid against the official schemas', async () => {
    const taxonomies = await getJson('/openreferral/taxonomies');
    expect(hsdsErrors('taxonomyPage', taxonomies)).toBe('');
    expect(HsdsTaxonomyPage.parse(taxonomies).contents).toEqual([CATEGORY_TAXONOMY]);
    expect(hsdsErrors('taxonomy', await getJson(`/openreferral/taxonomies/${CATEGORY_TAXONOMY.id}`))).toBe('');

    const terms = await getJson('/openreferral/taxonomy_terms?per_page=100');
    expect(hsdsErrors('taxonomyTermPage', terms)).toBe('');
    const page = HsdsTaxonomyTermPage.parse(terms);
    const { rows } = await app().pg.query<{ n: number }>('SELECT count(*)::int AS n FROM categories');
    expect(page.total_items).toBe(rows[0]!.n);
    const library = page.contents.find((t) => t.code === 'library')!;
    expect(library.taxonomy_id).toBe(CATEGORY_TAXONOMY.id);
    const parent = page.contents.find((t) => t.id === library.parent_id);
    expect(parent).toBeDefined();
    expect(hsdsErrors('taxonomyTerm', await getJson(`/openreferral/taxonomy_terms/${library.id}`))).toBe('');
    expect((await app().inject('/openreferral/taxonomy_terms/no-such-term')).statusCode).toBe(404);
    expect((await app().inject(`/openreferral/taxonomies/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('answers If-None-Match with a 304', async () => {
    const first = await app().inject('/openreferral/services?category=library&area=E08000019');
    const again = await app().inject({
      url: '/openreferral/services?category=library&area=E08000019',
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });

  it.each([
    ['/openreferral/services?page=0', 'querystring.page'],
    ['/openreferral/services?per_page=500', 'querystring.per_page'],
    ['/openreferral/services?per_page=ten', 'querystring.per_page'],
    ['/openreferral/services?taxonomy_term_id=nothing-like-it', 'querystring.taxonomy_term_id'],
    ['/openreferral/services?category=library&taxonomy_term_id=library', 'querystring.taxonomy_term_id'],
    ['/openreferral/services?search=a&text=b', 'querystring.text'],
    ['/openreferral/taxonomy_terms?page=-1', 'querystring.page'],
    ['/openreferral/taxonomies?per_page=0', 'querystring.per_page'],
  ])('rejects %s with a 400 naming %s', async (url, path) => {
    const res = await app().inject(url);
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).issues?.map((i) => i.path)).toContain(path);
  });
});
