import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { PgliteConnection, type PgliteSessions } from './pglite-wire.js';

/**
 * An in-process connection to PGlite, shaped like the net.Socket node-postgres expects
 * (pg's `stream` option): bytes written are PostgreSQL frontend messages, bytes read are
 * the answers. Nothing listens on a port or a socket file, so no other process can connect.
 */
export class PgliteStream extends Duplex {
  private readonly connection: PgliteConnection;

  constructor(sessions: PgliteSessions) {
    super();
    this.connection = new PgliteConnection(
      sessions,
      (data) => this.push(data),
      (error) => this.destroy(error),
    );
  }

  /** What pg calls on a socket; there is nothing to dial. */
  connect(): this {
    setImmediate(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  /** pg-pool refs and unrefs idle clients' sockets so they do not keep the process alive; nothing to hold here. */
  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  override _read(): void {
    // Answers are pushed as PGlite produces them.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.connection.receive(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.connection.close().then(
      () => {
        this.push(null);
        callback();
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.connection.close().then(
      () => callback(error),
      (closeError: unknown) => callback(error ?? (closeError instanceof Error ? closeError : new Error(String(closeError)))),
    );
  }
}

export interface PgliteSocketServer {
  /** A node-postgres connection string for the socket. */
  connectionString: string;
  close(): Promise<void>;
}

/**
 * Serves PGlite on a Unix socket in a new folder only this user can open (mode 0700, as
 * mkdtemp makes it), for clients in other processes of our own (vitest's workers). The
 * product itself connects in-process (PgliteStream).
 */
export async function servePgliteOnUnixSocket(sessions: PgliteSessions): Promise<PgliteSocketServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-pglite-'));
  // pg dials <host>/.s.PGSQL.<port>, as libpq does.
  const socketPath = path.join(dir, '.s.PGSQL.5432');
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const connection = new PgliteConnection(
      sessions,
      (data) => socket.write(data),
      () => socket.destroy(),
    );
    socket.on('data', (chunk: Buffer) => connection.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      void connection.close();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    connectionString: `postgres://postgres@${encodeURIComponent(dir)}:5432/postgres`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
