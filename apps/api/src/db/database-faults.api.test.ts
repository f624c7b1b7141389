import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../env.js';
import { signedInOn, type TestPerson } from '../testing/people.js';
import { TcpProxy } from '../testing/tcp-proxy.js';

/**
 * The API as operators run it (its own process, `pnpm start`'s entry point) on a
 * PostgreSQL server behind a proxy this test controls, while a stream of writes goes on:
 * every backend is terminated, then the server is taken away, then frozen. The process
 * must never exit, must answer 503 with Retry-After meanwhile (never 500, never a hang),
 * 2xx again once the server is back, and every write it acknowledged must be stored.
 */
const server = inject('databases').find((d) => d.kind === 'server');

interface Answer {
  phase: string;
  status: number;
  code?: string;
  retryAfter?: string | null;
  id?: string;
  ms: number;
}

/** Longest a request may take in any phase: a frozen server's query limit (25 s) and a margin. */
const NEVER_LONGER_MS = 35_000;

describe.runIf(server)('the API on a PostgreSQL server that fails', () => {
  const target = new URL(server?.connectionString ?? 'postgres://unused');
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  let admin: pg.Client;
  let api: ChildProcess;
  let baseUrl = '';
  let output = '';
  let person: TestPerson;
  let phase = 'start';
  const answers: Answer[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: server!.connectionString });
    await admin.connect();
    person = await signedInOn(admin, 'resident', 'fault');
    const port = await proxy.start();
    const viaProxy = new URL(server!.connectionString);
    viaProxy.host = `127.0.0.1:${port}`;
    api = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.join(REPO_ROOT, 'apps/api'),
      env: {
        ...process.env,
        DATABASE_URL: viaProxy.toString(),
        PORT: '0',
        HOST: '127.0.0.1',
        AUTO_LOAD_DATA: 'false',
        PROVISION_ON_START: 'false',
        WEB_DIST: path.join(REPO_ROOT, 'no-web-build-here'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    baseUrl = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /running on the server database: (http:\/\/localhost:\d+)\//.exec(output)?.[1];
        if (url) resolve(url);
      };
      api.stdout!.on('data', onData);
      api.stderr!.on('data', onData);
      api.once('exit', (code) => reject(new Error(`the API exited (${code}) before listening:\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
    }
    await proxy.close();
    if (person) await admin.query('DELETE FROM custom_areas WHERE owner_id = $1', [person.user.id]);
    await admin?.end();
  });

  /** One write as a browser sends it; the answer and how long it took. */
  async function write(i: number): Promise<Answer> {
    const startedIn = phase;
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/custom-areas`, {
      method: 'POST',
      headers: { ...person.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Fault test ${i}`, lsoaCodes: ['E01000001'] }),
      signal: AbortSignal.timeout(NEVER_LONGER_MS + 5_000),
    });
    const body = (await res.json()) as { id?: string; code?: string };
    return { phase: startedIn, status: res.status, code: body.code, retryAfter: res.headers.get('retry-after'), id: body.id, ms: performance.now() - started };
  }

  async function health(): Promise<{ status: number; body: { status: string; code?: string }; retryAfter: string | null }> {
    const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(NEVER_LONGER_MS) });
    return { status: res.status, body: (await res.json()) as { status: string }, retryAfter: res.headers.get('retry-after') };
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Waits until `check` holds, trying every 250 ms for at most `ms`. */
  async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return;
      await sleep(250);
    }
    throw new Error(`not within ${ms} ms`);
  }

  /** Once it knows the database is away, a write is refused at once, saying why. */
  async function expectPromptRefusal(): Promise<void> {
    const refused = await write(-1);
    expect(refused).toMatchObject({ status: 503, code: 'database_unavailable', retryAfter: '5' });
    expect(refused.ms).toBeLessThan(1_000);
    answers.push(refused);
  }

  it('keeps serving: 503 with Retry-After while the database is gone or frozen, 2xx after, every acknowledged write stored', async () => {
    // Two writers, a few writes a second each, for the whole test.
    let writing = true;
    let n = 0;
    const writers = [0, 1].map(async () => {
      while (writing) {
        answers.push(await write(n++));
        await sleep(150);
      }
    });

    await sleep(1_500);
    phase = 'terminated';
    const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      target.pathname.slice(1),
    ]);
    expect(rowCount).toBeGreaterThan(0);
    await sleep(2_000);

    phase = 'down';
    await proxy.down();
    await until(async () => (await health()).status === 503, 15_000);
    const down = await health();
    expect(down.body).toMatchObject({ status: 'unavailable', code: 'database_unavailable' });
    expect(down.retryAfter).toBe('5');
    await expectPromptRefusal();
    await sleep(3_000);

    phase = 'back';
    await proxy.up();
    await until(async () => (await health()).status === 200, 15_000);
    await sleep(1_500);

    phase = 'frozen';
    proxy.freeze();
    await until(async () => (await health()).status === 503, NEVER_LONGER_MS);
    await expectPromptRefusal();
    await sleep(2_000);

    phase = 'thawed';
    proxy.thaw();
    await until(async () => (await health()).status === 200, 15_000);
    await sleep(1_500);
    writing = false;
    await Promise.all(writers);

    // Never down, never a 500, never a hang.
    expect(api.exitCode, output).toBeNull();
    expect(output).not.toMatch(/Unhandled|uncaught/i);
    const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 503);
    expect(unexpected, JSON.stringify(unexpected)).toEqual([]);
    for (const a of answers.filter((x) => x.status === 503)) {
      expect(['database_unavailable', 'database_busy']).toContain(a.code);
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(NEVER_LONGER_MS);
    // Wrote again once it was back (writes caught in the freeze may land when it thaws).
    for (const p of ['back', 'thawed']) expect(answers.some((a) => a.phase === p && a.status === 201)).toBe(true);

    // Every acknowledged write is stored.
    const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.id!);
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM custom_areas WHERE id = ANY($1::uuid[])', [acknowledged]);
    expect(rows[0]!.n).toBe(acknowledged.length);
    const counts = new Map<string, number>();
    for (const a of answers) counts.set(`${a.phase} ${a.status}`, (counts.get(`${a.phase} ${a.status}`) ?? 0) + 1);
    process.stderr.write(`database faults: ${[...counts].map(([k, v]) => `${k}: ${v}`).join(', ')}\n`);
  }, 120_000);
});
