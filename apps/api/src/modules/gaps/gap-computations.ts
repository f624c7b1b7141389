import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type pg from 'pg';
import type { Queryable } from '../../db/queryable.js';
import type { DatabaseKind } from '../../db/sql.js';
import { AppError, BusyError } from '../../errors.js';
import { tryLock, unlock } from './gap-computations.repository.js';

/** How many gap answers are computed at once, and how the rest are answered. */
export interface GapComputationLimits {
  /** Computations at once: per API instance, and on a server across all instances together. */
  concurrent: number;
  /** How long a request waits for a turn before it is answered 503. */
  waitMs: number;
  /** The 503's Retry-After. */
  retryAfterSeconds: number;
  /** Computations (answers not in the cache) an anonymous address may cause per window: over it, 429. */
  anonymousPerWindow: number;
  windowMs: number;
}

/**
 * One fewer at once than the machine has cores (at least one): an England-wide ranking keeps
 * a core busy for about a second (reading 33,755 rows of figures and deciles, ranking them
 * in Node), and a core must stay free for tiles, searches and health checks. Measured with
 * 12 clients asking for new England-wide layers on 2 busy shared cores, a health check took a
 * median of 267 ms with two at once and 174 ms with one (1,070 ms with no limit). A person changing the gap view's
 * settings causes two computations a change (list and map), so 60 in 10 minutes is generous
 * for people and a wall for a script; every answer already computed is served from the
 * cache without counting.
 */
export const GAP_COMPUTATION_LIMITS: GapComputationLimits = {
  concurrent: Math.max(1, availableParallelism() - 1),
  waitMs: 3_000,
  retryAfterSeconds: 5,
  anonymousPerWindow: 60,
  windowMs: 10 * 60_000,
};

/** Namespaces of the advisory locks: computation turns (ids 0..concurrent-1), and answers being computed (id: a hash of the cache key). */
const TURNS = 0x67617073; // 'gaps'
const ANSWERS = 0x6761706b; // 'gapk'
/** How often a waiting request looks again for a free turn, or for the answer another instance is computing. */
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 32-bit lock id for a cache key. Two keys sharing one only wait for each other, never mix. */
function lockIdOf(key: string): number {
  return createHash('sha256').update(key).digest().readInt32BE(0);
}

/** A computation to run under the limit. */
export interface GapComputation<T> {
  /** The cache key of a shared (public) answer: identical requests then wait for one computation. Null for a private answer. */
  key: string | null;
  /** The answer if someone else has stored it meanwhile (shared answers only). */
  cached: () => Promise<T | undefined>;
  /** Computes (and stores) the answer, on the connection given. */
  compute: (db: Queryable) => Promise<T>;
}

/**
 * The limit on gap computations: at most `concurrent` at once in this process, each given
 * a turn in arrival order; on a server also at most `concurrent` at once across every
 * instance (advisory locks 0..concurrent-1 in one namespace, held by the connection that
 * computes), and one instance at a time per answer (an advisory lock on the cache key's
 * hash): a request for an answer another instance is computing waits for it to be stored.
 * A request that gets no turn within `waitMs` is a 503 `busy` with Retry-After.
 * Nothing about requests is kept here beyond the turns in use and the computations under way.
 */
export class GapComputations {
  private inUse = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly underWay = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly kind: DatabaseKind,
    readonly limits: GapComputationLimits,
  ) {}

  /**
   * Takes one of this process's turns, waiting until `deadline` (performance.now()) at
   * most; the function returned gives it back. Undefined when none came free in time.
   * Requests take turns through run(); tests take them to fill the limit.
   */
  async takeTurn(deadline: number): Promise<(() => void) | undefined> {
    if (this.inUse < this.limits.concurrent) {
      this.inUse += 1;
      return this.giveBack();
    }
    return new Promise((resolve) => {
      const granted = () => {
        clearTimeout(timer);
        resolve(this.giveBack());
      };
      const timer = setTimeout(
        () => {
          const at = this.waiting.indexOf(granted);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(undefined);
        },
        Math.max(0, deadline - performance.now()),
      );
      this.waiting.push(granted);
    });
  }

  private giveBack(): () => void {
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      // The turn passes straight to the next in line; otherwise it is free.
      if (next) next();
      else this.inUse -= 1;
    };
  }

  private busy(): BusyError {
    return new BusyError(
      `The server is computing as many gap answers as it allows at once (${this.limits.concurrent}); try again in ${this.limits.retryAfterSeconds} seconds. Answers already computed are served at once.`,
      this.limits.retryAfterSeconds,
    );
  }

  /** Runs a computation under the limit (see the class), or throws BusyError. */
  async run<T>(computation: GapComputation<T>): Promise<T> {
    const { key } = computation;
    if (key === null) return this.runLimited(computation);
    // The same shared answer asked for twice at once here: the second waits for the first
    // and takes what it stored (in its own encoding), computing only if that failed.
    const same = this.underWay.get(key);
    if (same) {
      await same.catch(() => undefined);
      const stored = await computation.cached();
      if (stored !== undefined) return stored;
    }
    const running = this.runLimited(computation);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.underWay.set(key, settled);
    void settled.then(() => {
      if (this.underWay.get(key) === settled) this.underWay.delete(key);
    });
    return running;
  }

  private async runLimited<T>(computation: GapComputation<T>): Promise<T> {
    const deadline = performance.now() + this.limits.waitMs;
    const giveBack = await this.takeTurn(deadline);
    if (!giveBack) throw this.busy();
    try {
      if (computation.key !== null) {
        const stored = await computation.cached();
        if (stored !== undefined) return stored;
      }
      return this.kind === 'server' ? await this.runAcrossInstances(computation, deadline) : await computation.compute(this.pool);
    } finally {
      giveBack();
    }
  }

  /** On a server: a turn among every instance's, and the answer's own lock, on one connection that then computes. */
  private async runAcrossInstances<T>(computation: GapComputation<T>, deadline: number): Promise<T> {
    const client = await this.pool.connect();
    let healthy = true;
    try {
      for (;;) {
        const turn = await this.takeSharedTurn(client);
        if (turn !== undefined) {
          try {
            const answerLock = computation.key === null ? undefined : lockIdOf(computation.key);
            if (answerLock === undefined || (await tryLock(client, ANSWERS, answerLock))) {
              try {
                // Another instance may have stored it between our look and our lock.
                const stored = computation.key === null ? undefined : await computation.cached();
                return stored ?? (await computation.compute(client));
              } finally {
                if (answerLock !== undefined) await unlock(client, ANSWERS, answerLock);
              }
            }
          } finally {
            await unlock(client, TURNS, turn);
          }
        }
        // No turn free, or another instance is computing this very answer: look for it, then try again.
        if (computation.key !== null) {
          const stored = await computation.cached();
          if (stored !== undefined) return stored;
        }
        if (performance.now() + POLL_MS > deadline) throw this.busy();
        await sleep(POLL_MS);
      }
    } catch (error) {
      // An answer of ours (400, 409, 503) leaves the connection as it was.
      healthy = error instanceof AppError;
      throw error;
    } finally {
      // A connection that failed may be broken or still hold a lock: it is closed, not reused.
      client.release(!healthy);
    }
  }

  /** One of the turns shared by every instance (its id), or undefined when all are taken. */
  private async takeSharedTurn(session: Queryable): Promise<number | undefined> {
    for (let turn = 0; turn < this.limits.concurrent; turn++) {
      if (await tryLock(session, TURNS, turn)) return turn;
    }
    return undefined;
  }
}

/** Advisory lock namespace and ids of the shared turns, for tests that hold them from another connection. */
export const SHARED_TURNS = { namespace: TURNS };
