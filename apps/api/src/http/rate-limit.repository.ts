import type { Queryable } from '../db/queryable.js';

export interface RateLimitHit {
  current: number;
  ttl: number;
}

/**
 * Counts one request against `key` in a fixed window, in one atomic statement, so every
 * API instance sees the same count. A window that has ended starts again at 1.
 */
export async function countRequest(db: Queryable, key: string, windowMs: number): Promise<RateLimitHit> {
  const { rows } = await db.query<{ current: number; ttl: number }>(
    `INSERT INTO rate_limits AS r (key, hits, window_ends)
     VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.window_ends <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
       window_ends = CASE WHEN r.window_ends <= clock_timestamp()
                          THEN clock_timestamp() + $2 * interval '1 millisecond' ELSE r.window_ends END
     RETURNING hits AS current,
               greatest(0, ceil(extract(epoch FROM window_ends - clock_timestamp()) * 1000))::int AS ttl`,
    [key, windowMs],
  );
  return rows[0]!;
}

/** Rows whose window ended long ago are only clutter. */
export async function pruneRateLimits(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM rate_limits WHERE window_ends < now() - interval '1 day'`);
}
