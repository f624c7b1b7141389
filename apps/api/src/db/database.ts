import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { loadAll, type LoadOptions } from '../loader/load-all.js';
import { acquireEmbeddedLock } from './lock.js';
import { migrate } from './migrate.js';
import { pgliteSql } from './pglite-sql.js';
import { pgSql } from './pg-sql.js';
import { setStatements } from './session-settings.js';
import type { DatabaseKind, Sql } from './sql.js';

export interface Database {
  kind: DatabaseKind;
  /** What @fastify/postgres connects to. */
  connectionString: string;
  /** The embedded database takes exactly one connection. */
  poolMax: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  pgliteDir: string;
  dataDir: string;
  poolMax: number;
  /** Load the open data when the database has none. */
  autoLoad: boolean;
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

async function isEmpty(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM data_loads');
  return rows[0]?.n === 0;
}

async function prepare(sql: Sql, options: OpenOptions): Promise<void> {
  const applied = await migrate(sql);
  if (applied.length > 0) options.log(`Applied migrations ${applied.join(', ')}`);
  if (options.autoLoad && (await isEmpty(sql))) {
    options.log('The database is empty: loading the open data (first start only; a few minutes on the embedded database)');
    const loadOptions: LoadOptions = { dataDir: options.dataDir, log: options.log };
    await loadAll(sql, loadOptions);
  }
}

/**
 * Opens the product's database: a PostgreSQL server when DATABASE_URL is set, otherwise
 * embedded PGlite served over a local socket. Migrations run, and data loads on an empty
 * database, before anything else connects.
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
    return {
      kind: 'server',
      connectionString: options.databaseUrl,
      poolMax: options.poolMax,
      close: async () => {},
    };
  }

  const release = acquireEmbeddedLock(options.pgliteDir, options.purpose);
  let db: PGlite | undefined;
  try {
    options.log(`Opening the embedded database at ${options.pgliteDir}`);
    db = await openPglite(options.pgliteDir);
    await prepare(pgliteSql(db), options);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
    await server.start();
    const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
    const opened = db;
    return {
      kind: 'embedded',
      connectionString: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
      poolMax: 1,
      close: async () => {
        await server.stop();
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
