import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { DATA_DIR } from '../testing/test-database.js';
import { openDatabase, type Database } from './database.js';

/**
 * Sockets this process listens on, from the kernel's tables: TCP (v4 and v6) in LISTEN
 * state and Unix sockets accepting connections, whose inodes are among this process's
 * open files. Anything another local process could connect to shows up here.
 */
function listeningSockets(): string[] {
  const mine = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) mine.add(inode);
    } catch {
      // The fd closed while we looked.
    }
  }
  const found: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/net/${table}`, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && mine.has(f[9]!)) found.push(`${table} ${f[1]}`);
    }
  }
  for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // Flags 00010000: __SO_ACCEPTCON, a listening socket.
    if (f[3] === '00010000' && mine.has(f[6]!)) found.push(`unix ${f[7] ?? '(unnamed)'}`);
  }
  return found.sort();
}

describe('the embedded database, as pnpm start opens it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-embedded-'));
  let database: Database | undefined;

  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API through in-process connections, opening no port or socket another process could reach', async () => {
    const before = listeningSockets();
    database = await openDatabase({
      pgliteDir: path.join(dir, 'pglite'),
      dataDir: DATA_DIR,
      poolMax: 1,
      purpose: 'embedded database test',
      log: () => {},
    });
    const app = await buildApp({ connection: database.connection, databaseKind: database.kind, poolMax: database.poolMax, logLevel: 'silent' });
    try {
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode, health.body).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok', database: 'embedded', areas: 0 });
      // A failed statement does not cost the connection (electric-sql/pglite#958).
      const bad = await app.inject({ method: 'GET', url: '/api/areas/E01999999' });
      expect(bad.statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      // pglite-socket, used before, listened on a 127.0.0.1 port with no authentication.
      expect(listeningSockets()).toEqual(before);
    } finally {
      await app.close();
    }
  });
});
