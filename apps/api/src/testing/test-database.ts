import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite } from '../db/database.js';
import { migrate, MIGRATIONS_DIR } from '../db/migrate.js';
import { pgliteSql } from '../db/pglite-sql.js';
import { servePgliteOnUnixSocket } from '../db/pglite-transports.js';
import { PgliteSessions } from '../db/pglite-wire.js';
import { pgSql } from '../db/pg-sql.js';
import type { DatabaseKind } from '../db/sql.js';
import { REPO_ROOT } from '../env.js';
import { loadAll } from '../loader/load-all.js';
import { checksumFiles } from '../loader/files.js';

export const DATA_DIR = path.join(REPO_ROOT, 'data');

export interface TestDatabase {
  kind: DatabaseKind;
  connectionString: string;
  poolMax: number;
  close(): Promise<void>;
}

/** Which backends this run tests: always the embedded one; the server when TEST_DATABASE_URL is set. */
export function testBackends(): DatabaseKind[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL server tests must run in CI');
  }
  const all: DatabaseKind[] = url ? ['embedded', 'server'] : ['embedded'];
  // TEST_BACKENDS=server (or embedded) narrows a local run to one engine; CI runs both.
  const only = process.env.CI === 'true' ? undefined : process.env.TEST_BACKENDS?.split(',');
  return only ? all.filter((kind) => only.includes(kind)) : all;
}

const quiet = (message: string) => {
  if (process.env.TEST_LOAD_LOG === 'true') process.stderr.write(`${message}\n`);
};

/** A key over everything that decides the loaded database: migrations, data, loader code. */
async function templateKey(): Promise<string> {
  const files = (dir: string) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)))
      .sort();
  const inputs = [
    ...files(MIGRATIONS_DIR),
    ...files(DATA_DIR),
    ...files(path.join(REPO_ROOT, 'apps/api/src/loader')),
    // The readers, mapping and de-duplication the loader runs.
    ...files(path.join(REPO_ROOT, 'packages/geo/src/asset-files')),
  ];
  return (await checksumFiles(REPO_ROOT, inputs)).slice(0, 16);
}

/**
 * A loaded embedded database, copied from a template built once per checkout state:
 * opening PGlite with PostGIS and loading everything takes about two minutes, copying
 * the template a few seconds.
 */
async function embeddedTestDatabase(): Promise<TestDatabase> {
  const root = path.join(tmpdir(), 'common-ground-test-templates');
  const template = path.join(root, await templateKey());
  if (!existsSync(template)) {
    const building = `${template}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const db = await openPglite(building);
    await migrate(pgliteSql(db));
    await loadAll(pgliteSql(db), { dataDir: DATA_DIR, log: quiet });
    await db.close();
    if (!existsSync(template)) renameSync(building, template);
    else rmSync(building, { recursive: true, force: true });
    // Templates of earlier states of the code are a gigabyte each: keep only this one.
    for (const old of readdirSync(root)) {
      if (path.join(root, old) !== template && !old.includes('.building-')) {
        rmSync(path.join(root, old), { recursive: true, force: true });
      }
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'common-ground-test-'));
  cpSync(template, path.join(dir, 'pglite'), { recursive: true });
  const db: PGlite = await openPglite(path.join(dir, 'pglite'));
  await migrate(pgliteSql(db));
  // Test files run in vitest's worker processes: they reach it on a Unix socket in a
  // folder only this user can open.
  const server = await servePgliteOnUnixSocket(new PgliteSessions(db));
  return {
    kind: 'embedded',
    connectionString: server.connectionString,
    poolMax: 1,
    close: async () => {
      await server.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the TEST_DATABASE_URL server, migrated and loaded, dropped on close. */
async function serverTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cg_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await migrate(pgSql(client));
    await loadAll(pgSql(client), { dataDir: DATA_DIR, log: quiet });
  } finally {
    await client.end();
  }
  return {
    kind: 'server',
    connectionString,
    poolMax: 5,
    close: async () => {
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

export function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'embedded' ? embeddedTestDatabase() : serverTestDatabase();
}
