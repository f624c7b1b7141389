import type { PlaceLabelKind } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

export interface PlaceLabelRow {
  kind: PlaceLabelKind;
  name: string;
  lon: number;
  lat: number;
  population: number;
}

/**
 * Where each local authority's and ward's name goes: the residence point (ONS
 * population-weighted centroid) of its LSOA nearest the population-weighted mean of all
 * of them. A plain mean can fall outside a crescent-shaped ward, or in a park; an LSOA's
 * residence point is always where people live, and the one nearest the mean is central.
 * Postcode districts use their centroid from the shipped lookup (English districts only).
 */
export async function placeLabelRows(db: Queryable): Promise<PlaceLabelRow[]> {
  const { rows } = await db.query<PlaceLabelRow>(
    `WITH pts AS (
       SELECT a.lad_code, a.ward_code, r.geom_bng AS geom,
              coalesce(a.population, 0) AS population,
              -- Every LSOA counts a little, so one with no recorded population still places.
              greatest(coalesce(a.population, 0), 1)::double precision AS w
       FROM areas a JOIN area_residence_points r ON r.area_code = a.code
     ),
     groups AS (
       SELECT 'local_authority' AS kind, lad_code AS code, geom, population, w FROM pts
       UNION ALL
       SELECT 'ward', ward_code, geom, population, w FROM pts WHERE ward_code IS NOT NULL
     ),
     means AS (
       SELECT kind, code,
              ST_SetSRID(ST_MakePoint(sum(ST_X(geom) * w) / sum(w), sum(ST_Y(geom) * w) / sum(w)), 27700) AS mean,
              sum(population)::integer AS population
       FROM groups GROUP BY kind, code
     ),
     chosen AS (
       SELECT DISTINCT ON (g.kind, g.code) g.kind, g.code, g.geom, m.population
       FROM groups g JOIN means m ON m.kind = g.kind AND m.code = g.code
       ORDER BY g.kind, g.code, ST_Distance(g.geom, m.mean)
     ),
     placed AS (
       SELECT c.kind, coalesce(l.name, w.name) AS name, ST_Transform(c.geom, 4326) AS geom, c.population
       FROM chosen c
       LEFT JOIN local_authorities l ON c.kind = 'local_authority' AND l.code = c.code
       LEFT JOIN wards w ON c.kind = 'ward' AND w.code = c.code
     )
     SELECT kind, name, round(ST_X(geom)::numeric, 5)::float8 AS lon, round(ST_Y(geom)::numeric, 5)::float8 AS lat, population
     FROM placed WHERE name IS NOT NULL
     UNION ALL
     SELECT 'postcode_district', d.outcode, round(ST_X(d.geom)::numeric, 5)::float8, round(ST_Y(d.geom)::numeric, 5)::float8, 0
     FROM postcode_districts d
     WHERE d.main_lad_code LIKE 'E%'
     ORDER BY 1, 5 DESC, 2`,
  );
  return rows;
}
