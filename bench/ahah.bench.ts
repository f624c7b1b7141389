/**
 * The postcode-level (AHAH-style) provision measure for all of England: for every live
 * postcode (1.49M), the distance to the nearest public asset of every category and '*', averaged
 * per LSOA (33,755 LSOAs × every category), on the PostgreSQL server and on embedded PGlite.
 * Reported separately from the LSOA-level recompute (issue 5). Prints figures; passes or fails
 * nothing.
 *
 * Times `postcodeMeansForAll` (apps/api provision.service.ts), the same SQL as
 * `GET /api/areas/:code/provision` runs for one LSOA, in batches of BENCH_AHAH_BATCH LSOAs.
 *
 *   cd bench && pnpm exec tsx ahah.bench.ts
 *
 * | Variable | Default | What |
 * | BENCH_AHAH_DATABASE_URL | postgres://postgres@127.0.0.1:5432/cg_bench_ahah | Server database (made and loaded by the API's first start if missing) |
 * | BENCH_PGLITE_DIR | /tmp/common-ground-bench/pglite | The pristine loaded embedded database (a working copy is timed) |
 * | BENCH_ONLY | both | `server` or `embedded` |
 * | BENCH_AHAH_BATCH | 500 | LSOAs per statement |
 * | BENCH_AHAH_AREAS | all | Only the first N LSOAs (by code), for a quick run |
 */
import { openPglite } from '../apps/api/src/db/database.js';
import { migrate } from '../apps/api/src/db/migrate.js';
import { pgliteSql } from '../apps/api/src/db/pglite-sql.js';
import type { Queryable } from '../apps/api/src/db/queryable.js';
import { postcodeMeansForAll } from '../apps/api/src/modules/provision/provision.service.js';
import { startApi } from './lib/api-process.js';
import { ensurePristine, workingCopy } from './lib/embedded.js';
import { codeVersion, databaseFingerprint } from './lib/fingerprint.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { ensureDatabase } from './lib/postgres.js';
import { connectLikeTheApi } from './lib/search-data.js';

const DATABASE_URL = process.env.BENCH_AHAH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cg_bench_ahah';
const ONLY = process.env.BENCH_ONLY;
const BATCH = Number(process.env.BENCH_AHAH_BATCH ?? 500);
const AREAS = process.env.BENCH_AHAH_AREAS ? Number(process.env.BENCH_AHAH_AREAS) : undefined;
const SERVER_READY_TIMEOUT_MS = 15 * 60_000;

interface Run {
  database: 'server' | 'embedded';
  seconds: number;
  areas: number;
  rows: number;
  postcodes: number;
  publicAssets: number;
  assetCategories: number;
  /** The work's size: postcodes × asset categories with any public asset (each postcode's nearest of each). */
  probes: number;
}

/** What the measure runs over: public, not defunct assets and the categories that have any. */
async function describeData(db: Queryable): Promise<{ publicAssets: number; assetCategories: number }> {
  const { rows } = await db.query<{ assets: number; categories: number }>(
    `SELECT count(*)::int AS assets, count(DISTINCT category_code)::int AS categories
     FROM public_assets WHERE lifecycle_status <> 'defunct'`,
  );
  return { publicAssets: rows[0]!.assets, assetCategories: rows[0]!.categories };
}

async function timeOn(database: Run['database'], db: Queryable): Promise<Run> {
  const data = await describeData(db);
  log(`  ${data.publicAssets.toLocaleString('en-GB')} public assets in ${data.assetCategories} categories`);
  const started = performance.now();
  let lastLogged = 0;
  const result = await postcodeMeansForAll(db, {
    batchSize: BATCH,
    limit: AREAS,
    onBatch: ({ areas, of }) => {
      if (areas - lastLogged >= 5000 || areas === of) {
        lastLogged = areas;
        log(`  ${areas} / ${of} LSOAs (${fmt((performance.now() - started) / 1000)} s)`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  return { database, seconds, ...result, ...data, probes: result.postcodes * data.assetCategories };
}

async function onServer(): Promise<Run> {
  const state = await ensureDatabase(DATABASE_URL, databaseFingerprint());
  log(`server: database ${state}; starting the API once (it loads the open data into an empty database)…`);
  const api = await startApi({ name: 'ahah', databaseUrl: DATABASE_URL, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
  log(`  API ready in ${fmt(api.readySeconds)} s`);
  await api.stop();
  const client = await connectLikeTheApi(DATABASE_URL);
  try {
    return await timeOn('server', client);
  } finally {
    await client.end();
  }
}

async function onEmbedded(): Promise<Run> {
  const pristine = await ensurePristine(log);
  const copy = workingCopy(pristine, 'ahah');
  let db: Awaited<ReturnType<typeof openPglite>> | undefined;
  try {
    log(`embedded: working copy in ${fmt(copy.copySeconds)} s; opening PGlite in this process…`);
    db = await openPglite(copy.dir);
    await migrate(pgliteSql(db));
    return await timeOn('embedded', db as unknown as Queryable);
  } finally {
    await db?.close();
    copy.remove();
  }
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  if (ONLY !== 'embedded') runs.push(await onServer());
  if (ONLY !== 'server') runs.push(await onEmbedded());
  log("\nPostcode-level (AHAH-style) mean nearest distance, every LSOA × every category and '*'");
  log(
    table(
      ['database', 'LSOAs', 'postcodes', 'public assets', 'asset categories', 'postcode × category', 'seconds', 'per second'],
      runs.map((r) => [
        r.database,
        r.areas.toLocaleString('en-GB'),
        r.postcodes.toLocaleString('en-GB'),
        r.publicAssets.toLocaleString('en-GB'),
        String(r.assetCategories),
        r.probes.toLocaleString('en-GB'),
        fmt(r.seconds),
        Math.round(r.probes / r.seconds).toLocaleString('en-GB'),
      ]),
    ),
  );
  log(`results: ${writeResults('ahah', { machine: machine(), code: codeVersion(), batch: BATCH, runs })}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
