import rateLimit, { type FastifyRateLimitOptions, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { TooManyRequestsError } from '../errors.js';
import { countRequest, pruneRateLimits, type RateLimitHit } from '../http/rate-limit.repository.js';

/**
 * @fastify/rate-limit with its counts in PostgreSQL (its default store is process memory,
 * which several instances behind a load balancer would each keep apart). The plugin
 * constructs the store per route through `child`, so keys carry the route.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  const db = app.database.db;
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
    incr(key: string, callback: (error: Error | null, hit?: RateLimitHit) => void, timeWindow?: number): void {
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
    errorResponseBuilder: (_request, context) => new TooManyRequestsError(`Too many attempts from your address: try again in ${context.after}.`),
  });
  // Rows whose window ended long ago are only clutter: clear them now and then.
  app.addHook('onReady', async () => {
    await pruneRateLimits(db);
  });
}
