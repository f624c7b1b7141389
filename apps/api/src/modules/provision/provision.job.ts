import type { FastifyInstance } from 'fastify';
import type { DatabaseKind } from '../../db/sql.js';
import { poolTransact } from '../../db/transaction.js';
import { catchUp, recomputeAll } from './provision.service.js';

/**
 * LSOAs per transaction when the app itself fills the figures on the embedded database,
 * whose one connection each batch holds: about a second each, so requests keep flowing.
 */
const IN_APP_EMBEDDED_BATCH = 500;

/**
 * After the app is ready, fills the stored provision figures in the background if they
 * have never been computed (a fresh database), so the gaps for all of England work after
 * the first start without anyone running `pnpm provision:recompute` (which the embedded
 * database, open in the app, would refuse). Until it finishes, England-wide gaps answer 409
 * and single areas are computed on request. Nothing is kept in memory: whether to run is
 * read from provision_state, and on a server the recompute's advisory lock lets only one of
 * several instances starting together do it. Closing the app stops it between batches.
 */
export function startProvisionJob(app: FastifyInstance, kind: DatabaseKind): void {
  let closing = false;
  let running: Promise<void> | undefined;

  app.addHook('onReady', async () => {
    running = (async () => {
      const { rows } = await app.pg.query<{ computed: boolean }>('SELECT EXISTS (SELECT 1 FROM provision_state) AS computed');
      if (rows[0]!.computed) return;
      const transact = poolTransact(app.pg.pool, { job: true });
      const started = performance.now();
      app.log.info('provision figures: never computed here; computing them in the background (gaps for England answer 409 until done)');
      const result = await recomputeAll(app.pg, transact, {
        batchSize: kind === 'embedded' ? IN_APP_EMBEDDED_BATCH : 'all',
        shouldStop: () => closing,
      });
      if (result.outcome !== 'done') {
        app.log.info({ outcome: result.outcome }, 'provision figures: background recompute not finished here');
        return;
      }
      const caught = await catchUp(transact);
      app.log.info(
        { rows: result.rows, seconds: Math.round((performance.now() - started) / 100) / 10, changes: caught.changes },
        'provision figures: computed',
      );
    })().catch((error: unknown) => {
      if (!closing) app.log.error({ err: error }, 'provision figures: background recompute failed');
    });
  });

  app.addHook('onClose', async () => {
    closing = true;
    await running;
  });
}
