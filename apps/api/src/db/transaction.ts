import type pg from 'pg';
import { databaseFaultOf } from './faults.js';
import { CLIENT_MARGIN_MS, JOB_LIMITS, jobLimitStatements } from './pool-config.js';
import type { NamedStatement, Queryable, TimedStatement } from './queryable.js';

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
      // A broken connection cannot roll back (the server already has): keep the first error.
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  };
}

export interface TransactOptions {
  /**
   * A long job (an import, a recompute): the transaction gets minutes rather than a
   * request's seconds, on the server and in node-postgres (see pool-config.ts).
   */
  job?: boolean;
}

/** A transaction on a client checked out of a pool, released afterwards. */
export function poolTransact(pool: pg.Pool, options: TransactOptions = {}): Transact {
  return async (fn) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      if (!options.job) return await clientTransact(client)(fn);
      const tx = withQueryTimeout(client, JOB_LIMITS.statementMs + CLIENT_MARGIN_MS);
      return await clientTransact(client)(async () => {
        await client.query(jobLimitStatements());
        return fn(tx);
      });
    } catch (error) {
      // A connection that broke or stopped answering must not go back to the pool, where
      // the next request would queue behind its lost query.
      if (databaseFaultOf(error) === 'unavailable') broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

/** The client, with every query given node-postgres's `query_timeout` of `ms`. */
function withQueryTimeout(client: Queryable, ms: number): Queryable {
  return {
    query(textOrStatement: string | NamedStatement | TimedStatement, values?: unknown[]) {
      const config = typeof textOrStatement === 'string' ? { text: textOrStatement, values } : textOrStatement;
      return client.query({ ...config, query_timeout: ms });
    },
  };
}
