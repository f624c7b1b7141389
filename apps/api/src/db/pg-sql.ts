import type pg from 'pg';
import type { Sql } from './sql.js';

/** Wraps one checked-out `pg` client (or a standalone Client) as Sql. */
export function pgSql(client: pg.ClientBase): Sql {
  const sql: Sql = {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
      return { rows: result.rows as T[] };
    },
    async exec(text: string) {
      await client.query(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      await client.query('BEGIN');
      try {
        const value = await fn(sql);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
  return sql;
}
