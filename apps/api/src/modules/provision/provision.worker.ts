import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { StepOutcome } from '../../background/background-loop.js';
import type { Queryable } from '../../db/queryable.js';
import type { DatabaseKind } from '../../db/sql.js';
import { clientTransact, poolTransact, type Transact } from '../../db/transaction.js';
import { applyQueuedChanges, CATCH_UP_LIMITS } from './provision-catch-up.service.js';
import { readState, releaseWorkerLock, tryWorkerLock } from './provision.repository.js';
import { recomputeAll } from './provision.service.js';

/**
 * LSOAs per transaction when the app itself fills the figures on the embedded database,
 * whose one connection each batch holds: about a second each, so requests keep flowing.
 */
const IN_APP_EMBEDDED_BATCH = 500;

export interface ProvisionWorkerOptions {
  /** Compute the figures if they never have been (PROVISION_ON_START), before keeping them current. */
  recomputeIfNeverComputed: boolean;
}

/**
 * Runs `work` as the only change worker of all API instances. On a server, on one pooled
 * connection holding a session advisory lock: a second instance finds it taken and skips
 * this turn rather than waiting (the lock goes with the connection if it dies). The
 * embedded database serves one process, so there the work uses the pool, whose one
 * connection each statement holds only briefly.
 */
async function asOnlyWorker(pool: pg.Pool, kind: DatabaseKind, work: (db: Queryable, transact: Transact) => Promise<StepOutcome>): Promise<StepOutcome> {
  // Its transactions may be a full recompute of England: a long job's limits, not a request's.
  if (kind === 'embedded') return work(pool, poolTransact(pool, { job: true }));
  const client = await pool.connect();
  let healthy = true;
  try {
    if (!(await tryWorkerLock(client))) return 'idle';
    try {
      return await work(client, clientTransact(client, { job: true }));
    } finally {
      await releaseWorkerLock(client);
    }
  } catch (error) {
    healthy = false;
    throw error;
  } finally {
    // A connection that failed may be broken, or may still hold the lock: it is closed, not reused.
    client.release(!healthy);
  }
}

/**
 * One turn of the provision worker: the first full recompute if the figures were never
 * computed (and it is asked for), else one catch-up step (applyQueuedChanges).
 */
export function provisionWorkerStep(
  pool: pg.Pool,
  kind: DatabaseKind,
  options: ProvisionWorkerOptions,
  log: FastifyBaseLogger,
): (stopping: () => boolean) => Promise<StepOutcome> {
  return (stopping) =>
    asOnlyWorker(pool, kind, async (db, transact) => {
      if (options.recomputeIfNeverComputed && !(await readState(db))) {
        const started = performance.now();
        log.info('provision figures: never computed here; computing them in the background (meanwhile gaps are worked out when asked)');
        const result = await recomputeAll(db, transact, {
          batchSize: kind === 'embedded' ? IN_APP_EMBEDDED_BATCH : 'all',
          shouldStop: stopping,
        });
        if (result.outcome !== 'done') {
          log.info({ outcome: result.outcome }, 'provision figures: background recompute not finished here');
          return 'idle';
        }
        log.info({ rows: result.rows, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'provision figures: computed');
        return 'more';
      }
      const started = performance.now();
      const step = await applyQueuedChanges(db, transact, CATCH_UP_LIMITS[kind]);
      if (step.outcome !== 'applied') return 'idle';
      log.info(
        { changes: step.changes, pairs: step.pairs, complete: step.complete, ms: Math.round(performance.now() - started) },
        'provision figures: asset changes applied',
      );
      return 'more';
    });
}
