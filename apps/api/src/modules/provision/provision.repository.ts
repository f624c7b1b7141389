import type { FiguresFreshness } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import type { ProvisionFigures } from './provision-compute.repository.js';

/*
 * The stored figures and the state around them: what was computed up to which asset
 * change, the change queue, and the locks that keep one worker at a time.
 */

/**
 * Replaces the stored figures (default settings: three bands) of these LSOA × category
 * pairs. Pairs not in `rows` but of the given areas are left alone.
 */
export async function storeFigures(tx: Queryable, rows: readonly ProvisionFigures[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO provision_results (area_code, category_code, count_400, count_800, count_1600, nearest_m,
                                    per_1000_400, per_1000_800, per_1000_1600, e2sfca, computed_at)
     SELECT *, now() FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::float8[],
                                 $7::float8[], $8::float8[], $9::float8[], $10::float8[])
     ON CONFLICT (area_code, category_code) DO UPDATE SET
       count_400 = EXCLUDED.count_400, count_800 = EXCLUDED.count_800, count_1600 = EXCLUDED.count_1600,
       nearest_m = EXCLUDED.nearest_m, per_1000_400 = EXCLUDED.per_1000_400, per_1000_800 = EXCLUDED.per_1000_800,
       per_1000_1600 = EXCLUDED.per_1000_1600, e2sfca = EXCLUDED.e2sfca, computed_at = EXCLUDED.computed_at`,
    [
      rows.map((r) => r.areaCode),
      rows.map((r) => r.categoryCode),
      ...[0, 1, 2].map((i) => rows.map((r) => r.counts[i])),
      rows.map((r) => r.nearestM),
      ...[0, 1, 2].map((i) => rows.map((r) => r.per1000[i])),
      rows.map((r) => r.e2sfca),
    ],
  );
}

/** Stored figures (default settings) of one LSOA, in the shape computeProvision returns. */
export async function storedFigures(db: Queryable, areaCode: string): Promise<ProvisionFigures[]> {
  const { rows } = await db.query<ProvisionFigures>(
    `SELECT area_code AS "areaCode", category_code AS "categoryCode",
            ARRAY[count_400, count_800, count_1600] AS counts,
            ARRAY[per_1000_400, per_1000_800, per_1000_1600] AS "per1000",
            nearest_m AS "nearestM", e2sfca
     FROM provision_results WHERE area_code = $1 ORDER BY category_code`,
    [areaCode],
  );
  return rows;
}

/** How far the stored figures have read asset_change_queue, and since when they are complete. */
export interface ProvisionState {
  lastChangeId: number;
  /** ISO 8601 UTC: every change committed before it is in the figures. */
  figuresAsOf: string;
}

/** The watermark, read without locking (requests and the worker's planning); undefined before any full recompute. */
export async function readState(db: Queryable): Promise<ProvisionState | undefined> {
  const { rows } = await db.query<{ lastChangeId: string; figuresAsOf: string }>(
    `SELECT last_change_id::text AS "lastChangeId", ${isoTime('figures_as_of')} AS "figuresAsOf" FROM provision_state`,
  );
  return rows[0] ? { lastChangeId: Number(rows[0].lastChangeId), figuresAsOf: rows[0].figuresAsOf } : undefined;
}

/**
 * The watermark, locked for this transaction: the full recompute takes it, so the worker
 * (lockStateIfFree) writes nothing into a table about to be replaced. Requests never lock it.
 */
export async function lockState(tx: Queryable): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: string }>('SELECT last_change_id::text AS id FROM provision_state FOR UPDATE');
  return rows[0] ? Number(rows[0].id) : undefined;
}

/** The watermark locked for this transaction, or undefined when someone else holds it (a full recompute) or there is none: never waits. */
export async function lockStateIfFree(tx: Queryable): Promise<number | undefined> {
  const { rows } = await tx.query<{ id: string }>('SELECT last_change_id::text AS id FROM provision_state FOR UPDATE SKIP LOCKED');
  return rows[0] ? Number(rows[0].id) : undefined;
}

/**
 * Moves the watermark forward (never back). `asOf`: the stored figures are now complete up
 * to that instant (it only moves forward too); null leaves it, for a step that applied only
 * part of the queue.
 */
export async function advanceState(tx: Queryable, changeId: number, asOf: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO provision_state (singleton, last_change_id, figures_as_of) VALUES (true, $1, coalesce($2::timestamptz, now()))
     ON CONFLICT (singleton) DO UPDATE SET last_change_id = greatest(provision_state.last_change_id, EXCLUDED.last_change_id),
                                           figures_as_of = greatest(provision_state.figures_as_of, $2::timestamptz),
                                           updated_at = now()`,
    [changeId, asOf],
  );
}

/** The head of the change queue at an instant: every change committed before `at` has an id ≤ `id`. */
export interface QueueHead {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
}

/**
 * The newest change in asset_change_queue such that no change with a smaller id can still
 * appear; undefined when a writer is part-way through a transaction that added to the queue.
 *
 * Ids come from a sequence when a row is inserted, but transactions commit in any order: a
 * long import can hold ids 1..112 uncommitted while an edit with id 113 commits, and a
 * watermark moved to 113 would skip the import's changes for ever. Every writer holds ROW
 * EXCLUSIVE on the queue from its first insert to its commit; SHARE conflicts with it, so
 * taking SHARE (NOWAIT: never queueing, so writers are never held up behind us) succeeds
 * only when no such transaction is open, and then every id below the head is committed or
 * gone. Held for this one short transaction.
 */
export async function settledQueueHead(transact: Transact): Promise<QueueHead | undefined> {
  try {
    return await transact(async (tx) => {
      await tx.query('LOCK TABLE asset_change_queue IN SHARE MODE NOWAIT');
      const { rows } = await tx.query<{ id: string; at: string }>(
        `SELECT coalesce(max(id), 0)::text AS id, ${isoTime('statement_timestamp()')} AS at FROM asset_change_queue`,
      );
      return { id: Number(rows[0]!.id), at: rows[0]!.at };
    });
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return undefined;
    throw error;
  }
}
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The next changes to apply: after `after`, at most `head`, at most `limit` of them;
 * undefined when none. `visible`: how many of them touch a public asset (before or after).
 */
export async function changesUpTo(
  db: Queryable,
  after: number,
  head: number,
  limit: number,
): Promise<{ upTo: number; count: number; visible: number } | undefined> {
  const { rows } = await db.query<{ upTo: string | null; count: number; visible: number }>(
    `SELECT max(id)::text AS "upTo", count(*)::int AS count, (count(*) FILTER (WHERE was_public OR is_public))::int AS visible
     FROM (SELECT id, was_public, is_public FROM asset_change_queue WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3) c`,
    [after, head, limit],
  );
  const row = rows[0];
  return row?.upTo ? { upTo: Number(row.upTo), count: row.count, visible: row.visible } : undefined;
}

/**
 * Changes after the watermark that touch a public asset, as SQL over provision_state `s`.
 * A change only to unpublished or sensitive assets alters no figure, and counting it would
 * tell the public that one was made.
 */
export const PENDING_VISIBLE_CHANGES = `(SELECT count(*) FROM asset_change_queue q WHERE q.id > s.last_change_id AND (q.was_public OR q.is_public))::int`;

/**
 * How current the stored figures are: when they were complete, and how many changes to
 * public assets have been queued since (committed ones: a change still being written is
 * not counted).
 * `{ figuresAsOf: null, pendingChanges: 0 }` before any full recompute.
 */
export async function provisionFreshness(db: Queryable): Promise<FiguresFreshness> {
  const { rows } = await db.query<FiguresFreshness>(
    `SELECT ${isoTime('s.figures_as_of')} AS "figuresAsOf",
            ${PENDING_VISIBLE_CHANGES} AS "pendingChanges"
     FROM provision_state s`,
  );
  return rows[0] ?? { figuresAsOf: null, pendingChanges: 0 };
}

/** Any number: the session advisory lock that lets one API instance at a time run the change worker. */
const WORKER_LOCK = 0x70726f77; // 'prow'

/** Takes the worker's advisory lock on this session if free; true when taken. */
export async function tryWorkerLock(session: Queryable): Promise<boolean> {
  const { rows } = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [WORKER_LOCK]);
  return rows[0]!.ok;
}

/** Gives the worker's advisory lock back (held by this session). */
export async function releaseWorkerLock(session: Queryable): Promise<void> {
  await session.query('SELECT pg_advisory_unlock($1)', [WORKER_LOCK]);
}

/** A public asset's place before or after a queued change, in BNG metres, with its category then. */
export interface ChangedPoint {
  e: number;
  n: number;
  category: string;
}

/**
 * Where the queued changes in (after, upTo] moved public assets from and to: the old place of
 * every change to an asset that counted publicly, the new place of every one that counts now.
 */
export async function changedPoints(db: Queryable, after: number, upTo: number): Promise<ChangedPoint[]> {
  const { rows } = await db.query<ChangedPoint>(
    `SELECT ST_X(old_geom_bng) AS e, ST_Y(old_geom_bng) AS n, old_category AS category FROM asset_change_queue
     WHERE id > $1 AND id <= $2 AND was_public AND old_geom_bng IS NOT NULL
     UNION
     SELECT ST_X(new_geom_bng), ST_Y(new_geom_bng), new_category FROM asset_change_queue
     WHERE id > $1 AND id <= $2 AND is_public AND new_geom_bng IS NOT NULL`,
    [after, upTo],
  );
  return rows;
}

/** The stored nearest distance of every LSOA for one result category (null: none anywhere). */
export async function storedNearest(db: Queryable, categoryCode: string): Promise<Map<string, number | null>> {
  const { rows } = await db.query<{ area: string; nearest: number | null }>(
    'SELECT area_code AS area, nearest_m AS nearest FROM provision_results WHERE category_code = $1',
    [categoryCode],
  );
  return new Map(rows.map((r) => [r.area, r.nearest]));
}

export interface AreaCategory {
  code: string;
  name: string;
}

/**
 * Every category (and '*', first), the LSOA's local authority (for its coverage: coverage.ts
 * in packages/geo) and how its residence point was found. Undefined when the LSOA does not exist.
 */
export async function areaCategories(
  db: Queryable,
  areaCode: string,
): Promise<{ residencePoint: string; ladCode: string; categories: AreaCategory[] } | undefined> {
  const { rows } = await db.query<{ residencePoint: string; ladCode: string; categories: AreaCategory[] }>(
    `SELECT coalesce(rp.method, 'point_on_surface') AS "residencePoint", a.lad_code AS "ladCode",
            (SELECT json_agg(x ORDER BY x.sort, x.code) FROM (
               SELECT '*' AS code, 'All public assets' AS name, -1 AS sort
               UNION ALL
               SELECT c.code, c.name, c.sort_order FROM categories c
             ) x) AS categories
     FROM areas a LEFT JOIN area_residence_points rp ON rp.area_code = a.code
     WHERE a.code = $1`,
    [areaCode],
  );
  return rows[0];
}

/** Any number: the advisory lock that keeps two full recomputes (say two API instances starting at once) apart. */
const RECOMPUTE_LOCK = 0x70726f76; // 'prov'

/** Takes the full recompute's lock for this transaction; false when another recompute holds it. */
export async function tryRecomputeLock(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [RECOMPUTE_LOCK]);
  return rows[0]!.ok;
}

/** Every LSOA code, in order. */
export async function allAreaCodes(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>('SELECT code FROM areas ORDER BY code');
  return rows.map((r) => r.code);
}

/** Every category code, in order. */
export async function allCategoryCodes(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>('SELECT code FROM categories ORDER BY code');
  return rows.map((r) => r.code);
}
