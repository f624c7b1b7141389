/**
 * Peak memory (VmHWM of the API's own Node process) of the product:
 *
 * - embedded, everything loaded: a fresh start on a copy of the loaded bench database,
 *   then every URL once (cold tile builds) and ~20 s of mixed load (area tiles at all
 *   zooms, asset tiles, /api/areas/:code, /api/assets?bbox=). Target ≤ 1.5 GB.
 * - embedded, first start: the API loading all the open data into an empty folder.
 * - server: the API process on PostgreSQL under the same load (tile cache emptied first).
 *   Target ≤ 300 MB.
 *
 * Prints the figures against the targets and writes bench/results/memory-<timestamp>.json.
 * Env: BENCH_DATABASE_URL, BENCH_PGLITE_DIR, BENCH_ONLY=server|embedded,
 * BENCH_MEMORY_SECONDS (20), BENCH_SKIP_FIRST_START=true, BENCH_LOG_LEVEL (warn).
 */
import { loadavg } from 'node:os';
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { loadedOnStart, onAbort, removeDir, startApi, type ApiProcess } from './lib/api-process.js';
import { codeVersion, databaseFingerprint } from './lib/fingerprint.js';
import { benchPgliteDir, ensurePristine, PGLITE_READY_TIMEOUT_MS, workingCopy } from './lib/embedded.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { BROWSER_ACCEPT_ENCODING, fetchSequentially, loadTest, type LoadResult } from './lib/http-load.js';
import { DEFAULT_BENCH_DATABASE_URL, emptyTileCache, ensureDatabase } from './lib/postgres.js';
import { AREA_CODES, ASSET_BBOXES, ASSET_TILES, areaTilePath, assetTilePath, BENCH_ZOOMS, TILE_LIST } from './lib/tile-list.js';

const MIX_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 20);
const SERVER_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const EMBEDDED_CONNECTIONS = Number(process.env.BENCH_EMBEDDED_CONNECTIONS ?? 4);
const SERVER_READY_TIMEOUT_MS = Number(process.env.BENCH_SERVER_LOAD_TIMEOUT_MS ?? 10 * 60_000);
const ONLY = process.env.BENCH_ONLY;
const SKIP_FIRST_START = process.env.BENCH_SKIP_FIRST_START === 'true';

/** Targets from the issue: 1.5 GB embedded (taken as 1.5 GiB = 1536 MiB), 300 MB for the server's API process. */
const EMBEDDED_TARGET_MB = 1536;
const SERVER_TARGET_MB = 300;

/** Every kind of request, interleaved so each autocannon connection's cycle mixes them. */
function mixedPaths(): string[] {
  const groups = [
    ...BENCH_ZOOMS.map((z) => TILE_LIST[z].map(areaTilePath)),
    ASSET_TILES.map(assetTilePath),
    AREA_CODES.map((code) => `/api/areas/${code}`),
    ASSET_BBOXES.map((b) => `/api/assets?bbox=${b.join(',')}`),
  ];
  const out: string[] = [];
  const longest = Math.max(...groups.map((g) => g.length));
  for (let i = 0; i < longest; i++) for (const g of groups) if (i < g.length) out.push(g[i]!);
  return out;
}

interface UnderLoad {
  readySeconds: number;
  rssAfterStartMb: number;
  peakAfterStartMb: number;
  firstPassSeconds: number;
  peakAfterFirstPassMb: number;
  load: LoadResult;
  rssAfterLoadMb: number;
  /** VmHWM at the end: the figure compared with the target. */
  peakRssMb: number;
}

/**
 * Every URL once (cold builds), then mixed load for MIX_SECONDS with a browser's
 * accept-encoding (so responses are compressed, as for real users); peak RSS after each phase.
 */
async function measureUnderLoad(api: ApiProcess, connections: number): Promise<UnderLoad> {
  const paths = mixedPaths();
  const atStart = api.memory();
  log(`  after start: RSS ${fmt(atStart.rssMb, 0)} MB, peak ${fmt(atStart.peakRssMb, 0)} MB; first pass over ${paths.length} URLs…`);
  const firstPass = await fetchSequentially(api.baseUrl, paths);
  const afterFirst = api.memory();
  log(`  first pass ${fmt(firstPass.totalMs / 1000)} s, peak ${fmt(afterFirst.peakRssMb, 0)} MB; mixed load ${connections} connections × ${MIX_SECONDS} s…`);
  const load = await loadTest(api.baseUrl, paths, { connections, seconds: MIX_SECONDS, acceptEncoding: BROWSER_ACCEPT_ENCODING });
  const end = api.memory();
  log(`  ${fmt(load.requestsPerSecond, 0)} req/s; peak ${fmt(end.peakRssMb, 0)} MB`);
  return {
    readySeconds: api.readySeconds,
    rssAfterStartMb: atStart.rssMb,
    peakAfterStartMb: atStart.peakRssMb,
    firstPassSeconds: firstPass.totalMs / 1000,
    peakAfterFirstPassMb: afterFirst.peakRssMb,
    load,
    rssAfterLoadMb: end.rssMb,
    peakRssMb: end.peakRssMb,
  };
}

async function embeddedLoaded(): Promise<UnderLoad> {
  log('\n== Embedded PGlite, everything loaded: fresh start on a copy of the bench database');
  const pristine = await ensurePristine(log);
  const copy = workingCopy(pristine, 'memory');
  try {
    const api = await startApi({ name: 'memory-embedded', pgliteDir: copy.dir, readyTimeoutMs: PGLITE_READY_TIMEOUT_MS });
    try {
      return await measureUnderLoad(api, EMBEDDED_CONNECTIONS);
    } finally {
      await api.stop();
    }
  } finally {
    copy.remove();
  }
}

interface FirstStart {
  loadSeconds: number;
  peakRssMb: number;
  /** The loader's last log line when RSS was highest (sampled every 0.5 s). */
  peakDuring: string;
  rssWhenReadyMb: number;
  areas: number;
  assets: number;
}

async function embeddedFirstStart(): Promise<FirstStart> {
  log('\n== Embedded PGlite, first start: loading all the open data into an empty folder (~2 min)');
  const root = path.dirname(benchPgliteDir());
  mkdirSync(root, { recursive: true });
  const parent = mkdtempSync(path.join(root, 'first-start-'));
  const undo = onAbort(() => removeDir(parent));
  try {
    const api = await startApi({
      name: 'memory-embedded-first-start',
      pgliteDir: path.join(parent, 'pglite'),
      readyTimeoutMs: PGLITE_READY_TIMEOUT_MS,
    });
    try {
      const now = api.memory();
      const result = {
        loadSeconds: api.readySeconds,
        peakRssMb: Math.max(api.startupPeakRssMb, now.peakRssMb),
        peakDuring: api.startupPeakDuring,
        rssWhenReadyMb: now.rssMb,
        areas: api.health.areas,
        assets: api.health.assets,
      };
      log(
        `  loaded in ${fmt(result.loadSeconds, 0)} s; peak ${fmt(result.peakRssMb, 0)} MB (highest RSS sample after "${result.peakDuring}"), RSS when ready ${fmt(result.rssWhenReadyMb, 0)} MB`,
      );
      return result;
    } finally {
      await api.stop();
    }
  } finally {
    removeDir(parent);
    undo();
  }
}

async function server(url: string): Promise<{ underLoad: UnderLoad; firstLoadPeakRssMb?: number }> {
  log(`\n== PostgreSQL server: API process on ${url}`);
  log(`  database ${await ensureDatabase(url, databaseFingerprint())}`);
  let api = await startApi({ name: 'memory-server', databaseUrl: url, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
  let firstLoadPeakRssMb: number | undefined;
  try {
    if (loadedOnStart(api)) {
      // Measure serving on its own: restart after the one-off data load.
      firstLoadPeakRssMb = api.memory().peakRssMb;
      log(
        `  (the database was empty: loading took ${fmt(api.readySeconds, 0)} s, peak ${fmt(firstLoadPeakRssMb, 0)} MB, highest RSS sample after "${api.startupPeakDuring}"; restarting)`,
      );
      await api.stop();
      api = await startApi({ name: 'memory-server', databaseUrl: url, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
    }
    await emptyTileCache(url);
    const underLoad = await measureUnderLoad(api, SERVER_CONNECTIONS);
    return firstLoadPeakRssMb === undefined ? { underLoad } : { underLoad, firstLoadPeakRssMb };
  } finally {
    await api.stop();
  }
}

const verdict = (mb: number, target: number) => (mb <= target ? 'within' : 'OVER');

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  const results: Record<string, unknown> = {
    kind: 'memory',
    startedAt: new Date().toISOString(),
    machine: machine(),
    code: codeVersion(),
    settings: { mixSeconds: MIX_SECONDS, serverConnections: SERVER_CONNECTIONS, embeddedConnections: EMBEDDED_CONNECTIONS, urls: mixedPaths() },
    targetsMb: { embedded: EMBEDDED_TARGET_MB, serverApi: SERVER_TARGET_MB },
  };
  const rows: string[][] = [];
  const row = (what: string, r: { peakRssMb: number }, target: number, note: string) =>
    rows.push([what, fmt(r.peakRssMb, 0), `≤ ${target}`, verdict(r.peakRssMb, target), note]);

  if (ONLY !== 'server') {
    const loaded = await embeddedLoaded();
    results.embeddedLoaded = loaded;
    row(
      'embedded, loaded, under load',
      loaded,
      EMBEDDED_TARGET_MB,
      `RSS ${fmt(loaded.rssAfterStartMb, 0)} MB after start, ${fmt(loaded.load.requestsPerSecond, 0)} req/s mixed`,
    );
    if (!SKIP_FIRST_START) {
      const first = await embeddedFirstStart();
      results.embeddedFirstStart = first;
      row('embedded, first start (data load)', first, EMBEDDED_TARGET_MB, `load ${fmt(first.loadSeconds, 0)} s`);
    }
  }
  if (ONLY !== 'embedded') {
    const s = await server(url);
    results.server = s;
    row(
      'server, API process under load',
      s.underLoad,
      SERVER_TARGET_MB,
      `RSS ${fmt(s.underLoad.rssAfterStartMb, 0)} MB after start, ${fmt(s.underLoad.load.requestsPerSecond, 0)} req/s mixed`,
    );
    if (s.firstLoadPeakRssMb !== undefined) {
      rows.push(['server, API first start (data load)', fmt(s.firstLoadPeakRssMb, 0), '–', '–', 'informational']);
    }
  }
  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = loadavg().map((v) => Number(v.toFixed(2)));

  log('\nPeak RSS (VmHWM of the API Node process, MB)');
  log(table(['scenario', 'peak MB', 'target', 'verdict', 'note'], rows));
  log(`\nResults: ${writeResults('memory', results)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
