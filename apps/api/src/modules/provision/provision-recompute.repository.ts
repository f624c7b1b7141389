import { perThousandOf, ProvisionCalculator, type AssetInput, type ProvisionTable, type ResidenceInput } from '@common-ground/geo';
import type { Queryable } from '../../db/queryable.js';
import type { ProvisionFigures, ProvisionSettings } from './provision-compute.repository.js';

export type RecomputeStep = 'inputs' | 'figures' | 'store' | 'indexes and swap';

/** What the full recompute reads, ready to answer batch after batch of LSOAs. */
export interface RecomputeInputs {
  /** Every LSOA with a residence point. */
  areaCodes: string[];
  /** Every category and '*'. */
  resultCodes: string[];
  calculator: ProvisionCalculator;
}

/**
 * The residence point and population of every LSOA, every public, not defunct asset, and the
 * category tree, in BNG metres. Coordinates travel as float8 text, which PostgreSQL writes
 * in the shortest form that reads back to the same double, so distances computed from them
 * are the database's own.
 */
export async function readRecomputeInputs(db: Queryable, settings: ProvisionSettings): Promise<RecomputeInputs> {
  const { rows: residences } = await db.query<ResidenceInput>(
    `SELECT rp.area_code AS area, ST_X(rp.geom_bng) AS e, ST_Y(rp.geom_bng) AS n, a.population
     FROM area_residence_points rp JOIN areas a ON a.code = rp.area_code`,
  );
  const { rows: assets } = await db.query<AssetInput>(
    `SELECT category_code AS category, ST_X(geom_bng) AS e, ST_Y(geom_bng) AS n, capacity, capacity_unit AS "capacityUnit"
     FROM public_assets WHERE lifecycle_status <> 'defunct'`,
  );
  const { rows: categories } = await db.query<{ code: string; parentCode: string | null }>('SELECT code, parent_code AS "parentCode" FROM categories');
  return {
    areaCodes: residences.map((r) => r.area),
    resultCodes: [...categories.map((c) => c.code), '*'],
    calculator: new ProvisionCalculator(residences, assets, categories, settings),
  };
}

/** Rows per INSERT: large enough that round trips do not matter, small enough for PGlite's memory. */
const STORE_CHUNK = 50_000;

/**
 * The full recompute of the stored figures for a batch of LSOAs (all of England on the
 * server): the table is computed in TypeScript (`provisionTable` in packages/geo says why)
 * and written in chunks of one INSERT … SELECT FROM unnest(…) each. A caller running many
 * batches reads the inputs once (`given`, read with the same settings). Where
 * `computeProvision` answers a few LSOAs at a time (requests, catch-up), this answers every
 * LSOA × result category; the equality of the two is tested.
 *
 * All of England is written into a new table without indexes or constraints, which are then
 * built in bulk, and swapped in: measured on 1.89M rows under load, a DELETE and an INSERT
 * into the indexed table with its foreign key took 124 s, most of it per-row index and
 * foreign-key upkeep. A batch replaces its own rows in place.
 */
export async function recomputeBatch(
  tx: Queryable,
  areaCodes: readonly string[] | 'all',
  settings: ProvisionSettings,
  onStep?: (step: RecomputeStep, milliseconds: number) => void,
  given?: RecomputeInputs,
): Promise<number> {
  let last = performance.now();
  const step = (name: RecomputeStep) => {
    const now = performance.now();
    onStep?.(name, now - last);
    last = now;
  };
  if (settings.bands.length !== 3) throw new Error('provision_results stores exactly three bands');
  const all = areaCodes === 'all';
  const inputs = given ?? (await readRecomputeInputs(tx, settings));
  step('inputs');

  const table = inputs.calculator.table(inputs.resultCodes, all ? inputs.areaCodes : areaCodes);
  step('figures');

  const target = all ? 'provision_results_next' : 'provision_results';
  if (all) {
    // Room to build the results table's indexes in one sort, for this transaction only.
    await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await tx.query('DROP TABLE IF EXISTS provision_results_next');
    await tx.query('CREATE TABLE provision_results_next (LIKE provision_results INCLUDING DEFAULTS)');
  } else {
    await tx.query('DELETE FROM provision_results WHERE area_code = ANY($1::text[])', [areaCodes]);
  }
  const rows = table.areaCodes.length;
  await writeTable(tx, target, table, categoryMajor(table.categoryCodes), 'insert');
  step('store');
  if (all) {
    await swapIn(tx, 'provision_results', 'provision_results_next');
    step('indexes and swap');
  }
  return rows;
}

/**
 * Writes rows of `table` (those at `positions`, in that order) into `target` in chunks of
 * one INSERT … SELECT FROM unnest(…) each. The per-1,000 ratios and the ×1000 are computed
 * here, as computeProvision computes them (numeric literals), so the stored values are the
 * same doubles: per 1,000 is the count over the band's catchment population (the residents
 * whose residence points are within the band: README, "Provision", per 1,000). `upsert`
 * replaces rows already stored for the same LSOA × category (the change worker's updates);
 * `insert` is for a table being filled afresh.
 */
export async function writeTable(
  tx: Queryable,
  target: 'provision_results' | 'provision_results_next',
  table: ProvisionTable,
  positions: readonly number[],
  mode: 'insert' | 'upsert',
): Promise<void> {
  for (let from = 0; from < positions.length; from += STORE_CHUNK) {
    const part = positions.slice(from, from + STORE_CHUNK);
    const chunk = <T>(column: readonly T[]) => part.map((i) => column[i]!);
    await tx.query(
      `INSERT INTO ${target} (area_code, category_code, count_400, count_800, count_1600, nearest_m,
                              per_1000_400, per_1000_800, per_1000_1600, e2sfca, computed_at)
       SELECT area_code, category_code, c1, c2, c3, nearest,
              CASE WHEN p1 > 0 THEN 1000.0 * c1 / p1 END,
              CASE WHEN p2 > 0 THEN 1000.0 * c2 / p2 END,
              CASE WHEN p3 > 0 THEN 1000.0 * c3 / p3 END,
              1000.0 * access, now()
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::float8[], $7::float8[],
                   $8::bigint[], $9::bigint[], $10::bigint[])
            AS t(area_code, category_code, c1, c2, c3, nearest, access, p1, p2, p3)
       ${
         mode === 'upsert'
           ? `ON CONFLICT (area_code, category_code) DO UPDATE SET
                count_400 = EXCLUDED.count_400, count_800 = EXCLUDED.count_800, count_1600 = EXCLUDED.count_1600,
                nearest_m = EXCLUDED.nearest_m, per_1000_400 = EXCLUDED.per_1000_400, per_1000_800 = EXCLUDED.per_1000_800,
                per_1000_1600 = EXCLUDED.per_1000_1600, e2sfca = EXCLUDED.e2sfca, computed_at = EXCLUDED.computed_at`
           : ''
       }`,
      [
        chunk(table.areaCodes),
        chunk(table.categoryCodes),
        chunk(table.counts[0]!),
        chunk(table.counts[1]!),
        chunk(table.counts[2]!),
        chunk(table.nearest),
        chunk(table.access),
        chunk(table.catchmentPopulations[0]!),
        chunk(table.catchmentPopulations[1]!),
        chunk(table.catchmentPopulations[2]!),
      ],
    );
  }
}

/**
 * Row positions grouped by category (first-seen order, rows in order within each): rows are
 * written in this order so that one category's 33,755 rows lie together in the table. A gap
 * ranking reads one category for all of England, which then reads a few hundred pages
 * instead of one row from each of ~27,000 (measured: 250 ms of a ranking's heap reads).
 */
function categoryMajor(categoryCodes: readonly string[]): number[] {
  const groups = new Map<string, number[]>();
  categoryCodes.forEach((code, i) => {
    const group = groups.get(code);
    if (group) group.push(i);
    else groups.set(code, [i]);
  });
  return [...groups.values()].flat();
}

/**
 * Replaces `table` by `next` (same columns, filled, no indexes, constraints or triggers)
 * under the old name, with the old table's constraints, indexes and triggers re-created on
 * it from the catalogue, so this follows whatever the migrations define. They are built on
 * `next` under temporary names while readers still use the old table; only the drop and the
 * renames at the end take the exclusive lock readers wait for, so they wait a moment, not
 * for the index builds. In the caller's transaction: readers see the old table until commit.
 */
export async function swapIn(tx: Queryable, table: string, next: string): Promise<void> {
  const { rows: constraints } = await tx.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'f', 'c')
     ORDER BY contype = 'f', conname`,
    [table],
  );
  const { rows: indexes } = await tx.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = $1::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)`,
    [table],
  );
  const { rows: triggers } = await tx.query<{ definition: string }>(
    `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
    [table],
  );
  const onNext = (definition: string, kind: string) => {
    // `… ON [ONLY] public.provision_results …` → the same on `next`.
    const moved = definition.replace(new RegExp(`( ON (?:ONLY )?(?:\\w+\\.)?)${table}( )`), `$1${next}$2`);
    if (moved === definition) throw new Error(`cannot move this ${kind} of ${table} onto ${next}: ${definition}`);
    return moved;
  };
  const temporary = (name: string) => `${name.slice(0, 50)}_next`;
  for (const c of constraints) await tx.query(`ALTER TABLE ${next} ADD CONSTRAINT ${temporary(c.name)} ${c.definition}`);
  for (const i of indexes) {
    await tx.query(onNext(i.definition, 'index').replace(/^(CREATE (?:UNIQUE )?INDEX )(\S+)/, `$1${temporary(i.name)}`));
  }
  await tx.query(`ANALYZE ${next}`);
  // Created last, so the rows written above never fired them.
  for (const t of triggers) await tx.query(onNext(t.definition, 'trigger'));

  await tx.query(`DROP TABLE ${table}`);
  await tx.query(`ALTER TABLE ${next} RENAME TO ${table}`);
  for (const c of constraints) await tx.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${temporary(c.name)} TO ${c.name}`);
  for (const i of indexes) await tx.query(`ALTER INDEX ${temporary(i.name)} RENAME TO ${i.name}`);
}

/**
 * The table's rows as figures: per 1,000 and ×1000 as writeTable computes them (in doubles
 * here, not stored: 1000.0 * c / p in SQL is the same double as perThousandOf's (c * 1000) / p,
 * both exact products of small integers).
 */
export function figuresOfTable(table: ProvisionTable): ProvisionFigures[] {
  return table.areaCodes.map((areaCode, i) => {
    const counts = table.counts.map((band) => band[i]!);
    return {
      areaCode,
      categoryCode: table.categoryCodes[i]!,
      counts,
      per1000: counts.map((c, b) => perThousandOf(c, table.catchmentPopulations[b]![i]!)),
      nearestM: table.nearest[i] ?? null,
      e2sfca: 1000 * table.access[i]!,
    };
  });
}
