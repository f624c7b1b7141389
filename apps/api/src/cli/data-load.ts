/**
 * `pnpm data:load [--force]`: loads the open data into the database the product uses.
 * With DATABASE_URL it loads into that server (safe while the API runs). On the
 * embedded database it refuses while the server holds it, saying what to do.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireEmbeddedLock } from '../db/lock.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/database.js';
import { pgliteSql } from '../db/pglite-sql.js';
import { pgSql } from '../db/pg-sql.js';
import { readEnv } from '../env.js';
import { EmbeddedDatabaseBusyError } from '../errors.js';
import { loadAll } from '../loader/load-all.js';

const force = process.argv.includes('--force');
const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const env = readEnv();
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const sql = pgSql(client);
      await migrate(sql);
      await loadAll(sql, { dataDir: env.DATA_DIR, log, force });
    } finally {
      await client.end();
    }
    return;
  }
  const release = acquireEmbeddedLock(env.PGLITE_DIR, 'pnpm data:load');
  let db: PGlite | undefined;
  try {
    log(`Opening the embedded database at ${env.PGLITE_DIR}`);
    db = await openPglite(env.PGLITE_DIR);
    const sql = pgliteSql(db);
    await migrate(sql);
    await loadAll(sql, { dataDir: env.DATA_DIR, log, force });
  } finally {
    await db?.close();
    release();
  }
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseBusyError) {
    log(error.message);
    process.exit(2);
  }
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
