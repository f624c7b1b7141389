import { AreaProvision, ErrorBody, GapsLayer, GapsResult, sortGapRows, type GapMeasure, type GapRow } from '@common-ground/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';

/*
 * GET /api/gaps on a small real ward, checked against an independent calculation from
 * /api/areas/:code/provision figures and need_measures deciles; ties and "nothing within"
 * on a category made for this file (with a test source covering it), so no other asset counts.
 */

interface Lsoa {
  code: string;
  decile: number | null;
}

/** The independent rule: worst first, cut at position ⌈fraction × n⌉, ties at the cut included. */
function expected(
  lsoas: Lsoa[],
  provision: Map<string, AreaProvision>,
  category: string,
  measure: GapMeasure,
  fraction = 0.2,
  deciles = 2,
  within = 800,
) {
  const figures = lsoas.map((l) => {
    const c = provision.get(l.code)!.categories.find((x) => x.code === category)!;
    const value =
      c.coverage === 'no_data'
        ? undefined
        : measure === 'nearest'
          ? c.nearestMetres
          : measure === 'e2sfca'
            ? c.e2sfca
            : c.bands!.find((b) => b.metres === Number(measure.slice(6)))!.count;
    return { ...l, c, value };
  });
  // Worse-than as a comparison: nearest larger (null worst), others smaller.
  const worse = (a: number | null, b: number | null): number =>
    measure === 'nearest' ? (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b) : (b ?? 0) - (a ?? 0);
  const ranked = figures.filter((f) => f.value !== undefined).sort((a, b) => worse(b.value!, a.value!));
  const position = Math.max(1, Math.ceil(fraction * ranked.length - 1e-9));
  const cut = ranked.length > 0 ? ranked[position - 1]!.value! : undefined;
  const rows = new Map(
    figures.map((f) => {
      const covered = f.value !== undefined;
      const worstFifth = covered && cut !== undefined && worse(f.value!, cut) >= 0;
      const nothingWithin = covered && (f.c.nearestMetres === null || f.c.nearestMetres > within);
      const deprived = f.decile !== null && f.decile <= deciles;
      return [f.code, { worstFifth, nothingWithin, flag: covered && deprived && (worstFifth || nothingWithin), value: f.value }];
    }),
  );
  return { cut: cut ?? null, rows, ranked: ranked.length, worse };
}

describe.each(inject('databases'))('GET /api/gaps on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}${Date.now()}`;
  const category = `test-gaps-${unique}`;
  const source = `test-gaps-${unique}`;
  const assetIds: string[] = [];
  let ward: string;
  let lsoas: Lsoa[];
  let realCategory: string;

  const get = async (query: string) => app().inject({ method: 'GET', url: `/api/gaps?${query}` });
  const provisionOf = async () => {
    const map = new Map<string, AreaProvision>();
    for (const l of lsoas) {
      const res = await app().inject({ method: 'GET', url: `/api/areas/${l.code}/provision` });
      expect(res.statusCode).toBe(200);
      map.set(l.code, AreaProvision.parse(res.json()));
    }
    return map;
  };

  beforeAll(async () => {
    const { rows: wards } = await app().pg.query<{ ward_code: string }>(
      `SELECT ward_code FROM areas WHERE ward_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 4 AND 8 ORDER BY 1 LIMIT 1`,
    );
    ward = wards[0]!.ward_code;
    const { rows } = await app().pg.query<Lsoa>(
      `SELECT a.code, m.decile::int AS decile FROM areas a
       LEFT JOIN need_measures m ON m.area_code = a.code AND m.measure = 'imd' AND m.vintage = 'IoD2025'
       WHERE a.ward_code = $1 ORDER BY a.code`,
      [ward],
    );
    lsoas = rows;
    // The real category with the most public assets.
    const { rows: cats } = await app().pg.query<{ category_code: string }>(
      `SELECT category_code FROM public_assets GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    realCategory = cats[0]!.category_code;
    await app().pg.query(`INSERT INTO categories (code, name, abcd_type, colour) VALUES ($1, $2, 'association', '#123456')`, [
      category,
      `Gaps test ${unique}`,
    ]);
    await app().pg.query(
      `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, covers_england)
       VALUES ($1, 'Gaps test source', 'test', 'ODbL-1.0', 'test', '2025-01-01', true)`,
      [source],
    );
    await app().pg.query('INSERT INTO source_coverage_categories (source_code, category_code) VALUES ($1, $2)', [source, category]);
  });

  afterAll(async () => {
    await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [assetIds]);
    await app().pg.query('DELETE FROM provision_results WHERE category_code = $1', [category]);
    await app().pg.query('DELETE FROM sources WHERE code = $1', [source]);
    await app().pg.query('DELETE FROM categories WHERE code = $1', [category]);
  });

  const checkAgainst = async (cat: string, measure: GapMeasure) => {
    const res = await get(`category=${cat}&area=${ward}&measure=${measure}`);
    expect(res.statusCode).toBe(200);
    const body = GapsResult.parse(res.json());
    const want = expected(lsoas, await provisionOf(), cat, measure);
    expect(body.total).toBe(lsoas.length);
    expect(body.ranked).toBe(want.ranked);
    if (want.cut === null) expect(body.threshold).toBeNull();
    else expect(body.threshold).toBeCloseTo(want.cut, 6);
    expect(body.worstFifthCount).toBe([...want.rows.values()].filter((r) => r.worstFifth).length);
    expect(body.flagged).toBe([...want.rows.values()].filter((r) => r.flag).length);
    for (const row of body.rows) {
      const w = want.rows.get(row.code)!;
      expect({ code: row.code, worstFifth: row.worstFifth, nothingWithin: row.nothingWithin, flag: row.flag }).toEqual({
        code: row.code,
        worstFifth: w.worstFifth,
        nothingWithin: w.nothingWithin,
        flag: w.flag,
      });
      expect(row.decile).toBe(lsoas.find((l) => l.code === row.code)!.decile);
      if (row.coverage === 'no_data') expect(row.flag).toBe(false);
    }
    // Ranking: flagged first, then most deprived decile, then worst measure.
    for (let i = 1; i < body.rows.length; i++) {
      const a = body.rows[i - 1]!;
      const b = body.rows[i]!;
      const key = (r: GapRow) => [r.flag ? 0 : 1, r.decile ?? 11];
      const [af, ad] = key(a);
      const [bf, bd] = key(b);
      expect(af! < bf! || (af === bf && ad! < bd!) || (af === bf && ad === bd && (b.coverage === 'no_data' || want.worse(a.value, b.value) >= 0))).toBe(true);
    }
    return body;
  };

  it('a real ward and category: threshold, flags and order equal an independent calculation from the provision figures', async () => {
    await checkAgainst(realCategory, 'nearest');
    await checkAgainst(realCategory, 'count_800');
    await checkAgainst(realCategory, 'e2sfca');
    const body = await checkAgainst('*', 'count_1600');
    expect(body.method).toMatch(/ties|tied/i);
    expect(body.settings.area.kind).toBe('ward');
    expect(body.settings.area.code).toBe(ward);
  });

  it('ties: with no asset of the category anywhere every LSOA is tied at the cut, so all are in the worst fifth', async () => {
    const res = await get(`category=${category}&area=${ward}`);
    expect(res.statusCode).toBe(200);
    const body = GapsResult.parse(res.json());
    expect(body.threshold).toBeNull();
    expect(body.ranked).toBe(lsoas.length);
    expect(body.worstFifthCount).toBe(lsoas.length);
    expect(body.rows.every((r) => r.worstFifth && r.nothingWithin && r.nearestMetres === null && r.count800 === 0)).toBe(true);
    const deprived = lsoas.filter((l) => l.decile !== null && l.decile <= 2).length;
    expect(body.flagged).toBe(deprived);
    // More deprived deciles flag more: with all ten, every LSOA with a decile is flagged.
    const all = GapsResult.parse((await get(`category=${category}&area=${ward}&deprived_deciles=10`)).json());
    expect(all.flagged).toBe(lsoas.filter((l) => l.decile !== null).length);
    expect(all.rows.slice(0, all.flagged).every((r) => r.flag)).toBe(true);

    const counts = GapsResult.parse((await get(`category=${category}&area=${ward}&measure=count_800`)).json());
    expect(counts.threshold).toBe(0);
    expect(counts.worstFifthCount).toBe(lsoas.length);
  });

  it('ties at the cut with one asset: an independent calculation agrees, and only LSOAs at or worse than the cut are in', async () => {
    const { rows } = await app().pg.query<{ x: number; y: number }>(
      'SELECT ST_X(geom_bng) AS x, ST_Y(geom_bng) AS y FROM area_residence_points WHERE area_code = $1',
      [lsoas[0]!.code],
    );
    const { rows: made } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
       VALUES ($1, $2, ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 27700), 4326), 'exact', 'published', 'test', 'ODbL-1.0')
       RETURNING id`,
      [`Gaps test ${unique}`, category, rows[0]!.x, rows[0]!.y],
    );
    assetIds.push(made[0]!.id);
    for (const measure of ['nearest', 'count_400', 'count_1600', 'e2sfca'] as const) {
      const body = await checkAgainst(category, measure);
      // The LSOA the asset stands in has the best figures, so is out unless everyone ties.
      const first = body.rows.find((r) => r.code === lsoas[0]!.code)!;
      if (body.worstFifthCount < lsoas.length) expect(first.worstFifth).toBe(false);
    }
  });

  it('CSV: a header and one row per LSOA, as many as the JSON total', async () => {
    const json = GapsResult.parse((await get(`category=${realCategory}&area=${ward}`)).json());
    const res = await get(`category=${realCategory}&area=${ward}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="gaps-${realCategory}-${ward}.csv"`);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'position,code,name,population,decile,rank,deprived,coverage,nearestMetres,count400,count800,count1600,per1000_400,per1000_800,per1000_1600,e2sfca,value,worstFifth,nothingWithin,flag,reason',
    );
    expect(lines.length - 1).toBe(json.total);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(json.rows.map((r) => r.code));
    expect(res.body).not.toMatch(/Worst \d+% and ties/);
    const star = await get(`area=${ward}&format=csv`);
    expect(star.headers['content-disposition']).toBe(`attachment; filename="gaps-all-${ward}.csv"`);
  });

  it('limit and offset page the JSON rows; total stays the whole area', async () => {
    const all = GapsResult.parse((await get(`category=${realCategory}&area=${ward}`)).json());
    const page = GapsResult.parse((await get(`category=${realCategory}&area=${ward}&limit=2&offset=1`)).json());
    expect(page.total).toBe(all.total);
    expect(page.rows.map((r) => r.code)).toEqual(all.rows.slice(1, 3).map((r) => r.code));
  });

  it('all of England without stored figures is a 409 telling the operator to recompute', async () => {
    const res = await get(`category=${category}`);
    expect(res.statusCode).toBe(409);
    const body = ErrorBody.parse(res.json());
    expect(body.code).toBe('provision_not_computed');
    expect(body.message).toContain('pnpm provision:recompute');
  });

  it('sort and order reorder the whole list before paging; rows without the figure stay last', async () => {
    const all = GapsResult.parse((await get(`category=${realCategory}&area=${ward}`)).json());
    for (const [sort, order] of [['nearest', 'desc'], ['population', 'asc'], ['name', 'asc'], ['count_800', 'asc']] as const) {
      const sorted = GapsResult.parse((await get(`category=${realCategory}&area=${ward}&sort=${sort}&order=${order}`)).json());
      expect(sorted.rows.map((r) => r.code)).toEqual(sortGapRows(all.rows, sort, order).map((r) => r.code));
      const page = GapsResult.parse((await get(`category=${realCategory}&area=${ward}&sort=${sort}&order=${order}&limit=2&offset=1`)).json());
      expect(page.rows.map((r) => r.code)).toEqual(sorted.rows.slice(1, 3).map((r) => r.code));
    }
    const byNearest = GapsResult.parse((await get(`category=${realCategory}&area=${ward}&sort=nearest&order=desc`)).json()).rows;
    const distances = byNearest.filter((r) => r.coverage === 'covered').map((r) => r.nearestMetres ?? Infinity);
    expect(distances).toEqual([...distances].sort((a, b) => b - a));
  });

  it('layer: one entry per LSOA of the area, with the classes and flag of the ranked list', async () => {
    for (const query of [`category=${realCategory}&area=${ward}`, `area=${ward}&measure=count_800&deprived_deciles=4`, `category=${category}&area=${ward}&measure=e2sfca`]) {
      const res = await app().inject({ method: 'GET', url: `/api/gaps/layer?${query}` });
      expect(res.statusCode).toBe(200);
      const layer = GapsLayer.parse(res.json());
      const list = GapsResult.parse((await get(query)).json());
      expect(Object.keys(layer.classes).sort()).toEqual(lsoas.map((l) => l.code));
      expect(layer.settings).toEqual(list.settings);
      expect(layer.flagged).toBe(list.flagged);
      for (const row of list.rows) {
        expect(layer.classes[row.code]).toEqual([row.depClass, row.provClass, row.flag ? 1 : 0]);
      }
    }
  });

  it('layer classes: deprivation by decile, provision thin / worse half / better half; cell (3, 3) is exactly the flagged LSOAs', async () => {
    const provision = await provisionOf();
    const layer = GapsLayer.parse((await app().inject({ method: 'GET', url: `/api/gaps/layer?category=${realCategory}&area=${ward}&measure=count_1600` })).json());
    const want = expected(lsoas, provision, realCategory, 'count_1600');
    const ranked = [...want.rows.values()].filter((r) => r.value !== undefined).map((r) => r.value as number).sort((a, b) => a - b);
    const halfCut = ranked[Math.max(1, Math.ceil(0.5 * ranked.length)) - 1];
    for (const l of lsoas) {
      const [dep, prov, flag] = layer.classes[l.code]!;
      expect(dep).toBe(l.decile === null ? 0 : l.decile <= 2 ? 3 : l.decile <= 6 ? 2 : 1);
      const w = want.rows.get(l.code)!;
      const wantProv = w.value === undefined ? 0 : w.worstFifth || w.nothingWithin ? 3 : (w.value as number) <= halfCut! ? 2 : 1;
      expect(prov).toBe(wantProv);
      expect(flag === 1).toBe(w.flag);
      expect(dep === 3 && prov === 3).toBe(w.flag);
    }
  });

  it('layer: public caching with an ETag of the answer; If-None-Match gives a 304, and a new asset a new ETag', async () => {
    const url = `/api/gaps/layer?category=${category}&area=${ward}&measure=count_1600`;
    const first = await app().inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app().inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await app().inject({ method: 'GET', url })).headers.etag).toBe(etag);
    // Weak comparison (RFC 9110 §13.1.2): a proxy may have weakened the tag; `*` is any copy.
    for (const header of [`W/${etag}`, `"other", W/${etag}`, '*']) {
      expect((await app().inject({ method: 'GET', url, headers: { 'if-none-match': header } })).statusCode, header).toBe(304);
    }

    // An asset of the category in the ward's last LSOA changes its counts, so the answer and its ETag.
    const { rows } = await app().pg.query<{ x: number; y: number }>(
      'SELECT ST_X(geom_bng) AS x, ST_Y(geom_bng) AS y FROM area_residence_points WHERE area_code = $1',
      [lsoas.at(-1)!.code],
    );
    const { rows: made } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
       VALUES ($1, $2, ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 27700), 4326), 'exact', 'published', 'test', 'ODbL-1.0')
       RETURNING id`,
      [`Gaps layer test ${unique}`, category, rows[0]!.x, rows[0]!.y],
    );
    assetIds.push(made[0]!.id);
    const after = await app().inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('layer: all of England without stored figures is the same 409 as the list', async () => {
    const res = await app().inject({ method: 'GET', url: `/api/gaps/layer?category=${category}` });
    expect(res.statusCode).toBe(409);
    expect(ErrorBody.parse(res.json()).code).toBe('provision_not_computed');
  });

  it.each([
    ['category=Not A Code', 'querystring.category'],
    ['measure=count_900', 'querystring.measure'],
    ['worst_fraction=0', 'querystring.worst_fraction'],
    ['area=Nowhere-upon-Nothing', 'querystring.area'],
  ])('layer: 400 for %s, naming %s', async (query, param) => {
    const res = await app().inject({ method: 'GET', url: `/api/gaps/layer?${query.startsWith('area=') ? query : `${query}&area=E01000001`}` });
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).message).toContain(param);
  });

  it.each([
    ['category=Not A Code', 'querystring.category'],
    ['category=no-such-category-anywhere', 'querystring.category'],
    ['domain=wealth', 'querystring.domain'],
    ['measure=count_900', 'querystring.measure'],
    ['deprived_deciles=0', 'querystring.deprived_deciles'],
    ['deprived_deciles=11', 'querystring.deprived_deciles'],
    ['worst_fraction=0', 'querystring.worst_fraction'],
    ['worst_fraction=1.5', 'querystring.worst_fraction'],
    ['none_within=-5', 'querystring.none_within'],
    ['format=xml', 'querystring.format'],
    ['sort=colour', 'querystring.sort'],
    ['order=up', 'querystring.order'],
    ['limit=0', 'querystring.limit'],
    ['offset=-1', 'querystring.offset'],
    ['area=E05999999', 'querystring.area'],
    ['area=Nowhere-upon-Nothing', 'querystring.area'],
  ])('400 for %s, naming %s', async (query, param) => {
    const res = await get(query.startsWith('area=') ? query : `${query}&area=E01000001`);
    expect(res.statusCode).toBe(400);
    const body = ErrorBody.parse(res.json());
    expect(body.message).toContain(param);
  });
});
