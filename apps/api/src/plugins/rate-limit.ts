import rateLimit, { type FastifyRateLimitOptions, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/queryable.js';
import { TooManyRequestsError } from '../errors.js';

/**
 * Limits for the routes people could abuse, per client IP. Sign-in is tightest (password
 * guessing), then registration and password resets. Routes opt in with
 * `config: { rateLimit: RATE_LIMITS.signIn }`.
 */
/** Writes count per person when signed in (many people can share one address), else per address. */
const byPerson = (request: FastifyRequest): string => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`);

export const RATE_LIMITS = {
  signIn: { max: 10, timeWindow: 15 * 60_000 },
  register: { max: 5, timeWindow: 60 * 60_000 },
  resetPassword: { max: 10, timeWindow: 60 * 60_000 },
  /** Reports come from anyone, signed in or not. */
  report: { max: 10, timeWindow: 60 * 60_000, keyGenerator: byPerson },
  /** Adding and editing assets and notes: generous for a busy worker, a wall for a script. */
  write: { max: 120, timeWindow: 60 * 60_000, keyGenerator: byPerson },
} as const;

interface Hit {
  current: number;
  ttl: number;
}

/**
 * Counts one request against `key` in a fixed window, in one atomic statement, so every
 * API instance sees the same count. A window that has ended starts again at 1.
 */
export async function countRequest(db: Queryable, key: string, windowMs: number): Promise<Hit> {
  const { rows } = await db.query<{ current: number; ttl: number }>(
    `INSERT INTO rate_limits AS r (key, hits, window_ends)
     VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN r.window_ends <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
       window_ends = CASE WHEN r.window_ends <= clock_timestamp()
                          THEN clock_timestamp() + $2 * interval '1 millisecond' ELSE r.window_ends END
     RETURNING hits AS current,
               greatest(0, ceil(extract(epoch FROM window_ends - clock_timestamp()) * 1000))::int AS ttl`,
    [key, windowMs],
  );
  return rows[0]!;
}

/**
 * @fastify/rate-limit with its counts in PostgreSQL (its default store is process memory,
 * which several instances behind a load balancer would each keep apart). The plugin
 * constructs the store per route through `child`, so keys carry the route.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  const db = app.pg;
  /** What the plugin passes a store: its own options merged with the route's. */
  interface StoreOptions {
    timeWindow?: number;
    routeInfo?: { method?: string | string[]; url?: string };
  }
  class PostgresStore implements FastifyRateLimitStore {
    private readonly routeKey: string;
    private readonly timeWindow: number;
    constructor(options: FastifyRateLimitOptions) {
      const { timeWindow, routeInfo } = options as StoreOptions;
      this.timeWindow = timeWindow ?? 60_000;
      this.routeKey = routeInfo?.url ? `${[routeInfo.method].flat().join(',')} ${routeInfo.url}` : 'global';
    }
    incr(key: string, callback: (error: Error | null, hit?: Hit) => void, timeWindow?: number): void {
      countRequest(db, `${this.routeKey}|${key}`, timeWindow ?? this.timeWindow).then(
        (hit) => callback(null, hit),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    child(routeOptions: FastifyRateLimitOptions): FastifyRateLimitStore {
      return new PostgresStore(routeOptions);
    }
  }
  await app.register(rateLimit, {
    global: false,
    // After validation: malformed requests are refused anyway and do not use up the limit.
    hook: 'preHandler',
    store: PostgresStore,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(`Too many attempts from your address: try again in ${context.after}.`),
  });
  // Rows whose window ended long ago are only clutter: clear them now and then.
  app.addHook('onReady', async () => {
    await db.query(`DELETE FROM rate_limits WHERE window_ends < now() - interval '1 day'`);
  });
}

/** Largest JSON body a form write accepts (an asset with every field full is ~12 KB). */
export const WRITE_BODY_LIMIT = 64 * 1024;

/** Route options every state-changing form route shares: a body limit and the write rate limit. */
export const WRITE_ROUTE = { bodyLimit: WRITE_BODY_LIMIT, config: { rateLimit: RATE_LIMITS.write } } as const;
