import type pg from 'pg';
import type { Queryable } from './queryable.js';
import type { DatabaseKind } from './sql.js';
import { clientTransact, poolTransact, type Transact } from './transaction.js';

/**
 * The one way services reach the database, the same in the API (a pool) and in the
 * command-line tools (one client): repositories take `db` or a transaction's connection,
 * services open transactions with `transact` (a request's time limits) or `transactJob`
 * (minutes, for imports and recomputes: see pool-config.ts).
 */
export interface Db {
  /** Statements outside a transaction (each on any free connection). */
  db: Queryable;
  transact: Transact;
  transactJob: Transact;
  kind: DatabaseKind;
}

/** The API's: every transaction on its own client from the pool. */
export function poolDb(pool: pg.Pool, kind: DatabaseKind): Db {
  return { db: pool, transact: poolTransact(pool), transactJob: poolTransact(pool, { job: true }), kind };
}

/** A command-line tool's: everything on its one client. */
export function clientDb(client: pg.ClientBase, kind: DatabaseKind): Db {
  return { db: client, transact: clientTransact(client), transactJob: clientTransact(client, { job: true }), kind };
}
