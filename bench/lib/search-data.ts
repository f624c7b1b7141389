/**
 * The search benchmark's database: a node-postgres client set up as the API's sessions
 * are, and the real assets scaled up by jittered copies to a target count.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Queryable } from '../../apps/api/src/db/queryable.js';
import { startupOptions } from '../../apps/api/src/db/session-settings.js';
import { API_DIR } from './api-process.js';

/** What the benchmark needs of a `pg.Client`. */
export interface PgClient extends Queryable {
  connect(): Promise<void>;
  end(): Promise<void>;
}

interface PgModule {
  Client: new (config: { connectionString: string; options?: string }) => PgClient;
}

/**
 * Connects with the API's own node-postgres (bench has no driver of its own), so the
 * statement is sent as the endpoint sends it: same driver, same version, same parameter
 * encoding, same session settings (`startupOptions()`, as the API's pool and PGOPTIONS).
 * @example const db = await connectLikeTheApi('postgres://postgres@127.0.0.1:5432/cg_bench_search');
 */
export async function connectLikeTheApi(url: string): Promise<PgClient> {
  const pg = createRequire(path.join(API_DIR, 'package.json'))('pg') as PgModule;
  const client = new pg.Client({ connectionString: url, options: startupOptions() });
  await client.connect();
  return client;
}

/** Marks the copies (`assets.source`); their source_id is `<recipe>:<original id>:<n>`. */
export const COPY_SOURCE = 'bench-copy';
/** Bumped when the way copies are made changes, so older copies are made again. */
export const COPY_RECIPE = 'jitter2km-v1';
/** Copies land up to this many metres from their original (uniform over the disc). */
export const JITTER_METRES = 2000;

/**
 * Columns the copy sets itself, or that PostgreSQL sets: the id, the moved point, the
 * provenance, the timestamps, and what triggers derive (LSOA, search text).
 */
const SET_BY_COPY = new Set(['id', 'geom', 'source', 'source_id', 'created_at', 'updated_at', 'lsoa_code', 'search_text', 'search_document']);

export interface ScaleResult {
  state: 'reused' | 'scaled';
  /** Public assets (published, not sensitive) now, originals and copies. */
  publicAssets: number;
  originals: number;
  copiesPerAsset: number;
  copies: number;
  openIntervals: number;
  /** Time taken to make the copies and analyse (0 when reused). */
  seconds: number;
}

async function counts(db: PgClient): Promise<{ originals: number; total: number; recipe: string | null; intervals: number }> {
  const { rows } = await db.query<{ originals: number; total: number; recipe: string | null; intervals: number }>(
    `SELECT count(*) FILTER (WHERE source <> $1)::int AS originals, count(*)::int AS total,
            (SELECT split_part(source_id, ':', 1) FROM assets WHERE source = $1 LIMIT 1) AS recipe,
            (SELECT count(*)::int FROM asset_open_intervals) AS intervals
     FROM public_assets`,
    [COPY_SOURCE],
  );
  return rows[0]!;
}

/**
 * Makes sure the database holds at least `target` public assets: every public asset of
 * the real data plus k jittered copies of each (k = ⌈target ÷ originals⌉ − 1), each moved
 * up to JITTER_METRES in a random direction on the British National Grid, with a new id,
 * source 'bench-copy' and its original's category, name, opening hours and everything
 * else, and its original's `asset_open_intervals` rows. One transaction: either all the
 * copies are there or none. Copies already made with this recipe are reused.
 */
export async function ensureScaled(db: PgClient, target: number, log: (message: string) => void): Promise<ScaleResult> {
  const before = await counts(db);
  const copiesPerAsset = Math.max(0, Math.ceil(target / Math.max(1, before.originals)) - 1);
  if (before.total >= target && (before.recipe === COPY_RECIPE || copiesPerAsset === 0)) {
    return {
      state: 'reused',
      publicAssets: before.total,
      originals: before.originals,
      copiesPerAsset: before.originals > 0 ? Math.round((before.total - before.originals) / before.originals) : 0,
      copies: before.total - before.originals,
      openIntervals: before.intervals,
      seconds: 0,
    };
  }
  const started = performance.now();
  // Every column PostgreSQL lets us write and the copy does not set itself, named one by
  // one (never `SELECT *`: generated columns such as geom_bng must not be written).
  const { rows: columnRows } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'assets'
       AND is_generated = 'NEVER' AND is_identity = 'NO'
     ORDER BY ordinal_position`,
  );
  const copied = columnRows.map((r) => r.column_name).filter((c) => !SET_BY_COPY.has(c));
  const list = copied.map((c) => `"${c}"`).join(', ');
  const fromOriginal = copied.map((c) => `a."${c}"`).join(', ');
  log(
    `scaling: ${before.originals.toLocaleString('en-GB')} public assets × ${copiesPerAsset} jittered copies ` +
      `(≤ ${JITTER_METRES} m) → ${(before.originals * (copiesPerAsset + 1)).toLocaleString('en-GB')}; one transaction, a few minutes…`,
  );
  await db.query('BEGIN');
  try {
    await db.query('DELETE FROM assets WHERE source = $1', [COPY_SOURCE]);
    // r = R·√u is uniform over the disc; the offsets are metres on EPSG:27700.
    await db.query(
      `CREATE TEMP TABLE bench_copies ON COMMIT DROP AS
       SELECT a.id AS original_id, gen_random_uuid() AS id, n AS copy,
              $2::float8 * sqrt(random()) AS r, 2 * pi() * random() AS theta
       FROM public_assets a CROSS JOIN generate_series(1, $1::int) AS n
       WHERE a.source <> $3`,
      [copiesPerAsset, JITTER_METRES, COPY_SOURCE],
    );
    await db.query(
      `INSERT INTO assets (id, geom, source, source_id, ${list})
       SELECT c.id, ST_Transform(ST_Translate(a.geom_bng, c.r * cos(c.theta), c.r * sin(c.theta)), 4326),
              $1, $2 || ':' || a.id || ':' || c.copy, ${fromOriginal}
       FROM bench_copies c JOIN assets a ON a.id = c.original_id`,
      [COPY_SOURCE, COPY_RECIPE],
    );
    await db.query(
      `INSERT INTO asset_open_intervals (asset_id, opens, closes)
       SELECT c.id, o.opens, o.closes FROM bench_copies c JOIN asset_open_intervals o ON o.asset_id = c.original_id`,
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
  // Settled statistics and visibility map, as on a database that has been running a while.
  await db.query('VACUUM ANALYZE assets');
  await db.query('VACUUM ANALYZE asset_open_intervals');
  const after = await counts(db);
  if (after.total < target) throw new Error(`scaling made ${after.total} public assets, fewer than ${target}`);
  return {
    state: 'scaled',
    publicAssets: after.total,
    originals: after.originals,
    copiesPerAsset,
    copies: after.total - after.originals,
    openIntervals: after.intervals,
    seconds: (performance.now() - started) / 1000,
  };
}
