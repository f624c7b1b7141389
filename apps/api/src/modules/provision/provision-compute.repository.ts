import type { Queryable } from '../../db/queryable.js';

/*
 * The provision figures as SQL: the request-time computation (computeProvision) and the
 * postcode-mean variant. The SQL, `provisionTable` in packages/geo and the shipped-file
 * reference (testing/shipped-provision.ts) are kept equal by provision-equality.api.test.ts.
 */

/** The settings a provision computation runs with. */
export interface ProvisionSettings {
  /** Walking-distance bands in metres, ascending. */
  bands: readonly number[];
  /** E2SFCA catchment d0 in metres. */
  catchment: number;
  /** E2SFCA distance decay within the catchment. */
  decay: 'gaussian' | 'none';
}

/**
 * One LSOA × category: counts per band and the per-1,000 rate (the count over the residents
 * whose residence points are within the band), nearest, E2SFCA.
 */
export interface ProvisionFigures {
  areaCode: string;
  categoryCode: string;
  counts: number[];
  per1000: (number | null)[];
  nearestM: number | null;
  e2sfca: number;
}

/**
 * E2SFCA weight of a distance expression: a Gaussian normalised to W(0) = 1 and W(d0) = 0,
 * W(d) = (exp(-½ (d/d0)²) − exp(-½)) / (1 − exp(-½)), the same function as `decayWeight`
 * in packages/geo (continuous at the catchment edge, so a distance a micrometre either
 * side of d0 cannot flip a whole step); or 1 throughout the catchment ('none', classic
 * 2SFCA). Callers only ever use it for d ≤ d0. `d0` and `decay` are SQL parameter references.
 */
function weight(d: string, d0: string, decay: string): string {
  return `(CASE WHEN ${decay} = 'none' THEN 1.0::float8
           ELSE (exp(-0.5 * power(${d} / ${d0}, 2)) - exp(-0.5)) / (1 - exp(-0.5)) END)`;
}

/** `tree(category_code, result_code)`: each category with itself and every ancestor; for WITH RECURSIVE. */
export const TREE = `tree AS (
       SELECT code AS category_code, code AS result_code FROM categories
       UNION ALL
       SELECT t.category_code, c.parent_code FROM tree t JOIN categories c ON c.code = t.result_code
       WHERE c.parent_code IS NOT NULL
     )`;

/**
 * The figures for the LSOAs `areaCodes` × result categories `categoryCodes` (a category
 * counts itself and its descendants; '*' counts every asset), from public, not defunct
 * assets only. Index-friendly: one ST_DWithin join on the BNG GiST indexes collects every
 * asset within reach (max(band, catchment)) of each residence point; the nearest asset
 * beyond that reach is a KNN (`<->`) look-up per asset category, only where nothing of
 * that category is within reach.
 *
 * E2SFCA (Luo & Qi 2009):
 *   R_j = S_j / Σ_{k: d_kj ≤ d0} P_k W(d_kj)   (0 when no resident is within reach of j)
 *   A_i = 1000 × Σ_{j: d_ij ≤ d0} R_j W(d_ij)
 * S_j is the asset's capacity (1 when unknown, 0 when 0) in a capacity-weighted result
 * category (no sub-categories, one capacity unit: `supplyOf` in packages/geo), else 1. The
 * population part 1 / Σ P_k W is the same for every category, so it is computed once per asset.
 */
export async function computeProvision(
  db: Queryable,
  areaCodes: readonly string[],
  categoryCodes: readonly string[],
  settings: ProvisionSettings,
): Promise<ProvisionFigures[]> {
  if (areaCodes.length === 0 || categoryCodes.length === 0) return [];
  const reach = Math.max(settings.catchment, ...settings.bands);
  // $3 bands, $4 d0, $5 decay, $6 reach.
  const counts = settings.bands.map((_, i) => `count(*) FILTER (WHERE n.d <= ($3::float8[])[${i + 1}])::int`).join(', ');
  const w = (d: string) => weight(d, '$4::float8', '$5::text');
  const { rows } = await db.query<ProvisionFigures>(
    `WITH RECURSIVE ${TREE},
     -- Which asked-for result categories an asset of each category counts in.
     counted AS (
       SELECT category_code, result_code FROM tree WHERE result_code = ANY($2::text[])
       UNION ALL
       SELECT code, '*' FROM categories WHERE '*' = ANY($2::text[])
     ),
     res AS (
       SELECT rp.area_code, rp.geom_bng, a.population
       FROM area_residence_points rp JOIN areas a ON a.code = rp.area_code
       WHERE rp.area_code = ANY($1::text[])
     ),
     -- Per band, the residents whose residence points are within the band of each asked one
     -- (itself included; unknown populations count 0): the per-1,000 rate's denominator.
     catchment AS (
       SELECT r.area_code,
              ARRAY(SELECT coalesce(sum(coalesce(a.population, 0)) FILTER (WHERE ST_Distance(k.geom_bng, r.geom_bng) <= b), 0)
                    FROM unnest($3::float8[]) WITH ORDINALITY u(b, i)
                    CROSS JOIN area_residence_points k JOIN areas a ON a.code = k.area_code
                    WHERE ST_DWithin(k.geom_bng, r.geom_bng, (SELECT max(x) FROM unnest($3::float8[]) x))
                    GROUP BY i ORDER BY i) AS pops
       FROM res r
     ),
     near AS MATERIALIZED (
       SELECT r.area_code, p.id, p.category_code, p.geom_bng, p.capacity, ST_Distance(r.geom_bng, p.geom_bng) AS d
       FROM res r
       JOIN public_assets p ON ST_DWithin(p.geom_bng, r.geom_bng, $6::float8)
       WHERE p.lifecycle_status <> 'defunct'
         AND p.category_code IN (SELECT category_code FROM counted)
     ),
     -- Asked result categories whose E2SFCA is capacity-weighted: not '*', no sub-categories,
     -- and at most one capacity unit among their assets (capacityWeightedCategories in packages/geo).
     weighted AS (
       SELECT q.code FROM unnest($2::text[]) q(code)
       WHERE q.code <> '*'
         AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.parent_code = q.code)
         AND (SELECT count(DISTINCT p.capacity_unit) FROM public_assets p
              WHERE p.category_code = q.code AND p.lifecycle_status <> 'defunct' AND p.capacity IS NOT NULL) <= 1
     ),
     -- E2SFCA step 1 for every asset within the catchment of an asked LSOA.
     supply AS (
       SELECT j.id,
              coalesce(1.0 / nullif(sum(coalesce(a.population, 0) * ${w('ST_Distance(k.geom_bng, j.geom_bng)')}), 0), 0) AS ratio
       FROM (SELECT DISTINCT id, geom_bng FROM near WHERE d <= $4::float8) j
       JOIN area_residence_points k ON ST_DWithin(k.geom_bng, j.geom_bng, $4::float8)
       JOIN areas a ON a.code = k.area_code
       GROUP BY j.id
     ),
     summed AS (
       SELECT n.area_code, c.result_code,
              ARRAY[${counts}] AS counts,
              min(n.d) AS nearest_within,
              1000.0 * coalesce(sum(
                CASE WHEN c.result_code IN (SELECT code FROM weighted) THEN coalesce(n.capacity, 1.0) ELSE 1.0 END
                * s.ratio * ${w('n.d')}) FILTER (WHERE n.d <= $4::float8), 0) AS e2sfca
       FROM near n
       JOIN counted c ON c.category_code = n.category_code
       LEFT JOIN supply s ON s.id = n.id
       GROUP BY n.area_code, c.result_code
     ),
     -- Asset categories with any public asset that count in an asked category.
     present AS (
       SELECT DISTINCT c.category_code FROM counted c
       WHERE EXISTS (SELECT 1 FROM public_assets p
                     WHERE p.category_code = c.category_code AND p.lifecycle_status <> 'defunct')
     ),
     -- Nothing of a category within reach: its nearest anywhere, by KNN on the BNG index
     -- (category_code = one value is an index condition of the (geom_bng, category_code)
     -- GiST index, so the scan skips other categories' branches).
     far AS (
       SELECT r.area_code, e.category_code, k.d
       FROM res r
       CROSS JOIN present e
       CROSS JOIN LATERAL (
         SELECT ST_Distance(p.geom_bng, r.geom_bng) AS d
         FROM public_assets p
         WHERE p.category_code = e.category_code AND p.lifecycle_status <> 'defunct'
         ORDER BY p.geom_bng <-> r.geom_bng
         LIMIT 1
       ) k
       WHERE NOT EXISTS (SELECT 1 FROM near n WHERE n.area_code = r.area_code AND n.category_code = e.category_code)
     ),
     far_rolled AS (
       SELECT f.area_code, c.result_code, min(f.d) AS d
       FROM far f JOIN counted c ON c.category_code = f.category_code
       GROUP BY f.area_code, c.result_code
     )
     SELECT r.area_code AS "areaCode", q.code AS "categoryCode",
            coalesce(s.counts, array_fill(0, ARRAY[cardinality($3::float8[])])) AS counts,
            ARRAY(SELECT CASE WHEN p > 0 THEN 1000.0 * x / p END
                  FROM unnest(coalesce(s.counts, array_fill(0, ARRAY[cardinality($3::float8[])])), cp.pops) WITH ORDINALITY u(x, p, i)
                  ORDER BY i) AS "per1000",
            -- least() skips NULLs: NULL only when the category has no public asset at all.
            least(s.nearest_within, f.d) AS "nearestM",
            coalesce(s.e2sfca, 0) AS e2sfca
     FROM res r
     JOIN catchment cp ON cp.area_code = r.area_code
     CROSS JOIN unnest($2::text[]) q(code)
     LEFT JOIN summed s ON s.area_code = r.area_code AND s.result_code = q.code
     LEFT JOIN far_rolled f ON f.area_code = r.area_code AND f.result_code = q.code
     ORDER BY r.area_code, q.code`,
    [areaCodes, categoryCodes, settings.bands, settings.catchment, settings.decay, reach],
  );
  return rows;
}

/** One LSOA × category of the postcode-level (AHAH-style) measure. */
export interface PostcodeMeanNearest {
  areaCode: string;
  categoryCode: string;
  /** Mean over the LSOA's live postcodes of the distance to the nearest asset; null when there is no asset or postcode. */
  meanM: number | null;
  /** How many postcodes the mean is over. */
  postcodes: number;
}

/**
 * The postcode-level measure, after the AHAH index (CDRC): for every live postcode of the
 * LSOAs `areaCodes`, the straight-line distance (BNG metres) to the nearest public, not
 * defunct asset of each result category (a category counts its descendants, '*' every
 * asset), averaged over the LSOA's postcodes. Every postcode counts once, so the mean follows
 * where addresses are.
 *
 * Exact, without a nearest-asset look-up per postcode (1.49M × asset categories would be
 * tens of millions of KNN probes for England). Per LSOA and asset category:
 * 1. r is the LSOA's residence point and s the distance from r to its farthest postcode;
 *    d1 is the distance from r to the category's nearest asset (one KNN `<->` probe on the
 *    (geom_bng, category_code) GiST index).
 * 2. For a postcode p (|p − r| ≤ s) that asset is within s + d1, so p's nearest asset a has
 *    |a − r| ≤ |a − p| + |p − r| ≤ d1 + 2s: the candidates are the assets within d1 + 2s of r
 *    (one ST_DWithin on the same index; +1 mm so rounding cannot drop the one on the edge).
 * 3. A result category's candidates are those of the asset categories that count in it, so
 *    a postcode's nearest is its distance to them as one multipoint (the minimum over the
 *    points); the LSOA's figure is the mean over its postcodes.
 */
export async function postcodeMeanNearest(db: Queryable, areaCodes: readonly string[], categoryCodes: readonly string[]): Promise<PostcodeMeanNearest[]> {
  if (areaCodes.length === 0 || categoryCodes.length === 0) return [];
  const { rows } = await db.query<PostcodeMeanNearest>(
    `WITH RECURSIVE ${TREE},
     counted AS (
       SELECT category_code, result_code FROM tree WHERE result_code = ANY($2::text[])
       UNION ALL
       SELECT code, '*' FROM categories WHERE '*' = ANY($2::text[])
     ),
     -- Asset categories with any public asset that count in an asked category.
     present AS MATERIALIZED (
       SELECT DISTINCT c.category_code FROM counted c
       WHERE EXISTS (SELECT 1 FROM public_assets p
                     WHERE p.category_code = c.category_code AND p.lifecycle_status <> 'defunct')
     ),
     pc AS MATERIALIZED (
       SELECT lsoa_code, ST_Transform(geom, 27700) AS g FROM postcodes
       WHERE lsoa_code = ANY($1::text[]) AND geom IS NOT NULL
     ),
     spread AS MATERIALIZED (
       SELECT rp.area_code, rp.geom_bng AS r, max(ST_Distance(pc.g, rp.geom_bng)) AS s, count(*)::int AS n
       FROM pc JOIN area_residence_points rp ON rp.area_code = pc.lsoa_code
       GROUP BY rp.area_code, rp.geom_bng
     ),
     first AS (
       SELECT sp.area_code, sp.r, sp.s, e.category_code, k.d1
       FROM spread sp
       CROSS JOIN present e
       CROSS JOIN LATERAL (
         SELECT ST_Distance(p.geom_bng, sp.r) AS d1
         FROM public_assets p
         WHERE p.category_code = e.category_code AND p.lifecycle_status <> 'defunct'
         ORDER BY p.geom_bng <-> sp.r
         LIMIT 1
       ) k
     ),
     -- The candidates of every asset category that counts in a result category, as one
     -- multipoint: the distance to it is the minimum over its points.
     candidates AS (
       SELECT f.area_code, k.result_code, ST_Collect(p.geom_bng) AS g
       FROM first f
       JOIN public_assets p ON p.category_code = f.category_code AND p.lifecycle_status <> 'defunct'
                           AND ST_DWithin(p.geom_bng, f.r, f.d1 + 2 * f.s + 0.001)
       JOIN counted k ON k.category_code = f.category_code
       GROUP BY f.area_code, k.result_code
     ),
     means AS (
       SELECT pc.lsoa_code, c.result_code, avg(ST_Distance(pc.g, c.g)) AS mean_m
       FROM pc JOIN candidates c ON c.area_code = pc.lsoa_code
       GROUP BY pc.lsoa_code, c.result_code
     )
     SELECT a.code AS "areaCode", q.code AS "categoryCode", m.mean_m AS "meanM", coalesce(sp.n, 0) AS postcodes
     FROM unnest($1::text[]) a(code)
     CROSS JOIN unnest($2::text[]) q(code)
     LEFT JOIN means m ON m.lsoa_code = a.code AND m.result_code = q.code
     LEFT JOIN spread sp ON sp.area_code = a.code
     ORDER BY a.code, q.code`,
    [areaCodes, categoryCodes],
  );
  return rows;
}
