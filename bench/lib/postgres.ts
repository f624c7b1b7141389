/**
 * The PostgreSQL server side: psql for setup (no driver dependency in bench) and pgbench
 * for the raw SQL baseline.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Tile } from '@common-ground/geo';
import { STATE_DIR } from './api-process.js';

const run = promisify(execFile);

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cg_bench';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const bin = (name: string) => (existsSync(path.join(PG_BIN, name)) ? path.join(PG_BIN, name) : name);
export const PGBENCH = process.env.PGBENCH ?? bin('pgbench');
const PSQL = process.env.PSQL ?? bin('psql');

/** Runs SQL with psql and returns its unaligned, tuples-only output. */
export async function psql(url: string, sql: string): Promise<string> {
  const { stdout } = await run(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
    timeout: 60_000,
  });
  return stdout.trim();
}

interface ServerMarker {
  createdBy: 'common-ground bench';
  fingerprint: string;
  createdAt: string;
}

export type DatabaseState = 'created' | 'reused' | 'rebuilt' | 'not made by the benchmark';

/**
 * Creates the benchmark database if it is missing (the app's migrations add PostGIS and the
 * API's first start loads it). A database the benchmark made for other migrations, loader
 * code or data (see fingerprint.ts) is dropped and made again; one it did not make is used
 * as it is.
 */
export async function ensureDatabase(url: string, fingerprint: string): Promise<DatabaseState> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE_URL: unusable database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const markerFile = path.join(STATE_DIR, `server-${parsed.hostname}-${parsed.port || '5432'}-${name}.json`);
  const marker = existsSync(markerFile) ? (JSON.parse(readFileSync(markerFile, 'utf8')) as ServerMarker) : undefined;
  const writeMarker = () => {
    mkdirSync(STATE_DIR, { recursive: true });
    const m: ServerMarker = { createdBy: 'common-ground bench', fingerprint, createdAt: new Date().toISOString() };
    writeFileSync(markerFile, JSON.stringify(m, null, 2));
  };
  const found = (await psql(admin.toString(), `SELECT 1 FROM pg_database WHERE datname = '${name}'`)) === '1';
  if (!found) {
    await psql(admin.toString(), `CREATE DATABASE "${name}"`);
    writeMarker();
    return 'created';
  }
  if (!marker) return 'not made by the benchmark';
  if (marker.fingerprint === fingerprint) return 'reused';
  await psql(admin.toString(), `DROP DATABASE "${name}" WITH (FORCE)`);
  await psql(admin.toString(), `CREATE DATABASE "${name}"`);
  writeMarker();
  return 'rebuilt';
}

export async function emptyTileCache(url: string): Promise<void> {
  await psql(url, 'DELETE FROM tile_cache');
}

/** The endpoint's SQL with the tile substituted for $1, $2, $3 (z, x, y). */
export function literalTileSql(sql: string, { z, x, y }: Tile): string {
  const values: Record<string, number> = { $1: z, $2: x, $3: y };
  return sql.replace(/\$[123](?!\d)/g, (p) => String(values[p]));
}

export interface PgbenchResult {
  clients: number;
  threads: number;
  seconds: number;
  /** Transactions (= tiles) per second, without initial connection time. */
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  command: string;
}

/**
 * pgbench with one script file per tile: each transaction picks a script (= a tile) at
 * random with equal weight and builds it with ST_AsMVT, as the endpoint does on a miss.
 */
export async function pgbench(
  url: string,
  sqlFor: (tile: Tile) => string,
  tiles: readonly Tile[],
  options: { clients: number; threads: number; seconds: number },
): Promise<PgbenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bench-pgbench-'));
  try {
    const files = tiles.map((tile) => {
      const file = path.join(dir, `tile-${tile.z}-${tile.x}-${tile.y}.sql`);
      writeFileSync(file, `${sqlFor(tile).trim()};\n`);
      return file;
    });
    const args = ['-n', '-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds), ...files.flatMap((f) => ['-f', f]), url];
    const { stdout } = await run(PGBENCH, args, { timeout: (options.seconds + 120) * 1000, maxBuffer: 16 * 1024 * 1024 });
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
    const tps = num(/^tps = ([\d.]+)/m);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return {
      clients: options.clients,
      threads: options.threads,
      seconds: options.seconds,
      tps,
      latencyAvgMs: num(/^latency average = ([\d.]+) ms/m),
      transactions: num(/^number of transactions actually processed: (\d+)/m),
      failed: Number(/^number of failed transactions: (\d+)/m.exec(stdout)?.[1] ?? 0),
      command: `pgbench ${args.map((a) => (a.startsWith(dir) ? path.basename(a) : a)).join(' ')}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
