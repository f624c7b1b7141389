import type { Sql } from '../db/sql.js';
import { formatCount, type Log } from './progress.js';

/**
 * Where each LSOA's residents live, for provision metrics: the mean British National Grid
 * position of its live postcodes (averaged in metres, not degrees), or its polygon's
 * point-on-surface where it has none. Run after areas and postcodes are loaded.
 */
export async function loadResidencePoints(sql: Sql, log: Log): Promise<number> {
  await sql.query('DELETE FROM area_residence_points');
  await sql.query(
    `INSERT INTO area_residence_points (area_code, geom_bng, postcodes, method)
     SELECT a.code,
            CASE WHEN p.n > 0 THEN ST_SetSRID(ST_MakePoint(p.x, p.y), 27700)
                 ELSE ST_Transform(ST_PointOnSurface(a.geom), 27700) END,
            coalesce(p.n, 0),
            CASE WHEN p.n > 0 THEN 'postcode_mean' ELSE 'point_on_surface' END
     FROM areas a
     LEFT JOIN (
       SELECT lsoa_code, count(*)::int AS n, avg(ST_X(g)) AS x, avg(ST_Y(g)) AS y
       FROM (SELECT lsoa_code, ST_Transform(geom, 27700) AS g FROM postcodes WHERE lsoa_code IS NOT NULL) t
       GROUP BY lsoa_code
     ) p ON p.lsoa_code = a.code`,
  );
  const { rows } = await sql.query<{ method: string; n: number }>(
    'SELECT method, count(*)::int AS n FROM area_residence_points GROUP BY method ORDER BY method',
  );
  log(`  residence points: ${rows.map((r) => `${formatCount(r.n)} ${r.method.replace(/_/g, ' ')}`).join(', ')}`);
  return rows.reduce((sum, r) => sum + r.n, 0);
}
