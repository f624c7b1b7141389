import type { Queryable } from '../../db/queryable.js';

/**
 * Session advisory locks in two-number form (namespace, id), so gap computations can be
 * limited and kept apart across every API instance of one server. Held by the connection
 * that took them; a connection that dies lets them go.
 */

/** Takes the lock (namespace, id) on this session if free; true when taken. */
export async function tryLock(session: Queryable, namespace: number, id: number): Promise<boolean> {
  const { rows } = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS ok', [namespace, id]);
  return rows[0]!.ok;
}

/** Gives back a lock this session holds. */
export async function unlock(session: Queryable, namespace: number, id: number): Promise<void> {
  await session.query('SELECT pg_advisory_unlock($1::int, $2::int)', [namespace, id]);
}
