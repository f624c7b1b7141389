/**
 * `pnpm provision:recompute`: recomputes the stored provision figures (every LSOA × every
 * category and '*', default settings) and then applies the asset changes made meanwhile
 * (as the API's background worker would). With DATABASE_URL on that server (safe while the API runs); otherwise on the
 * embedded database, which must not be open in the API at the same time.
 */
import type { Db } from '../db/db.js';
import { readEnv } from '../env.js';
import { EmbeddedDatabaseBusyError } from '../errors.js';
import { CATCH_UP_LIMITS, drainChangeQueue } from '../modules/provision/provision-catch-up.service.js';
import { recomputeAll } from '../modules/provision/provision.service.js';
import { log, withDatabase } from './with-database.js';

/**
 * LSOAs per transaction on the embedded database, where each batch holds its one
 * connection: small enough that a batch takes a few seconds, large enough that the
 * per-batch set-up (temporary tables and indexes of the assets) stays a small share.
 */
const EMBEDDED_BATCH = 4000;

async function run({ db, transact, kind }: Db): Promise<void> {
  const batchSize = kind === 'embedded' ? EMBEDDED_BATCH : 'all';
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  let lastLogged = 0;
  const { areas, rows, outcome } = await recomputeAll(db, transact, {
    batchSize,
    onBatch: ({ areas: done, of }) => {
      if (done - lastLogged >= 2000 || done === of) {
        lastLogged = done;
        log(`  ${done} / ${of} LSOAs (${seconds()} s)`);
      }
    },
  });
  if (outcome === 'busy') {
    log('Another full recompute is running on this database (an API instance after its first start, or this command): nothing done.');
    process.exitCode = 1;
    return;
  }
  const caught = await drainChangeQueue(db, transact, CATCH_UP_LIMITS[kind]);
  log(`Provision: ${rows} figures for ${areas} LSOAs in ${seconds()} s; ${caught.changes} asset changes caught up`);
}

async function main(): Promise<void> {
  await withDatabase(readEnv(), { purpose: 'pnpm provision:recompute' }, run);
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseBusyError) {
    log(error.message);
    process.exit(2);
  }
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
