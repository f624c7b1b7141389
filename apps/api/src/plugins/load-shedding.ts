import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';

/**
 * Mean event-loop delay (over each second) above which new requests are turned away. A
 * request that waits behind others for the event loop waits this long on top of its own
 * work, so beyond it answering 503 now serves everyone better than answering late.
 */
const MAX_EVENT_LOOP_DELAY_MS = 1_000;
export const OVERLOADED_RETRY_AFTER_SECONDS = 5;

/**
 * Sheds load before the event loop stalls (@fastify/under-pressure): it sets 503 and
 * Retry-After and hands the one error handler its error (FST_UNDER_PRESSURE), which
 * answers `overloaded`, so a load balancer or a client backs off instead of piling on.
 */
export async function registerLoadShedding(app: FastifyInstance): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: MAX_EVENT_LOOP_DELAY_MS,
    retryAfter: OVERLOADED_RETRY_AFTER_SECONDS,
  });
}
