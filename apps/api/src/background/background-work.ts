import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../db/sql.js';
import { pruneGapAnswers } from '../modules/gaps/gap-answers.service.js';
import { provisionWorkerStep } from '../modules/provision/provision.worker.js';
import { startBackgroundLoop, type BackgroundLoop } from './background-loop.js';

export interface BackgroundWorkOptions {
  /** Compute the provision figures if they never have been (PROVISION_ON_START). */
  recomputeIfNeverComputed: boolean;
  /** Pause of the provision worker when the queue is empty (default 2 s). */
  provisionIntervalMs?: number;
}

/** How long the change worker rests when there is nothing to do: figures stay within a few seconds of the assets. */
const PROVISION_INTERVAL_MS = 2_000;
/** The gap cache is pruned this often. */
const PRUNE_INTERVAL_MS = 10 * 60_000;
/** After a failure (the database away, say), the next try comes after 1 s, then 2, 4 … at most a minute. */
const BACKOFF = { minBackoffMs: 1_000, maxBackoffMs: 60_000 };

/**
 * The work `pnpm start` does beside answering requests, started once the app is ready and
 * stopped (between steps) when it closes:
 * - the provision worker: the first full recompute if asked, then keeping the stored figures
 *   current from asset_change_queue (provision.worker.ts), one instance at a time;
 * - pruning gap answers that can no longer be served from gap_cache.
 * Requests never wait for either. Tests drive the steps themselves instead.
 */
export function startBackgroundWork(app: FastifyInstance, kind: DatabaseKind, options: BackgroundWorkOptions): void {
  const loops: BackgroundLoop[] = [];
  app.addHook('onReady', async () => {
    loops.push(
      startBackgroundLoop({
        step: provisionWorkerStep(app.pg.pool, kind, { recomputeIfNeverComputed: options.recomputeIfNeverComputed }, app.log),
        intervalMs: options.provisionIntervalMs ?? PROVISION_INTERVAL_MS,
        ...BACKOFF,
        onError: (error, retryInMs) => app.log.error({ err: error, retryInMs }, 'provision worker: step failed; trying again'),
      }),
      startBackgroundLoop({
        step: async () => {
          const forgotten = await pruneGapAnswers(app.pg);
          if (forgotten > 0) app.log.info({ forgotten }, 'gap cache: pruned');
          return 'idle';
        },
        intervalMs: PRUNE_INTERVAL_MS,
        ...BACKOFF,
        onError: (error, retryInMs) => app.log.error({ err: error, retryInMs }, 'gap cache: pruning failed; trying again'),
      }),
    );
  });
  app.addHook('onClose', async () => {
    await Promise.all(loops.map((loop) => loop.stop()));
  });
}
