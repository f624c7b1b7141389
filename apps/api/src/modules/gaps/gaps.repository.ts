import type { NeedDomain } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { TREE, type ProvisionFigures } from '../provision/provision-compute.repository.js';

/** An LSOA of the area looked at, with its need on the chosen domain. */
export interface GapArea {
  code: string;
  name: string;
  ladCode: string;
  /** ONS RUC 2021 class code (one of six); null when the file has none. */
  ruc: string | null;
  population: number | null;
  decile: number | null;
  rank: number | null;
}

/** Which LSOAs an area holds: one LSOA, a ward's (ONS best fit), a local authority's, a custom area's, or England's. */
export type AreaScope = { kind: 'england' } | { kind: 'lsoa' | 'ward' | 'local_authority'; code: string } | { kind: 'custom'; codes: readonly string[] };

/** The SQL condition on `areas` (columns prefixed `prefix`) selecting the scope's LSOAs, its value as parameter $`param`. */
function scopeCondition(scope: AreaScope, prefix: string, param: number): { where: string; values: unknown[] } {
  switch (scope.kind) {
    case 'england':
      return { where: 'true', values: [] };
    case 'custom':
      return { where: `${prefix}code = ANY($${param}::text[])`, values: [scope.codes] };
    case 'lsoa':
      return { where: `${prefix}code = $${param}`, values: [scope.code] };
    case 'ward':
      return { where: `${prefix}ward_code = $${param}`, values: [scope.code] };
    case 'local_authority':
      return { where: `${prefix}lad_code = $${param}`, values: [scope.code] };
  }
}

/**
 * The LSOAs of the scope with the domain's decile and rank: IoD 2025, or a custom measure's
 * (need:<slug>, resolved and checked by need-domain.ts first) through need_values (012).
 */
export async function lsoasOf(db: Queryable, scope: AreaScope, domain: NeedDomain): Promise<GapArea[]> {
  const { where, values } = scopeCondition(scope, 'a.', 2);
  const { rows } = await db.query<GapArea>(
    `SELECT a.code, a.name, a.lad_code AS "ladCode", a.ruc21_code AS ruc, a.population, m.decile, m.rank
     FROM areas a
     LEFT JOIN need_values($1) m ON m.area_code = a.code
     WHERE ${where}
     ORDER BY a.code`,
    [domain, ...values],
  );
  return rows;
}

/** The extent of the scope's LSOAs, [west, south, east, north] in degrees; null when it has none. */
export async function extentOf(db: Queryable, scope: AreaScope): Promise<[number, number, number, number] | null> {
  const { where, values } = scopeCondition(scope, '', 1);
  const { rows } = await db.query<{ bbox: [number, number, number, number] | null }>(
    `SELECT CASE WHEN e IS NULL THEN NULL ELSE json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) END AS bbox
     FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE ${where}) x`,
    values,
  );
  return rows[0]?.bbox ?? null;
}

export async function categoryExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM categories WHERE code = $1', [code]);
  return rows.length > 0;
}

/**
 * The local authorities among `ladCodes` where some source speaks for the category: one
 * covering England or that authority, which covers the category, one of its sub-categories
 * or an ancestor ('*': any category) — the same rule as the provision page's coverage.
 */
export async function coveredAuthorities(db: Queryable, category: string, ladCodes: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ code: string }>(
    `WITH RECURSIVE ${TREE},
     related AS (
       SELECT category_code AS code FROM tree WHERE result_code = $1
       UNION
       SELECT result_code FROM tree WHERE category_code = $1
     ),
     speaking AS (
       SELECT DISTINCT s.code, s.covers_england
       FROM sources s JOIN source_coverage_categories scc ON scc.source_code = s.code
       WHERE $1 = '*' OR scc.category_code IN (SELECT code FROM related)
     )
     SELECT l.code FROM unnest($2::text[]) l(code)
     WHERE EXISTS (SELECT 1 FROM speaking s WHERE s.covers_england)
        OR EXISTS (SELECT 1 FROM speaking s JOIN source_coverage_areas sca ON sca.source_code = s.code
                   WHERE sca.lad_code = l.code)`,
    [category, ladCodes],
  );
  return new Set(rows.map((r) => r.code));
}

/**
 * Stored figures (default settings) of one category for these LSOAs (all of England when
 * null). Plain columns, put into arrays here: parsing 33,755 rows of SQL arrays took
 * several times as long in node-postgres.
 */
export async function storedFiguresOf(db: Queryable, category: string, areaCodes: readonly string[] | null): Promise<ProvisionFigures[]> {
  const { rows } = await db.query<{
    areaCode: string;
    categoryCode: string;
    c400: number;
    c800: number;
    c1600: number;
    p400: number | null;
    p800: number | null;
    p1600: number | null;
    nearestM: number | null;
    e2sfca: number;
  }>(
    `SELECT area_code AS "areaCode", category_code AS "categoryCode", count_400 AS c400, count_800 AS c800, count_1600 AS c1600,
            per_1000_400 AS p400, per_1000_800 AS p800, per_1000_1600 AS p1600, nearest_m AS "nearestM", e2sfca
     FROM provision_results
     WHERE category_code = $1 AND ($2::text[] IS NULL OR area_code = ANY($2::text[]))`,
    [category, areaCodes],
  );
  return rows.map((r) => ({
    areaCode: r.areaCode,
    categoryCode: r.categoryCode,
    counts: [r.c400, r.c800, r.c1600],
    per1000: [r.p400, r.p800, r.p1600],
    nearestM: r.nearestM,
    e2sfca: r.e2sfca,
  }));
}

/** The rural-urban classes (code → name). */
export async function ruralUrbanClasses(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>('SELECT code, name FROM rural_urban_classes ORDER BY code');
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** How many public, live assets of the category (counting its sub-categories; '*': all) lie in each local authority. */
export async function assetsByAuthority(db: Queryable, category: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ lad: string; n: number }>(
    `WITH RECURSIVE ${TREE}
     SELECT ar.lad_code AS lad, count(*)::int AS n
     FROM public_assets pa JOIN areas ar ON ar.code = pa.lsoa_code
     WHERE pa.lifecycle_status <> 'defunct'
       AND ($1 = '*' OR pa.category_code IN (SELECT category_code FROM tree WHERE result_code = $1))
     GROUP BY ar.lad_code`,
    [category],
  );
  return new Map(rows.map((r) => [r.lad, r.n]));
}

/** The category's name ('*': every public asset). */
export async function categoryName(db: Queryable, code: string): Promise<string> {
  if (code === '*') return 'asset';
  const { rows } = await db.query<{ name: string }>('SELECT name FROM categories WHERE code = $1', [code]);
  return rows[0]?.name ?? code;
}

/** The category's capacity as E2SFCA uses it (see GapsResult.capacity): counted over public, live assets. */
export async function capacityOf(
  db: Queryable,
  category: string,
): Promise<{ weighted: boolean; unit: string | null; assets: number; unknown: number; zero: number }> {
  const { rows } = await db.query<{ assets: number; unknown: number; zero: number; units: string[] | null; parent: boolean }>(
    `WITH RECURSIVE ${TREE}
     SELECT count(*)::int AS assets, count(*) FILTER (WHERE pa.capacity IS NULL)::int AS unknown, count(*) FILTER (WHERE pa.capacity = 0)::int AS zero,
            array_agg(DISTINCT pa.capacity_unit) FILTER (WHERE pa.capacity_unit IS NOT NULL) AS units,
            ($1 = '*' OR EXISTS (SELECT 1 FROM categories c WHERE c.parent_code = $1)) AS parent
     FROM public_assets pa
     WHERE pa.lifecycle_status <> 'defunct'
       AND ($1 = '*' OR pa.category_code IN (SELECT category_code FROM tree WHERE result_code = $1))`,
    [category],
  );
  const r = rows[0]!;
  const units = r.units ?? [];
  const weighted = !r.parent && units.length <= 1;
  return { weighted, unit: weighted ? (units[0] ?? null) : null, assets: r.assets, unknown: weighted ? r.unknown : r.assets, zero: weighted ? r.zero : 0 };
}

/** A box in BNG metres. */
export interface Extent {
  lad: string;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** The extent (BNG) of the LSOAs of each local authority in `lads`. */
export async function authorityExtents(db: Queryable, lads: readonly string[]): Promise<Extent[]> {
  const { rows } = await db.query<Extent>(
    `SELECT lad, ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax
     FROM (SELECT lad_code AS lad, ST_Extent(geom_bng) AS e FROM areas WHERE lad_code = ANY($1::text[]) GROUP BY lad_code) x`,
    [lads],
  );
  return rows;
}

/** The residence point (BNG metres) of each LSOA among `codes` that has one. */
export async function residencePointsOf(db: Queryable, codes: readonly string[]): Promise<Map<string, { e: number; n: number }>> {
  const { rows } = await db.query<{ code: string; e: number; n: number }>(
    `SELECT area_code AS code, ST_X(geom_bng) AS e, ST_Y(geom_bng) AS n FROM area_residence_points WHERE area_code = ANY($1::text[])`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { e: r.e, n: r.n }]));
}

/**
 * For each LSOA, the distance from its residence point to the nearest LSOA (boundary, BNG;
 * 0 inside it) of any local authority paired with it: one KNN (`<->`, exact distances by
 * the index's recheck) per pair, among that authority's LSOAs only, on the
 * (geom_bng, lad_code) GiST index.
 */
export async function distancesToAuthorities(db: Queryable, pairs: readonly { code: string; lad: string }[]): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const { rows } = await db.query<{ code: string; edge: number }>(
    `SELECT t.code, min(k.d) AS edge
     FROM unnest($1::text[], $2::text[]) t(code, lad)
     JOIN area_residence_points rp ON rp.area_code = t.code
     CROSS JOIN LATERAL (
       SELECT ST_Distance(o.geom_bng, rp.geom_bng) AS d
       FROM areas o
       WHERE o.lad_code = t.lad
       ORDER BY o.geom_bng <-> rp.geom_bng
       LIMIT 1
     ) k
     GROUP BY t.code`,
    [pairs.map((p) => p.code), pairs.map((p) => p.lad)],
  );
  return new Map(rows.map((r) => [r.code, r.edge]));
}
