import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import pg from 'pg';
import { acquireEmbeddedLock } from './lock.js';
import { migrate } from './migrate.js';
import { pgliteSql } from './pglite-sql.js';
import { PgliteStream } from './pglite-transports.js';
import { PgliteSessions } from './pglite-wire.js';
import { pgSql } from './pg-sql.js';
import type { DatabaseConnection } from './pool-config.js';
import { setStatements, startupOptions } from './session-settings.js';
import type { DatabaseKind, Sql } from './sql.js';

export interface Database {
  kind: DatabaseKind;
  /** What @fastify/postgres connects to: a server's URL, or an in-process stream to PGlite. */
  connection: DatabaseConnection;
  /** The embedded database takes exactly one connection. */
  poolMax: number;
  /** A standalone client (the command-line tools). */
  newClient(): pg.Client;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  pgliteDir: string;
  dataDir: string;
  poolMax: number;
  /**
   * Runs after the migrations, before anything else connects (server.ts loads the open
   * data here on a first start, the load CLI always): db/ opens databases and knows
   * nothing of what goes in them.
   */
  afterMigrations?: (sql: Sql) => Promise<void>;
  purpose: string;
  log: (message: string) => void;
}

/** Opens PGlite with PostGIS in a folder; exported for the CLI and tests. */
export async function openPglite(dir: string): Promise<PGlite> {
  mkdirSync(path.dirname(dir), { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, pg_trgm, unaccent, btree_gist } });
  // PGlite is a single session that every socket client shares: set it up once.
  await db.exec(setStatements());
  return db;
}

async function prepare(sql: Sql, options: OpenOptions): Promise<void> {
  const applied = await migrate(sql);
  if (applied.length > 0) options.log(`Applied migrations ${applied.join(', ')}`);
  await options.afterMigrations?.(sql);
}

/**
 * Opens the product's database: a PostgreSQL server when DATABASE_URL is set, otherwise
 * embedded PGlite, reached through in-process streams. Migrations (and `afterMigrations`) run
 * before anything else connects.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      await prepare(pgSql(client), options);
    } finally {
      await client.end();
    }
    const connection = { connectionString: options.databaseUrl };
    return {
      kind: 'server',
      connection,
      poolMax: options.poolMax,
      // The API's session settings (session-settings.ts), so a command behaves as the API does.
      newClient: () => new pg.Client({ ...connection, options: startupOptions() }),
      close: async () => {},
    };
  }

  const release = acquireEmbeddedLock(options.pgliteDir, options.purpose);
  let db: PGlite | undefined;
  try {
    options.log(`Opening the embedded database at ${options.pgliteDir}`);
    db = await openPglite(options.pgliteDir);
    await prepare(pgliteSql(db), options);
    // PGlite loads PostGIS's WASM module, and PROJ its grids, on first use: ~1.5 s with the
    // event loop held, measured. Pay it now, before anyone is waiting, not on a first request.
    await db.query(`SELECT ST_Transform(ST_SetSRID(ST_MakePoint(-2, 52), 4326), 27700)`);
    // Connections are in-process streams: no port or socket file, so no other process can
    // reach the data (pglite-socket's TCP port had no authentication).
    const sessions = new PgliteSessions(db);
    const connection: DatabaseConnection = {
      // pg wants a URL to read the user and database from; nothing is dialled.
      connectionString: 'postgres://postgres@localhost/postgres',
      stream: () => new PgliteStream(sessions),
    };
    const opened = db;
    return {
      kind: 'embedded',
      connection,
      poolMax: 1,
      newClient: () => new pg.Client(connection),
      close: async () => {
        await opened.close();
        release();
      },
    };
  } catch (error) {
    await db?.close();
    release();
    throw error;
  }
}
