/**
 * The embedded (PGlite) side. PGlite takes one connection from one process, so the
 * benchmark cannot empty `tile_cache` from outside while the API holds it. Instead:
 *
 * - BENCH_PGLITE_DIR is a *pristine* loaded database: the benchmark creates it by a first
 *   start of the API (which loads all the open data, leaving tile_cache empty: the loader
 *   clears cached area tiles) and never serves a tile from it.
 * - Every measurement runs the API on a fresh *copy* of it, so the copy's tile cache is
 *   empty: the first fetch of each tile is a cold build, later ones are cache hits. The
 *   copy is deleted afterwards.
 * - It is rebuilt when migrations, loader code or data change (a fingerprint of them is kept
 *   in `<dir>.bench.json`), so figures are never taken on a schema older than the code.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onAbort, removeDir, REPO_ROOT, startApi, STATE_DIR } from './api-process.js';
import { databaseFingerprint } from './fingerprint.js';

export const DEFAULT_BENCH_PGLITE_DIR = path.join(STATE_DIR, 'pglite');
export const PGLITE_READY_TIMEOUT_MS = Number(process.env.BENCH_PGLITE_LOAD_TIMEOUT_MS ?? 15 * 60_000);

export function benchPgliteDir(): string {
  const dir = path.resolve(process.env.BENCH_PGLITE_DIR ?? DEFAULT_BENCH_PGLITE_DIR);
  const productData = path.join(REPO_ROOT, '.data');
  if (dir === productData || dir.startsWith(`${productData}${path.sep}`)) {
    throw new Error("BENCH_PGLITE_DIR must not be the product's own embedded database (.data/pglite)");
  }
  return dir;
}

interface PristineMarker {
  createdBy: 'common-ground bench';
  fingerprint: string;
  createdAt: string;
  loadSeconds: number;
  loadPeakRssMb: number;
  areas: number;
  assets: number;
}

const markerPath = (dir: string) => `${dir}.bench.json`;

export interface Pristine {
  dir: string;
  /** False when the folder was not created by this benchmark (its tile cache may not be empty). */
  trusted: boolean;
  marker?: PristineMarker;
}

/** Makes sure the pristine loaded database exists (first time: a ~2 min data load). */
export async function ensurePristine(log: (message: string) => void): Promise<Pristine> {
  const dir = benchPgliteDir();
  const fingerprint = databaseFingerprint();
  if (existsSync(markerPath(dir))) {
    const marker = JSON.parse(readFileSync(markerPath(dir), 'utf8')) as PristineMarker;
    if (marker.fingerprint === fingerprint && existsSync(dir)) return { dir, trusted: true, marker };
    // Made by the benchmark for other migrations/loader/data: start again.
    log(`${dir} was loaded by an older version of the migrations, loader or data: rebuilding it`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(markerPath(dir), { force: true });
  }
  const fresh = !existsSync(dir);
  log(
    fresh
      ? `Creating the pristine embedded database at ${dir} (first start loads all the open data, ~2 min)…`
      : `${dir} exists but was not made by this benchmark: starting the API once on it (completes any load)…`,
  );
  mkdirSync(path.dirname(dir), { recursive: true });
  const api = await startApi({ name: 'embedded-pristine-load', pgliteDir: dir, readyTimeoutMs: PGLITE_READY_TIMEOUT_MS });
  const marker: PristineMarker = {
    createdBy: 'common-ground bench',
    fingerprint,
    createdAt: new Date().toISOString(),
    loadSeconds: api.readySeconds,
    loadPeakRssMb: api.startupPeakRssMb,
    areas: api.health.areas,
    assets: api.health.assets,
  };
  await api.stop();
  if (fresh) {
    writeFileSync(markerPath(dir), JSON.stringify(marker, null, 2));
    log(`  loaded in ${marker.loadSeconds.toFixed(0)} s (${marker.areas} areas, ${marker.assets} assets)`);
    return { dir, trusted: true, marker };
  }
  log(`  warning: ${dir} was not created by the benchmark; cold figures assume its tile_cache is empty`);
  return { dir, trusted: false };
}

export interface WorkingCopy {
  dir: string;
  copySeconds: number;
  remove(): void;
}

/** A throwaway copy of the pristine database (its tile cache is empty). */
export function workingCopy(pristine: Pristine, label: string): WorkingCopy {
  const parent = mkdtempSync(path.join(path.dirname(pristine.dir), `work-${label}-`));
  const undo = onAbort(() => removeDir(parent));
  const dir = path.join(parent, 'pglite');
  const started = performance.now();
  cpSync(pristine.dir, dir, { recursive: true });
  return {
    dir,
    copySeconds: (performance.now() - started) / 1000,
    remove: () => {
      removeDir(parent);
      undo();
    },
  };
}
