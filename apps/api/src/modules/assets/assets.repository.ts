import type { Asset, AssetFeature, BBox } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { freshness } from '@common-ground/schema';

/**
 * Every public read here goes through `public_assets` (published, not sensitive): the one
 * place visibility is decided. Workers' reads (worker-assets.repository.ts) select the
 * same columns from `assets`.
 *
 * The columns of an Asset, over `a` (assets or public_assets), `c` (its category) and `ar`
 * (its LSOA); `sourceDate` is read for freshness and dropped by `toAsset`.
 */
export const ASSET_COLUMNS = `
  a.id, a.name, a.description, a.category_code AS "categoryCode", c.name AS "categoryName",
  coalesce(a.abcd_type, c.abcd_type) AS "abcdType", a.organisation, a.tags,
  json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(a.geom), ST_Y(a.geom))) AS location,
  a.location_precision AS "locationPrecision", a.address, a.postcode, a.phone, a.email, a.website,
  a.opening_hours AS "openingHours", a.opening_hours_note AS "openingHoursNote", a.wheelchair,
  a.accessibility_note AS "accessibilityNote", a.is_free AS free, a.cost_note AS "costNote",
  a.age_min AS "ageMin", a.age_max AS "ageMax", a.languages, a.carers_welcome AS "carersWelcome",
  a.volunteers_wanted AS "volunteersWanted",
  CASE WHEN a.capacity IS NULL THEN NULL ELSE json_build_object('value', a.capacity, 'unit', a.capacity_unit) END AS capacity,
  CASE WHEN a.national_id IS NULL THEN NULL ELSE json_build_object('scheme', a.national_id_scheme, 'id', a.national_id) END AS "nationalId",
  a.lifecycle_status AS "lifecycleStatus",
  a.review_state AS "reviewState", a.version,
  to_char(a.last_verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lastVerifiedAt",
  to_char(a.source_date, 'YYYY-MM-DD') AS "sourceDate",
  a.lsoa_code AS "areaCode", ar.name AS "areaName",
  coalesce((SELECT json_agg(json_build_object('source', s.source, 'sourceId', s.source_id,
              'sourceDate', to_char(s.source_date, 'YYYY-MM-DD'), 'licence', s.licence) ORDER BY s.source)
            FROM asset_sources s WHERE s.asset_id = a.id), '[]'::json) AS provenance,
  to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

/** A row selected with ASSET_COLUMNS. */
export type AssetRow = Omit<Asset, 'freshness'> & { sourceDate: string | null };

/** An ASSET_COLUMNS row as the API answers it: with its freshness, without the raw date. */
export function toAsset<R extends AssetRow>(row: R): Omit<R, 'sourceDate'> & Pick<Asset, 'freshness'> {
  const { sourceDate, ...rest } = row;
  return { ...rest, freshness: freshness(row.lastVerifiedAt, sourceDate) };
}

export async function findPublicAsset(db: Queryable, id: string): Promise<Asset | undefined> {
  const { rows } = await db.query<AssetRow>(
    `SELECT ${ASSET_COLUMNS}
     FROM public_assets a
     JOIN categories c ON c.code = a.category_code
     LEFT JOIN areas ar ON ar.code = a.lsoa_code
     WHERE a.id = $1`,
    [id],
  );
  return rows[0] && toAsset(rows[0]);
}

export interface AssetListFilter {
  bbox?: BBox | undefined;
  category?: string | undefined;
  limit: number;
}

/** A bounded page of public assets as GeoJSON features, one more than asked to detect truncation. */
export async function listPublicAssetFeatures(db: Queryable, filter: AssetListFilter): Promise<AssetFeature[]> {
  const bbox = filter.bbox ?? null;
  const { rows } = await db.query<{ feature: AssetFeature }>(
    `WITH RECURSIVE subtree AS (
       SELECT code FROM categories WHERE code = $5
       UNION ALL
       SELECT c.code FROM categories c JOIN subtree s ON c.parent_code = s.code
     )
     SELECT json_build_object(
       'type', 'Feature',
       'id', a.id,
       'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(a.geom), ST_Y(a.geom))),
       'properties', json_build_object(
         'id', a.id, 'name', a.name, 'categoryCode', a.category_code, 'categoryName', c.name,
         'abcdType', coalesce(a.abcd_type, c.abcd_type), 'lifecycleStatus', a.lifecycle_status,
         'locationPrecision', a.location_precision, 'source', a.source)
     ) AS feature
     FROM public_assets a
     JOIN categories c ON c.code = a.category_code
     WHERE ($1::float8 IS NULL OR a.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))
       AND ($5::text IS NULL OR a.category_code IN (SELECT code FROM subtree))
     ORDER BY a.name, a.id
     LIMIT $6`,
    [bbox?.[0] ?? null, bbox?.[1] ?? null, bbox?.[2] ?? null, bbox?.[3] ?? null, filter.category ?? null, filter.limit + 1],
  );
  return rows.map((r) => r.feature);
}
