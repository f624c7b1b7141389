import type { Queryable } from '../../db/queryable.js';

/** How many LSOAs and public assets the database holds, waiting at most `timeoutMs`. */
export async function healthCounts(db: Queryable, timeoutMs: number): Promise<{ areas: number; assets: number }> {
  const { rows } = await db.query<{ areas: number; assets: number }>({
    text: `SELECT (SELECT count(*)::int FROM areas) AS areas,
                  (SELECT count(*)::int FROM public_assets) AS assets`,
    query_timeout: timeoutMs,
  });
  return rows[0]!;
}
