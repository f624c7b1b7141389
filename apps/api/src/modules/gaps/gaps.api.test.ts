import { CoverageOverrideResult, EquityResult, ErrorBody, GapsLayer, GapsResult, sortGapRows } from '@common-ground/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { signedIn } from '../../testing/people.js';

/*
 * GET /api/gaps, /api/gaps/layer and /api/gaps/equity, and PUT /api/coverage, on the shipped
 * data. A category made for this file (with its own source covering England as a complete
 * register) has assets placed by the test, so England's figures for it can be recomputed
 * here independently (plain distances from the residence points) and the national cuts per
 * rural-urban class checked against an independent ranking.
 */

interface Home {
  code: string;
  lad: string;
  ruc: string | null;
  e: number;
  n: number;
  population: number | null;
  decile: number | null;
  rank: number | null;
}

/** The independent rule: per class, worst first, cut at ⌈f·n⌉ (f = 1/5: (n + 4) div 5 in integers), ties in. */
function expectedCuts(values: { ruc: string; bad: number }[]): Map<string, { ranked: number; position: number; bad: number }> {
  const byClass = new Map<string, number[]>();
  for (const v of values) byClass.set(v.ruc, [...(byClass.get(v.ruc) ?? []), v.bad]);
  const cuts = new Map<string, { ranked: number; position: number; bad: number }>();
  for (const [ruc, bads] of byClass) {
    bads.sort((a, b) => b - a);
    const position = Math.floor((bads.length + 4) / 5);
    cuts.set(ruc, { ranked: bads.length, position, bad: bads[position - 1]! });
  }
  return cuts;
}

describe.each(inject('databases'))('GET /api/gaps on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}${Date.now()}`;
  const category = `test-gaps-${unique}`;
  const empty = `test-gaps-empty-${unique}`;
  const parent = `test-gaps-parent-${unique}`;
  const childA = `test-gaps-a-${unique}`;
  const childB = `test-gaps-b-${unique}`;
  const source = `test-gaps-${unique}`;
  const partialSource = `test-gaps-partial-${unique}`;
  const assetIds: string[] = [];
  let ward: string;
  let wardLad: string;
  let lsoas: Home[];
  let homes: Home[];

  const get = async (query: string, path = '/api/gaps') => app().inject({ method: 'GET', url: `${path}?${query}` });
  const list = async (query: string) => {
    const res = await get(query);
    expect(res.statusCode, res.body).toBe(200);
    return GapsResult.parse(res.json());
  };
  const addAsset = async (cat: string, at: Home) => {
    const { rows } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
       VALUES ($1, $2, ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 27700), 4326), 'exact', 'published', 'test', 'ODbL-1.0')
       RETURNING id`,
      [`Gaps test ${unique}`, cat, at.e, at.n],
    );
    assetIds.push(rows[0]!.id);
  };

  beforeAll(async () => {
    const { rows: wards } = await app().pg.query<{ ward_code: string }>(
      `SELECT ward_code FROM areas WHERE ward_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 4 AND 8 ORDER BY 1 LIMIT 1`,
    );
    ward = wards[0]!.ward_code;
    const { rows } = await app().pg.query<Home & { ward: string | null }>(
      `SELECT a.code, a.lad_code AS lad, a.ruc21_code AS ruc, a.ward_code AS ward, ST_X(rp.geom_bng) AS e, ST_Y(rp.geom_bng) AS n,
              a.population, m.decile::int AS decile, m.rank::int AS rank
       FROM areas a JOIN area_residence_points rp ON rp.area_code = a.code
       LEFT JOIN need_measures m ON m.area_code = a.code AND m.measure = 'imd' AND m.vintage = 'IoD2025'
       ORDER BY a.code`,
    );
    homes = rows;
    lsoas = rows.filter((r) => r.ward === ward);
    wardLad = lsoas[0]!.lad;
    for (const [code, name, parentCode] of [
      [category, 'Gaps tests', null],
      [empty, 'Gaps empties', null],
      [parent, 'Gaps parents', null],
      [childA, 'Gaps A', parent],
      [childB, 'Gaps B', parent],
    ] as const) {
      await app().pg.query(`INSERT INTO categories (code, name, abcd_type, colour, parent_code) VALUES ($1, $2, 'association', '#123456', $3)`, [
        code,
        `${name} ${unique}`,
        parentCode,
      ]);
    }
    await app().pg.query(
      `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, covers_england, completeness)
       VALUES ($1, 'Gaps test register', 'test', 'ODbL-1.0', 'test', '2025-01-01', true, 'complete'),
              ($2, 'Gaps test directory', 'test', 'ODbL-1.0', 'test', '2025-01-01', false, 'partial')`,
      [source, partialSource],
    );
    await app().pg.query(
      `INSERT INTO source_coverage_categories (source_code, category_code, completeness)
       VALUES ($1, $3, 'complete'), ($1, $4, 'complete'), ($1, $5, 'complete'), ($2, $6, 'partial')`,
      [source, partialSource, category, empty, childA, childB],
    );
    await app().pg.query('INSERT INTO source_coverage_areas (source_code, lad_code) VALUES ($1, $2)', [partialSource, wardLad]);
    // Three assets: in the ward's first LSOA, and at two LSOAs far from it.
    await addAsset(category, lsoas[0]!);
    await addAsset(category, homes[Math.floor(homes.length / 3)]!);
    await addAsset(category, homes[Math.floor((2 * homes.length) / 3)]!);
    await addAsset(childA, lsoas[0]!);
  });

  afterAll(async () => {
    await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [assetIds]);
    await app().pg.query('DELETE FROM coverage_overrides WHERE category_code = ANY($1::text[])', [[childA, childB, parent]]);
    await app().pg.query('DELETE FROM provision_results WHERE category_code = ANY($1::text[])', [[category, empty, parent, childA, childB]]);
    await app().pg.query('DELETE FROM sources WHERE code = ANY($1::text[])', [[source, partialSource]]);
    await app().pg.query('DELETE FROM categories WHERE code = ANY($1::text[])', [[childA, childB]]);
    await app().pg.query('DELETE FROM categories WHERE code = ANY($1::text[])', [[category, empty, parent]]);
  });

  /** The test category's nearest distance and count within 800 m for every LSOA, recomputed here from the assets the test placed. */
  const independent = async () => {
    const { rows: assets } = await app().pg.query<{ e: number; n: number }>(
      'SELECT ST_X(geom_bng) AS e, ST_Y(geom_bng) AS n FROM assets WHERE category_code = $1',
      [category],
    );
    return new Map(
      homes.map((h) => {
        const d = assets.map((a) => Math.sqrt((a.e - h.e) ** 2 + (a.n - h.n) ** 2));
        return [h.code, { nearest: Math.min(...d), count800: d.filter((x) => x <= 800).length }];
      }),
    );
  };

  it('thresholds per rural-urban class: national cuts equal an independent ranking of England, and the ward is cut by them', async () => {
    const figures = await independent();
    const classed = homes.filter((h) => h.ruc);
    const want = expectedCuts(classed.map((h) => ({ ruc: h.ruc!, bad: figures.get(h.code)!.nearest })));
    const body = await list(`category=${category}&area=${ward}&measure=nearest`);
    expect(body.ranked).toBe(classed.length);
    expect(body.thresholds.map((t) => t.ruc).sort()).toEqual([...want.keys()].sort());
    expect(new Set(body.thresholds.map((t) => t.ruc)).size).toBeGreaterThanOrEqual(5);
    for (const t of body.thresholds) {
      const w = want.get(t.ruc)!;
      expect({ ranked: t.ranked, position: t.position, atFloor: t.atFloor }).toEqual({ ranked: w.ranked, position: w.position, atFloor: false });
      expect(t.cut).toBeCloseTo(w.bad, 6);
      expect(t.name).toMatch(/^(Urban|Larger rural|Smaller rural)/);
    }
    for (const row of body.rows) {
      const cut = want.get(row.ruc!)!.bad;
      expect(row.coverage).toBe('complete');
      expect(row.nearestMetres).toBeCloseTo(figures.get(row.code)!.nearest, 6);
      expect(row.worstFifth).toBe(figures.get(row.code)!.nearest >= cut - 1e-6);
      expect(row.flag).toBe(row.worstFifth && row.deprived);
      if (row.flag) expect(row.reason).toMatch(/^IMD decile [12]; nearest .* in the worst fifth of .* LSOAs .* in England \(.* or farther\)\.$/);
    }
    expect(body.settings.noneWithin).toBeNull();
    expect(body.rows.every((r) => !r.nothingWithin)).toBe(true);
  });

  it('counts at the floor: the cut is 0 in every class, and only LSOAs with none AND a nearest distance in the worst fifth of their class are thin', async () => {
    const figures = await independent();
    const classed = homes.filter((h) => h.ruc);
    const nearestCuts = expectedCuts(classed.map((h) => ({ ruc: h.ruc!, bad: figures.get(h.code)!.nearest })));
    const body = await list(`category=${category}&area=${ward}&measure=count_800`);
    for (const t of body.thresholds) {
      expect(t).toMatchObject({ cut: 0, atFloor: true });
      expect(t.nearestCut).toBeCloseTo(nearestCuts.get(t.ruc)!.bad, 6);
    }
    for (const row of body.rows) {
      const f = figures.get(row.code)!;
      expect(row.count800).toBe(f.count800);
      expect(row.worstFifth).toBe(f.count800 === 0 && f.nearest >= nearestCuts.get(row.ruc!)!.bad - 1e-6);
    }
  });

  it('a ward never re-ranks: each LSOA is thin or not whether looked at in its ward or on its own', async () => {
    const inWard = await list(`category=${category}&area=${ward}`);
    for (const row of inWard.rows.slice(0, 3)) {
      const alone = await list(`category=${category}&area=${row.code}`);
      expect(alone.rows[0]).toEqual(row);
      expect(alone.thresholds).toEqual(inWard.thresholds);
    }
  });

  it('partial coverage never flags: figures are shown as known assets only', async () => {
    await app().pg.query(`UPDATE source_coverage_categories SET completeness = 'partial' WHERE source_code = $1 AND category_code = $2`, [source, category]);
    try {
      const body = await list(`category=${category}&area=${ward}&deprived_deciles=10&worst_fraction=1`);
      expect(body.coverageCounts).toEqual({ complete: 0, partial: lsoas.length, no_data: 0 });
      expect(body.flagged).toBe(0);
      expect(body.ranked).toBe(0);
      for (const row of body.rows) {
        expect(row).toMatchObject({ coverage: 'partial', flag: false, worstFifth: false });
        expect(row.nearestMetres).not.toBeNull();
        expect(row.reason).toMatch(/^Known assets only/);
      }
      const csv = (await get(`category=${category}&area=${ward}&format=csv`)).body;
      expect(csv.split('\r\n')[1]).toContain(',partial,');
    } finally {
      await app().pg.query(`UPDATE source_coverage_categories SET completeness = 'complete' WHERE source_code = $1 AND category_code = $2`, [source, category]);
    }
  });

  it('edge censoring: past the edge of the covered territory a figure is a bound, not ranked or flagged, and out of the national cuts', async () => {
    // A local authority next to the ward's becomes partial (a worker's override): the territory
    // where the category is complete is England without it, and its boundary is an edge.
    const { rows: next } = await app().pg.query<{ lad: string }>(
      `SELECT DISTINCT o.lad_code AS lad FROM areas a JOIN areas o ON ST_Intersects(a.geom, o.geom)
       WHERE a.lad_code = $1 AND o.lad_code <> $1 ORDER BY 1 LIMIT 1`,
      [wardLad],
    );
    const outside = next[0]!.lad;
    // The edge from every residence point, recomputed here: distance to the outside authority's LSOAs as one shape.
    const { rows: edgeRows } = await app().pg.query<{ code: string; edge: number }>(
      `WITH x AS (SELECT ST_Transform(ST_Union(geom), 27700) AS g FROM areas WHERE lad_code = $1)
       SELECT rp.area_code AS code, ST_Distance(x.g, rp.geom_bng) AS edge FROM area_residence_points rp, x`,
      [outside],
    );
    const edgeOf = new Map(edgeRows.map((r) => [r.code, r.edge]));
    await app().pg.query(`INSERT INTO coverage_overrides (category_code, lad_code, completeness, reason) VALUES ($1, $2, 'partial', 'edge censoring test')`, [
      category,
      outside,
    ]);
    try {
      const figures = await independent();
      const censoredHere = (code: string) => edgeOf.get(code)! < figures.get(code)!.nearest;
      const body = await list(`category=${category}&area=${wardLad}&measure=nearest&deprived_deciles=10&worst_fraction=1&limit=50000`);
      let censored = 0;
      for (const row of body.rows) {
        const f = figures.get(row.code)!;
        const edge = edgeOf.get(row.code)!;
        expect(row.coverage).toBe('complete');
        expect(row.censored, row.code).toBe(censoredHere(row.code));
        // The edge is reported where it is within the farthest any figure reaches (nearest asset, 1,600 m).
        if (edge < Math.max(1600, f.nearest)) expect(row.edgeMetres).toBeCloseTo(edge, 3);
        else expect(row.edgeMetres).toBeNull();
        if (row.censored) {
          censored++;
          expect(row).toMatchObject({ flag: false, worstFifth: false, provClass: 0 });
          expect(row.reason).toMatch(/^Beyond the covered area: the nearest known .* but the edge .* \(at least .*\); not ranked or flagged\.$/);
        } else {
          // worst_fraction=1 and every decile deprived: everything ranked is flagged.
          expect(row.flag).toBe(true);
        }
      }
      expect(censored).toBeGreaterThan(0);
      expect(censored).toBeLessThan(body.rows.length);
      expect(body.censoredCount).toBe(censored);

      // England's distribution leaves out the outside authority and every censored LSOA.
      const inCuts = homes.filter((h) => h.ruc && h.lad !== outside && !censoredHere(h.code));
      const want = expectedCuts(inCuts.map((h) => ({ ruc: h.ruc!, bad: figures.get(h.code)!.nearest })));
      const cutBody = await list(`category=${category}&area=${wardLad}&measure=nearest`);
      expect(cutBody.ranked).toBe(inCuts.length);
      for (const t of cutBody.thresholds) expect(t.cut).toBeCloseTo(want.get(t.ruc)!.bad, 6);

      // A count reaches its band, and at least its nearest asset.
      const counts = await list(`category=${category}&area=${wardLad}&measure=count_800&limit=50000`);
      for (const row of counts.rows) {
        expect(row.censored).toBe(edgeOf.get(row.code)! < Math.max(800, figures.get(row.code)!.nearest));
      }

      // The equity gradient leaves censored LSOAs out, and says how many.
      const equity = EquityResult.parse((await get(`category=${category}&area=${wardLad}&measure=nearest`, '/api/gaps/equity')).json());
      expect(equity.leftOutAsCensored).toBe(censored);
      expect(equity.lsoas).toBe(body.rows.length - censored);

      const csv = (await get(`category=${category}&area=${wardLad}&format=csv`)).body.split('\r\n');
      expect(csv[0]).toContain(',edgeMetres,censored,');
    } finally {
      await app().pg.query('DELETE FROM coverage_overrides WHERE category_code = $1 AND lad_code = $2', [category, outside]);
    }
  });

  it('no asset of the category where its coverage is complete: nothing is flagged, and the answer says so', async () => {
    const body = await list(`category=${empty}&area=${ward}&deprived_deciles=10`);
    expect(body.noAssetAnywhere).toBe(true);
    expect(body.flagged).toBe(0);
    expect(body.rows.every((r) => r.coverage === 'complete' && r.nearestMetres === null && !r.flag)).toBe(true);
  });

  it('parent completeness: complete only where every child holding assets is complete; a worker override (audited) moves it', async () => {
    // Only child A holds assets: the parent is as complete as A.
    let body = await list(`category=${parent}&area=${ward}`);
    expect(body.rows.every((r) => r.coverage === 'complete')).toBe(true);
    // Child B gets an asset; its only source is partial in the ward's authority (and silent elsewhere).
    await addAsset(childB, homes.at(-1)!);
    body = await list(`category=${parent}&area=${ward}`);
    expect(body.rows.every((r) => r.coverage === 'partial' && !r.flag)).toBe(true);
    expect((await list(`category=${childB}&area=${ward}`)).rows.every((r) => r.coverage === 'partial')).toBe(true);
    const elsewhere = homes.find((h) => h.lad !== wardLad)!;
    expect((await list(`category=${parent}&area=${elsewhere.code}`)).rows[0]!.coverage).toBe('partial');
    expect((await list(`category=${childB}&area=${elsewhere.code}`)).rows[0]!.coverage).toBe('no_data');

    // A worker says B is complete in the ward's authority: the parent becomes complete there.
    const url = `/api/coverage/${childB}/${wardLad}`;
    const payload = { completeness: 'complete', reason: 'Checked against the council list' };
    expect((await app().inject({ method: 'PUT', url, payload })).statusCode).toBe(401);
    const resident = await signedIn(app(), 'resident');
    expect((await app().inject({ method: 'PUT', url, payload, headers: resident.headers })).statusCode).toBe(403);
    const worker = await signedIn(app(), 'worker');
    const noCsrf = { cookie: worker.headers.cookie! };
    expect((await app().inject({ method: 'PUT', url, payload, headers: noCsrf })).statusCode).toBe(403);
    const bad = await app().inject({ method: 'PUT', url, payload: { completeness: 'complete', reason: '' }, headers: worker.headers });
    expect(bad.statusCode).toBe(400);
    expect((await app().inject({ method: 'PUT', url: `/api/coverage/${childB}/E06999999`, payload, headers: worker.headers })).statusCode).toBe(404);
    // A worker limited to a ward (or to another authority) cannot speak for the whole authority; one limited to it can.
    const limited = await signedIn(app(), 'worker');
    await app().pg.query('INSERT INTO user_area_limits (user_id, area_code) VALUES ($1, $2)', [limited.user.id, ward]);
    const outside = await app().inject({ method: 'PUT', url, payload, headers: limited.headers });
    expect(outside.statusCode, outside.body).toBe(403);
    expect(ErrorBody.parse(outside.json()).code).toBe('outside_your_areas');
    await app().pg.query('INSERT INTO user_area_limits (user_id, area_code) VALUES ($1, $2)', [limited.user.id, wardLad]);
    const inside = await app().inject({
      method: 'PUT',
      url,
      payload: { completeness: 'partial', reason: 'Checked by the limited worker' },
      headers: limited.headers,
    });
    expect(inside.statusCode, inside.body).toBe(200);
    const res = await app().inject({ method: 'PUT', url, payload, headers: worker.headers });
    expect(res.statusCode, res.body).toBe(200);
    const set = CoverageOverrideResult.parse(res.json());
    expect(set).toMatchObject({ derived: 'partial', completeness: 'complete' });
    // Newest first.
    expect(set.history.map((h) => h.setBy)).toEqual([worker.user.id, limited.user.id]);
    expect(set.history[0]).toMatchObject({ previous: 'partial', completeness: 'complete', reason: 'Checked against the council list', setBy: worker.user.id });
    const { rows: audit } = await app().pg.query(`SELECT details FROM audit_log WHERE action = 'coverage_override' AND actor_id = $1`, [worker.user.id]);
    expect(audit).toHaveLength(1);
    body = await list(`category=${parent}&area=${ward}`);
    expect(body.rows.every((r) => r.coverage === 'complete')).toBe(true);
    expect((await list(`category=${parent}&area=${elsewhere.code}`)).rows[0]!.coverage).toBe('partial');
  });

  it('on real data (GP practices, a complete national register): measure changes who is flagged; none_within is opt-in and only adds flags', async () => {
    const lad = 'E08000019'; // Sheffield
    const flagged = async (query: string) =>
      new Set((await list(`category=gp-practice&area=${lad}&limit=50000&${query}`)).rows.filter((r) => r.flag).map((r) => r.code));
    const nearest = await flagged('measure=nearest');
    const count = await flagged('measure=count_1600');
    const e2sfca = await flagged('measure=e2sfca');
    expect(nearest.size).toBeGreaterThan(0);
    expect(e2sfca.size).toBeGreaterThan(0);
    expect([...nearest].sort()).not.toEqual([...count].sort());
    expect([...nearest].sort()).not.toEqual([...e2sfca].sort());
    // At the floor a count defers to nearest distance among the LSOAs with none (README, "Gaps").
    const count800 = await list(`category=gp-practice&area=${lad}&measure=count_800`);
    for (const t of count800.thresholds.filter((x) => x.atFloor)) expect(t.nearestCut).not.toBeNull();
    const withNone = await flagged('measure=nearest&none_within=800');
    expect([...nearest].every((c) => withNone.has(c))).toBe(true);
    const body = await list(`category=gp-practice&area=${lad}`);
    expect(body.coverageCounts.complete).toBe(body.total);
    // E2SFCA weighs GP practices by registered patients; the answer says how many had none known.
    const { rows } = await app().pg.query<{ unknown: number; zero: number }>(
      `SELECT count(*) FILTER (WHERE capacity IS NULL)::int AS unknown, count(*) FILTER (WHERE capacity = 0)::int AS zero
       FROM public_assets WHERE category_code = 'gp-practice' AND lifecycle_status <> 'defunct'`,
    );
    expect(body.capacity).toMatchObject({ weighted: true, unit: 'registered patients', unknown: rows[0]!.unknown, zero: rows[0]!.zero });
    expect((await list(`category=health&area=${lad}`)).capacity).toMatchObject({ weighted: false, unit: null });
  });

  it('equity: per-decile figures and the concentration index equal a hand calculation from the ranked rows', async () => {
    const res = await get(`category=${category}&area=${wardLad}&measure=nearest`, '/api/gaps/equity');
    expect(res.statusCode, res.body).toBe(200);
    const body = EquityResult.parse(res.json());
    const rows = (await list(`category=${category}&area=${wardLad}&limit=50000`)).rows.filter((r) => r.coverage === 'complete');
    expect(body.lsoas).toBe(rows.length);
    for (const d of body.deciles) {
      const of = rows.filter((r) => r.decile === d.decile);
      const values = of.map((r) => r.nearestMetres!).sort((a, b) => a - b);
      const q = (p: number) => (values.length === 0 ? null : values[Math.ceil(p * values.length) - 1]!);
      const residents = of.reduce((s, r) => s + (r.population ?? 0), 0);
      expect(d).toMatchObject({ lsoas: of.length, residents, median: q(0.5), q1: q(0.25), q3: q(0.75) });
      if (residents > 0) expect(d.beyond800).toBeCloseTo(of.filter((r) => r.nearestMetres! > 800).reduce((s, r) => s + r.population!, 0) / residents, 12);
    }
    // Wagstaff's index by hand: ranked by IMD rank, most deprived first.
    const ranked = rows.filter((r) => r.rank !== null && (r.population ?? 0) > 0).sort((a, b) => a.rank! - b.rank!);
    const total = ranked.reduce((s, r) => s + r.population!, 0);
    const mean = ranked.reduce((s, r) => s + r.population! * r.nearestMetres!, 0) / total;
    let before = 0;
    let sum = 0;
    for (const r of ranked) {
      const fr = (before + r.population! / 2) / total;
      sum += (r.population! / total) * (r.nearestMetres! - mean) * (fr - 0.5);
      before += r.population!;
    }
    expect(body.concentrationIndex).toBeCloseTo((2 * sum) / mean, 9);
    expect(body.sentence).toMatch(/better served|worse served|no clear gradient/);

    const csv = await get(`category=${category}&area=${wardLad}&format=csv`, '/api/gaps/equity');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('decile,lsoas,residents,noValue,median,q1,q3,beyond800,beyond1600');
    expect(lines).toHaveLength(12);
    const accept = await app().inject({ method: 'GET', url: `/api/gaps/equity?category=${category}&area=${wardLad}`, headers: { accept: 'text/csv' } });
    expect(accept.body).toBe(csv.body);
  });

  it('CSV: a header and one row per LSOA, as many as the JSON total, with coverage and rural-urban class', async () => {
    const json = await list(`category=${category}&area=${ward}`);
    const res = await get(`category=${category}&area=${ward}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="gaps-${category}-${ward}.csv"`);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'position,code,name,population,decile,rank,deprived,coverage,ruc,nearestMetres,count400,count800,count1600,per1000_400,per1000_800,per1000_1600,e2sfca,value,edgeMetres,censored,worstFifth,nothingWithin,flag,reason',
    );
    expect(lines.length - 1).toBe(json.total);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(json.rows.map((r) => r.code));
    // Figures are rounded for a spreadsheet (issue 17): whole metres, at most 4 decimals.
    const header = lines[0]!.split(',');
    for (const [i, line] of lines.slice(1).entries()) {
      const cells = line.split(',');
      const nearest = json.rows[i]!.nearestMetres;
      expect(cells[header.indexOf('nearestMetres')]).toBe(nearest === null ? '' : String(Math.round(nearest)));
      for (const cell of cells.slice(0, header.indexOf('reason'))) expect(cell).not.toMatch(/\.\d{5,}/);
    }
  });

  it('limit, offset, sort and order page and reorder the whole list', async () => {
    const all = await list(`category=${category}&area=${ward}`);
    const page = await list(`category=${category}&area=${ward}&limit=2&offset=1`);
    expect(page.total).toBe(all.total);
    expect(page.rows.map((r) => r.code)).toEqual(all.rows.slice(1, 3).map((r) => r.code));
    for (const [sort, order] of [
      ['nearest', 'desc'],
      ['population', 'asc'],
      ['name', 'asc'],
    ] as const) {
      const sorted = await list(`category=${category}&area=${ward}&sort=${sort}&order=${order}`);
      expect(sorted.rows.map((r) => r.code)).toEqual(sortGapRows(all.rows, sort, order).map((r) => r.code));
    }
  });

  it('layer: one entry per LSOA with the classes, flag and coverage of the ranked list; cached with an ETag', async () => {
    for (const query of [`category=${category}&area=${ward}`, `category=${category}&area=${ward}&measure=count_800&deprived_deciles=4`]) {
      const res = await get(query, '/api/gaps/layer');
      expect(res.statusCode).toBe(200);
      const layer = GapsLayer.parse(res.json());
      const ranked = await list(query);
      expect(Object.keys(layer.classes).sort()).toEqual(lsoas.map((l) => l.code));
      expect(layer.settings).toEqual(ranked.settings);
      expect(layer.thresholds).toEqual(ranked.thresholds);
      for (const row of ranked.rows) {
        expect(layer.classes[row.code]).toEqual([row.depClass, row.provClass, row.flag ? 1 : 0]);
        expect(layer.coverage[row.code]).toBe(row.coverage);
        expect(row.depClass === 3 && row.provClass === 3).toBe(row.flag);
      }
      const etag = res.headers.etag as string;
      // Weak comparison (RFC 9110 §13.1.2): a proxy may have weakened the tag; lists; `*` is any copy.
      for (const header of [etag, `W/${etag}`, `"other", W/${etag}`, '*']) {
        expect((await app().inject({ method: 'GET', url: `/api/gaps/layer?${query}`, headers: { 'if-none-match': header } })).statusCode, header).toBe(304);
      }
    }
  });

  it.each([
    ['category=Not A Code', 'querystring.category'],
    ['category=no-such-category-anywhere', 'querystring.category'],
    ['domain=wealth', 'querystring.domain'],
    ['measure=count_900', 'querystring.measure'],
    ['deprived_deciles=0', 'querystring.deprived_deciles'],
    ['worst_fraction=0', 'querystring.worst_fraction'],
    ['worst_fraction=1.5', 'querystring.worst_fraction'],
    ['none_within=-5', 'querystring.none_within'],
    ['format=xml', 'querystring.format'],
    ['sort=colour', 'querystring.sort'],
    ['limit=0', 'querystring.limit'],
    ['area=E05999999', 'querystring.area'],
  ])('400 for %s, naming %s', async (query, param) => {
    const res = await get(query.startsWith('area=') ? query : `${query}&area=E01000001`);
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).message).toContain(param);
  });

  it.each([
    ['category=Not A Code', 'querystring.category'],
    ['measure=count_900', 'querystring.measure'],
    ['area=Nowhere-upon-Nothing', 'querystring.area'],
  ])('equity: 400 for %s, naming %s', async (query, param) => {
    const res = await get(query.startsWith('area=') ? query : `${query}&area=E01000001`, '/api/gaps/equity');
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).message).toContain(param);
  });
});
