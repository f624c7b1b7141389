import type { BBox, SearchHit } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

/** Names and categories at least this close (pg_trgm word similarity) match a typed query. */
export const WORD_SIMILARITY = 0.45;

export interface SearchFilter {
  /** The words as typed (for trigram matching). */
  text: string | null;
  /** The same words as a prefix tsquery ('food:* & bank:*'). */
  tsquery: string | null;
  category: string | null;
  abcd: string | null;
  near: [number, number] | null;
  radius: number;
  bbox: BBox | null;
  /** Minute of the week (Monday 00:00 = 0, Europe/London) the asset must be open at. */
  openAt: number | null;
  wheelchair: 'yes' | 'limited' | null;
  free: boolean | null;
  age: number | null;
  limit: number;
  offset: number;
}

/**
 * One query for every combination of filters: each filter is a plain parameter that is
 * either null (no filter) or applied. Reads only public_assets, and leaves out assets
 * closed for good. With a point, hits are ordered by distance; otherwise by relevance.
 */
const SEARCH_SQL = `
WITH RECURSIVE subtree AS (
  SELECT code FROM categories WHERE code = $3
  UNION ALL
  SELECT c.code FROM categories c JOIN subtree s ON c.parent_code = s.code
),
params AS (
  SELECT here,
         -- A box around the point, so the spatial index narrows the rows first.
         CASE WHEN here IS NULL THEN NULL
              ELSE ST_Expand(here, $7::float8 / 111320 / cos(radians(ST_Y(here))) + $7::float8 / 111320) END AS box,
         CASE WHEN $2::text IS NULL THEN NULL ELSE to_tsquery('english', $2) END AS tsq
  FROM (SELECT CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END AS here) h
),
matches AS (
  SELECT a.id, a.name, a.category_code, c.name AS category_name, coalesce(a.abcd_type, c.abcd_type) AS abcd_type,
         a.geom, a.location_precision, a.address, a.postcode, a.opening_hours, a.lifecycle_status,
         CASE WHEN p.here IS NULL THEN NULL ELSE ST_Distance(a.geom::geography, p.here::geography) END AS distance,
         CASE WHEN $1::text IS NULL THEN 0
              ELSE ts_rank_cd(a.search_document, p.tsq) + word_similarity($1, a.search_text) END AS score
  FROM public_assets a
  JOIN categories c ON c.code = a.category_code
  CROSS JOIN params p
  WHERE a.lifecycle_status <> 'defunct'
    AND ($1::text IS NULL OR a.search_document @@ p.tsq OR word_similarity($1, a.search_text) >= ${WORD_SIMILARITY})
    AND ($3::text IS NULL OR a.category_code IN (SELECT code FROM subtree))
    AND ($4::text IS NULL OR coalesce(a.abcd_type, c.abcd_type) = $4)
    AND (p.here IS NULL OR (a.geom && p.box AND ST_DWithin(a.geom::geography, p.here::geography, $7)))
    AND ($8::float8 IS NULL OR a.geom && ST_MakeEnvelope($8, $9, $10, $11, 4326))
    AND ($12::int IS NULL OR EXISTS (
          SELECT 1 FROM asset_open_intervals o WHERE o.asset_id = a.id AND o.opens <= $12 AND $12 < o.closes))
    AND ($13::text IS NULL OR a.wheelchair = $13 OR ($13 = 'limited' AND a.wheelchair = 'yes'))
    AND ($14::boolean IS NULL OR a.is_free = $14)
    AND ($15::int IS NULL OR ((a.age_min IS NULL OR a.age_min <= $15) AND (a.age_max IS NULL OR a.age_max >= $15)))
)
SELECT (SELECT count(*)::int FROM matches) AS total,
       coalesce((
         SELECT json_agg(json_build_object(
                  'id', m.id, 'name', m.name, 'categoryCode', m.category_code, 'categoryName', m.category_name,
                  'abcdType', m.abcd_type,
                  'location', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(m.geom), ST_Y(m.geom))),
                  'locationPrecision', m.location_precision, 'address', m.address, 'postcode', m.postcode,
                  'openingHours', m.opening_hours, 'lifecycleStatus', m.lifecycle_status,
                  'distanceMetres', round(m.distance::numeric, 1)::float8)
                ORDER BY m.distance ASC NULLS LAST, m.score DESC, m.name, m.id)
         FROM (SELECT * FROM matches ORDER BY distance ASC NULLS LAST, score DESC, name, id LIMIT $16 OFFSET $17) m
       ), '[]'::json) AS results`;

export async function searchAssets(db: Queryable, f: SearchFilter): Promise<{ total: number; results: SearchHit[] }> {
  const { rows } = await db.query<{ total: number; results: SearchHit[] }>(SEARCH_SQL, [
    f.text,
    f.tsquery,
    f.category,
    f.abcd,
    f.near?.[0] ?? null,
    f.near?.[1] ?? null,
    f.radius,
    f.bbox?.[0] ?? null,
    f.bbox?.[1] ?? null,
    f.bbox?.[2] ?? null,
    f.bbox?.[3] ?? null,
    f.openAt,
    f.wheelchair,
    f.free,
    f.age,
    f.limit,
    f.offset,
  ]);
  return rows[0]!;
}

/** Exposed so the benchmark can run exactly the SQL the endpoint runs. */
export { SEARCH_SQL };
