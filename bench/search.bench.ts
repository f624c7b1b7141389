/**
 * Search latency (p50/p95/p99) and throughput of GET /api/search at 50 concurrent clients
 * over 250k assets (the real assets plus jittered copies), against the same statement
 * run directly on the PostgreSQL server by pgbench. Targets: p95 < 30 ms and at least
 * 0.7× pgbench's throughput.
 *
 * - The requests (lib/search-requests.ts) combine a misspelt `q`, `near` a city centre,
 *   a category subtree and `open_now`. One representative request is measured on its
 *   own, then all of them as a mix; pgbench runs the same one, then the same mix.
 * - pgbench runs exactly the SQL the endpoint runs: `searchSql(filter)` from the API,
 *   with the filter from the API's own `resolveSearch`, its parameters passed as pgbench
 *   variables (`-M prepared`: prepared once per session, as the API prepares its search
 *   statements by name), and the API's session settings in PGOPTIONS. Before any
 *   load, each statement is run once through node-postgres and must return what the
 *   endpoint returns (else the benchmark fails).
 * - Both sides are measured warm: each endpoint run follows 3 s of the same load (new
 *   pool connections pay PROJ's set-up once), and each pgbench run's first 10 s are
 *   left out (a new session's first ST_Transform sets up PROJ: ~0.25 s each). pgbench
 *   runs at 50 clients and at the API's pool size.
 *
 * Prints tables and writes bench/results/search-<timestamp>.json (with each statement, its
 * values and its EXPLAIN (ANALYZE, BUFFERS)). See README.md.
 *
 * Env: BENCH_SEARCH_DATABASE_URL, BENCH_SECONDS (15), BENCH_CONNECTIONS (50),
 * BENCH_SEARCH_ASSETS (250000), BENCH_PGBENCH_PROTOCOL (prepared),
 * BENCH_PGBENCH_WARM_UP_SECONDS (10), DATABASE_POOL_MAX (the API's, 10), BENCH_LOG_LEVEL (warn).
 */
import { isDeepStrictEqual } from 'node:util';
import { loadavg } from 'node:os';
import { SearchQuery } from '../packages/schema/src/index.js';
import { startupOptions } from '../apps/api/src/db/session-settings.js';
import { londonMinuteOfWeek } from '@common-ground/geo/opening-hours';
import { searchSql, type ParameterisedSql } from '../apps/api/src/modules/search/search.repository.js';
import { resolveSearch } from '../apps/api/src/modules/search/search.service.js';
import { loadedOnStart, startApi, type ApiProcess } from './lib/api-process.js';
import { ownCpuSeconds, processCpuSeconds } from './lib/cpu.js';
import { codeVersion, databaseFingerprint } from './lib/fingerprint.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { BROWSER_ACCEPT_ENCODING, loadTest, type LoadResult } from './lib/http-load.js';
import { pgbenchScripts, toPgbenchScript, type ScriptPgbenchResult } from './lib/pgbench-script.js';
import { ensureDatabase } from './lib/postgres.js';
import { connectLikeTheApi, ensureScaled, type PgClient, type ScaleResult } from './lib/search-data.js';
import { SEARCH_REQUESTS, searchPath, type SearchRequest } from './lib/search-requests.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TARGET_ASSETS = Number(process.env.BENCH_SEARCH_ASSETS ?? 250_000);
const PROTOCOL = (process.env.BENCH_PGBENCH_PROTOCOL ?? 'prepared') as 'simple' | 'extended' | 'prepared';
const DATABASE_URL = process.env.BENCH_SEARCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cg_bench_search';
const SERVER_READY_TIMEOUT_MS = Number(process.env.BENCH_SERVER_LOAD_TIMEOUT_MS ?? 10 * 60_000);
/** Before each endpoint run, so new pool connections have set up PROJ and prepared the statement. */
const WARM_UP_SECONDS = 3;
/** pgbench runs this long before the measured seconds: 50 new sessions each set up PROJ first. */
const PGBENCH_WARM_UP_SECONDS = Number(process.env.BENCH_PGBENCH_WARM_UP_SECONDS ?? 10);
const PGBENCH_THREADS = 2;
/** The API's pool (DATABASE_POOL_MAX, default 10): at most this many of its queries run at once. */
const API_POOL_MAX = Number(process.env.DATABASE_POOL_MAX ?? 10);

/** The issue's targets. */
const P95_TARGET_MS = 30;
const THROUGHPUT_RATIO_TARGET = 0.7;

interface SearchPayload {
  total: number;
  results: unknown[];
}

interface RequestInfo {
  name: string;
  path: string;
  /** Total matches open at the minute of the check (what the endpoint answered). */
  total: number;
  /** Results on the first page. */
  pageResults: number;
  /** The same request without open_now (checked the same way): the matches the hours test is applied to. */
  totalWithoutOpenNow: number;
  /** Europe/London minute of the week (Monday 00:00 = 0) the check ran at. */
  openAtMinute: number | null;
  statement: ParameterisedSql;
  /** EXPLAIN (ANALYZE, BUFFERS) of the statement, second run (warm). */
  explain: string;
  explainExecutionMs: number;
  explainPlanningMs: number;
}

interface LoadRun {
  load: LoadResult;
  /** Europe/London minute of the week when the run started and ended (the API's open_now). */
  minutes: [number, number];
  /** CPU per response of the API's process and of autocannon (this process), ms: the cores PostgreSQL did not get. */
  cpuMsPerRequest: { api: number; autocannon: number };
}

interface PgbenchRun {
  pgbench: ScriptPgbenchResult;
  /** The open_at minute written into the statement (resolveSearch with the same `now`). */
  openAtMinutes: (number | null)[];
}

/** One set of requests: the endpoint, then pgbench at the endpoint's concurrency and at the API's pool size. */
interface Comparison {
  label: string;
  endpoint: LoadRun;
  pgbench: PgbenchRun[];
  /** Endpoint req/s ÷ each pgbench run's tps. */
  endpointOverPgbench: number[];
  /** Endpoint req/s ÷ the higher pgbench tps: the figure held against the 0.7× target. */
  endpointOverBestPgbench: number;
}

const minuteNow = () => londonMinuteOfWeek(new Date());

/** The statement and parameters the endpoint runs for this request at `now`. */
async function statementFor(db: PgClient, request: SearchRequest, now: Date) {
  const { filter } = await resolveSearch(db, SearchQuery.parse(request.params), now);
  return { statement: searchSql(filter), openAt: filter.openAt };
}

async function runStatement(db: PgClient, statement: ParameterisedSql): Promise<SearchPayload> {
  const { rows } = await db.query<{ total: number; results: unknown[] }>(statement.text, statement.values);
  const row = rows[0];
  if (!row) throw new Error('the search statement returned no row');
  return { total: row.total, results: row.results };
}

/** JSON with object keys sorted, so key order (SQL's json_build_object vs zod's) does not count. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * Runs the request through the endpoint and its statement through node-postgres with the
 * same values, and fails unless both give the same total and the same page. Retried when
 * the London minute turned over in between (open_now may then differ).
 */
async function checkSameAnswer(api: ApiProcess, db: PgClient, request: SearchRequest): Promise<{ payload: SearchPayload; openAt: number | null }> {
  const path = searchPath(request);
  for (let attempt = 1; ; attempt++) {
    const before = minuteNow();
    const res = await fetch(`${api.baseUrl}${path}`, { signal: AbortSignal.timeout(60_000) });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    const endpoint = (await res.json()) as SearchPayload;
    const { statement, openAt } = await statementFor(db, request, new Date());
    const direct = await runStatement(db, statement);
    const after = minuteNow();
    const same = isDeepStrictEqual(
      canonical({ total: endpoint.total, results: endpoint.results }),
      canonical({ total: direct.total, results: direct.results }),
    );
    if (same) return { payload: direct, openAt };
    if (before === after || attempt >= 3) {
      throw new Error(
        `${request.name}: the statement run directly does not return what the endpoint returns\n` +
          `endpoint: total ${endpoint.total}, ${JSON.stringify(endpoint.results).slice(0, 800)}\n` +
          `direct:   total ${direct.total}, ${JSON.stringify(direct.results).slice(0, 800)}`,
      );
    }
  }
}

async function explain(db: PgClient, statement: ParameterisedSql): Promise<{ text: string; executionMs: number; planningMs: number }> {
  const run = async () => {
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };
  await run(); // the first run reads pages into the cache; keep the warm one
  const text = await run();
  const ms = (label: string) => Number(new RegExp(`^${label} Time: ([\\d.]+) ms`, 'm').exec(text)?.[1] ?? NaN);
  return { text, executionMs: ms('Execution'), planningMs: ms('Planning') };
}

async function inspectRequests(api: ApiProcess, db: PgClient): Promise<RequestInfo[]> {
  const out: RequestInfo[] = [];
  for (const request of SEARCH_REQUESTS) {
    const { payload, openAt } = await checkSameAnswer(api, db, request);
    // The same check without open_now, so it compares a non-empty page at any hour.
    const { open_now: _, ...anyTime } = request.params;
    const without = (await checkSameAnswer(api, db, { name: `${request.name}-any-time`, params: anyTime })).payload;
    const { statement } = await statementFor(db, request, new Date());
    const plan = await explain(db, statement);
    out.push({
      name: request.name,
      path: searchPath(request),
      total: payload.total,
      pageResults: payload.results.length,
      totalWithoutOpenNow: without.total,
      openAtMinute: openAt,
      statement,
      explain: plan.text,
      explainExecutionMs: plan.executionMs,
      explainPlanningMs: plan.planningMs,
    });
  }
  return out;
}

async function endpointLoad(api: ApiProcess, requests: readonly SearchRequest[], acceptEncoding?: string): Promise<LoadRun> {
  await loadTest(api.baseUrl, requests.map(searchPath), { connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
  const start = minuteNow();
  const [apiCpu, ownCpu] = [processCpuSeconds(api.pid), ownCpuSeconds()];
  const load = await loadTest(api.baseUrl, requests.map(searchPath), {
    connections: CONNECTIONS,
    seconds: SECONDS,
    ...(acceptEncoding ? { acceptEncoding } : {}),
  });
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, load.requests);
  return {
    load,
    minutes: [start, minuteNow()],
    cpuMsPerRequest: { api: perRequest(processCpuSeconds(api.pid) - apiCpu), autocannon: perRequest(ownCpuSeconds() - ownCpu) },
  };
}

/** pgbench on the requests' statements, resolved just before the run (the current minute for open_now). */
async function pgbenchLoad(db: PgClient, requests: readonly SearchRequest[], clients: number): Promise<PgbenchRun> {
  const now = new Date();
  const resolved: Awaited<ReturnType<typeof statementFor>>[] = [];
  for (const r of requests) resolved.push(await statementFor(db, r, now));
  const scripts = resolved.map(({ statement }, i) => toPgbenchScript(requests[i]!.name, statement, `r${i}p`));
  const pgbench = await pgbenchScripts(DATABASE_URL, scripts, {
    clients,
    threads: PGBENCH_THREADS,
    seconds: SECONDS,
    warmUpSeconds: PGBENCH_WARM_UP_SECONDS,
    protocol: PROTOCOL,
    pgoptions: startupOptions(),
  });
  return { pgbench, openAtMinutes: resolved.map((r) => r.openAt) };
}

const latency = (l: { p50: number; p95: number; p99: number }) => `${fmt(l.p50)}/${fmt(l.p95)}/${fmt(l.p99)}`;
const cpu = (r: LoadRun) => `${fmt(r.cpuMsPerRequest.api)}+${fmt(r.cpuMsPerRequest.autocannon)}`;
const flags = (r: LoadResult) => (r.non2xx + r.errors + r.timeouts > 0 ? ` (!${r.non2xx} non-2xx, ${r.errors} err, ${r.timeouts} timeouts)` : '');

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    kind: 'search',
    startedAt: new Date().toISOString(),
    machine: machine(),
    code: codeVersion(),
    settings: {
      seconds: SECONDS,
      connections: CONNECTIONS,
      pgbenchThreads: PGBENCH_THREADS,
      pgbenchWarmUpSeconds: PGBENCH_WARM_UP_SECONDS,
      endpointWarmUpSeconds: WARM_UP_SECONDS,
      pgbenchProtocol: PROTOCOL,
      targetAssets: TARGET_ASSETS,
      apiPoolMax: API_POOL_MAX,
      sessionSettings: startupOptions(),
      targets: { p95Ms: P95_TARGET_MS, throughputRatio: THROUGHPUT_RATIO_TARGET },
    },
  };

  log(`== Search at ${TARGET_ASSETS.toLocaleString('en-GB')} assets: ${DATABASE_URL}`);
  const state = await ensureDatabase(DATABASE_URL, databaseFingerprint());
  log(`database ${state}; starting the API (loads the open data if the database is empty)…`);
  let api = await startApi({ name: 'search', databaseUrl: DATABASE_URL, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
  let db: PgClient | undefined;
  try {
    const loaded = loadedOnStart(api);
    log(`API ready in ${fmt(api.readySeconds)} s${loaded ? ' (it loaded the open data)' : ''}`);
    const client = await connectLikeTheApi(DATABASE_URL);
    db = client;
    const scale: ScaleResult = await ensureScaled(client, TARGET_ASSETS, log);
    log(
      `${scale.state === 'reused' ? 'reusing' : `scaled in ${fmt(scale.seconds, 0)} s:`} ${scale.publicAssets.toLocaleString('en-GB')} public assets ` +
        `(${scale.originals.toLocaleString('en-GB')} real + ${scale.copiesPerAsset} jittered copies of each), ` +
        `${scale.openIntervals.toLocaleString('en-GB')} opening intervals`,
    );
    if (loaded || scale.state === 'scaled') {
      // Measure serving on its own: restart after the one-off load and scaling.
      await api.stop();
      api = await startApi({ name: 'search', databaseUrl: DATABASE_URL, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
    }
    results.database = { url: DATABASE_URL, state, loadedOnThisStart: loaded, scale, apiHealth: api.health };

    log('checking that each statement run directly returns what the endpoint returns; EXPLAIN ANALYZE…');
    const requests = await inspectRequests(api, client);
    results.requests = requests;
    const representative = SEARCH_REQUESTS[0]!;
    const repInfo = requests[0]!;
    log(`\nThe representative request: ${repInfo.path}\nIts statement's values: ${JSON.stringify(repInfo.statement.values)}`);
    log(`EXPLAIN (ANALYZE, BUFFERS), warm:\n${repInfo.explain}\n`);

    const pgbenchClients = [...new Set([CONNECTIONS, API_POOL_MAX])];
    const measure = async (label: string, requests: readonly SearchRequest[]): Promise<Comparison> => {
      log(`${label}: endpoint, ${CONNECTIONS} connections × ${SECONDS} s (after ${WARM_UP_SECONDS} s warming up)…`);
      const endpoint = await endpointLoad(api, requests);
      const pgbench: PgbenchRun[] = [];
      for (const clients of pgbenchClients) {
        log(`${label}: pgbench -M ${PROTOCOL} -c ${clients} -j ${PGBENCH_THREADS} -T ${PGBENCH_WARM_UP_SECONDS + SECONDS} (the last ${SECONDS} s measured)…`);
        pgbench.push(await pgbenchLoad(client, requests, clients));
      }
      const best = Math.max(...pgbench.map((p) => p.pgbench.tps));
      return {
        label,
        endpoint,
        pgbench,
        endpointOverPgbench: pgbench.map((p) => endpoint.load.requestsPerSecond / p.pgbench.tps),
        endpointOverBestPgbench: endpoint.load.requestsPerSecond / best,
      };
    };
    const one = await measure(`representative (${representative.name})`, [representative]);
    const mix = await measure(`mix of ${SEARCH_REQUESTS.length}`, SEARCH_REQUESTS);
    log(`representative: endpoint with a browser's accept-encoding (${BROWSER_ACCEPT_ENCODING})…`);
    const compressed = await endpointLoad(api, [representative], BROWSER_ACCEPT_ENCODING);
    const memory = api.memory();

    results.runs = { representative: one, mix, representativeBrowserEncoding: compressed };
    results.api = { readySeconds: api.readySeconds, peakRssMb: memory.peakRssMb, rssAtEndMb: memory.rssMb };
    results.verdict = {
      p95Ms: { representative: one.endpoint.load.latencyMs.p95, mix: mix.endpoint.load.latencyMs.p95, target: P95_TARGET_MS },
      endpointOverBestPgbench: { representative: one.endpointOverBestPgbench, mix: mix.endpointOverBestPgbench, target: THROUGHPUT_RATIO_TARGET },
    };
    results.finishedAt = new Date().toISOString();
    results.loadAverageAtEnd = loadavg().map((v) => Number(v.toFixed(2)));

    log(
      `\nRequests (open now: what the endpoint found at London minute of the week ${repInfo.openAtMinute ?? '–'}; without open_now: the matches the hours test is applied to)`,
    );
    log(
      table(
        ['request', 'open now', 'page', 'without open_now', 'EXPLAIN exec ms', 'plan ms'],
        requests.map((r) => [
          r.name,
          String(r.total),
          String(r.pageResults),
          String(r.totalWithoutOpenNow),
          fmt(r.explainExecutionMs),
          fmt(r.explainPlanningMs),
        ]),
      ),
    );
    log(`\nGET /api/search (${CONNECTIONS} connections) vs the same SQL by pgbench (-M ${PROTOCOL}), ${SECONDS} s each; latency p50/p95/p99 ms`);
    const rows: string[][] = [];
    for (const c of [one, mix]) {
      rows.push([
        `${c.label}: endpoint`,
        fmt(c.endpoint.load.requestsPerSecond, 0) + flags(c.endpoint.load),
        latency(c.endpoint.load.latencyMs),
        fmt(c.endpoint.load.latencyMs.mean),
        '',
        '',
        cpu(c.endpoint),
      ]);
      c.pgbench.forEach((p, i) => {
        const failed = p.pgbench.failed > 0 ? ` (!${p.pgbench.failed} failed)` : '';
        rows.push([
          `  pgbench -c ${p.pgbench.clients}`,
          fmt(p.pgbench.tps, 0) + failed,
          latency(p.pgbench.latencyMs),
          fmt(p.pgbench.latencyAvgMs),
          fmt(p.pgbench.wholeRun.tps, 0),
          `${fmt(c.endpointOverPgbench[i], 2)}×`,
          '',
        ]);
      });
    }
    rows.push([
      'representative, compressed: endpoint',
      fmt(compressed.load.requestsPerSecond, 0) + flags(compressed.load),
      latency(compressed.load.latencyMs),
      fmt(compressed.load.latencyMs.mean),
      '',
      '',
      cpu(compressed),
    ]);
    log(table(['run', 'req/s or tps', 'latency', 'mean ms', 'tps incl. warm-up', 'endpoint÷pgbench', 'CPU ms/req API+autocannon'], rows));
    const ok = (v: boolean) => (v ? 'met' : 'MISSED');
    log(
      `\nTargets: p95 < ${P95_TARGET_MS} ms: representative ${fmt(one.endpoint.load.latencyMs.p95)} ms (${ok(one.endpoint.load.latencyMs.p95 < P95_TARGET_MS)}), ` +
        `mix ${fmt(mix.endpoint.load.latencyMs.p95)} ms (${ok(mix.endpoint.load.latencyMs.p95 < P95_TARGET_MS)}); ` +
        `≥ ${THROUGHPUT_RATIO_TARGET}× pgbench's best: representative ${fmt(one.endpointOverBestPgbench, 2)}× (${ok(one.endpointOverBestPgbench >= THROUGHPUT_RATIO_TARGET)}), ` +
        `mix ${fmt(mix.endpointOverBestPgbench, 2)}× (${ok(mix.endpointOverBestPgbench >= THROUGHPUT_RATIO_TARGET)})`,
    );
    log(
      `London minute of the week during the endpoint runs: ${[one.endpoint, mix.endpoint, compressed].map((r) => r.minutes.join('→')).join(', ')}; ` +
        `open_at given to pgbench: ${[...one.pgbench, ...mix.pgbench].map((r) => r.openAtMinutes[0] ?? '–').join(', ')}`,
    );
    log(
      `API process peak RSS (VmHWM): ${fmt(memory.peakRssMb, 0)} MB; load average at the end ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
    log(`\nResults: ${writeResults('search', results)}`);
  } finally {
    await db?.end();
    await api.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
