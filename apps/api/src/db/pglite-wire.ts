import type { PGlite } from '@electric-sql/pglite';

/**
 * The PostgreSQL wire protocol spoken to an in-process PGlite, for node-postgres clients.
 *
 * Why our own and not pglite-socket's server: that one listens on a TCP port with no
 * authentication (any local process could read every account), and after any failed
 * extended-protocol message PGlite sends a premature ReadyForQuery
 * (electric-sql/pglite#958), which node-postgres takes as a broken connection. Here a
 * connection is a pair of byte callbacks, carried either in-process (`PgliteStream`, what
 * the product uses: nothing listens anywhere) or over a Unix socket in a private folder
 * (the test databases, shared by vitest's worker processes).
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** Messages of the extended query protocol: after an error in one, the server skips to Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H']);

/**
 * Hands PGlite (one session) to one connection at a time. A connection holds it from its
 * first message until it is idle again after a Sync or a simple query, so two connections'
 * statements never interleave inside a transaction or an extended-protocol exchange
 * (the unnamed statement and portal are per session).
 */
export class PgliteSessions {
  private holder: PgliteConnection | undefined;
  private readonly waiting: { connection: PgliteConnection; resolve: () => void }[] = [];

  constructor(readonly db: PGlite) {}

  async acquire(connection: PgliteConnection): Promise<void> {
    if (this.holder === connection) return;
    if (!this.holder) {
      this.holder = connection;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push({ connection, resolve }));
  }

  release(connection: PgliteConnection): void {
    if (this.holder !== connection) {
      // Gone while waiting: it must not be handed the session later.
      const i = this.waiting.findIndex((w) => w.connection === connection);
      if (i >= 0) this.waiting.splice(i, 1);
      return;
    }
    const next = this.waiting.shift();
    this.holder = next?.connection;
    next?.resolve();
  }

  holds(connection: PgliteConnection): boolean {
    return this.holder === connection;
  }
}

/** The backend end of one client connection. `send` carries bytes back to the client. */
export class PgliteConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  /** The client said goodbye (Terminate): nothing more is read. */
  private terminated = false;
  private closed = false;
  /** After an error in an extended-protocol message: drop messages until Sync, as PostgreSQL does. */
  private skippingToSync = false;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly sessions: PgliteSessions,
    private readonly send: (data: Buffer) => void,
    private readonly onFatal: (error: Error) => void,
  ) {}

  /** Bytes from the client; messages are answered in order. */
  receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.work = this.work
      .then(() => this.drain())
      .catch((error: unknown) => {
        this.onFatal(error instanceof Error ? error : new Error(String(error)));
      });
  }

  /**
   * The client has gone: a transaction it left open is rolled back and statements it
   * prepared are dropped, so the next connection starts clean (PGlite is one session).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.work;
    if (this.started && !this.sessions.db.closed) {
      await this.sessions.acquire(this);
      try {
        // exec takes PGlite's own lock (wrapping it in runExclusive would wait on itself).
        const { db } = this.sessions;
        if (!db.closed && db.isInTransaction()) await db.exec('ROLLBACK');
        if (!db.closed) await db.exec('DEALLOCATE ALL');
      } finally {
        this.sessions.release(this);
      }
    } else {
      this.sessions.release(this);
    }
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closed || this.terminated) return;
      const message = this.next();
      if (!message) return;
      await this.handle(message);
    }
  }

  /** The next complete message, or undefined until more bytes arrive. */
  private next(): Buffer | undefined {
    const headerLength = this.started ? 5 : 4;
    if (this.buffer.length < headerLength) return undefined;
    const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return undefined;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return message;
  }

  private async handle(message: Buffer): Promise<void> {
    if (!this.started) {
      const code = message.readInt32BE(4);
      // No TLS or GSS here (there is no network): 'N' tells the client to go on in the clear.
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return this.send(Buffer.from('N'));
      // There is no backend process to cancel.
      if (code === CANCEL_REQUEST) return;
      if (code !== PROTOCOL_3) throw new Error(`unsupported protocol ${code}`);
      this.started = true;
      await this.exchange(message, 'startup');
      return;
    }
    const type = String.fromCharCode(message[0]!);
    if (type === 'X') {
      this.terminated = true;
      return;
    }
    if (this.skippingToSync && type !== 'S') return;
    if (type === 'S') this.skippingToSync = false;
    await this.exchange(message, type);
  }

  private async exchange(message: Buffer, type: string): Promise<void> {
    const { db } = this.sessions;
    // PGlite answers without any I/O, so a chain of statements (a worker's step, an import)
    // would run from one promise to the next and never let the event loop read a socket:
    // every request would wait for the whole chain. A real connection has a turn of the loop
    // between messages; give each message one (setImmediate runs after the loop polls I/O).
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.sessions.acquire(this);
    const chunks: Uint8Array[] = [];
    await db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => chunks.push(data.slice()) }));
    let reply: Buffer = Buffer.concat(chunks);
    if (EXTENDED.has(type) && hasMessage(reply, 'E')) {
      // PGlite answers a failed extended message with ReadyForQuery at once; PostgreSQL
      // sends it only at the Sync that ends the exchange (electric-sql/pglite#958).
      reply = withoutMessages(reply, 'Z');
      this.skippingToSync = true;
    }
    if (reply.length > 0) this.send(reply);
    // Idle again after a Sync, a simple query or the startup: another connection may go.
    if ((type === 'S' || type === 'Q' || type === 'startup') && !db.isInTransaction()) this.sessions.release(this);
  }
}

/** Walks backend messages (type byte + length) in `data`. */
function* messages(data: Buffer): Generator<{ type: string; start: number; end: number }> {
  let at = 0;
  while (at + 5 <= data.length) {
    const end = at + 1 + data.readInt32BE(at + 1);
    yield { type: String.fromCharCode(data[at]!), start: at, end };
    at = end;
  }
}

function hasMessage(data: Buffer, type: string): boolean {
  for (const m of messages(data)) if (m.type === type) return true;
  return false;
}

function withoutMessages(data: Buffer, type: string): Buffer {
  const kept: Buffer[] = [];
  for (const m of messages(data)) if (m.type !== type) kept.push(data.subarray(m.start, m.end));
  return Buffer.concat(kept);
}
