import type { Sql } from '../db/sql.js';

/**
 * Where the map writes each place's name (the `place_labels` table, served by
 * /api/place-labels). A local authority or ward is labelled at the residence point (ONS
 * population-weighted centroid) of its LSOA nearest the population-weighted mean of all of
 * them: a plain mean can fall outside a crescent-shaped ward or in a park, while an LSOA's
 * residence point is where people live, and the one nearest the mean is central. Postcode
 * districts use their centroid from the shipped lookup (English districts only). Run after
 * areas, postcodes and residence points are loaded.
 */
export async function loadPlaceLabels(sql: Sql): Promise<number> {
  await sql.query('DELETE FROM place_labels');
  await sql.query(
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
     )
     INSERT INTO place_labels (kind, code, name, geom, population)
     SELECT c.kind, c.code, coalesce(l.name, w.name), ST_Transform(c.geom, 4326), c.population
     FROM chosen c
     LEFT JOIN local_authorities l ON c.kind = 'local_authority' AND l.code = c.code
     LEFT JOIN wards w ON c.kind = 'ward' AND w.code = c.code
     WHERE coalesce(l.name, w.name) IS NOT NULL
     UNION ALL
     SELECT 'postcode_district', d.outcode, d.outcode, d.geom, 0
     FROM postcode_districts d
     WHERE d.main_lad_code LIKE 'E%'`,
  );
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM place_labels');
  return rows[0]?.n ?? 0;
}
