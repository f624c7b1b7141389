import postgres from '@fastify/postgres';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DatabaseAvailability } from '../db/availability.js';
import { poolDb, type Db } from '../db/db.js';
import { poolConfig, probeDatabase, type DatabaseConnection } from '../db/pool-config.js';
import type { DatabaseKind } from '../db/sql.js';
import { DatabaseUnavailableError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    databaseAvailability: DatabaseAvailability;
    /** The one database seam every route hands its services (db/db.ts). */
    database: Db;
  }
}

/** How often an unreachable database is tried again. */
const RETRY_MS = 1_000;

/** Routes that read or write the database; the web app's files and /docs do not. */
function needsDatabase(request: FastifyRequest): boolean {
  const url = request.url;
  return url.startsWith('/api/') || url.startsWith('/tiles/') || url.startsWith('/openreferral');
}

/**
 * The pool (@fastify/postgres, with time limits: pool-config.ts), made to survive its
 * database: a connection that breaks, idle or in use, is logged and replaced, never an
 * uncaught 'error' that ends the process (node-postgres emits one on a broken client and
 * @fastify/postgres listens for none). While the database cannot be reached, routes that
 * need it answer 503 `database_unavailable` with Retry-After at once; the pool recovers by
 * itself when it is back.
 */
export async function registerDatabase(app: FastifyInstance, options: { kind: DatabaseKind; connection: DatabaseConnection; poolMax: number }): Promise<void> {
  await app.register(postgres, poolConfig(options.kind, options.connection, options.poolMax));
  const availability = new DatabaseAvailability(probeDatabase(options.kind, options.connection), {
    retryMs: RETRY_MS,
    onChange: (up, error) => {
      if (up) app.log.warn('database: reachable again; answering as usual');
      else app.log.error({ error }, 'database: cannot be reached; answering 503 database_unavailable until it is back');
    },
  });
  app.decorate('databaseAvailability', availability);
  app.decorate('database', poolDb(app.pg.pool, options.kind));

  const pool = app.pg.pool;
  // An idle client broke (server restarted, backend terminated): pg-pool drops it.
  pool.on('error', (error) => {
    app.log.warn({ err: error }, 'database: an idle connection broke; the pool will open a new one');
  });
  // A client in use broke: its query fails (and is answered 503); the client's own
  // 'error' event must have a listener too, or Node ends the process.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      app.log.warn({ err: error }, 'database: a connection broke');
      void availability.suspect();
    });
  });

  app.addHook('onRequest', async (request) => {
    // /api/health answers for itself, with the outage in its body.
    if (availability.isDown && needsDatabase(request) && request.routeOptions.url !== '/api/health') throw new DatabaseUnavailableError();
  });
  app.addHook('onClose', async () => availability.close());
}
