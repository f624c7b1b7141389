/**
 * A long fuzz run: the API test's fuzzer (apps/api/src/testing/fuzz/) with a random seed and
 * many more requests, on a fresh loaded database of each engine, through `app.inject`. Prints
 * the seed (to replay a find: `FUZZ_SEED=<seed> FUZZ_RUNS=<runs>` on the API test, or here),
 * the number of requests, the status counts and every request answered with a 5xx (or a 4xx
 * that does not say what is wrong), written out in full. The exit status is 1 when there was
 * one, so a scheduled run can say so; otherwise it passes or fails nothing.
 *
 *   cd bench && pnpm exec tsx fuzz.bench.ts
 *
 * | Variable | Default | What |
 * | FUZZ_SEED | random | The seed; the same seed sends the same requests |
 * | FUZZ_RUNS | 20 | Requests per route and role (and as many again per four fields the route takes); the API test sends 3 |
 * | BENCH_ONLY | both | `server` or `embedded` |
 * | BENCH_FUZZ_SERVER_URL | postgres://postgres@127.0.0.1:5432/postgres | A server where the run may create (and then drops) a database |
 * | BENCH_LOG_LEVEL | silent | The API's log level (`warn` shows the refused data exceptions) |
 *
 * The embedded database is a copy of the API tests' loaded template, kept in the OS temporary
 * folder (built on first use, about 2.5 minutes); the server one is loaded afresh (about a minute).
 */
import { buildApp } from '../apps/api/src/app.js';
import { fuzzApp, type FuzzReport } from '../apps/api/src/testing/fuzz/fuzz-run.js';
import { openTestDatabase, type TestDatabase } from '../apps/api/src/testing/test-database.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const ONLY = process.env.BENCH_ONLY;
process.env.TEST_DATABASE_URL ??= process.env.BENCH_FUZZ_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function fuzzOn(kind: 'embedded' | 'server'): Promise<FuzzReport> {
  log(`\n${kind}: opening a loaded database…`);
  const database: TestDatabase = await openTestDatabase(kind);
  try {
    const app = await buildApp({
      connection: { connectionString: database.connectionString },
      databaseKind: database.kind,
      poolMax: database.poolMax,
      logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent',
      // The fuzzer runs in the app's own process: its work would count as the app's load.
      shedLoad: false,
    });
    try {
      let routes = 0;
      return await fuzzApp(app, {
        seed: SEED,
        runs: RUNS,
        log: (line) => {
          if (++routes % 10 === 0) log(`  ${kind}: ${routes} routes done (last: ${line})`);
        },
      });
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  log(`Fuzzing every route with seed ${SEED}, ${RUNS} runs per route and role (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}).`);
  const kinds = (['embedded', 'server'] as const).filter((k) => !ONLY || ONLY === k);
  const reports: Record<string, FuzzReport> = {};
  for (const kind of kinds) reports[kind] = await fuzzOn(kind);

  const statuses = [...new Set(Object.values(reports).flatMap((r) => Object.keys(r.statuses)))].sort();
  log(`\nSeed ${SEED}`);
  log(
    table(
      ['database', 'requests', 'seconds', 'req/s', ...statuses, 'sent again after 503', '5xx or unclear'],
      Object.entries(reports).map(([kind, r]) => [
        kind,
        String(r.requests),
        fmt(r.ms / 1000),
        fmt(r.requests / (r.ms / 1000), 0),
        ...statuses.map((s) => String(r.statuses[Number(s)] ?? 0)),
        String(r.retried),
        String(r.failures.length),
      ]),
    ),
  );
  for (const [kind, r] of Object.entries(reports)) {
    log(`\n${kind}, by kind of request (sent / got through validation):`);
    log(
      table(
        ['kind', 'requests', 'under 400'],
        Object.entries(r.byKind).map(([k, v]) => [k, String(v.requests), String(v.passed)]),
      ),
    );
    log(`slowest routes: ${r.slowest.map((s) => `${s.route} ${fmt(s.ms / 1000)} s`).join('; ')}`);
    for (const failure of r.failures) log(`FAILED on ${kind}: ${failure}`);
  }
  const file = writeResults('fuzz', { seed: SEED, runs: RUNS, machine: machine(), reports });
  log(`\nFull results: ${file}`);
  if (Object.values(reports).some((r) => r.failures.length > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
