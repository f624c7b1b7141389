import { AreaProvision, ErrorBody, GapsResult } from '@common-ground/schema';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { poolTransact } from '../../db/transaction.js';
import { useApp } from '../../testing/api-app.js';
import { ensureProvisionWatermark, runProvisionWorker } from '../../testing/provision-worker.js';
import { storeFigures } from './provision.repository.js';
import { computeProvision, type ProvisionFigures } from './provision-compute.repository.js';
import { recomputeBatch } from './provision-recompute.repository.js';
import { DEFAULT_SETTINGS } from './provision.service.js';

/*
 * Provision metrics on real LSOAs, with assets of a category made for this file only, so
 * no other asset counts in it (and '*' is only compared, never hand-checked).
 */

interface Point {
  code: string;
  x: number;
  y: number;
  population: number;
}

const W = (d: number, d0 = 1600) => (Math.exp(-0.5 * (d / d0) ** 2) - Math.exp(-0.5)) / (1 - Math.exp(-0.5));

describe.each(inject('databases'))('provision metrics on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}${Date.now()}`;
  const category = `test-provision-${unique}`;
  const assetIds: string[] = [];

  const residence = async (where: string, params: unknown[] = []): Promise<Point> => {
    const { rows } = await app().pg.query<Point>(
      `SELECT r.area_code AS code, ST_X(r.geom_bng) AS x, ST_Y(r.geom_bng) AS y, a.population
       FROM area_residence_points r JOIN areas a ON a.code = r.area_code WHERE ${where} ORDER BY r.area_code LIMIT 1`,
      params,
    );
    return rows[0]!;
  };

  /** A published asset of the test category at BNG (x, y). */
  const addAsset = async (x: number, y: number): Promise<string> => {
    const { rows } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
       VALUES ($1, $2, ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 27700), 4326), 'exact', 'published', 'test', 'ODbL-1.0')
       RETURNING id`,
      [`Provision test ${unique} ${assetIds.length}`, category, x, y],
    );
    assetIds.push(rows[0]!.id);
    return rows[0]!.id;
  };
  const moveAsset = (id: string, x: number, y: number) =>
    app().pg.query(`UPDATE assets SET geom = ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 27700), 4326) WHERE id = $1`, [id, x, y]);

  const compute = (codes: string[], categories = [category]) => computeProvision(app().pg, codes, categories, DEFAULT_SETTINGS);

  beforeAll(async () => {
    await app().pg.query(`INSERT INTO categories (code, name, abcd_type, colour) VALUES ($1, $2, 'association', '#123456')`, [
      category,
      `Provision test ${unique}`,
    ]);
  });

  afterAll(async () => {
    await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [assetIds]);
    await app().pg.query('DELETE FROM provision_results WHERE category_code = $1', [category]);
    await app().pg.query('DELETE FROM categories WHERE code = $1', [category]);
  });

  describe('hand-computed cases', () => {
    let lone: Point;
    let ids: string[];

    afterAll(async () => {
      await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [ids]);
    });

    it('counts, nearest and per 1,000 residents around an LSOA with no other LSOA within 3.3 km', async () => {
      // Every asset below is within 1,600 m of this LSOA's residence point and so more than
      // 1,700 m from any other LSOA's: only this LSOA's population is in reach of them.
      lone = await residence(
        `a.population > 0 AND NOT EXISTS (SELECT 1 FROM area_residence_points o
           WHERE o.area_code <> r.area_code AND ST_DWithin(o.geom_bng, r.geom_bng, 3300))`,
      );
      ids = [
        await addAsset(lone.x + 300, lone.y), // 300 m east
        // 790 m south. (Assets store WGS84 and derive BNG, a round trip that moves a point by
        // under a millimetre, so a test cannot put one exactly on a band's edge.)
        await addAsset(lone.x, lone.y - 790),
        await addAsset(lone.x - 600, lone.y + 800), // √(600² + 800²) = 1,000 m
      ];
      const [f] = await compute([lone.code]);
      // within 400 m: the 300 m one; within 800 m: 300 and 790; within 1,600 m: all three.
      expect(f!.counts).toEqual([1, 2, 3]);
      // 300 m give or take the WGS84 round trip (under 1 mm).
      expect(f!.nearestM).toBeCloseTo(300, 2);
      // per 1,000: count × 1000 / the catchment's residents, here this LSOA's alone (none other within 3.3 km).
      expect(f!.per1000[0]).toBeCloseTo(1000 / lone.population, 9);
      expect(f!.per1000[2]).toBeCloseTo(3000 / lone.population, 9);
    });

    it('E2SFCA: with one LSOA in reach the weights cancel, A = 1000 × n / P', async () => {
      // R_j = 1 / (P × W(d_j)), so A = 1000 × Σ_j R_j × W(d_j) = 1000 × 3 / P.
      const [f] = await compute([lone.code]);
      expect(f!.e2sfca).toBeCloseTo((1000 * 3) / lone.population, 9);
      // The same with no decay ('none', classic 2SFCA), and a 900 m catchment leaves out the
      // 1,000 m asset: A = 1000 × 2 / P.
      const [g] = await computeProvision(app().pg, [lone.code], [category], { bands: [500], catchment: 900, decay: 'none' });
      expect(g!.counts).toEqual([1]);
      expect(g!.e2sfca).toBeCloseTo((1000 * 2) / lone.population, 9);
    });

    it('E2SFCA with two LSOAs sharing an asset, and the nearest far away by KNN', async () => {
      await app().pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [ids]);
      // Two LSOAs 1,000–1,500 m apart; one asset at the first, one 2 km beyond it (away from
      // the second): R_1 = 1 / (P_a W(0) + P_b W(d_ab) + others in reach).
      const a = await residence(
        `a.population > 0 AND EXISTS (SELECT 1 FROM area_residence_points o WHERE o.area_code <> r.area_code
           AND ST_DWithin(o.geom_bng, r.geom_bng, 1500) AND NOT ST_DWithin(o.geom_bng, r.geom_bng, 1000))
         AND r.area_code LIKE 'E0101%'`,
      );
      ids = [await addAsset(a.x, a.y)];
      // Where the asset is stored (its BNG position, derived from WGS84, is within 1 mm of a's).
      const { rows: stored } = await app().pg.query<{ x: number; y: number }>('SELECT ST_X(geom_bng) AS x, ST_Y(geom_bng) AS y FROM assets WHERE id = $1', [
        ids[0],
      ]);
      const at = stored[0]!;
      const { rows: reach } = await app().pg.query<Point>(
        `SELECT r.area_code AS code, ST_X(r.geom_bng) AS x, ST_Y(r.geom_bng) AS y, coalesce(a.population, 0) AS population
         FROM area_residence_points r JOIN areas a ON a.code = r.area_code
         WHERE ST_DWithin(r.geom_bng, ST_SetSRID(ST_MakePoint($1, $2), 27700), 1600)`,
        [at.x, at.y],
      );
      const dist = (p: Point) => Math.hypot(p.x - at.x, p.y - at.y);
      const R = 1 / reach.reduce((sum, p) => sum + p.population * W(dist(p)), 0);
      const b = reach.find((p) => dist(p) >= 1000 && dist(p) <= 1500)!;
      const figures = await compute(reach.map((p) => p.code));
      for (const p of reach) {
        const f = figures.find((x) => x.areaCode === p.code)!;
        // A_i = 1000 × R × W(d_i) for every LSOA i in reach of the one asset.
        expect(f.e2sfca).toBeCloseTo(1000 * R * W(dist(p)), 12);
        expect(f.nearestM).toBeCloseTo(dist(p), 6);
      }
      expect(figures.find((x) => x.areaCode === b.code)!.counts).toEqual([0, 0, 1]);
      // An LSOA 5 km away: nothing within reach, the nearest found by KNN, E2SFCA 0.
      const far = await residence(
        `ST_DWithin(r.geom_bng, ST_SetSRID(ST_MakePoint($1, $2), 27700), 6000)
         AND NOT ST_DWithin(r.geom_bng, ST_SetSRID(ST_MakePoint($1, $2), 27700), 5000)`,
        [a.x, a.y],
      );
      const [f] = await compute([far.code]);
      expect(f).toMatchObject({ counts: [0, 0, 0], e2sfca: 0 });
      expect(f!.nearestM).toBeCloseTo(Math.hypot(far.x - at.x, far.y - at.y), 6);
    });

    it('leaves out assets that are not public or are defunct, and says null where none exist', async () => {
      await app().pg.query(`UPDATE assets SET sensitive = true WHERE id = $1`, [ids[0]]);
      const [f] = await compute([lone.code]);
      expect(f).toMatchObject({ counts: [0, 0, 0], nearestM: null, e2sfca: 0 });
      await app().pg.query(`UPDATE assets SET sensitive = false, lifecycle_status = 'defunct' WHERE id = $1`, [ids[0]]);
      expect((await compute([lone.code]))[0]).toMatchObject({ counts: [0, 0, 0], nearestM: null });
    });
  });

  describe('kept current from the change queue', () => {
    const expectStoredEqualsFresh = async (app: FastifyInstance, codes: string[]) => {
      const { rows } = await app.pg.query<ProvisionFigures>(
        `SELECT area_code AS "areaCode", category_code AS "categoryCode", ARRAY[count_400, count_800, count_1600] AS counts,
                ARRAY[per_1000_400, per_1000_800, per_1000_1600] AS "per1000", nearest_m AS "nearestM", e2sfca
         FROM provision_results WHERE area_code = ANY($1::text[]) AND category_code = ANY($2::text[])
         ORDER BY area_code, category_code`,
        [codes, [category, '*']],
      );
      const fresh = await computeProvision(app.pg, codes, [category, '*'], DEFAULT_SETTINGS);
      expect(rows.length).toBe(fresh.length);
      for (const [i, f] of fresh.entries()) {
        const s = rows[i]!;
        expect([s.areaCode, s.categoryCode, s.counts]).toEqual([f.areaCode, f.categoryCode, f.counts]);
        if (f.nearestM === null) expect(s.nearestM).toBeNull();
        else expect(s.nearestM).toBeCloseTo(f.nearestM, 6);
        expect(s.e2sfca).toBeCloseTo(f.e2sfca, 12);
      }
    };

    it('after an asset is added, moved, hidden and deleted, the affected stored rows equal a full recompute', async () => {
      const transact = poolTransact(app().pg.pool);
      const applyQueued = () => runProvisionWorker(app(), database.kind);
      // Stored figures as a full recompute leaves them, for the LSOAs around one point.
      await ensureProvisionWatermark(app());
      await applyQueued();
      const centre = await residence(`r.area_code LIKE 'E0100%' AND a.population > 0`);
      const { rows } = await app().pg.query<{ code: string }>(
        `SELECT area_code AS code FROM area_residence_points
         WHERE ST_DWithin(geom_bng, ST_SetSRID(ST_MakePoint($1, $2), 27700), 3000) ORDER BY area_code`,
        [centre.x, centre.y],
      );
      const codes = rows.map((r) => r.code);
      await transact(async (tx) => storeFigures(tx, await computeProvision(tx, codes, [category, '*'], DEFAULT_SETTINGS)));
      await expectStoredEqualsFresh(app(), codes);

      const id = await addAsset(centre.x + 250, centre.y + 100);
      await applyQueued();
      await expectStoredEqualsFresh(app(), codes);

      await moveAsset(id, centre.x - 1200, centre.y - 300);
      await applyQueued();
      await expectStoredEqualsFresh(app(), codes);

      const second = await addAsset(centre.x + 2100, centre.y);
      await applyQueued();
      await expectStoredEqualsFresh(app(), codes);

      // Hidden from the public (sensitive): it no longer counts.
      await app().pg.query('UPDATE assets SET sensitive = true WHERE id = $1', [id]);
      await applyQueued();
      await expectStoredEqualsFresh(app(), codes);

      await app().pg.query('DELETE FROM assets WHERE id = $1', [second]);
      await applyQueued();
      await expectStoredEqualsFresh(app(), codes);
    });
  });

  describe('the set-based recompute (recomputeBatch)', () => {
    it('stores, for a batch of LSOAs and every category, the figures computeProvision gives', async () => {
      // A dense place and a sparse one, with test assets near the first so its own category
      // has counts, supply ratios shared across LSOAs, and LSOAs with none within reach.
      const town = await residence(`r.area_code LIKE 'E0103%' AND a.population > 0`);
      const country = await residence(`r.area_code LIKE 'E0102%' AND a.population > 0`);
      await addAsset(town.x + 300, town.y - 200);
      await addAsset(town.x - 900, town.y + 400);
      const { rows } = await app().pg.query<{ code: string }>(
        `SELECT area_code AS code FROM area_residence_points
         WHERE ST_DWithin(geom_bng, ST_SetSRID(ST_MakePoint($1, $2), 27700), 2500)
            OR ST_DWithin(geom_bng, ST_SetSRID(ST_MakePoint($3, $4), 27700), 2500)
         ORDER BY area_code`,
        [town.x, town.y, country.x, country.y],
      );
      const codes = rows.map((r) => r.code);
      const { rows: categoryRows } = await app().pg.query<{ code: string }>(`SELECT code FROM categories UNION ALL SELECT '*' ORDER BY 1`);
      const categories = categoryRows.map((r) => r.code);

      const stored = await poolTransact(app().pg.pool)((tx) => recomputeBatch(tx, codes, DEFAULT_SETTINGS));
      expect(stored).toBe(codes.length * categories.length);
      const fresh = await computeProvision(app().pg, codes, categories, DEFAULT_SETTINGS);
      const { rows: saved } = await app().pg.query<ProvisionFigures>(
        `SELECT area_code AS "areaCode", category_code AS "categoryCode", ARRAY[count_400, count_800, count_1600] AS counts,
                ARRAY[per_1000_400, per_1000_800, per_1000_1600] AS "per1000", nearest_m AS "nearestM", e2sfca
         FROM provision_results WHERE area_code = ANY($1::text[]) AND category_code = ANY($2::text[])
         ORDER BY area_code, category_code`,
        [codes, categories],
      );
      expect(saved.length).toBe(fresh.length);
      const key = (f: ProvisionFigures) => `${f.areaCode} ${f.categoryCode}`;
      const savedByKey = new Map(saved.map((f) => [key(f), f]));
      for (const f of fresh) {
        const s = savedByKey.get(key(f))!;
        // The same ST_Distance values and populations: only the order of sums may differ.
        expect({ counts: s.counts, per1000: s.per1000, nearestM: s.nearestM }, key(f)).toEqual({
          counts: f.counts,
          per1000: f.per1000,
          nearestM: f.nearestM,
        });
        expect(Math.abs(s.e2sfca - f.e2sfca), key(f)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(f.e2sfca)));
      }
      expect(saved.some((f) => f.categoryCode === category && f.counts[2]! > 0)).toBe(true);
      expect(saved.some((f) => f.categoryCode === category && f.counts[2] === 0 && f.nearestM !== null)).toBe(true);
    });
  });

  describe('GET /api/areas/:code/provision', () => {
    it("answers every category and all assets, with the gap answers' three-way coverage, and no data where no source covers the category", async () => {
      const area = await residence(`r.area_code LIKE 'E0101%'`);
      const res = await app().inject({ url: `/api/areas/${area.code}/provision` });
      expect(res.statusCode).toBe(200);
      const body = AreaProvision.parse(res.json());
      expect(body.settings).toEqual({ bands: [400, 800, 1600], catchment: 1600, decay: 'gaussian' });
      const all = body.categories.find((c) => c.code === '*')!;
      // All assets: complete only where every category holding assets is (the parent rule); partial somewhere is enough to be partial.
      expect(all.coverage).toBe('partial');
      // GP practices: a complete national register (NHS ODS).
      expect(body.categories.find((c) => c.code === 'gp-practice')!.coverage).toBe('complete');
      // The same value as the gap answers give for that LSOA.
      const gaps = GapsResult.parse((await app().inject({ url: `/api/gaps?category=gp-practice&area=${area.code}` })).json());
      expect(gaps.rows[0]!.coverage).toBe('complete');
      const [fresh] = await computeProvision(app().pg, [area.code], ['*'], DEFAULT_SETTINGS);
      expect(all.bands!.map((b) => b.count)).toEqual(fresh!.counts);
      expect(all.e2sfca).toBeCloseTo(fresh!.e2sfca, 12);
      // The test category: no source covers it anywhere.
      expect(body.categories.find((c) => c.code === category)).toMatchObject({ coverage: 'no_data', bands: null, nearestMetres: null, e2sfca: null });

      const custom = await app().inject({ url: `/api/areas/${area.code}/provision?bands=500,1000&catchment=2000&decay=none` });
      expect(custom.statusCode).toBe(200);
      const customBody = AreaProvision.parse(custom.json());
      expect(customBody.figures).toBe('computed');
      const [freshCustom] = await computeProvision(app().pg, [area.code], ['*'], { bands: [500, 1000], catchment: 2000, decay: 'none' });
      expect(customBody.categories.find((c) => c.code === '*')!.bands!.map((b) => b.count)).toEqual(freshCustom!.counts);
    });

    it('says 404 for an LSOA that does not exist and 400 for bad parameters', async () => {
      const missing = await app().inject({ url: '/api/areas/E01999999/provision' });
      expect(missing.statusCode).toBe(404);
      expect(ErrorBody.parse(missing.json()).code).toBe('not_found');
      const area = await residence('true');
      for (const query of ['bands=abc', 'bands=800,400', 'bands=10', 'bands=400,,800', 'catchment=50', 'catchment=1.5', 'decay=linear']) {
        const res = await app().inject({ url: `/api/areas/${area.code}/provision?${query}` });
        expect(res.statusCode, query).toBe(400);
        expect(ErrorBody.parse(res.json()).message.length, query).toBeGreaterThan(0);
      }
      expect((await app().inject({ url: '/api/areas/nope/provision' })).statusCode).toBe(400);
    });
  });
});
