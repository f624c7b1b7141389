import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../db/sql.js';
import { poolTransact } from '../db/transaction.js';
import { CATCH_UP_LIMITS, drainChangeQueue } from '../modules/provision/provision-catch-up.service.js';
import { advanceState, readState, settledQueueHead } from '../modules/provision/provision.repository.js';

/*
 * The provision worker, driven by tests instead of a timer (apps built for tests start no
 * background work), so a test decides exactly when queued changes are applied.
 */

/**
 * Starts the watermark at the queue's head if no full recompute ever set one (the test
 * database is loaded without one): stored rows a test writes are then kept current from
 * the changes after it.
 */
export async function ensureProvisionWatermark(app: FastifyInstance): Promise<void> {
  const transact = poolTransact(app.pg.pool);
  if (await readState(app.pg)) return;
  const head = await settledQueueHead(transact);
  if (!head) throw new Error('a writer holds the change queue');
  await transact((tx) => advanceState(tx, head.id, head.at));
}

/** Applies every queued change, as the worker would step by step; returns how many. */
export async function runProvisionWorker(app: FastifyInstance, kind: DatabaseKind): Promise<{ changes: number; pairs: number }> {
  return drainChangeQueue(app.pg, poolTransact(app.pg.pool), CATCH_UP_LIMITS[kind]);
}
