import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../db/sql.js';

/**
 * Mean event-loop delay above which new requests are turned away. under-pressure samples the
 * loop every 10 ms and averages over each second, so one long task barely moves the mean; it
 * rises only when the loop is held again and again, which is overload: a request then waits
 * that long for its turn on top of its own work, and answering 503 at once serves everyone
 * better than answering late.
 *
 * The embedded database runs on the event loop itself, and its longer statements (a batch of
 * the provision recompute, a low-zoom tile) hold it ~1 s each by design, so it sheds only at
 * a higher mean.
 */
const MAX_EVENT_LOOP_DELAY_MS: Record<DatabaseKind, number> = { server: 500, embedded: 1_500 };
export const OVERLOADED_RETRY_AFTER_SECONDS = 5;

/**
 * Sheds load before the event loop stalls (@fastify/under-pressure): it sets 503 and
 * Retry-After and hands the one error handler its error (FST_UNDER_PRESSURE), which
 * answers `overloaded`, so a load balancer or a client backs off instead of piling on.
 */
/** Exported for the test, which stalls the loop past it. */
export { MAX_EVENT_LOOP_DELAY_MS };

export async function registerLoadShedding(app: FastifyInstance, kind: DatabaseKind): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: MAX_EVENT_LOOP_DELAY_MS[kind],
    retryAfter: OVERLOADED_RETRY_AFTER_SECONDS,
  });
}
