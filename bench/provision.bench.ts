/**
 * Full recompute of the stored provision figures (every LSOA in England × every category
 * and '*', default settings) on the PostgreSQL server and on embedded PGlite, with the
 * real assets and again with 250k (the real ones plus jittered copies, as the search
 * benchmark makes them). Target: under 30 s on the server for 250k assets.
 *
 * - The recompute is the product's own (`recomputeAll`, as `pnpm provision:recompute`
 *   runs it): England in one transaction on the server, batches of 4,000 LSOAs on PGlite.
 *   Each step's time is printed (lib: `RecomputeStep`).
 * - After each run, 300 LSOAs (a fixed pseudo-random sample) × every category are
 *   recomputed by `computeProvision`, the request-time SQL, and must match what was
 *   stored (else the benchmark fails): a fast wrong answer is not a figure.
 *
 * Databases: `cg_bench_provision` (the real data, loaded by the API's first start) and
 * `cg_bench_search` (scaled to 250k by lib/search-data.ts, shared with the search
 * benchmark); on PGlite a working copy of the pristine bench database (lib/embedded.ts),
 * scaled in place for the 250k run.
 *
 * Env: BENCH_PROVISION_DATABASE_URL, BENCH_SEARCH_DATABASE_URL, BENCH_ONLY (server |
 * embedded), BENCH_PROVISION_SIZES (real,250k), BENCH_SEARCH_ASSETS (250000).
 */
import { loadavg } from 'node:os';
import { openPglite } from '../apps/api/src/db/database.js';
import type { Queryable } from '../apps/api/src/db/queryable.js';
import { clientTransact, type Transact } from '../apps/api/src/db/transaction.js';
import type { RecomputeStep } from '../apps/api/src/modules/provision/provision-recompute.repository.js';
import { computeProvision, type ProvisionFigures } from '../apps/api/src/modules/provision/provision-compute.repository.js';
import { DEFAULT_SETTINGS, recomputeAll } from '../apps/api/src/modules/provision/provision.service.js';
import { startApi } from './lib/api-process.js';
import { ensurePristine, PGLITE_READY_TIMEOUT_MS, workingCopy } from './lib/embedded.js';
import { codeVersion, databaseFingerprint } from './lib/fingerprint.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { ensureDatabase } from './lib/postgres.js';
import { connectLikeTheApi, ensureScaled, type PgClient } from './lib/search-data.js';

const REAL_URL = process.env.BENCH_PROVISION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cg_bench_provision';
const SCALED_URL = process.env.BENCH_SEARCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cg_bench_search';
const TARGET_ASSETS = Number(process.env.BENCH_SEARCH_ASSETS ?? 250_000);
const ONLY = process.env.BENCH_ONLY;
const SIZES = (process.env.BENCH_PROVISION_SIZES ?? 'real,250k').split(',');
const SERVER_READY_TIMEOUT_MS = Number(process.env.BENCH_SERVER_LOAD_TIMEOUT_MS ?? 10 * 60_000);
/** As the CLI: LSOAs per transaction on PGlite. */
const EMBEDDED_BATCH = 4000;
const TARGET_SECONDS = 30;
const SAMPLE = 300;

interface Run {
  database: 'server' | 'embedded';
  size: string;
  publicAssets: number;
  lsoas: number;
  rows: number;
  seconds: number;
  steps: Partial<Record<RecomputeStep, number>>;
  checked: number;
  maxE2sfcaRelativeDifference: number;
  load1: number;
}

async function publicAssets(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public_assets WHERE lifecycle_status <> 'defunct'`);
  return rows[0]!.n;
}

/** Stored figures of a sample equal computeProvision's, or the benchmark stops. */
async function check(db: Queryable): Promise<{ checked: number; maxRel: number }> {
  const { rows: sample } = await db.query<{ code: string }>(`SELECT code FROM areas ORDER BY md5(code) LIMIT ${SAMPLE}`);
  const codes = sample.map((s) => s.code);
  const { rows: categories } = await db.query<{ code: string }>(`SELECT code FROM categories UNION ALL SELECT '*'`);
  const fresh = await computeProvision(
    db,
    codes,
    categories.map((c) => c.code),
    DEFAULT_SETTINGS,
  );
  const { rows: stored } = await db.query<ProvisionFigures>(
    `SELECT area_code AS "areaCode", category_code AS "categoryCode", ARRAY[count_400, count_800, count_1600] AS counts,
            nearest_m AS "nearestM", e2sfca
     FROM provision_results WHERE area_code = ANY($1::text[])`,
    [codes],
  );
  const byKey = new Map(stored.map((s) => [`${s.areaCode} ${s.categoryCode}`, s]));
  let maxRel = 0;
  for (const f of fresh) {
    const s = byKey.get(`${f.areaCode} ${f.categoryCode}`);
    const rel = s ? Math.abs(s.e2sfca - f.e2sfca) / Math.max(1e-300, Math.abs(f.e2sfca)) : Infinity;
    if (f.e2sfca !== 0 || s?.e2sfca !== 0) maxRel = Math.max(maxRel, rel);
    if (!s || s.nearestM !== f.nearestM || s.counts.join() !== f.counts.join() || rel > 1e-9) {
      throw new Error(`stored figures differ from computeProvision for ${f.areaCode} × ${f.categoryCode}: ${JSON.stringify({ s, f })}`);
    }
  }
  return { checked: fresh.length, maxRel };
}

async function measure(database: Run['database'], size: string, db: Queryable, transact: Transact): Promise<Run> {
  const assets = await publicAssets(db);
  log(`${database}, ${size}: recomputing for ${assets.toLocaleString('en-GB')} public assets…`);
  const steps: Run['steps'] = {};
  const started = performance.now();
  const { areas, rows } = await recomputeAll(db, transact, {
    batchSize: database === 'server' ? 'all' : EMBEDDED_BATCH,
    onStep: (step, ms) => (steps[step] = (steps[step] ?? 0) + ms / 1000),
  });
  const seconds = (performance.now() - started) / 1000;
  const load1 = loadavg()[0]!;
  log(`  ${fmt(seconds)} s (${rows.toLocaleString('en-GB')} rows); checking a sample against computeProvision…`);
  const { checked, maxRel } = await check(db);
  return { database, size, publicAssets: assets, lsoas: areas, rows, seconds, steps, checked, maxE2sfcaRelativeDifference: maxRel, load1 };
}

async function server(): Promise<Run[]> {
  const runs: Run[] = [];
  const fingerprint = databaseFingerprint();
  for (const [size, url] of [
    ['real', REAL_URL],
    ['250k', SCALED_URL],
  ] as const) {
    if (!SIZES.includes(size)) continue;
    log(`server database ${url}: ${await ensureDatabase(url, fingerprint)}; the API's first start loads it if empty…`);
    const api = await startApi({ name: `provision-${size}`, databaseUrl: url, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
    await api.stop();
    const client = await connectLikeTheApi(url);
    try {
      if (size === '250k') await ensureScaled(client, TARGET_ASSETS, log);
      await client.query('ANALYZE');
      runs.push(await measure('server', size, client, clientTransact(client as unknown as Parameters<typeof clientTransact>[0])));
    } finally {
      await client.end();
    }
  }
  return runs;
}

async function embedded(): Promise<Run[]> {
  const runs: Run[] = [];
  const pristine = await ensurePristine(log);
  const copy = workingCopy(pristine, 'provision');
  let db: Awaited<ReturnType<typeof openPglite>> | undefined;
  try {
    // Started once by the API so that a copy made before the data finished loading completes.
    const api = await startApi({ name: 'provision-embedded', pgliteDir: copy.dir, readyTimeoutMs: PGLITE_READY_TIMEOUT_MS });
    await api.stop();
    db = await openPglite(copy.dir);
    const pglite = db;
    const queryable = pglite as unknown as Queryable;
    const transact: Transact = (fn) => pglite.transaction((tx) => fn(tx as unknown as Queryable));
    if (SIZES.includes('real')) runs.push(await measure('embedded', 'real', queryable, transact));
    if (SIZES.includes('250k')) {
      await ensureScaled(queryable as unknown as PgClient, TARGET_ASSETS, log);
      await queryable.query('ANALYZE');
      runs.push(await measure('embedded', '250k', queryable, transact));
    }
  } finally {
    await db?.close();
    copy.remove();
  }
  return runs;
}

async function main(): Promise<void> {
  const runs: Run[] = [];
  if (ONLY !== 'embedded') runs.push(...(await server()));
  if (ONLY !== 'server') runs.push(...(await embedded()));

  const stepNames: RecomputeStep[] = ['inputs', 'figures', 'store', 'indexes and swap'];
  log('\nFull recompute of the stored provision figures (every LSOA × every category and *)');
  log(
    table(
      ['database', 'assets', 'LSOAs', 'rows', 'seconds', 'target', 'load (1 min)'],
      runs.map((r) => [
        r.database,
        r.publicAssets.toLocaleString('en-GB'),
        r.lsoas.toLocaleString('en-GB'),
        r.rows.toLocaleString('en-GB'),
        fmt(r.seconds),
        r.database === 'server' && r.size === '250k' ? (r.seconds < TARGET_SECONDS ? `< ${TARGET_SECONDS} s: met` : `< ${TARGET_SECONDS} s: NOT met`) : '',
        fmt(r.load1, 2),
      ]),
    ),
  );
  log('\nSeconds per step');
  log(
    table(
      ['database', 'assets', ...stepNames],
      runs.map((r) => [r.database, r.publicAssets.toLocaleString('en-GB'), ...stepNames.map((s) => fmt(r.steps[s]))]),
    ),
  );
  log(`\nEach run's sample (${SAMPLE} LSOAs × every category) matched computeProvision; largest E2SFCA relative difference:`);
  for (const r of runs) log(`  ${r.database} ${r.size}: ${r.checked.toLocaleString('en-GB')} figures, ${r.maxE2sfcaRelativeDifference.toExponential(1)}`);
  const file = writeResults('provision', { machine: machine(), code: codeVersion(), runs });
  log(`\nwritten to ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
