import type { DataSource } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

export async function listSources(db: Queryable): Promise<DataSource[]> {
  const { rows } = await db.query<DataSource>(
    `SELECT s.code, s.name, s.publisher, s.licence, s.attribution, to_char(s.source_date, 'YYYY-MM-DD') AS "sourceDate",
            s.url, s.records,
            json_build_object(
              'england', s.covers_england,
              'localAuthorities', coalesce((SELECT json_agg(lad_code ORDER BY lad_code) FROM source_coverage_areas a WHERE a.source_code = s.code), '[]'::json),
              'categories', coalesce((SELECT json_agg(category_code ORDER BY category_code) FROM source_coverage_categories c WHERE c.source_code = s.code), '[]'::json),
              'completeness', s.completeness
            ) AS coverage
     FROM sources s ORDER BY s.covers_england DESC, s.code`,
  );
  return rows;
}
