/**
 * Imports under load (issue 15), against the API process on PostgreSQL:
 *
 * - 50,000 records twice into one dense area: a file from source A (checked, then applied),
 *   then a second file from source B naming the same places a few metres off (checked, then
 *   applied: every record meets candidates). Time and the API process's peak RSS (VmHWM).
 *   Targets: a check of 50,000 records ≤ 60 s and ≤ 1 GB.
 * - A 200,000-row CSV: refused within 2 s and ≤ 200 MB extra memory.
 * - /api/health p50 / p99 while a 32 MiB upload (about 24 MiB of CSV) is checked. Target p99 < 200 ms.
 *
 * Prints the figures and writes bench/results/import-<timestamp>.json.
 * Env: BENCH_IMPORT_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cg_bench_import),
 * BENCH_IMPORT_RECORDS (50000), BENCH_LOG_LEVEL (warn), BENCH_IMPORT_STEPS (refuse,health,dense: a subset
 * for a quicker run).
 */
import { loadavg } from 'node:os';
import { startApi, type ApiProcess } from './lib/api-process.js';
import { databaseFingerprint } from './lib/fingerprint.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { ensureDatabase, psql } from './lib/postgres.js';

const URL_ = process.env.BENCH_IMPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cg_bench_import';
const RECORDS = Number(process.env.BENCH_IMPORT_RECORDS ?? 50_000);
const STEPS = new Set((process.env.BENCH_IMPORT_STEPS ?? 'refuse,health,dense').split(',').map((s) => s.trim()));
const READY_TIMEOUT_MS = 30 * 60_000;
const PASSWORD = 'bench-import-password-1';

interface Session {
  cookie: string;
  csrf: string;
}

async function workerSession(api: ApiProcess): Promise<Session> {
  const email = `bench-import-${Date.now()}@example.org`;
  const res = await fetch(`${api.baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, displayName: 'Import bench' }),
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  await psql(URL_, `UPDATE users SET role = 'worker' WHERE email = '${email}'`);
  const signIn = await fetch(`${api.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const me = (await (await fetch(`${api.baseUrl}/api/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, csrf: me.csrfToken };
}

/** The centre of the LSOA holding the most assets: the densest place to import into. */
async function denseCentre(): Promise<{ lon: number; lat: number; code: string }> {
  const row = await psql(
    URL_,
    `SELECT a.lsoa_code || ',' || ST_X(ST_Centroid(ar.geom)) || ',' || ST_Y(ST_Centroid(ar.geom))
     FROM assets a JOIN areas ar ON ar.code = a.lsoa_code GROUP BY a.lsoa_code, ar.geom ORDER BY count(*) DESC LIMIT 1`,
  );
  const [code, lon, lat] = row.split(',');
  return { code: code!, lon: Number(lon), lat: Number(lat) };
}

const CATEGORIES = ['community', 'food', 'health', 'learning', 'sport', 'faith', 'arts-culture', 'older-people'];

/** A CSV of `n` places scattered over about 1.2 km around the centre; `shift` moves every point a few metres. */
function placesCsv(n: number, centre: { lon: number; lat: number }, prefix: string, shift = 0, pad = 0): string {
  const lines = ['Ref,Name,Lat,Lon,Category,Description'];
  const filler = pad > 0 ? 'x'.repeat(pad) : '';
  for (let i = 0; i < n; i++) {
    // A deterministic spread (golden-angle spiral) so both files name the same places.
    const r = 0.011 * Math.sqrt((i + 0.5) / n);
    const t = i * 2.399963;
    const lat = centre.lat + r * Math.sin(t) * 0.62 + shift * 0.000009;
    const lon = centre.lon + r * Math.cos(t);
    lines.push(`${prefix}${i},Bench place ${i},${lat.toFixed(6)},${lon.toFixed(6)},${CATEGORIES[i % CATEGORIES.length]},${filler}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One import request, timed from the attempt the server accepted: a 503 (load shedding while
 * the provision worker digests the previous apply) is waited out, as a client would.
 */
async function send(api: ApiProcess, s: Session, body: unknown): Promise<{ status: number; ms: number; json: Record<string, unknown>; waitedSeconds: number }> {
  const text = JSON.stringify(body);
  let waited = 0;
  for (;;) {
    const started = performance.now();
    const res = await fetch(`${api.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: text,
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status === 503 && waited < 600) {
      const seconds = Number(res.headers.get('retry-after') ?? 5);
      waited += seconds;
      await new Promise((r) => setTimeout(r, seconds * 1000));
      continue;
    }
    return { status: res.status, ms: performance.now() - started, json, waitedSeconds: waited };
  }
}

const request = (code: string, csv: string, dryRun: boolean) => ({
  fileName: `${code}.csv`,
  contentBase64: Buffer.from(csv).toString('base64'),
  mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref', description: 'Description' },
  source: { code, name: code, publisher: 'Bench', licence: 'OGL-UK-3.0', attribution: 'Bench, OGL' },
  dryRun,
  skipRejected: true,
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** /api/health every 25 ms while `during` runs: its latencies. */
async function healthDuring(api: ApiProcess, during: Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let done = false;
  void during.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    await fetch(`${api.baseUrl}/api/health`).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 25));
  }
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const state = await ensureDatabase(URL_, databaseFingerprint());
  log(`database ${URL_}: ${state}; starting the API (the first start loads the open data)…`);
  const api = await startApi({ name: 'import', databaseUrl: URL_, readyTimeoutMs: READY_TIMEOUT_MS, logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn' });
  const rows: string[][] = [];
  const results: Record<string, unknown> = { machine: machine(), records: RECORDS };
  try {
    await psql(
      URL_,
      `DELETE FROM assets WHERE source LIKE 'bench-import-%'; DELETE FROM asset_sources WHERE source LIKE 'bench-import-%';
      DELETE FROM imports WHERE source_code LIKE 'bench-import-%'; DELETE FROM sources WHERE code LIKE 'bench-import-%'`,
    );
    // The previous run's 50,000 deleted assets stay in the spatial index as dead entries until a
    // vacuum: every nearest-asset look-up in the dense area would step over them (measured: a
    // check ten times slower). A run starts from the state a running database settles into.
    // Each run registers a worker: earlier runs' sign-up attempts must not rate-limit this one.
    await psql(URL_, 'DELETE FROM rate_limits');
    await psql(URL_, 'VACUUM ANALYZE assets');
    await psql(URL_, 'VACUUM ANALYZE asset_sources');
    const session = await workerSession(api);
    const centre = await denseCentre();
    log(`dense area: LSOA ${centre.code}; ${RECORDS} records around it, twice`);
    const step = async (label: string, body: unknown, expect: number) => {
      const before = api.memory();
      const load = loadavg()[0]!;
      const r = await send(api, session, body);
      const after = api.memory();
      if (r.status !== expect) throw new Error(`${label}: ${r.status} ${JSON.stringify(r.json).slice(0, 400)}`);
      const counts = r.json.counts as Record<string, number> | undefined;
      const row = {
        label,
        seconds: r.ms / 1000,
        peakRssMb: after.peakRssMb,
        rssBeforeMb: before.rssMb,
        peakGrowthMb: after.peakRssMb - before.peakRssMb,
        load,
        counts: counts ?? null,
        message: (r.json.message as string | undefined) ?? null,
      };
      results[label] = row;
      rows.push([
        label,
        fmt(row.seconds),
        fmt(before.rssMb, 0),
        fmt(after.peakRssMb, 0),
        fmt(row.peakGrowthMb, 0),
        fmt(load, 1),
        counts ? `+${counts.added} ~${counts.merged} =${counts.unchanged} -${counts.rejected}` : (row.message ?? '').slice(0, 60),
      ]);
      log(
        `  ${label}: ${fmt(row.seconds)} s, peak RSS ${fmt(after.peakRssMb, 0)} MB${r.waitedSeconds ? ` (after waiting out 503s for ${r.waitedSeconds} s)` : ''}`,
      );
      return r;
    };
    if (STEPS.has('refuse')) {
      const huge = placesCsv(200_000, centre, 'h');
      await step('200,000-row CSV: refused', request('bench-import-huge', huge, true), 400);
    }

    if (STEPS.has('health')) {
      // About 24 MiB of CSV (a 32 MiB body once base64): long descriptions on fewer rows than the limit.
      const big = placesCsv(45_000, centre, 'u', 0, 480);
      log(
        `  upload of ${fmt(big.length / 1024 / 1024)} MiB (${fmt(Buffer.from(big).toString('base64').length / 1024 / 1024)} MiB base64) with /api/health alongside…`,
      );
      // The same sampling for 5 s with nothing else asked of the API: what the machine gives anyway (others share it).
      const quiet = await healthDuring(api, new Promise((r) => setTimeout(r, 5000)));
      results.healthQuiet = { samples: quiet.length, p50Ms: percentile(quiet, 50), p99Ms: percentile(quiet, 99), maxMs: quiet.at(-1) };
      log(
        `  /api/health with no import: p50 ${fmt(percentile(quiet, 50))} ms, p99 ${fmt(percentile(quiet, 99))} ms (${quiet.length} samples, load ${fmt(loadavg()[0], 1)})`,
      );
      const upload = send(api, session, request('bench-import-upload', big, true));
      const latencies = await healthDuring(api, upload);
      const up = await upload;
      const health = {
        load: loadavg()[0]!,
        samples: latencies.length,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.at(-1),
        uploadSeconds: up.ms / 1000,
        uploadStatus: up.status,
      };
      results.healthDuringUpload = health;
      log(
        `  /api/health during the upload: p50 ${fmt(health.p50Ms)} ms, p99 ${fmt(health.p99Ms)} ms, max ${fmt(health.maxMs)} ms (${health.samples} samples; upload ${fmt(health.uploadSeconds)} s, ${up.status})`,
      );
    }
    if (STEPS.has('dense')) {
      const fileA = placesCsv(RECORDS, centre, 'a');
      const fileB = placesCsv(RECORDS, centre, 'b', 4);
      await step('A: check', request('bench-import-a', fileA, true), 200);
      await step('A: apply', request('bench-import-a', fileA, false), 201);
      await step('B: check (same places, 4 m off)', request('bench-import-b', fileB, true), 200);
      await step('B: apply', request('bench-import-b', fileB, false), 201);
      await step('A again: check (unchanged)', request('bench-import-a', fileA, true), 200);
    }
  } finally {
    await api.stop();
  }
  process.stdout.write(`\n${table(['step', 's', 'RSS before MB', 'peak RSS MB', 'peak growth MB', 'load', 'counts'], rows)}\n`);
  const h = results.healthDuringUpload as { p50Ms: number; p99Ms: number } | undefined;
  if (h) process.stdout.write(`/api/health during a 32 MiB upload: p50 ${fmt(h.p50Ms)} ms, p99 ${fmt(h.p99Ms)} ms (target p99 < 200 ms)\n`);
  log(`results: ${writeResults('import', results)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
