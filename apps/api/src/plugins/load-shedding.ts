import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../db/sql.js';

/**
 * Mean event-loop delay (over each second) above which new requests are turned away. A
 * request that waits behind others for the event loop waits this long on top of its own
 * work, so beyond it answering 503 now serves everyone better than answering late.
 *
 * The embedded database runs on the event loop itself: one long statement (a big import's
 * write, a batch of the provision recompute) holds it for a second or more and is not
 * overload, so there only a sustained stall of several seconds sheds.
 */
const MAX_EVENT_LOOP_DELAY_MS: Record<DatabaseKind, number> = { server: 1_000, embedded: 5_000 };
export const OVERLOADED_RETRY_AFTER_SECONDS = 5;

/**
 * Sheds load before the event loop stalls (@fastify/under-pressure): it sets 503 and
 * Retry-After and hands the one error handler its error (FST_UNDER_PRESSURE), which
 * answers `overloaded`, so a load balancer or a client backs off instead of piling on.
 */
export async function registerLoadShedding(app: FastifyInstance, kind: DatabaseKind): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: MAX_EVENT_LOOP_DELAY_MS[kind],
    retryAfter: OVERLOADED_RETRY_AFTER_SECONDS,
  });
}
