/**
 * Runs the product's API as a child process, exactly as `pnpm start` would run it but
 * as `node --import tsx src/server.ts`, so the child's pid is the Node process that serves
 * (and, on the embedded database, holds PGlite): its /proc status is the product's memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
export const API_DIR = path.join(REPO_ROOT, 'apps/api');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const LOG_DIR = path.join(RESULTS_DIR, 'logs');
/** Where the bench keeps its loaded databases' markers (and, by default, the PGlite database). */
export const STATE_DIR = '/tmp/common-ground-bench';

/** Ports other people use on this machine; never bind them. */
const RESERVED_PORTS = new Set([3000, 3100, 3101, 3200]);

export interface Health {
  status: string;
  database: 'embedded' | 'server';
  areas: number;
  assets: number;
}

export interface MemoryStatus {
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), MB. */
  peakRssMb: number;
}

export interface ApiProcess {
  name: string;
  pid: number;
  baseUrl: string;
  logFile: string;
  health: Health;
  /** Seconds from spawn until /api/health answered with areas loaded. */
  readySeconds: number;
  /** Highest VmHWM seen while waiting to be ready (the first-start load's peak). */
  startupPeakRssMb: number;
  /** What the API had last logged when its RSS was highest while starting (e.g. a loader step). */
  startupPeakDuring: string;
  memory(): MemoryStatus;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Server: a PostgreSQL URL. Embedded: leave undefined and give pgliteDir. */
  databaseUrl?: string;
  pgliteDir?: string;
  readyTimeoutMs: number;
  logLevel?: string;
}

const live = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

/** Kills children left behind (crash, Ctrl-C) and runs registered cleanups. */
function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const cleanup of cleanups.splice(0)) {
    try {
      cleanup();
    } catch {
      // best effort
    }
  }
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the API processes this benchmark started\n`);
    killAll();
    process.exit(130);
  });
}

/** Something to undo if the benchmark dies before its own `finally` (e.g. a temp dir). */
export function onAbort(cleanup: () => void): () => void {
  cleanups.push(cleanup);
  return () => {
    const i = cleanups.indexOf(cleanup);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function readMemory(pid: number): MemoryStatus {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const p = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    if (port > 0 && !RESERVED_PORTS.has(port)) return port;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function lastLine(file: string): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)?.trim() ?? '';
  } catch {
    return '';
  }
}

async function getHealth(baseUrl: string): Promise<Health | undefined> {
  try {
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    return (await res.json()) as Health;
  } catch {
    return undefined;
  }
}

/**
 * Starts the API and waits until /api/health reports loaded areas (the first start on an
 * empty database loads all the open data before listening, hence the long timeouts).
 */
export async function startApi(options: StartOptions): Promise<ApiProcess> {
  mkdirSync(LOG_DIR, { recursive: true });
  const port = await freePort();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logFile = path.join(LOG_DIR, `${options.name}-${stamp}.log`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'PGLITE_DIR', 'PORT', 'HOST', 'AUTO_LOAD_DATA', 'PROVISION_ON_START', 'LOG_LEVEL']) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTO_LOAD_DATA: 'true',
    // The background provision recompute after a first start would share the CPU with
    // what each benchmark measures; provision.bench.ts times the recompute on its own.
    PROVISION_ON_START: 'false',
    LOG_LEVEL: options.logLevel ?? process.env.BENCH_LOG_LEVEL ?? 'warn',
  });
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else if (options.pgliteDir) env.PGLITE_DIR = options.pgliteDir;
  else throw new Error('startApi: give databaseUrl or pgliteDir');

  const fd = openSync(logFile, 'a');
  const started = performance.now();
  // BENCH_API_NODE_ARGS: extra node flags for the API only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: API_DIR,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the API (${options.name})`);
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exitPromise.then(() => true), sleep(30_000).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exitPromise;
    }
  };

  let startupPeak = 0;
  let highestRss = 0;
  let startupPeakDuring = '';
  let health: Health | undefined;
  const deadline = Date.now() + options.readyTimeoutMs;
  while (!health) {
    if (exited) {
      throw new Error(`API (${options.name}) exited with ${exited.code ?? exited.signal} before it was ready; log ${logFile}:\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`API (${options.name}) not ready after ${options.readyTimeoutMs / 1000} s; log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const memory = readMemory(pid);
      startupPeak = Math.max(startupPeak, memory.peakRssMb);
      if (memory.rssMb > highestRss) {
        highestRss = memory.rssMb;
        startupPeakDuring = lastLine(logFile);
      }
    } catch {
      // not yet readable
    }
    const h = await getHealth(baseUrl);
    if (h && h.areas > 0) health = h;
    else await sleep(500);
  }
  startupPeak = Math.max(startupPeak, readMemory(pid).peakRssMb);

  return {
    name: options.name,
    pid,
    baseUrl,
    logFile,
    health,
    readySeconds: (performance.now() - started) / 1000,
    startupPeakRssMb: startupPeak,
    startupPeakDuring,
    memory: () => readMemory(pid),
    stop,
  };
}

/** Whether this API's log shows it loaded the open data on this start. */
export function loadedOnStart(api: ApiProcess): boolean {
  return readFileSync(api.logFile, 'utf8').includes('The database is empty: loading the open data');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
