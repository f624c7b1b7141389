/**
 * A mixed workload against the API, as the product meets it on a busy day: area tiles 60%,
 * searches 25%, asset pages 10%, asset edits by workers 5%, at 50 connections for 60 s on
 * the PostgreSQL server (4 connections on the embedded database), while a 5,000-row CSV
 * import runs and /api/health and /api/gaps are asked at a steady pace beside it.
 *
 * Targets (issue 13): no 5xx other than deliberate 503 sheds; p99 health < 100 ms, cached
 * tiles < 50 ms, search < 300 ms, gaps < 2 s; the API's RSS within ±10% from the start of
 * the measured minute to its end. On the embedded database the latency targets are ×3.
 *
 * Prints a table per database and writes bench/results/load-<timestamp>.json. See README.md.
 *
 * Env: BENCH_LOAD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/cg_bench_load),
 * BENCH_PGLITE_DIR, BENCH_ONLY=server|embedded, BENCH_LOAD_SECONDS (60),
 * BENCH_LOAD_CONNECTIONS (50), BENCH_LOAD_EMBEDDED_CONNECTIONS (4), BENCH_LOAD_SEED (1),
 * BENCH_LOAD_WARM_UP_SECONDS (15: the mix runs this long, unrecorded, before the measured part).
 */
import { execFile } from 'node:child_process';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { API_DIR, readMemory, startApi, type ApiProcess } from './lib/api-process.js';
import { ensurePristine, PGLITE_READY_TIMEOUT_MS, workingCopy } from './lib/embedded.js';
import { codeVersion, databaseFingerprint } from './lib/fingerprint.js';
import { fmt, log, machine, table, writeResults } from './lib/format.js';
import { Recorder, runMix, runProbe, sender, seededRandom, type KindFigures, type RequestKind, type Send } from './lib/mixed-load.js';
import { ensureDatabase, psql } from './lib/postgres.js';
import { searchPath, SEARCH_REQUESTS } from './lib/search-requests.js';
import { areaTilePath, TILE_LIST } from './lib/tile-list.js';

const run = promisify(execFile);

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const SERVER_CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const EMBEDDED_CONNECTIONS = Number(process.env.BENCH_LOAD_EMBEDDED_CONNECTIONS ?? 4);
const SEED = Number(process.env.BENCH_LOAD_SEED ?? 1);
const WARM_UP_SECONDS = Number(process.env.BENCH_LOAD_WARM_UP_SECONDS ?? 15);
const DATABASE_URL = process.env.BENCH_LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cg_bench_load';
const ONLY = process.env.BENCH_ONLY;
const IMPORT_ROWS = 5_000;
const WORKERS = 60;
const EDITED_ASSETS_PER_WORKER = 2;

/** A new admin each run: promoting the workers is 60 writes, and writes are limited to 120 an hour a person. */
const ADMIN = { email: `bench-load-admin-${Date.now()}@example.org`, password: 'bench load admin password' };
const PASSWORD = 'bench load worker password';

/** Latency targets on the server, ms (×3 on the embedded database). */
const TARGETS_P99_MS: Record<string, number> = { health: 100, tiles: 50, search: 300, gaps: 2000 };

/** City centres the edited assets and the imported rows are spread around. */
const CITIES: readonly [number, number][] = [
  [-2.2426, 53.4808],
  [-1.4701, 53.3811],
  [-1.5491, 53.7997],
  [-1.8998, 52.4797],
  [-2.5879, 51.4545],
  [-2.2447, 51.8642],
  [-0.1276, 51.5072],
  [-1.6178, 54.9783],
];

/** Councils and categories the gaps probe cycles through (settings a worker would pick). */
const GAP_QUERIES = [
  'area=Manchester&category=food-bank',
  'area=Sheffield&category=library',
  'area=Leeds&category=gp-practice',
  'area=Birmingham&category=community',
  'area=Bristol%2C%20City%20of&category=green-space',
  'area=Gloucester&category=*',
];

interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

/** Each worker is someone else on another address (the API trusts the bench's loopback "proxy"). */
/** 198.18.0.0/15 is for benchmarks (RFC 2544); each run starts somewhere new, as the limits last an hour. */
let addressCounter = Math.floor(Math.random() * 120_000);
const nextAddress = () => {
  const n = ++addressCounter % 130_000;
  return `198.${18 + Math.floor(n / 65_000)}.${Math.floor((n % 65_000) / 254)}.${(n % 254) + 1}`;
};

async function post(send: Send, path: string, body: unknown, headers: Record<string, string> = {}) {
  return send('POST', path, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), keepBody: true });
}

/**
 * Setup goes through whatever the API says: a 503 (load shed, or busy) is asked again after
 * its Retry-After, as a well-behaved client does. The measured mix never retries.
 */
function patient(send: Send): Send {
  return async (method, path, options) => {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(method, path, options);
      if (answer.status !== 503 || attempt === 20) return answer;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  };
}

/** Signs in or registers with fetch (the session comes in set-cookie, which Send does not keep). */
async function signIn(baseUrl: string, path: '/api/auth/sign-in' | '/api/auth/register', body: object, address: string): Promise<Session> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    // A shed or busy answer during setup is asked again after its Retry-After, as in patient().
    if (res.status === 503 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      continue;
    }
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    const me = (await res.json()) as { user: { id: string }; csrfToken: string };
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, csrf: me.csrfToken, userId: me.user.id };
  }
}

const auth = (s: Session) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

interface EditedAsset {
  id: string;
  version: number;
  input: Record<string, unknown>;
  busy: boolean;
  worker: Session;
}

/** Makes the admin with the product's own CLI (before the API holds the database). */
async function createAdmin(env: Record<string, string>): Promise<void> {
  await run(process.execPath, ['--import', 'tsx', 'src/cli/admin-create.ts', '--email', ADMIN.email, '--name', 'Bench Admin'], {
    cwd: API_DIR,
    env: { ...process.env, ...env, ADMIN_PASSWORD: ADMIN.password },
    timeout: 120_000,
  });
}

/** The stored provision figures, computed once if they never were (gaps read them). */
async function recomputeIfNeeded(env: Record<string, string>): Promise<void> {
  await run(process.execPath, ['--import', 'tsx', 'src/cli/provision-recompute.ts'], {
    cwd: API_DIR,
    env: { ...process.env, ...env },
    timeout: 15 * 60_000,
  });
}

/** Workers (registered, then promoted by the admin) and the assets each will edit. */
async function prepareWorkers(baseUrl: string, send: Send): Promise<EditedAsset[]> {
  const admin = await signIn(baseUrl, '/api/auth/sign-in', ADMIN, nextAddress());
  const random = seededRandom(SEED * 7919);
  const assets: EditedAsset[] = [];
  for (let w = 0; w < WORKERS; w++) {
    const address = nextAddress();
    const email = `bench-load-${Date.now()}-${w}@example.org`;
    const worker = await signIn(baseUrl, '/api/auth/register', { email, password: PASSWORD, displayName: `Bench worker ${w}` }, address);
    const promoted = await send('PUT', `/api/admin/users/${worker.userId}/role`, {
      headers: { 'content-type': 'application/json', ...auth(admin) },
      body: JSON.stringify({ role: 'worker' }),
    });
    if (promoted.status !== 200) throw new Error(`promoting a worker: ${promoted.status}`);
    for (let a = 0; a < EDITED_ASSETS_PER_WORKER; a++) {
      const [lon, lat] = CITIES[(w + a) % CITIES.length]!;
      // A random spot near the centre; another if it fell in a river or the sea (not in England).
      for (let attempt = 0; ; attempt++) {
        const input = {
          name: `Bench community room ${w}-${a}`,
          categoryCode: 'community-centre',
          description: 'A room for local groups (made by the load benchmark).',
          location: { type: 'Point', coordinates: [lon + (random() - 0.5) * 0.04, lat + (random() - 0.5) * 0.03] },
        };
        const created = await post(send, '/api/assets', input, auth(worker));
        if (created.status === 201) {
          const { asset } = JSON.parse(created.body!) as { asset: { id: string; version: number } };
          assets.push({ id: asset.id, version: asset.version, input, busy: false, worker });
          break;
        }
        if (!created.body?.includes('outside_england') || attempt === 5) {
          throw new Error(`adding an asset at ${JSON.stringify(input.location)}: ${created.status} ${created.body}`);
        }
      }
    }
  }
  return assets;
}

/** Public asset ids for the asset-page requests: what a search for a few categories finds. */
async function sampleAssetIds(send: Send): Promise<string[]> {
  const ids: string[] = [];
  for (const category of ['library', 'gp-practice', 'food-bank', 'park']) {
    const answer = await send('GET', `/api/search?category=${category}&page_size=50`, { keepBody: true });
    ids.push(...(JSON.parse(answer.body!) as { results: { id: string }[] }).results.map((r) => r.id));
  }
  return ids;
}

/** A CSV of `rows` places spread around the cities (name, lat, lon, category). */
function importCsv(rows: number): string {
  const random = seededRandom(SEED * 104729);
  const lines = ['name,lat,lon,category'];
  for (let i = 0; i < rows; i++) {
    const [lon, lat] = CITIES[i % CITIES.length]!;
    lines.push(`Bench import group ${i},${(lat + (random() - 0.5) * 0.1).toFixed(6)},${(lon + (random() - 0.5) * 0.15).toFixed(6)},community-group`);
  }
  return `${lines.join('\n')}\n`;
}

let reported400 = false;

function mix(tiles: string[], assetIds: string[], edited: EditedAsset[]): RequestKind[] {
  const pick = <T>(list: readonly T[], random: () => number) => list[Math.floor(random() * list.length)]!;
  return [
    { name: 'tiles', weight: 60, run: (send, random) => send('GET', pick(tiles, random)) },
    { name: 'search', weight: 25, run: (send, random) => send('GET', searchPath(pick(SEARCH_REQUESTS, random))) },
    { name: 'asset pages', weight: 10, run: (send, random) => send('GET', `/api/assets/${pick(assetIds, random)}`) },
    {
      name: 'edits',
      weight: 5,
      run: async (send, random) => {
        // One edit at a time per asset, so a 409 means a real conflict, not the benchmark's own.
        const free = edited.filter((a) => !a.busy);
        const asset = pick(free.length > 0 ? free : edited, random);
        asset.busy = true;
        try {
          // A small move as well as new words, so the provision figures nearby have work to do.
          const [lon, lat] = (asset.input.location as { coordinates: [number, number] }).coordinates;
          const input = {
            ...asset.input,
            description: `Edited ${Date.now()}`,
            location: { type: 'Point', coordinates: [lon + (random() - 0.5) * 0.002, lat] },
          };
          const answer = await send('PUT', `/api/assets/${asset.id}`, {
            headers: { 'content-type': 'application/json', ...auth(asset.worker) },
            body: JSON.stringify({ asset: input, baseVersion: asset.version }),
            keepBody: true,
          });
          if (answer.status === 200) {
            asset.version = (JSON.parse(answer.body!) as { asset: { version: number } }).asset.version;
            asset.input = input;
          } else if (answer.status === 400 && !reported400) {
            reported400 = true;
            log(`  an edit was refused: ${answer.body}`);
          }
          return answer;
        } finally {
          asset.busy = false;
        }
      },
    },
  ];
}

interface EngineResult {
  engine: 'server' | 'embedded';
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  kinds: KindFigures[];
  /** Rows added, merged (into the same rows a previous run imported under another code), rejected… */
  import: { status: number; seconds: number; counts?: Record<string, number> };
  rssMb: { start: number; end: number; changePercent: number; peak: number };
  fiveHundreds: number;
  sheds: number;
  loadAverage1m: number;
  targetsMet: Record<string, boolean>;
}

async function measure(engine: 'server' | 'embedded', api: ApiProcess, connections: number): Promise<EngineResult> {
  const warmAgent = new Agent({ keepAlive: true, maxSockets: 4 });
  const send = patient(sender(api.baseUrl, warmAgent, 120_000));
  log(`  preparing ${WORKERS} workers and ${WORKERS * EDITED_ASSETS_PER_WORKER} assets to edit…`);
  const edited = await prepareWorkers(api.baseUrl, send);
  const assetIds = await sampleAssetIds(send);
  const tiles = Object.values(TILE_LIST).flat().map(areaTilePath);
  log(`  warming ${tiles.length} area tiles and ${GAP_QUERIES.length} gap queries…`);
  for (const t of tiles) await send('GET', t);
  for (const q of GAP_QUERIES) await send('GET', `/api/gaps?${q}`);

  const importer = await signIn(api.baseUrl, '/api/auth/sign-in', ADMIN, nextAddress());
  const csv = importCsv(IMPORT_ROWS);
  const requestKinds = mix(tiles, assetIds, edited);
  // The same mix, unrecorded, until the process has grown its heap and pools for this load:
  // the RSS target compares the start and the end of the measured minute, not a cold start.
  log(`  warming up: the mix for ${WARM_UP_SECONDS} s…`);
  await runMix(api.baseUrl, requestKinds, { connections, seconds: WARM_UP_SECONDS, seed: SEED + 1_000_000, recorder: new Recorder() });
  const recorder = new Recorder();
  const rssStart = readMemory(api.pid).rssMb;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let gapIndex = 0;
  const probes = [
    runProbe(api.baseUrl, 'health', () => '/api/health', { intervalMs: 250, recorder, stop: stopped }),
    runProbe(api.baseUrl, 'gaps', () => `/api/gaps?${GAP_QUERIES[gapIndex++ % GAP_QUERIES.length]}`, { intervalMs: 1000, recorder, stop: stopped }),
  ];
  const started = performance.now();
  // The import starts a tenth of the way in, so the mix is running when it lands.
  const importing = (async () => {
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 100));
    const t0 = performance.now();
    const answer = await post(
      send,
      '/api/imports',
      {
        fileName: 'bench-load.csv',
        contentBase64: Buffer.from(csv).toString('base64'),
        format: 'csv',
        mapping: { name: 'name', lat: 'lat', lon: 'lon', category: 'category' },
        source: {
          code: `bench-load-${Date.now()}`,
          name: 'Load benchmark',
          publisher: 'Common Ground benchmark',
          licence: 'OGL-UK-3.0',
          attribution: 'Made up by the load benchmark',
        },
        dryRun: false,
        skipRejected: true,
      },
      auth(importer),
    );
    const counts = answer.status < 300 ? (JSON.parse(answer.body!) as { counts: Record<string, number> }).counts : undefined;
    return { status: answer.status, seconds: (performance.now() - t0) / 1000, ...(counts && { counts }) };
  })();
  await runMix(api.baseUrl, requestKinds, { connections, seconds: SECONDS, seed: SEED, recorder });
  const elapsed = (performance.now() - started) / 1000;
  const imported = await importing;
  stop();
  await Promise.all(probes);
  warmAgent.destroy();
  const memory = readMemory(api.pid);

  const kinds = recorder.figures();
  const count = (predicate: (status: number) => boolean) =>
    kinds.reduce(
      (sum, k) =>
        sum +
        Object.entries(k.statuses)
          .filter(([s]) => predicate(Number(s)))
          .reduce((n, [, v]) => n + v, 0),
      0,
    );
  const factor = engine === 'embedded' ? 3 : 1;
  const p99 = (name: string) => kinds.find((k) => k.name === name)?.p99 ?? NaN;
  const targetsMet: Record<string, boolean> = Object.fromEntries(
    Object.entries(TARGETS_P99_MS).map(([name, ms]) => [`${name} p99 < ${ms * factor} ms`, p99(name) < ms * factor]),
  );
  const changePercent = ((memory.rssMb - rssStart) / rssStart) * 100;
  targetsMet['RSS within ±10%'] = Math.abs(changePercent) <= 10;
  // A 503 is a deliberate shed; anything else 5xx (or no answer at all) is a failure.
  const fiveHundreds = count((s) => (s >= 500 && s !== 503) || s === 0);
  targetsMet['no 5xx but 503 sheds'] = fiveHundreds === 0;
  const requests = kinds.reduce((sum, k) => sum + k.requests, 0);
  return {
    engine,
    connections,
    seconds: elapsed,
    requests,
    requestsPerSecond: requests / elapsed,
    kinds,
    import: imported,
    rssMb: { start: rssStart, end: memory.rssMb, changePercent, peak: memory.peakRssMb },
    fiveHundreds,
    sheds: count((s) => s === 503),
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    targetsMet,
  };
}

function print(result: EngineResult): void {
  log(
    `\n${result.engine}: ${result.connections} connections, ${fmt(result.seconds, 0)} s, ${fmt(result.requestsPerSecond, 0)} req/s, load average ${result.loadAverage1m}`,
  );
  log(
    table(
      ['kind', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses'],
      result.kinds.map((k) => [
        k.name,
        String(k.requests),
        fmt(k.p50),
        fmt(k.p95),
        fmt(k.p99),
        fmt(k.max, 0),
        Object.entries(k.statuses)
          .map(([s, n]) => `${s}:${n}`)
          .join(' '),
      ]),
    ),
  );
  const counts = Object.entries(result.import.counts ?? {})
    .filter(([k, n]) => k !== 'total' && n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  log(`import of ${IMPORT_ROWS} rows: ${result.import.status} in ${fmt(result.import.seconds)} s (${counts || 'no report'})`);
  log(`API RSS: ${fmt(result.rssMb.start, 0)} → ${fmt(result.rssMb.end, 0)} MB (${fmt(result.rssMb.changePercent)}%), peak ${fmt(result.rssMb.peak, 0)} MB`);
  log(`5xx other than 503: ${result.fiveHundreds}; 503 sheds: ${result.sheds}`);
  for (const [target, met] of Object.entries(result.targetsMet)) log(`  ${met ? 'met   ' : 'MISSED'} ${target}`);
}

async function server(): Promise<EngineResult> {
  log(`\nPostgreSQL server (${DATABASE_URL})`);
  const state = await ensureDatabase(DATABASE_URL, databaseFingerprint());
  log(`  database ${state}`);
  const env = { DATABASE_URL };
  // The first start loads the data; the admin is made after the schema exists.
  const loader = await startApi({ name: 'load-server-first', databaseUrl: DATABASE_URL, readyTimeoutMs: 15 * 60_000 });
  await loader.stop();
  await createAdmin(env);
  if ((await psql(DATABASE_URL, 'SELECT count(*) FROM provision_state')) === '0') {
    log('  computing the stored provision figures once…');
    await recomputeIfNeeded(env);
  }
  const api = await startApi({ name: 'load-server', databaseUrl: DATABASE_URL, readyTimeoutMs: 5 * 60_000 });
  try {
    return await measure('server', api, SERVER_CONNECTIONS);
  } finally {
    await api.stop();
  }
}

async function embedded(): Promise<EngineResult> {
  log('\nEmbedded PGlite');
  const pristine = await ensurePristine(log);
  const copy = workingCopy(pristine, 'load');
  try {
    const env = { PGLITE_DIR: copy.dir };
    await createAdmin(env);
    log('  computing the stored provision figures on the copy…');
    await recomputeIfNeeded(env);
    const api = await startApi({ name: 'load-embedded', pgliteDir: copy.dir, readyTimeoutMs: PGLITE_READY_TIMEOUT_MS });
    try {
      return await measure('embedded', api, EMBEDDED_CONNECTIONS);
    } finally {
      await api.stop();
    }
  } finally {
    copy.remove();
  }
}

async function main(): Promise<void> {
  // Workers register from addresses of their own, as people do: the API believes the
  // X-Forwarded-For this benchmark sends from loopback, as behind a local reverse proxy.
  process.env.TRUST_PROXY = 'loopback';
  const results: EngineResult[] = [];
  if (ONLY !== 'embedded') {
    results.push(await server());
    print(results.at(-1)!);
  }
  if (ONLY !== 'server') {
    results.push(await embedded());
    print(results.at(-1)!);
  }
  const file = writeResults('load', { machine: machine(), commit: codeVersion(), seconds: SECONDS, seed: SEED, results });
  log(`\nFull figures: ${file}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
