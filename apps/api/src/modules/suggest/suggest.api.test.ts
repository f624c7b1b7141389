import { ErrorBody, SuggestResults, type Suggestion } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';

describe.each(inject('databases'))('suggestions on the $kind database', (database) => {
  const app = useApp(database);

  async function suggest(q: string, extra = ''): Promise<Suggestion[]> {
    const res = await app().inject(`/api/suggest?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return SuggestResults.parse(res.json()).suggestions;
  }

  it('offers categories, then places, then assets, in that order', async () => {
    const found = await suggest('libr');
    const kinds = found.map((s) => s.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ['category', 'place', 'asset'].indexOf(a) - ['category', 'place', 'asset'].indexOf(b)));
    expect(found.find((s) => s.kind === 'category')).toMatchObject({ code: 'library' });
    expect(found.filter((s) => s.kind === 'asset').length).toBeGreaterThan(0);
  });

  it('forgives typos in category names', async () => {
    const categories = (await suggest('fod bank')).filter((s) => s.kind === 'category');
    expect(categories[0]).toMatchObject({ code: 'food-bank', label: 'Food banks and pantries', detail: 'Food support' });
  });

  it('offers a council, then its wards and neighbourhoods, from the first letters of a name', async () => {
    const places = (await suggest('sheffiel')).filter((s) => s.kind === 'place');
    expect(places[0]).toMatchObject({ placeKind: 'local_authority', value: 'E08000019', label: 'Sheffield', detail: 'local authority' });
    const lsoa = (await suggest('Sheffield 001')).find((s) => s.kind === 'place' && s.placeKind === 'lsoa');
    expect(lsoa).toMatchObject({ detail: 'LSOA, Sheffield' });
    expect(lsoa?.kind === 'place' && /^E01\d{6}$/.test(lsoa.value)).toBe(true);
  });

  it('offers an area from its GSS code, in any case', async () => {
    const lsoa = (await suggest('Sheffield 001')).find((s) => s.kind === 'place' && s.placeKind === 'lsoa');
    const code = lsoa?.kind === 'place' ? lsoa.value : '';
    expect((await suggest(code.toLowerCase())).filter((s) => s.kind === 'place')).toEqual([lsoa]);
    expect((await suggest('E08000019')).find((s) => s.kind === 'place')).toMatchObject({ placeKind: 'local_authority', label: 'Sheffield' });
    expect((await suggest('E01999999')).filter((s) => s.kind === 'place')).toEqual([]);
  });

  it('offers a postcode, a sector while a unit is typed, and a district', async () => {
    expect((await suggest('gl12tg')).find((s) => s.kind === 'place')).toMatchObject({ placeKind: 'postcode', value: 'GL1 2TG' });
    expect((await suggest('GL1 2T')).find((s) => s.kind === 'place')).toMatchObject({ placeKind: 'sector', value: 'GL1 2' });
    expect((await suggest('GL1')).find((s) => s.kind === 'place')).toMatchObject({ placeKind: 'district', value: 'GL1' });
    // Not a live postcode: nothing made up.
    expect((await suggest('ZZ9 9ZZ')).filter((s) => s.kind === 'place')).toEqual([]);
  });

  it('offers public assets by name, never sensitive or unpublished ones', async () => {
    await app().pg.query(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, sensitive, source, licence)
       VALUES ('Quokkaville refuge', 'community-centre', ST_SetSRID(ST_MakePoint(-2.244, 51.864), 4326), 'exact',
               'published', true, 'suggest-test', 'none'),
              ('Quokkaville pending', 'community-group', ST_SetSRID(ST_MakePoint(-2.245, 51.865), 4326), 'exact',
               'pending', false, 'suggest-test', 'none'),
              ('Quokkaville lunch club', 'community-group', ST_SetSRID(ST_MakePoint(-2.246, 51.866), 4326), 'exact',
               'published', false, 'suggest-test', 'none')`,
    );
    try {
      const assets = (await suggest('quokkavil')).filter((s) => s.kind === 'asset').map((s) => s.label);
      expect(assets).toEqual(['Quokkaville lunch club']);
    } finally {
      await app().pg.query("DELETE FROM assets WHERE source = 'suggest-test'");
    }
  });

  it('keeps to the limit per kind', async () => {
    const found = await suggest('a', '&limit=2');
    for (const kind of ['category', 'place', 'asset'] as const) {
      expect(found.filter((s) => s.kind === kind).length).toBeLessThanOrEqual(2);
    }
  });

  it.each([
    ['', 'querystring.q'],
    ['q=food&limit=11', 'querystring.limit'],
    [`q=${'x'.repeat(101)}`, 'querystring.q'],
  ])('rejects %s with a 400 naming %s', async (query, path) => {
    const res = await app().inject(`/api/suggest?${query}`);
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).issues?.map((i) => i.path)).toContain(path);
  });
});
