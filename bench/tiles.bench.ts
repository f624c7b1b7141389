/**
 * Tiles per second of /tiles/areas at zooms 6, 8, 11 and 14 over a fixed tile list:
 *
 * - on the PostgreSQL server: cold (tile_cache emptied, each tile fetched once in turn),
 *   warm (autocannon over the cached tiles), and the raw ST_AsMVT SQL the endpoint runs on
 *   a miss, run by pgbench against the same database;
 * - on embedded PGlite: cold (first fetch on a fresh copy of a loaded database) and warm.
 *
 * Prints tables and writes bench/results/tiles-<timestamp>.json. See README.md.
 *
 * Env: BENCH_DATABASE_URL, BENCH_PGLITE_DIR, BENCH_ONLY=server|embedded, BENCH_ZOOMS=6,8,
 * BENCH_SECONDS (8), BENCH_CONNECTIONS (10), BENCH_EMBEDDED_CONNECTIONS (4), BENCH_LOG_LEVEL (warn).
 */
import { loadavg } from 'node:os';
import type { Tile } from '@common-ground/geo';
import { areaTileMvtSql } from '../apps/api/src/modules/tiles/tiles.repository.js';
import { loadedOnStart, startApi, type ApiProcess } from './lib/api-process.js';
import { codeVersion, databaseFingerprint } from './lib/fingerprint.js';
import { ensurePristine, PGLITE_READY_TIMEOUT_MS, workingCopy } from './lib/embedded.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { BROWSER_ACCEPT_ENCODING, fetchSequentially, loadTest, type LoadResult, type SequentialResult } from './lib/http-load.js';
import { DEFAULT_BENCH_DATABASE_URL, emptyTileCache, ensureDatabase, literalTileSql, pgbench, type PgbenchResult } from './lib/postgres.js';
import { areaTilePath, BENCH_ZOOMS, checkTileList, TILE_LIST, type BenchZoom } from './lib/tile-list.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SERVER_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const EMBEDDED_CONNECTIONS = Number(process.env.BENCH_EMBEDDED_CONNECTIONS ?? 4);
const SERVER_READY_TIMEOUT_MS = Number(process.env.BENCH_SERVER_LOAD_TIMEOUT_MS ?? 10 * 60_000);
const ZOOMS: BenchZoom[] = process.env.BENCH_ZOOMS ? BENCH_ZOOMS.filter((z) => process.env.BENCH_ZOOMS!.split(',').map(Number).includes(z)) : [...BENCH_ZOOMS];
const ONLY = process.env.BENCH_ONLY;

interface ServerZoomResult {
  zoom: BenchZoom;
  tiles: Tile[];
  cold: SequentialResult;
  warm: LoadResult;
  warmBrowserEncoding: LoadResult;
  /** The API process's peak RSS (VmHWM, MB) after the cold, warm and warm-compressed phases. */
  peakRssMbAfter: { cold: number; warm: number; warmBrowserEncoding: number };
  pgbench: PgbenchResult;
  pgbenchSingleClient: PgbenchResult;
  /** Warm endpoint req/s ÷ pgbench tps at the same concurrency: what the tile cache buys. */
  warmOverPgbench: number;
  /** Cold endpoint tiles/s (one at a time) ÷ single-client pgbench tps: the endpoint's cost on a miss. */
  coldOverPgbenchSingleClient: number;
}

interface EmbeddedZoomResult {
  zoom: BenchZoom;
  tiles: Tile[];
  cold: SequentialResult;
  warm: LoadResult;
  warmBrowserEncoding: LoadResult;
  peakRssMbAfter: { cold: number; warm: number; warmBrowserEncoding: number };
}

interface ApiInfo {
  readySeconds: number;
  loadedOnThisStart: boolean;
  health: ApiProcess['health'];
  peakRssMb: number;
  /** When this run's first start loaded the data: the API process's peak during that load. */
  firstLoadPeakRssMb?: number;
}

const paths = (z: BenchZoom) => TILE_LIST[z].map(areaTilePath);

async function benchServer(url: string): Promise<{ api: ApiInfo; zooms: ServerZoomResult[] }> {
  log(`\n== PostgreSQL server: ${url}`);
  log(`database ${await ensureDatabase(url, databaseFingerprint())}; starting the API (loads the open data if the database is empty)…`);
  let api = await startApi({ name: 'tiles-server', databaseUrl: url, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
  const loaded = loadedOnStart(api);
  log(`API ready in ${fmt(api.readySeconds)} s at ${api.baseUrl} (${api.health.areas} areas, ${api.health.assets} assets)`);
  let firstLoadPeakRssMb: number | undefined;
  if (loaded) {
    // Measure serving on its own: restart after the one-off data load.
    firstLoadPeakRssMb = api.memory().peakRssMb;
    log(`(it loaded the open data: peak RSS ${fmt(firstLoadPeakRssMb, 0)} MB; restarting)`);
    await api.stop();
    api = await startApi({ name: 'tiles-server', databaseUrl: url, readyTimeoutMs: SERVER_READY_TIMEOUT_MS });
  }
  const zooms: ServerZoomResult[] = [];
  try {
    for (const z of ZOOMS) {
      const tiles = [...TILE_LIST[z]];
      log(`z${z}: ${tiles.length} tiles — cold…`);
      await emptyTileCache(url);
      const cold = await fetchSequentially(api.baseUrl, paths(z));
      const peakCold = api.memory().peakRssMb;
      log(`z${z}: warm, ${SERVER_CONNECTIONS} connections, ${SECONDS} s…`);
      const warm = await loadTest(api.baseUrl, paths(z), { connections: SERVER_CONNECTIONS, seconds: SECONDS });
      const peakWarm = api.memory().peakRssMb;
      log(`z${z}: warm, compressed (a browser's accept-encoding)…`);
      const warmBrowserEncoding = await loadTest(api.baseUrl, paths(z), {
        connections: SERVER_CONNECTIONS,
        seconds: SECONDS,
        acceptEncoding: BROWSER_ACCEPT_ENCODING,
      });
      const peakRssMbAfter = { cold: peakCold, warm: peakWarm, warmBrowserEncoding: api.memory().peakRssMb };
      const sql = areaTileMvtSql(z);
      const sqlFor = (tile: Tile) => literalTileSql(sql, tile);
      log(`z${z}: pgbench -c ${SERVER_CONNECTIONS} -j 2 -T ${SECONDS}…`);
      const pg = await pgbench(url, sqlFor, tiles, { clients: SERVER_CONNECTIONS, threads: 2, seconds: SECONDS });
      log(`z${z}: pgbench -c 1 -T ${Math.min(SECONDS, 5)}…`);
      const pg1 = await pgbench(url, sqlFor, tiles, { clients: 1, threads: 1, seconds: Math.min(SECONDS, 5) });
      zooms.push({
        zoom: z,
        tiles,
        cold,
        warm,
        warmBrowserEncoding,
        peakRssMbAfter,
        pgbench: pg,
        pgbenchSingleClient: pg1,
        warmOverPgbench: warm.requestsPerSecond / pg.tps,
        coldOverPgbenchSingleClient: cold.tilesPerSecond / pg1.tps,
      });
    }
    return {
      api: {
        readySeconds: api.readySeconds,
        loadedOnThisStart: loaded,
        health: api.health,
        peakRssMb: api.memory().peakRssMb,
        ...(firstLoadPeakRssMb === undefined ? {} : { firstLoadPeakRssMb }),
      },
      zooms,
    };
  } finally {
    await api.stop();
  }
}

async function benchEmbedded(): Promise<{ api: ApiInfo; pristineDir: string; trusted: boolean; copySeconds: number; zooms: EmbeddedZoomResult[] }> {
  log('\n== Embedded PGlite');
  const pristine = await ensurePristine(log);
  const copy = workingCopy(pristine, 'tiles');
  log(`copied ${pristine.dir} in ${fmt(copy.copySeconds)} s; starting the API on the copy…`);
  const zooms: EmbeddedZoomResult[] = [];
  try {
    const api = await startApi({ name: 'tiles-embedded', pgliteDir: copy.dir, readyTimeoutMs: PGLITE_READY_TIMEOUT_MS });
    log(`API ready in ${fmt(api.readySeconds)} s at ${api.baseUrl}`);
    try {
      for (const z of ZOOMS) {
        // The copy's tile_cache is empty, so each tile's first fetch builds it.
        log(`z${z}: ${TILE_LIST[z].length} tiles — cold (first fetch on a fresh copy)…`);
        const cold = await fetchSequentially(api.baseUrl, paths(z));
        const peakCold = api.memory().peakRssMb;
        log(`z${z}: warm, ${EMBEDDED_CONNECTIONS} connections, ${SECONDS} s…`);
        const warm = await loadTest(api.baseUrl, paths(z), { connections: EMBEDDED_CONNECTIONS, seconds: SECONDS });
        const peakWarm = api.memory().peakRssMb;
        log(`z${z}: warm, compressed (a browser's accept-encoding)…`);
        const warmBrowserEncoding = await loadTest(api.baseUrl, paths(z), {
          connections: EMBEDDED_CONNECTIONS,
          seconds: SECONDS,
          acceptEncoding: BROWSER_ACCEPT_ENCODING,
        });
        const peakRssMbAfter = { cold: peakCold, warm: peakWarm, warmBrowserEncoding: api.memory().peakRssMb };
        zooms.push({ zoom: z, tiles: [...TILE_LIST[z]], cold, warm, warmBrowserEncoding, peakRssMbAfter });
      }
      return {
        api: { readySeconds: api.readySeconds, loadedOnThisStart: false, health: api.health, peakRssMb: api.memory().peakRssMb },
        pristineDir: pristine.dir,
        trusted: pristine.trusted,
        copySeconds: copy.copySeconds,
        zooms,
      };
    } finally {
      await api.stop();
    }
  } finally {
    copy.remove();
  }
}

const kb = (bytes: number, tiles: number) => fmt(bytes / tiles / 1024, 1);
const latency = (r: LoadResult) => `${fmt(r.latencyMs.p50)}/${fmt(r.latencyMs.p95)}/${fmt(r.latencyMs.p99)}`;
const mbps = (r: LoadResult) => fmt(r.bytesPerSecond / 1024 / 1024, 1);
const peaks = (zooms: readonly { zoom: number; peakRssMbAfter: { cold: number; warm: number; warmBrowserEncoding: number } }[]) =>
  zooms.map(({ zoom, peakRssMbAfter: p }) => `z${zoom} ${fmt(p.cold, 0)}/${fmt(p.warm, 0)}/${fmt(p.warmBrowserEncoding, 0)}`).join(', ');
const flags = (r: LoadResult) => (r.non2xx + r.errors + r.timeouts > 0 ? ` (!${r.non2xx} non-2xx, ${r.errors} err)` : '');

async function main(): Promise<void> {
  checkTileList();
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  const results: Record<string, unknown> = {
    kind: 'tiles',
    startedAt: new Date().toISOString(),
    machine: machine(),
    code: codeVersion(),
    settings: { seconds: SECONDS, serverConnections: SERVER_CONNECTIONS, embeddedConnections: EMBEDDED_CONNECTIONS, zooms: ZOOMS },
  };
  const server = ONLY === 'embedded' ? undefined : await benchServer(url);
  if (server) results.server = { databaseUrl: url, ...server };
  const embedded = ONLY === 'server' ? undefined : await benchEmbedded();
  if (embedded) results.embedded = embedded;
  results.finishedAt = new Date().toISOString();
  results.loadAverageAtEnd = loadavg().map((v) => Number(v.toFixed(2)));

  if (server) {
    log(`\nPostgreSQL server — /tiles/areas (warm: ${SERVER_CONNECTIONS} connections × ${SECONDS} s; latency p50/p95/p99 ms)`);
    log(
      table(
        [
          'zoom',
          'tiles',
          'KB/tile',
          'cold ms/tile',
          'cold tiles/s',
          'warm req/s',
          'warm latency',
          'warm MB/s',
          'cmp req/s',
          'cmp latency',
          'pgbench tps',
          'pgbench c1 tps',
          'warm÷pgbench',
          'cold÷pgbench c1',
        ],
        server.zooms.map((r) => [
          `z${r.zoom}`,
          String(r.tiles.length),
          kb(r.cold.bytes, r.cold.tiles),
          fmt(r.cold.msPerTile),
          fmt(r.cold.tilesPerSecond),
          fmt(r.warm.requestsPerSecond, 0) + flags(r.warm),
          latency(r.warm),
          mbps(r.warm),
          fmt(r.warmBrowserEncoding.requestsPerSecond, 0) + flags(r.warmBrowserEncoding),
          latency(r.warmBrowserEncoding),
          fmt(r.pgbench.tps) + (r.pgbench.failed > 0 ? ` (!${r.pgbench.failed} failed)` : ''),
          fmt(r.pgbenchSingleClient.tps),
          `${fmt(r.warmOverPgbench, 2)}×`,
          `${fmt(r.coldOverPgbenchSingleClient, 2)}×`,
        ]),
      ),
    );
    log(`API process peak RSS (VmHWM) over the run: ${fmt(server.api.peakRssMb, 0)} MB; after each phase (cold/warm/cmp): ${peaks(server.zooms)}`);
  }
  if (embedded) {
    log(`\nEmbedded PGlite — /tiles/areas (warm: ${EMBEDDED_CONNECTIONS} connections × ${SECONDS} s; latency p50/p95/p99 ms)`);
    log(
      table(
        ['zoom', 'tiles', 'KB/tile', 'cold ms/tile', 'cold max ms', 'cold tiles/s', 'warm req/s', 'warm latency', 'warm MB/s', 'cmp req/s', 'cmp latency'],
        embedded.zooms.map((r) => [
          `z${r.zoom}`,
          String(r.tiles.length),
          kb(r.cold.bytes, r.cold.tiles),
          fmt(r.cold.msPerTile),
          fmt(r.cold.maxMs, 0),
          fmt(r.cold.tilesPerSecond, 2),
          fmt(r.warm.requestsPerSecond, 0) + flags(r.warm),
          latency(r.warm),
          mbps(r.warm),
          fmt(r.warmBrowserEncoding.requestsPerSecond, 0) + flags(r.warmBrowserEncoding),
          latency(r.warmBrowserEncoding),
        ]),
      ),
    );
    log(`API process peak RSS (VmHWM) over the run: ${fmt(embedded.api.peakRssMb, 0)} MB; after each phase (cold/warm/cmp): ${peaks(embedded.zooms)}`);
    if (!embedded.trusted) log('warning: BENCH_PGLITE_DIR was not created by the benchmark; "cold" may include cached tiles');
  }
  log(`\nResults: ${writeResults('tiles', results)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
