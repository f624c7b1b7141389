/**
 * `pnpm data:load [--force]`: loads the open data into the database the product uses.
 * With DATABASE_URL it loads into that server (safe while the API runs). On the
 * embedded database it refuses while the server holds it, saying what to do.
 */
import { readEnv } from '../env.js';
import { EmbeddedDatabaseBusyError } from '../errors.js';
import { loadAll } from '../loader/load-all.js';
import { log, withDatabase } from './with-database.js';

const force = process.argv.includes('--force');

async function main(): Promise<void> {
  const env = readEnv();
  // The loader writes through the engine's own interface (fastest on the embedded one),
  // on the migrated database before the command's connection opens.
  await withDatabase(env, { purpose: 'pnpm data:load', afterMigrations: (sql) => loadAll(sql, { dataDir: env.DATA_DIR, log, force }) }, async () => {});
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseBusyError) {
    log(error.message);
    process.exit(2);
  }
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
