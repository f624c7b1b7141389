import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteStream, servePgliteOnUnixSocket, type PgliteSocketServer } from './pglite-transports.js';
import { PgliteSessions } from './pglite-wire.js';

describe('node-postgres on PGlite through our wire', () => {
  let db: PGlite;
  let sessions: PgliteSessions;
  const pools: pg.Pool[] = [];
  const pool = (max = 1) => {
    const p = new pg.Pool({ connectionString: 'postgres://postgres@localhost/postgres', max, stream: () => new PgliteStream(sessions) });
    pools.push(p);
    return p;
  };

  // Starting PGlite compiles its WASM: seconds on a busy machine (it passed 10 s at load 7).
  beforeAll(async () => {
    db = await PGlite.create();
    sessions = new PgliteSessions(db);
    await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
  }, 60_000);

  afterAll(async () => {
    for (const p of pools) await p.end();
    await db.close();
  });

  it('keeps the connection after a failed statement, as PostgreSQL does (electric-sql/pglite#958)', async () => {
    const client = await pool().connect();
    try {
      await expect(client.query('SELECT 1 / $1::int', [0])).rejects.toMatchObject({ code: '22012' });
      await expect(client.query('INSERT INTO t VALUES ($1), ($1)', [1])).rejects.toMatchObject({ code: '23505' });
      // The very next statement on the same connection works.
      expect((await client.query<{ n: number }>('SELECT $1::int AS n', [5])).rows).toEqual([{ n: 5 }]);
    } finally {
      client.release();
    }
  });

  it('catches an error inside a transaction and rolls back to a savepoint, on one connection', async () => {
    const client = await pool().connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO t VALUES ($1)', [10]);
      await client.query('SAVEPOINT s');
      await expect(client.query('INSERT INTO t VALUES ($1)', [10])).rejects.toMatchObject({ code: '23505' });
      await client.query('ROLLBACK TO SAVEPOINT s');
      await client.query('INSERT INTO t VALUES ($1)', [11]);
      await client.query('COMMIT');
      expect((await client.query('SELECT id FROM t WHERE id IN (10, 11) ORDER BY id')).rows).toEqual([{ id: 10 }, { id: 11 }]);
    } finally {
      client.release();
    }
  });

  it("never lets a second connection's statements into another's transaction", async () => {
    const writer = await pool().connect();
    const reader = pool();
    try {
      await writer.query('BEGIN');
      await writer.query('INSERT INTO t VALUES (20)');
      // Asked mid-transaction, answered only once the writer's transaction has ended.
      const seen = reader.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id BETWEEN 20 AND 29');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await writer.query('INSERT INTO t VALUES (21)');
      await writer.query('COMMIT');
      expect((await seen).rows).toEqual([{ n: 2 }]);
    } finally {
      writer.release();
    }
  });

  it('rolls back what a connection left open when it goes, and forgets what it prepared', async () => {
    const p = pool();
    const client = await p.connect();
    await client.query({ name: 'one', text: 'SELECT 1 AS one' });
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES (30)');
    const ended = new Promise((resolve) => client.once('end', resolve));
    client.release(true); // destroys the connection mid-transaction
    await ended;
    const next = await p.connect();
    try {
      expect((await next.query('SELECT count(*)::int AS n FROM t WHERE id = 30')).rows).toEqual([{ n: 0 }]);
      // A new connection may prepare the same name again.
      expect((await next.query({ name: 'one', text: 'SELECT 1 AS one' })).rows).toEqual([{ one: 1 }]);
    } finally {
      next.release();
    }
  });

  it('gives the event loop a turn between statements, so a long chain of them does not starve other work', async () => {
    const p = pool();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      let seenDuring = 0;
      for (let i = 0; i < 50; i++) {
        await p.query('SELECT $1::int AS i', [i]);
        if (i === 25) seenDuring = ticks;
      }
      // Timers (and sockets) ran while the statements went on, not only after them all.
      expect(seenDuring).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });

  describe('over a Unix socket (test databases, shared by worker processes)', () => {
    let socket: PgliteSocketServer;
    beforeAll(async () => {
      socket = await servePgliteOnUnixSocket(sessions);
    });
    afterAll(async () => {
      await socket.close();
    });

    it('listens in a folder only this user can open, and answers there', async () => {
      const dir = decodeURIComponent(new URL(socket.connectionString).hostname);
      const { statSync } = await import('node:fs');
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const p = new pg.Pool({ connectionString: socket.connectionString, max: 1 });
      pools.push(p);
      await expect(p.query('SELECT nope')).rejects.toMatchObject({ code: '42703' });
      expect((await p.query<{ ok: string }>('SELECT $1::text AS ok', ['yes'])).rows).toEqual([{ ok: 'yes' }]);
    });
  });
});
