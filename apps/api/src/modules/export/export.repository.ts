import { createHash } from 'node:crypto';
import type { CapacityUnit } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { SEARCH_ORDER, searchConditions, SqlParams, type SearchFilter } from '../search/search.repository.js';

/** One public asset as an export (CSV, GeoJSON, HSDS) needs it, with its sources' terms. */
export interface ExportAsset {
  id: string;
  name: string;
  categoryCode: string;
  categoryName: string;
  abcdType: string;
  description: string | null;
  organisation: string | null;
  address: string | null;
  postcode: string | null;
  lat: number;
  lon: number;
  locationPrecision: 'exact' | 'postcode' | 'approximate';
  phone: string | null;
  email: string | null;
  website: string | null;
  openingHours: string | null;
  openingHoursNote: string | null;
  tags: string[];
  wheelchair: string | null;
  isFree: boolean | null;
  ageMin: number | null;
  ageMax: number | null;
  /** Capacity and its unit, both or neither. */
  capacity: number | null;
  capacityUnit: CapacityUnit | null;
  /** The asset's code in a national register and the register's scheme (GB-NHS), both or neither. */
  nationalId: string | null;
  nationalIdScheme: string | null;
  lifecycleStatus: 'active' | 'inactive' | 'temporarily closed' | 'defunct';
  updatedAt: string;
  lastVerifiedAt: string | null;
  /** The local authority the asset is in (for an address's town), when known. */
  localAuthority: string | null;
  source: string;
  sourceId: string | null;
  sourceDate: string | null;
  /** The primary source's name and publisher (null when the source is not registered). */
  sourceName: string | null;
  sourcePublisher: string | null;
  /** The primary source's licence. */
  licence: string;
  /** Every contributing source (primary first): code, licence, attribution. */
  sources: { code: string; licence: string; attribution: string }[];
}

/**
 * The columns read for each exported asset. Licence and attribution come from the
 * `sources` register; an asset whose source is not registered there (a contribution)
 * keeps the licence stored on it, and its source code stands as its attribution.
 */
const EXPORT_SELECT = `
  a.id, a.name, a.category_code AS "categoryCode", c.name AS "categoryName",
  coalesce(a.abcd_type, c.abcd_type) AS "abcdType", a.description, a.organisation, a.address, a.postcode,
  ST_Y(a.geom) AS lat, ST_X(a.geom) AS lon, a.location_precision AS "locationPrecision",
  a.phone, a.email, a.website, a.opening_hours AS "openingHours",
  a.opening_hours_note AS "openingHoursNote", a.tags, a.wheelchair, a.is_free AS "isFree",
  a.age_min AS "ageMin", a.age_max AS "ageMax", a.capacity, a.capacity_unit AS "capacityUnit",
  a.national_id AS "nationalId", a.national_id_scheme AS "nationalIdScheme", a.lifecycle_status AS "lifecycleStatus",
  to_json(a.updated_at) #>> '{}' AS "updatedAt", to_json(a.last_verified_at) #>> '{}' AS "lastVerifiedAt",
  (SELECT la.name FROM areas l JOIN local_authorities la ON la.code = l.lad_code WHERE l.code = a.lsoa_code) AS "localAuthority",
  a.source, a.source_id AS "sourceId", to_char(a.source_date, 'YYYY-MM-DD') AS "sourceDate",
  s.name AS "sourceName", s.publisher AS "sourcePublisher", coalesce(s.licence, a.licence) AS licence,
  (SELECT json_agg(json_build_object('code', x.code, 'licence', coalesce(xs.licence, x.licence),
                                     'attribution', coalesce(xs.attribution, x.code)) ORDER BY x.rank, x.code)
   FROM (SELECT a.source AS code, a.licence, 0 AS rank
         UNION
         SELECT o.source, o.licence, 1 FROM asset_sources o WHERE o.asset_id = a.id AND o.source <> a.source) x
   LEFT JOIN sources xs ON xs.code = x.code) AS sources`;

const EXPORT_JOINS = `
  JOIN categories c ON c.code = a.category_code
  LEFT JOIN sources s ON s.code = a.source`;

/**
 * Every public asset the search finds, in the search's order, at most `limit` of them:
 * the same conditions as `/api/search` (searchConditions), so an export is the view.
 * The caller asks for one more than it allows, to know when a view is too big.
 */
export async function exportAssets(db: Queryable, filter: SearchFilter, limit: number): Promise<ExportAsset[]> {
  const params = new SqlParams();
  const { subtree, categoryJoin, where, distance, score } = searchConditions(filter, params);
  const text = `
WITH RECURSIVE ${subtree}
matches AS MATERIALIZED (
  SELECT a.id, a.name, ${distance} AS distance, ${score} AS score
  FROM public_assets a ${categoryJoin}
  WHERE ${where.join('\n    AND ')}
  ORDER BY ${SEARCH_ORDER.replaceAll('m.', '')}
  LIMIT ${params.add(limit, '::int')}
)
SELECT ${EXPORT_SELECT}
FROM matches m
JOIN public_assets a ON a.id = m.id ${EXPORT_JOINS}
ORDER BY ${SEARCH_ORDER}`;
  const name = `cg_export_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const { rows } = await db.query<ExportAsset>({ name, text, values: params.values });
  return rows;
}

/** Public assets by id, in the order given; ids not public are left out. */
export async function exportAssetsById(db: Queryable, ids: string[]): Promise<ExportAsset[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ExportAsset>(
    `SELECT ${EXPORT_SELECT}
     FROM unnest($1::uuid[]) WITH ORDINALITY AS wanted (id, n)
     JOIN public_assets a ON a.id = wanted.id ${EXPORT_JOINS}
     ORDER BY wanted.n`,
    [ids],
  );
  return rows;
}

export interface SourceTerms {
  code: string;
  name: string;
  licence: string;
  attribution: string;
  url: string | null;
}

/** The registered sources public assets come from, with their terms. */
export async function publicSourceTerms(db: Queryable): Promise<SourceTerms[]> {
  const { rows } = await db.query<SourceTerms>(
    `SELECT s.code, s.name, s.licence, s.attribution, s.url
     FROM sources s
     WHERE EXISTS (SELECT 1 FROM public_assets a WHERE a.source = s.code)
        OR EXISTS (SELECT 1 FROM asset_sources o JOIN public_assets a ON a.id = o.asset_id WHERE o.source = s.code)
     ORDER BY s.code`,
  );
  return rows;
}
