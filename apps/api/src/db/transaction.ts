import type pg from 'pg';
import type { Queryable } from './queryable.js';

/** Runs `fn` in one transaction and hands it the connection to use (never the pool). */
export type Transact = <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;

/** A transaction on one standalone client (the CLIs). */
export function clientTransact(client: pg.ClientBase): Transact {
  return async (fn) => {
    await client.query('BEGIN');
    try {
      const value = await fn(client);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };
}

/** A transaction on a client checked out of a pool, released afterwards. */
export function poolTransact(pool: pg.Pool): Transact {
  return async (fn) => {
    const client = await pool.connect();
    try {
      return await clientTransact(client)(fn);
    } finally {
      client.release();
    }
  };
}
