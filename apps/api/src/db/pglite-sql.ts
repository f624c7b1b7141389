import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Sql } from './sql.js';

/** Wraps an in-process PGlite (used before its socket opens: migrations, loading). */
export function pgliteSql(db: PGlite | Transaction): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await db.query<T>(text, params);
      return { rows: result.rows };
    },
    async exec(text: string) {
      await db.exec(text);
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (!('transaction' in db)) return fn(pgliteSql(db));
      return db.transaction((tx) => fn(pgliteSql(tx)));
    },
  };
}
