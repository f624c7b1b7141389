import type { Duplex } from 'node:stream';
import pg from 'pg';
import { startupOptions } from './session-settings.js';
import type { DatabaseKind } from './sql.js';

/** How the API reaches its database: a server's URL, or an in-process stream to PGlite. */
export interface DatabaseConnection {
  connectionString: string;
  /** A new connection's byte stream (the embedded database: nothing listens anywhere). */
  stream?: () => Duplex;
}

/**
 * Time limits, so a database that is down, frozen or swamped gives a prompt 503 instead of
 * a hang. Requests get short ones; long jobs (imports, recomputes) set their own in their
 * transaction (`JOB_LIMITS`, see transaction.ts).
 */
export const REQUEST_LIMITS = {
  /** Waiting for a pooled connection, or for a new one to be accepted. */
  connectMs: 5_000,
  /** One statement of a request (PostgreSQL cancels it: SQLSTATE 57014). */
  statementMs: 20_000,
  /** Waiting for a row or table lock another transaction holds (SQLSTATE 55P03). */
  lockMs: 10_000,
  /** A transaction left open and idle (a bug, or a client that vanished). */
  idleInTransactionMs: 60_000,
} as const;

export const JOB_LIMITS = {
  statementMs: 10 * 60_000,
  lockMs: 2 * 60_000,
  idleInTransactionMs: 10 * 60_000,
} as const;

/**
 * How long node-postgres waits for any answer beyond the server's own statement limit:
 * only a server that has stopped answering altogether (frozen, or the network gone
 * silent) runs into it.
 */
export const CLIENT_MARGIN_MS = 5_000;

/**
 * The embedded database lives in this process: it cannot freeze apart from us, and a long
 * statement holds the event loop, so client-side timers would only fire late and wrongly.
 * Its one connection may be held by an import for several seconds, so waiting for it is
 * given longer than a server pool's.
 */
const EMBEDDED_CONNECT_MS = 30_000;

/** The pg.Pool settings for the API on either engine. */
export function poolConfig(kind: DatabaseKind, connection: DatabaseConnection, max: number): pg.PoolConfig {
  const common = {
    connectionString: connection.connectionString,
    max,
    // A new session's first ST_Transform sets up PROJ (~250 ms, measured): keep sessions
    // for minutes rather than pg's default 10 s, so quiet spells do not pay it again.
    idleTimeoutMillis: 5 * 60_000,
  };
  if (kind === 'embedded') {
    // PGlite is one session, set up once when it opens (database.ts).
    return { ...common, stream: connection.stream, connectionTimeoutMillis: EMBEDDED_CONNECT_MS };
  }
  return {
    ...common,
    options: `${startupOptions()} ${limitOptions(REQUEST_LIMITS)}`,
    connectionTimeoutMillis: REQUEST_LIMITS.connectMs,
    query_timeout: REQUEST_LIMITS.statementMs + CLIENT_MARGIN_MS,
    keepAlive: true,
  };
}

/** libpq `-c` options for the server-side limits. */
function limitOptions(limits: { statementMs: number; lockMs: number; idleInTransactionMs: number }): string {
  return [
    `-c statement_timeout=${limits.statementMs}`,
    `-c lock_timeout=${limits.lockMs}`,
    `-c idle_in_transaction_session_timeout=${limits.idleInTransactionMs}`,
  ].join(' ');
}

/** SET LOCAL statements giving a transaction a long job's limits instead of a request's. */
export function jobLimitStatements(): string {
  return [
    `SET LOCAL statement_timeout = ${JOB_LIMITS.statementMs}`,
    `SET LOCAL lock_timeout = ${JOB_LIMITS.lockMs}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${JOB_LIMITS.idleInTransactionMs}`,
  ].join('; ');
}

/**
 * A probe for DatabaseAvailability: one short query on a connection of its own, never
 * from the pool (which may be what is stuck), given a couple of seconds at most.
 */
export function probeDatabase(kind: DatabaseKind, connection: DatabaseConnection): () => Promise<void> {
  // In this process: it cannot be out of reach (and a probe would only queue for its one session).
  if (kind === 'embedded') return async () => {};
  return async () => {
    const client = new pg.Client({ connectionString: connection.connectionString, connectionTimeoutMillis: 2_000, query_timeout: 2_000 });
    // A probe's client can break too; its error is the probe's answer, never an uncaught event.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  };
}
