import { readPopulationWeightedCentroids } from '@common-ground/geo/asset-files';
import type { Sql } from '../db/sql.js';
import { formatCount, type Log } from './progress.js';

export { PWC_FILE } from '@common-ground/geo/asset-files';

/**
 * Where each LSOA's residents live, the point provision is measured from: the ONS
 * population-weighted centroid (method `pwc`), stored from the published easting and
 * northing exactly (`geom_bng` is that point in EPSG:27700, not a re-projection of the
 * rounded longitude and latitude). An LSOA the file lacks falls back to the mean British
 * National Grid position of its live postcodes, or else its polygon's point-on-surface.
 * `postcodes` is the LSOA's live postcodes either way (the postcode-level measure is over
 * them). Run after areas and postcodes are loaded.
 */
export async function loadResidencePoints(sql: Sql, dataDir: string, log: Log): Promise<number> {
  const centroids = await readPopulationWeightedCentroids(dataDir);
  await sql.query('DELETE FROM area_residence_points');
  const codes = [...centroids.keys()];
  await sql.query(
    `WITH pwc AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(code, easting, northing))
     INSERT INTO area_residence_points (area_code, geom_bng, postcodes, method)
     SELECT a.code,
            CASE WHEN w.code IS NOT NULL THEN ST_SetSRID(ST_MakePoint(w.easting::float8, w.northing::float8), 27700)
                 WHEN m.x IS NOT NULL THEN ST_SetSRID(ST_MakePoint(m.x, m.y), 27700)
                 ELSE ST_Transform(ST_PointOnSurface(a.geom), 27700) END,
            coalesce(c.n, 0),
            CASE WHEN w.code IS NOT NULL THEN 'pwc' WHEN m.x IS NOT NULL THEN 'postcode_mean' ELSE 'point_on_surface' END
     FROM areas a
     LEFT JOIN pwc w ON w.code = a.code
     LEFT JOIN (SELECT lsoa_code, count(*)::int AS n FROM postcodes WHERE lsoa_code IS NOT NULL GROUP BY lsoa_code) c
       ON c.lsoa_code = a.code
     -- The postcode mean, in BNG metres, only for an LSOA without a centroid.
     LEFT JOIN LATERAL (
       SELECT avg(ST_X(g)) AS x, avg(ST_Y(g)) AS y
       FROM (SELECT ST_Transform(p.geom, 27700) AS g FROM postcodes p WHERE p.lsoa_code = a.code AND w.code IS NULL) t
     ) m ON true`,
    [codes, codes.map((c) => centroids.get(c)!.easting), codes.map((c) => centroids.get(c)!.northing)],
  );
  const { rows } = await sql.query<{ method: string; n: number }>(
    'SELECT method, count(*)::int AS n FROM area_residence_points GROUP BY method ORDER BY method',
  );
  const label = { pwc: 'population-weighted centroids', postcode_mean: 'postcode means', point_on_surface: 'points on surface' };
  log(`  residence points: ${rows.map((r) => `${formatCount(r.n)} ${label[r.method as keyof typeof label] ?? r.method}`).join(', ')}`);
  return rows.reduce((sum, r) => sum + r.n, 0);
}
