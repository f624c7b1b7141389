/**
 * `pnpm provision:recompute`: recomputes the stored provision figures (every LSOA × every
 * category and '*', default settings) and then applies the asset changes made meanwhile
 * (as the API's background worker would). With DATABASE_URL on that server (safe while the API runs); otherwise on the
 * embedded database, which must not be open in the API at the same time.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireEmbeddedLock } from '../db/lock.js';
import { openPglite } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { pgliteSql } from '../db/pglite-sql.js';
import { pgSql } from '../db/pg-sql.js';
import type { Queryable } from '../db/queryable.js';
import { setStatements } from '../db/session-settings.js';
import { clientTransact, type Transact } from '../db/transaction.js';
import { readEnv } from '../env.js';
import { CATCH_UP_LIMITS, drainChangeQueue } from '../modules/provision/provision-catch-up.service.js';
import { recomputeAll } from '../modules/provision/provision.service.js';

/**
 * LSOAs per transaction on the embedded database, where each batch holds its one
 * connection: small enough that a batch takes a few seconds, large enough that the
 * per-batch set-up (temporary tables and indexes of the assets) stays a small share.
 */
const EMBEDDED_BATCH = 4000;

const log = (message: string) => process.stderr.write(`${message}\n`);

async function run(db: Queryable, transact: Transact, batchSize: number | 'all', kind: 'embedded' | 'server'): Promise<void> {
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
  const env = readEnv();
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await migrate(pgSql(client));
      await client.query(setStatements());
      await run(client, clientTransact(client), 'all', 'server');
    } finally {
      await client.end();
    }
    return;
  }
  const release = acquireEmbeddedLock(env.PGLITE_DIR, 'pnpm provision:recompute');
  let db: PGlite | undefined;
  try {
    db = await openPglite(env.PGLITE_DIR);
    await migrate(pgliteSql(db));
    const pglite = db;
    const queryable = pglite as unknown as Queryable;
    await run(queryable, (fn) => pglite.transaction((tx) => fn(tx as unknown as Queryable)), EMBEDDED_BATCH, 'embedded');
  } finally {
    await db?.close();
    release();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
