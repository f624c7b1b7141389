import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../env.js';
import { useApp } from '../testing/api-app.js';
import { signedIn, TEST_PASSWORD } from '../testing/people.js';

/*
 * `pnpm run import`, spawned as a user runs it: straight on a database (the PostgreSQL
 * server by DATABASE_URL; a copy of the embedded test database by PGLITE_DIR), refused
 * with what to do while another process holds the embedded database, and through a
 * running server's API with a worker's sign-in.
 */

const API_DIR = path.join(REPO_ROOT, 'apps/api');
const TSX = path.join(API_DIR, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/cli/import.ts', ...args], {
      cwd: API_DIR,
      // Only what the command needs: no DATABASE_URL or sign-in leaks in from the test's environment.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmpdir(), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(inject('databases'))('the import command with the $kind test database', (database) => {
  const app = useApp(database);
  const dir = mkdtempSync(path.join(tmpdir(), 'import-cli-'));
  const unique = `${process.pid}-${Date.now() % 1_000_000}`;
  let csv: string;
  /** Another file, elsewhere and named otherwise, so it is not merged with what the first one added. */
  let otherCsv: string;
  let rowsLon: number;
  let rowsLat: number;

  beforeAll(async () => {
    const { rows } = await app().pg.query<{ lon: number; lat: number; postcode: string }>(
      `SELECT ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.postcode FROM postcodes p
       WHERE EXISTS (SELECT 1 FROM areas a WHERE ST_Intersects(a.geom, p.geom)) ORDER BY p.postcode LIMIT 2000`,
    );
    rowsLon = rows[5]!.lon;
    rowsLat = rows[5]!.lat;
    csv = path.join(dir, 'halls.csv');
    writeFileSync(csv, `ref,name,lat,lon,postcode\nh1,Cli hall ${unique},${rows[0]!.lat},${rows[0]!.lon},\nh2,Cli room ${unique},,,${rows[1]!.postcode}\n`);
    otherCsv = path.join(dir, 'pavilions.csv');
    const [a, b] = [rows[rows.length - 1]!, rows[rows.length - 2]!];
    writeFileSync(otherCsv, `ref,name,lat,lon,postcode\np1,Relay pavilion,${a.lat},${a.lon},\np2,Relay annexe,,,${b.postcode}\n`);
  });

  afterAll(async () => {
    await app().pg.query(`DELETE FROM assets WHERE source LIKE 'cli-%'`);
    await app().pg.query(`DELETE FROM asset_sources WHERE source LIKE 'cli-%'`);
    await app().pg.query(`DELETE FROM imports WHERE source_code LIKE 'cli-%'`);
    await app().pg.query(`DELETE FROM sources WHERE code LIKE 'cli-%'`);
    rmSync(dir, { recursive: true, force: true });
  });

  const args = (code: string, ...more: string[]) => [
    more.includes('--server') ? otherCsv : csv,
    '--licence',
    'OGL-UK-3.0',
    '--source-code',
    code,
    '--mapping',
    'name=name,lat=lat,lon=lon,postcode=postcode,id=ref,defaultCategory=community',
    ...more,
  ];

  let direct: Record<string, string> | undefined;
  /** The command straight on the database: the server's, or its own copy of the embedded test database. */
  const directEnv = (): Record<string, string> => {
    if (direct) return direct;
    if (database.kind === 'server') {
      direct = { DATABASE_URL: database.connectionString };
    } else {
      // The embedded test database is served to this process; the command gets its own copy to open.
      const templates = path.join(tmpdir(), 'common-ground-test-templates');
      const template = readdirSync(templates).find((d) => !d.includes('.building-'))!;
      cpSync(path.join(templates, template), path.join(dir, 'pglite'), { recursive: true });
      direct = { PGLITE_DIR: path.join(dir, 'pglite') };
    }
    return direct;
  };

  it('checks, then imports with --yes straight on the database, and a second run changes nothing (exit 0); --undo takes it back', async () => {
    const env = directEnv();
    const code = `cli-direct-${database.kind}-${unique}`;
    const first = await runCli(args(code, '--yes'), env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Check \(csv, source cli-direct.*\): 2 records — 2 added, 0 updated, 0 merged, 0 unchanged, 0 rejected$/m);
    expect(first.stdout).toMatch(/^Imported \(csv, .*\): 2 records — 2 added/m);
    const second = await runCli(args(code, '--yes'), env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/2 records — 0 added, 0 updated, 0 merged, 2 unchanged, 0 rejected/);
    expect(second.stderr).toMatch(/Nothing to import/);
    if (database.kind === 'server') {
      const { rows } = await app().pg.query('SELECT count(*)::int AS n FROM asset_sources WHERE source = $1 AND import_id IS NOT NULL', [code]);
      expect(rows).toEqual([{ n: 2 }]);
    }
    const importId = /Import id ([0-9a-f-]{36})/.exec(first.stdout)?.[1];
    expect(importId, first.stdout).toBeDefined();
    const undone = await runCli(['--undo', importId!], env);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toMatch(/Undone import .*: 2 withdrawn, 0 restored, 0 reopened/);
    const again = await runCli(['--undo', importId!], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/undone already/);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints the usage and exit codes and exits 0', async () => {
    const run = await runCli(['--help'], { PGLITE_DIR: path.join(dir, 'unused') });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: pnpm run import/);
    expect(run.stdout).toMatch(/Exit codes:/);
  });

  it('summarises rejections by reason, lists guessed categories, takes --default-category with --mapping, and refuses a hostile GeoJSON without a stack trace', async () => {
    const env = directEnv();
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, `ref,name,lat,lon\nb1,Bad one,x,1\nb2,Bad two,y,1\nb3,Bad three,55.95,-3.19,extra\n`);
    const run = await runCli(
      [
        bad,
        '--licence',
        'OGL-UK-3.0',
        '--source-code',
        `cli-bad-${unique}`,
        '--mapping',
        'name=name,lat=lat,lon=lon,id=ref',
        '--default-category',
        'community',
        '--dry-run',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Rejected, by reason:\n\s+2 × lat: /);
    const geo = path.join(dir, 'guess.geojson');
    writeFileSync(
      geo,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [rowsLon, rowsLat] }, properties: { name: `Guess ${unique}`, category: 'Nonsense' } },
        ],
      }),
    );
    const guessed = await runCli([geo, '--licence', 'OGL-UK-3.0', '--source-code', `cli-guess-${unique}`, '--default-category', 'community', '--dry-run'], env);
    expect(guessed.code, guessed.stderr).toBe(0);
    expect(guessed.stdout).toMatch(/Category guessed \(1\):\n\s+feature 1 Guess/);
    const deep = path.join(dir, 'deep.geojson');
    writeFileSync(deep, `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`);
    const refused = await runCli([deep, '--licence', 'OGL-UK-3.0', '--dry-run'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/nests deeper than 64 levels/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses, saying what to do, while another process holds the embedded database', async () => {
    const pglite = path.join(dir, 'held');
    writeFileSync(`${pglite}.lock`, JSON.stringify({ pid: process.pid, purpose: 'pnpm start', startedAt: new Date().toISOString() }));
    const run = await runCli(args(`cli-held-${unique}`, '--yes'), { PGLITE_DIR: pglite });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/in use by process \d+ \(pnpm start\).*Nothing was imported/);
    expect(run.stderr).toMatch(/IMPORT_EMAIL and IMPORT_PASSWORD/);
    expect(run.stderr).toMatch(/\/import/);
    expect(run.stderr).toMatch(/stop the server/);
  });

  it('imports through a running server as a worker (--server)', async () => {
    const worker = await signedIn(app(), 'worker', 'cli-importer');
    const url = await app().listen({ port: 0, host: '127.0.0.1' });
    const code = `cli-server-${database.kind}-${unique}`;
    const run = await runCli(args(code, '--yes', '--server', url), {
      IMPORT_EMAIL: worker.email,
      IMPORT_PASSWORD: TEST_PASSWORD,
      PGLITE_DIR: path.join(dir, 'unused'),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Imported \(csv, source cli-server.*\): 2 records — 2 added/m);
    const { rows } = await app().pg.query<{ imported_by: string }>('SELECT imported_by::text FROM imports WHERE source_code = $1', [code]);
    expect(rows).toEqual([{ imported_by: worker.user.id }]);
  });

  it('says what is missing: the licence', async () => {
    const run = await runCli([csv], { PGLITE_DIR: path.join(dir, 'unused') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--licence is required/);
  });
});
