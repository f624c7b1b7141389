import type { FastifyInstance } from 'fastify';
import { storeFigures } from '../modules/provision/provision.repository.js';
import { computeProvision } from '../modules/provision/provision-compute.repository.js';
import { DEFAULT_SETTINGS } from '../modules/provision/provision.service.js';

/**
 * A small real ward and a category of the test's own, covered everywhere by a test source,
 * so only the test's assets count in it. Remove it in afterAll.
 */
export interface GapFixture {
  ward: string;
  lsoas: string[];
  category: string;
  /** A published asset of the category at an LSOA's residence point, `east` metres east of it. */
  addAssetAt(lsoa: string, east?: number): Promise<string>;
  /** Stores the figures of the ward's LSOAs × (the category and '*') as they are now, as a full recompute would. */
  storeWardFigures(): Promise<void>;
  remove(): Promise<void>;
}

let fixtures = 0;

/** A ward of 4 to 8 LSOAs (the `pick`-th such) with a new category; see GapFixture. */
export async function makeGapFixture(app: FastifyInstance, label: string, pick = 0): Promise<GapFixture> {
  const unique = `${label}-${process.pid}-${Date.now()}-${fixtures++}`;
  const category = `test-${unique}`;
  const { rows: wards } = await app.pg.query<{ ward: string }>(
    `SELECT ward_code AS ward FROM areas WHERE ward_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 4 AND 8 ORDER BY 1 OFFSET $1 LIMIT 1`,
    [pick],
  );
  const ward = wards[0]!.ward;
  const { rows } = await app.pg.query<{ code: string }>('SELECT code FROM areas WHERE ward_code = $1 ORDER BY code', [ward]);
  const lsoas = rows.map((r) => r.code);
  await app.pg.query(`INSERT INTO categories (code, name, abcd_type, colour) VALUES ($1, $2, 'association', '#123456')`, [category, `Test ${unique}`]);
  await app.pg.query(
    `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, covers_england)
     VALUES ($1, 'Test source', 'test', 'ODbL-1.0', 'test', '2025-01-01', true)`,
    [category],
  );
  await app.pg.query('INSERT INTO source_coverage_categories (source_code, category_code) VALUES ($1, $1)', [category]);
  const assets: string[] = [];
  return {
    ward,
    lsoas,
    category,
    addAssetAt: async (lsoa, east = 0) => {
      const { rows: made } = await app.pg.query<{ id: string }>(
        `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
         SELECT $1, $2, ST_Transform(ST_Translate(geom_bng, $4, 0), 4326), 'exact', 'published', 'test', 'ODbL-1.0'
         FROM area_residence_points WHERE area_code = $3
         RETURNING id`,
        [`Test asset ${unique} ${assets.length}`, category, lsoa, east],
      );
      assets.push(made[0]!.id);
      return made[0]!.id;
    },
    storeWardFigures: async () => {
      await storeFigures(app.pg, await computeProvision(app.pg, lsoas, [category, '*'], DEFAULT_SETTINGS));
    },
    remove: async () => {
      await app.pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [assets]);
      await app.pg.query('DELETE FROM provision_results WHERE category_code = $1', [category]);
      await app.pg.query('DELETE FROM sources WHERE code = $1', [category]);
      await app.pg.query('DELETE FROM categories WHERE code = $1', [category]);
    },
  };
}
