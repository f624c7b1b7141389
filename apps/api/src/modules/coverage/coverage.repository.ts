import type { Completeness, CoverageClaim } from '@common-ground/geo';
import type { Queryable } from '../../db/queryable.js';

/** What coverage is derived from: every source's claims, the categories, which hold assets, and workers' overrides. */
export interface CoverageRows {
  categories: { code: string; parentCode: string | null }[];
  claims: CoverageClaim[];
  withAssets: Set<string>;
  overrides: Map<string, Completeness>;
}

export async function readCoverageRows(db: Queryable): Promise<CoverageRows> {
  const { rows: categories } = await db.query<{ code: string; parentCode: string | null }>('SELECT code, parent_code AS "parentCode" FROM categories');
  const { rows: claims } = await db.query<{ category: string; completeness: 'complete' | 'partial'; england: boolean; lads: string[] | null }>(
    `SELECT scc.category_code AS category, scc.completeness, s.covers_england AS england,
            (SELECT array_agg(sca.lad_code ORDER BY sca.lad_code) FROM source_coverage_areas sca WHERE sca.source_code = s.code) AS lads
     FROM sources s JOIN source_coverage_categories scc ON scc.source_code = s.code`,
  );
  const { rows: held } = await db.query<{ code: string }>(`SELECT DISTINCT category_code AS code FROM public_assets WHERE lifecycle_status <> 'defunct'`);
  const { rows: overrides } = await db.query<{ category: string; lad: string; completeness: Completeness }>(
    'SELECT category_code AS category, lad_code AS lad, completeness FROM coverage_overrides',
  );
  return {
    categories,
    claims: claims.map((c) => ({ category: c.category, completeness: c.completeness, lads: c.england ? 'england' : (c.lads ?? []) })),
    withAssets: new Set(held.map((r) => r.code)),
    overrides: new Map(overrides.map((o) => [`${o.category}|${o.lad}`, o.completeness])),
  };
}

export interface CoverageOverride {
  category: string;
  lad: string;
  completeness: Completeness;
  reason: string;
  setBy: string | null;
  setAt: string;
}

/** Sets (or replaces) a worker's override and records it in the history, in the caller's transaction. Returns the previous value. */
export async function upsertOverride(
  tx: Queryable,
  o: { category: string; lad: string; completeness: Completeness; reason: string; setBy: string },
): Promise<Completeness | null> {
  const { rows } = await tx.query<{ completeness: Completeness }>(
    'SELECT completeness FROM coverage_overrides WHERE category_code = $1 AND lad_code = $2 FOR UPDATE',
    [o.category, o.lad],
  );
  const previous = rows[0]?.completeness ?? null;
  await tx.query(
    `INSERT INTO coverage_overrides (category_code, lad_code, completeness, reason, set_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (category_code, lad_code) DO UPDATE
       SET completeness = EXCLUDED.completeness, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = now()`,
    [o.category, o.lad, o.completeness, o.reason, o.setBy],
  );
  await tx.query(
    `INSERT INTO coverage_override_history (category_code, lad_code, previous, completeness, reason, set_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [o.category, o.lad, previous, o.completeness, o.reason, o.setBy],
  );
  return previous;
}

/** The history of one (category, LAD), newest first. */
export async function overrideHistory(db: Queryable, category: string, lad: string): Promise<(CoverageOverride & { previous: Completeness | null })[]> {
  const { rows } = await db.query<CoverageOverride & { previous: Completeness | null }>(
    `SELECT category_code AS category, lad_code AS lad, completeness, previous, reason, set_by::text AS "setBy",
            to_char(set_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "setAt"
     FROM coverage_override_history WHERE category_code = $1 AND lad_code = $2 ORDER BY id DESC`,
    [category, lad],
  );
  return rows;
}

export async function ladExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM local_authorities WHERE code = $1', [code]);
  return rows.length > 0;
}
