import type { AreaProfile } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

export async function findAreaProfile(db: Queryable, code: string): Promise<AreaProfile | undefined> {
  const { rows } = await db.query<AreaProfile>(
    `SELECT a.code, a.name,
            json_build_object('code', la.code, 'name', la.name) AS "localAuthority",
            CASE WHEN w.code IS NULL THEN NULL ELSE json_build_object('code', w.code, 'name', w.name) END AS ward,
            CASE WHEN a.population IS NULL THEN NULL ELSE
              jsonb_build_object('total', a.population, 'source', 'Census 2021 usual residents') || a.population_by_age
            END AS population,
            round(a.area_sq_km::numeric, 3)::float8 AS "areaSqKm",
            CASE WHEN ruc.code IS NULL THEN NULL ELSE
              json_build_object('code', ruc.code, 'name', ruc.name, 'urbanRural', ruc.urban_rural, 'classification', 'RUC2021')
            END AS "ruralUrban",
            coalesce((
              SELECT json_agg(json_build_object(
                       'measure', m.measure, 'label', d.label, 'vintage', m.vintage, 'score', m.score,
                       'rank', m.rank, 'decile', m.decile, 'direction', m.direction,
                       'outOf', (SELECT count(*)::int FROM areas))
                     ORDER BY CASE WHEN m.measure = 'imd' THEN 0 ELSE 1 END, d.label)
              FROM need_measures m
              JOIN need_measure_definitions d ON d.measure = m.measure AND d.vintage = m.vintage
              WHERE m.area_code = a.code), '[]'::json) AS deprivation,
            json_build_object(
              -- Assets that still run: closed-for-good ones are hidden on the map too.
              'total', (SELECT count(*)::int FROM public_assets p WHERE p.lsoa_code = a.code AND p.lifecycle_status <> 'defunct'),
              'byCategory', coalesce((
                SELECT json_agg(json_build_object('code', x.code, 'name', x.name, 'count', x.n) ORDER BY x.n DESC, x.name)
                FROM (SELECT c.code, c.name, count(*)::int AS n
                      FROM public_assets p JOIN categories c ON c.code = p.category_code
                      WHERE p.lsoa_code = a.code AND p.lifecycle_status <> 'defunct'
                      GROUP BY c.code, c.name) x), '[]'::json)
            ) AS assets,
            json_build_array(ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)) AS bbox
     FROM areas a
     JOIN local_authorities la ON la.code = a.lad_code
     LEFT JOIN wards w ON w.code = a.ward_code
     LEFT JOIN rural_urban_classes ruc ON ruc.code = a.ruc21_code
     WHERE a.code = $1`,
    [code],
  );
  return rows[0];
}

export async function deprivationTable(
  db: Queryable,
  measure: string,
  vintage: string,
): Promise<{ label: string; areas: { code: string; score: number | null; rank: number | null; decile: number | null }[] } | undefined> {
  const { rows } = await db.query<{ label: string; areas: { code: string; score: number | null; rank: number | null; decile: number | null }[] }>(
    `SELECT d.label,
            coalesce((SELECT json_agg(json_build_object('code', m.area_code, 'score', m.score, 'rank', m.rank,
                                                        'decile', m.decile) ORDER BY m.area_code)
                      FROM need_measures m WHERE m.measure = d.measure AND m.vintage = d.vintage), '[]'::json) AS areas
     FROM need_measure_definitions d WHERE d.measure = $1 AND d.vintage = $2`,
    [measure, vintage],
  );
  return rows[0];
}
