import type { Queryable } from '../../db/queryable.js';
import { TREE, type ProvisionSettings } from './provision.repository.js';

export type RecomputeStep =
  | 'assets'
  | 'residence points'
  | 'pairs within reach'
  | 'E2SFCA supply ratios'
  | 'figures per asset category'
  | 'nearest beyond reach'
  | 'store'
  | 'indexes and swap';

/**
 * The nearest asset of one category (`pv_knn`, $1) to every batch residence point with
 * none of it within reach: a KNN look-up per point. Grouping points by grid cell (one KNN
 * per cell, then the exact minimum over the assets within the cell's bound) was tried and
 * measured slower at every cell size on the 250k-asset benchmark data (31 s against 3.1 s
 * for food banks), because clustered assets put dozens of candidates in every bound.
 */
const FAR_SQL = `
  INSERT INTO pv_far (area_code, category_code, d)
  SELECT r.area_code, $1, k.d
  FROM pv_res r
  CROSS JOIN LATERAL (SELECT ST_Distance(q.geom_bng, r.geom_bng) AS d FROM pv_knn q ORDER BY q.geom_bng <-> r.geom_bng LIMIT 1) k
  WHERE NOT EXISTS (SELECT 1 FROM pv_by_cat b WHERE b.category_code = $1 AND b.area_code = r.area_code)`;

/**
 * The full recompute of the stored figures, set-based: where `computeProvision` answers a
 * few LSOAs at a time (requests, catch-up), this rebuilds a whole batch of LSOAs (all of
 * England on the server) in a handful of statements over temporary tables, all dropped at
 * commit:
 *
 * 1. `pv_assets`: the public, not defunct assets with a GiST index of their own;
 * 2. `pv_pairs`: every (LSOA residence point, asset) pair within reach = max(band, d0),
 *    one ST_DWithin join;
 * 3. `pv_supply`: E2SFCA R_j for each asset within d0 of the batch, over every residence
 *    point within d0 of it (in England, not only the batch);
 * 4. `pv_by_cat`: counts, nearest and Σ R_j W(d) per LSOA × asset category;
 * 5. `pv_far`: the nearest asset of a category where none is within reach (FAR_SQL), on a
 *    small temporary table of that category alone with its own GiST index. Measured on the
 *    real data, a KNN (`<->`) per LSOA of England against one rare category took 0.56 s
 *    this way and 7.2 s through the shared (geom_bng, category_code) index of `assets`,
 *    whose branches mix categories;
 * 6. roll-up to the result categories (a category counts its descendants; '*' counts all)
 *    and one INSERT … SELECT into provision_results.
 *
 * The figures are the same as computeProvision's (the equality is tested): the same
 * distances, weights and populations; only the order of floating-point sums may differ.
 */
export async function recomputeBatch(
  tx: Queryable,
  areaCodes: readonly string[] | 'all',
  settings: ProvisionSettings,
  onStep?: (step: RecomputeStep, milliseconds: number) => void,
): Promise<number> {
  let last = performance.now();
  const step = (name: RecomputeStep) => {
    const now = performance.now();
    onStep?.(name, now - last);
    last = now;
  };
  if (settings.bands.length !== 3) throw new Error('provision_results stores exactly three bands');
  const reach = Math.max(settings.catchment, ...settings.bands);
  const all = areaCodes === 'all';
  // Bands as float8 literals rather than array parameters read per pair: they are numbers
  // (zod-checked settings), and a literal is one comparison per row.
  const band = (i: number) => `${Number(settings.bands[i]!)}::float8`;
  const w = (d: string) =>
    settings.decay === 'none' ? '1.0::float8' : `((exp(-0.5 * power(${d} / $1::float8, 2)) - exp(-0.5)) / (1 - exp(-0.5)))`;

  if (all) {
    // England at once on a server: room for the hash aggregates of millions of pairs and
    // for building the results table's indexes in one sort, for this transaction only.
    await tx.query(`SET LOCAL work_mem = '128MB'`);
    await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  }
  await tx.query(
    `CREATE TEMP TABLE pv_assets ON COMMIT DROP AS
     SELECT id, category_code, geom_bng FROM public_assets WHERE lifecycle_status <> 'defunct'`,
  );
  await tx.query('CREATE INDEX ON pv_assets USING gist (geom_bng)');
  await tx.query('ANALYZE pv_assets');
  step('assets');

  await tx.query(
    `CREATE TEMP TABLE pv_res ON COMMIT DROP AS
     SELECT rp.area_code, rp.geom_bng, a.population
     FROM area_residence_points rp JOIN areas a ON a.code = rp.area_code
     ${all ? '' : 'WHERE rp.area_code = ANY($1::text[])'}`,
    all ? [] : [areaCodes],
  );
  await tx.query('ANALYZE pv_res');
  step('residence points');

  await tx.query(
    `CREATE TEMP TABLE pv_pairs ON COMMIT DROP AS
     SELECT r.area_code, p.id, p.category_code, ST_Distance(r.geom_bng, p.geom_bng) AS d
     FROM pv_res r JOIN pv_assets p ON ST_DWithin(p.geom_bng, r.geom_bng, $1::float8)`,
    [reach],
  );
  step('pairs within reach');

  // R_j depends on every residence point within d0 of asset j. When the batch is all of
  // England those pairs are already in pv_pairs; otherwise they are found from the asset.
  await tx.query(
    all
      ? `CREATE TEMP TABLE pv_supply ON COMMIT DROP AS
         SELECT pp.id, coalesce(1.0 / nullif(sum(coalesce(r.population, 0) * ${w('pp.d')}), 0), 0) AS ratio
         FROM pv_pairs pp JOIN pv_res r ON r.area_code = pp.area_code
         WHERE pp.d <= $1::float8
         GROUP BY pp.id`
      : `CREATE TEMP TABLE pv_supply ON COMMIT DROP AS
         SELECT j.id, coalesce(1.0 / nullif(sum(coalesce(a.population, 0) * ${w('ST_Distance(k.geom_bng, p.geom_bng)')}), 0), 0) AS ratio
         FROM (SELECT DISTINCT id FROM pv_pairs WHERE d <= $1::float8) j
         JOIN pv_assets p ON p.id = j.id
         JOIN area_residence_points k ON ST_DWithin(k.geom_bng, p.geom_bng, $1::float8)
         JOIN areas a ON a.code = k.area_code
         GROUP BY j.id`,
    [settings.catchment],
  );
  await tx.query('CREATE INDEX ON pv_supply (id)');
  step('E2SFCA supply ratios');

  await tx.query(
    `CREATE TEMP TABLE pv_by_cat ON COMMIT DROP AS
     SELECT pp.area_code, pp.category_code,
            count(*) FILTER (WHERE pp.d <= ${band(0)})::int AS c1,
            count(*) FILTER (WHERE pp.d <= ${band(1)})::int AS c2,
            count(*) FILTER (WHERE pp.d <= ${band(2)})::int AS c3,
            min(pp.d) AS nearest,
            coalesce(sum(s.ratio * ${w('pp.d')}) FILTER (WHERE pp.d <= $1::float8), 0) AS e
     FROM pv_pairs pp LEFT JOIN pv_supply s ON s.id = pp.id
     GROUP BY pp.area_code, pp.category_code`,
    [settings.catchment],
  );
  await tx.query('CREATE INDEX ON pv_by_cat (category_code, area_code)');
  await tx.query('ANALYZE pv_by_cat');
  step('figures per asset category');
  await tx.query('CREATE TEMP TABLE pv_far (area_code text, category_code text, d float8) ON COMMIT DROP');

  const { rows: present } = await tx.query<{ code: string }>('SELECT DISTINCT category_code AS code FROM pv_assets ORDER BY 1');
  for (const { code } of present) {
    await tx.query('CREATE TEMP TABLE pv_knn ON COMMIT DROP AS SELECT geom_bng FROM pv_assets WHERE category_code = $1', [code]);
    await tx.query('CREATE INDEX ON pv_knn USING gist (geom_bng)');
    await tx.query('ANALYZE pv_knn');
    await tx.query(FAR_SQL, [code]);
    await tx.query('DROP TABLE pv_knn');
  }
  step('nearest beyond reach');

  // All of England is written into a new table without indexes or constraints, which are
  // then built in bulk, and swapped in: measured on 1.89M rows under load, a DELETE and an
  // INSERT into the indexed table with its foreign key took 124 s, most of it per-row index
  // and foreign-key upkeep. A batch replaces its own rows in place.
  const target = all ? 'provision_results_next' : 'provision_results';
  if (all) {
    await tx.query('DROP TABLE IF EXISTS provision_results_next');
    await tx.query('CREATE TABLE provision_results_next (LIKE provision_results INCLUDING DEFAULTS)');
  } else {
    await tx.query('DELETE FROM provision_results WHERE area_code = ANY($1::text[])', [areaCodes]);
  }

  // Which result categories each asset category counts in: itself, its ancestors and '*'.
  await tx.query(
    `WITH RECURSIVE ${TREE},
     counted AS (
       SELECT category_code, result_code FROM tree
       UNION ALL
       SELECT code, '*' FROM categories
     ),
     rolled AS (
       SELECT b.area_code, c.result_code, sum(b.c1)::int AS c1, sum(b.c2)::int AS c2, sum(b.c3)::int AS c3,
              min(b.nearest) AS nearest, sum(b.e) AS e
       FROM pv_by_cat b JOIN counted c ON c.category_code = b.category_code
       GROUP BY b.area_code, c.result_code
     ),
     far_rolled AS (
       SELECT f.area_code, c.result_code, min(f.d) AS d
       FROM pv_far f JOIN counted c ON c.category_code = f.category_code
       GROUP BY f.area_code, c.result_code
     ),
     results AS (SELECT code FROM categories UNION ALL SELECT '*')
     INSERT INTO ${target} (area_code, category_code, count_400, count_800, count_1600, nearest_m,
                                    per_1000_400, per_1000_800, per_1000_1600, e2sfca, computed_at)
     SELECT r.area_code, q.code, coalesce(s.c1, 0), coalesce(s.c2, 0), coalesce(s.c3, 0),
            -- Anything within reach is nearer than anything beyond it; least() skips NULLs.
            least(s.nearest, f.d),
            CASE WHEN r.population > 0 THEN 1000.0 * coalesce(s.c1, 0) / r.population END,
            CASE WHEN r.population > 0 THEN 1000.0 * coalesce(s.c2, 0) / r.population END,
            CASE WHEN r.population > 0 THEN 1000.0 * coalesce(s.c3, 0) / r.population END,
            1000.0 * coalesce(s.e, 0), now()
     FROM pv_res r
     CROSS JOIN results q
     LEFT JOIN rolled s ON s.area_code = r.area_code AND s.result_code = q.code
     LEFT JOIN far_rolled f ON f.area_code = r.area_code AND f.result_code = q.code`,
  );
  step('store');
  if (all) {
    await swapIn(tx, 'provision_results', 'provision_results_next');
    step('indexes and swap');
  }
  // Counted rather than read from rowCount, which PGlite does not report.
  const { rows } = await tx.query<{ n: number }>(
    'SELECT ((SELECT count(*) FROM pv_res) * (SELECT count(*) + 1 FROM categories))::int AS n',
  );
  return rows[0]!.n;
}

/**
 * Replaces `table` by `next` (same columns, filled, no indexes or constraints) under the
 * old name, and rebuilds the old table's constraints and indexes on it from the catalogue,
 * so this follows whatever the migrations define. In the caller's transaction: readers see
 * the old table until commit, and wait only for the swap's brief exclusive lock.
 */
async function swapIn(tx: Queryable, table: string, next: string): Promise<void> {
  const { rows: constraints } = await tx.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f', 'c')
     ORDER BY contype = 'f', conname`,
    [table],
  );
  const { rows: indexes } = await tx.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     WHERE i.indrelid = $1::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)`,
    [table],
  );
  await tx.query(`DROP TABLE ${table}`);
  await tx.query(`ALTER TABLE ${next} RENAME TO ${table}`);
  for (const c of constraints) await tx.query(`ALTER TABLE ${table} ADD CONSTRAINT ${c.name} ${c.definition}`);
  for (const i of indexes) await tx.query(i.definition);
  await tx.query(`ANALYZE ${table}`);
}
