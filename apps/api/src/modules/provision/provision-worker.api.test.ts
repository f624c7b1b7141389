import { AreaProvision, GapsResult } from '@common-ground/schema';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { poolTransact } from '../../db/transaction.js';
import { appFor, useApp } from '../../testing/api-app.js';
import { makeGapFixture, type GapFixture } from '../../testing/gap-fixture.js';
import { ensureProvisionWatermark, runProvisionWorker } from '../../testing/provision-worker.js';
import { applyQueuedChanges, CATCH_UP_LIMITS } from './provision-catch-up.service.js';
import { readState } from './provision.repository.js';
import { computeProvision, type ProvisionFigures } from './provision-compute.repository.js';
import { DEFAULT_SETTINGS } from './provision.service.js';

/*
 * The provision worker (issue 13): no request applies queued asset changes or waits for
 * whoever does; answers use the last complete figures and say how current they are; after
 * the worker's steps the stored rows equal a fresh computation.
 */

/** Settles with the promise, or rejects after `ms`: a read that waits on a lock fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))]);
}

/** The stored rows of the fixture ward's LSOAs × (its category, '*') against a fresh computation. */
async function expectStoredEqualsFresh(app: FastifyInstance, fixture: GapFixture): Promise<void> {
  const { rows } = await app.pg.query<ProvisionFigures>(
    `SELECT area_code AS "areaCode", category_code AS "categoryCode", ARRAY[count_400, count_800, count_1600] AS counts,
            nearest_m AS "nearestM", e2sfca
     FROM provision_results WHERE area_code = ANY($1::text[]) AND category_code = ANY($2::text[])
     ORDER BY area_code, category_code`,
    [fixture.lsoas, [fixture.category, '*']],
  );
  const fresh = await computeProvision(app.pg, fixture.lsoas, [fixture.category, '*'], DEFAULT_SETTINGS);
  expect(rows.map((r) => [r.areaCode, r.categoryCode, r.counts])).toEqual(fresh.map((f) => [f.areaCode, f.categoryCode, f.counts]));
  for (const [i, f] of fresh.entries()) {
    if (f.nearestM === null) expect(rows[i]!.nearestM).toBeNull();
    else expect(rows[i]!.nearestM).toBeCloseTo(f.nearestM, 6);
    expect(rows[i]!.e2sfca).toBeCloseTo(f.e2sfca, 12);
  }
}

describe.each(inject('databases'))('the provision worker on the $kind database', (database) => {
  const app = useApp(database);
  let fixture: GapFixture;

  const provisionOf = async (code: string) => {
    const res = await within(app().inject({ url: `/api/areas/${code}/provision` }), 10_000, 'GET provision');
    expect(res.statusCode).toBe(200);
    return AreaProvision.parse(res.json());
  };
  const gapsOfWard = async () => {
    const res = await within(app().inject({ url: `/api/gaps?category=${fixture.category}&area=${fixture.ward}` }), 10_000, 'GET /api/gaps');
    expect(res.statusCode).toBe(200);
    return GapsResult.parse(res.json());
  };
  const countWithin400 = (p: AreaProvision) => p.categories.find((c) => c.code === fixture.category)!.bands![0]!.count;

  beforeAll(async () => {
    fixture = await makeGapFixture(app(), 'worker', 3);
    await ensureProvisionWatermark(app());
    await runProvisionWorker(app(), database.kind);
    await fixture.storeWardFigures();
  });
  afterAll(async () => {
    await fixture.remove();
    await runProvisionWorker(app(), database.kind);
  });

  it('answers with the stored figures as they are and says a change is pending; after the worker they equal a fresh computation and none is', async () => {
    const [first] = fixture.lsoas;
    const before = await provisionOf(first!);
    expect(before.figures).toBe('stored');
    expect(before.figuresAsOf).not.toBeNull();
    expect(before.pendingChanges).toBe(0);
    expect(countWithin400(before)).toBe(0);

    await fixture.addAssetAt(first!);
    // No request applies it: the stored figures are unchanged, and the answers say so.
    const waiting = await provisionOf(first!);
    expect(waiting.pendingChanges).toBe(1);
    expect(waiting.figuresAsOf).toBe(before.figuresAsOf);
    expect(countWithin400(waiting)).toBe(0);
    expect((await gapsOfWard()).pendingChanges).toBe(1);

    const applied = await runProvisionWorker(app(), database.kind);
    expect(applied.changes).toBe(1);
    const after = await provisionOf(first!);
    expect(after.pendingChanges).toBe(0);
    expect(countWithin400(after)).toBe(1);
    expect(Date.parse(after.figuresAsOf!)).toBeGreaterThan(Date.parse(before.figuresAsOf!));
    await expectStoredEqualsFresh(app(), fixture);
    const gaps = await gapsOfWard();
    expect([gaps.pendingChanges, gaps.figuresAsOf]).toEqual([0, after.figuresAsOf]);
  });

  it('a request finishes while a step of the worker is still under way (it hands the connection back between writes)', async () => {
    const [, second] = fixture.lsoas;
    await fixture.addAssetAt(second!, 300);
    const order: string[] = [];
    // One row per write: the step is a long series of short transactions.
    const step = applyQueuedChanges(app().pg, poolTransact(app().pg.pool), { maxChanges: 10, rowsPerWrite: 1 }).then((result) => {
      order.push('worker');
      return result;
    });
    await provisionOf(second!).then(() => order.push('request'));
    const result = await step;
    expect(result).toMatchObject({ outcome: 'applied', changes: 1, complete: true });
    expect(result.outcome === 'applied' && result.pairs).toBeGreaterThan(1);
    expect(order).toEqual(['request', 'worker']);
    await expectStoredEqualsFresh(app(), fixture);
  });
});

describe.each(inject('databases'))('the provision worker running in the app on the $kind database', (database) => {
  // Its own app, after the one above has closed: the embedded database takes one connection.
  it('applies a change within seconds, and stops promptly when the app closes', async () => {
    const running = await appFor(database, { backgroundWork: { recomputeIfNeverComputed: false, provisionIntervalMs: 100 } });
    let fixture: GapFixture | undefined;
    try {
      await running.ready();
      fixture = await makeGapFixture(running, 'running', 4);
      await ensureProvisionWatermark(running);
      await fixture.storeWardFigures();
      const [first] = fixture.lsoas;
      await fixture.addAssetAt(first!, -200);
      const started = performance.now();
      let provision: AreaProvision;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        provision = AreaProvision.parse((await running.inject({ url: `/api/areas/${first}/provision` })).json());
      } while (provision.pendingChanges > 0 && performance.now() - started < 30_000);
      expect(provision.pendingChanges).toBe(0);
      expect(provision.categories.find((c) => c.code === fixture!.category)!.bands![0]!.count).toBe(1);
      await expectStoredEqualsFresh(running, fixture);
    } finally {
      await fixture?.remove();
      const closing = performance.now();
      await running.close();
      expect(performance.now() - closing).toBeLessThan(10_000);
    }
  });
});

describe.each(inject('databases').filter((d) => d.kind === 'server'))('the provision worker beside other connections on the $kind database', (database) => {
  const app = useApp(database);
  let fixture: GapFixture;
  const provisionOf = async (code: string) => {
    const res = await within(app().inject({ url: `/api/areas/${code}/provision` }), 10_000, 'GET provision');
    expect(res.statusCode).toBe(200);
    return AreaProvision.parse(res.json());
  };
  const gapsOfWard = async () => {
    const res = await within(app().inject({ url: `/api/gaps?category=${fixture.category}&area=${fixture.ward}` }), 10_000, 'GET /api/gaps');
    expect(res.statusCode).toBe(200);
    return GapsResult.parse(res.json());
  };

  beforeAll(async () => {
    fixture = await makeGapFixture(app(), 'worker-server', 7);
    await ensureProvisionWatermark(app());
    await runProvisionWorker(app(), database.kind);
    await fixture.storeWardFigures();
  });
  afterAll(async () => {
    await fixture.remove();
    await runProvisionWorker(app(), database.kind);
  });

  it('reads do not wait while another connection holds the provision state (as a full recompute does); the worker skips its turn', async () => {
    const other = new pg.Client({ connectionString: database.connectionString });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT * FROM provision_state FOR UPDATE');
      const [first] = fixture.lsoas;
      await fixture.addAssetAt(first!, 150);
      const provision = await provisionOf(first!);
      expect(provision.pendingChanges).toBeGreaterThan(0);
      expect((await gapsOfWard()).pendingChanges).toBeGreaterThan(0);
      const step = await within(applyQueuedChanges(app().pg, poolTransact(app().pg.pool), CATCH_UP_LIMITS.server), 10_000, 'worker step');
      expect(step).toEqual({ outcome: 'busy' });
      await other.query('ROLLBACK');
      await runProvisionWorker(app(), database.kind);
      expect((await provisionOf(first!)).pendingChanges).toBe(0);
      await expectStoredEqualsFresh(app(), fixture);
    } finally {
      await other.end();
    }
  });

  it('a change committed after a later one is not skipped: the watermark waits while a writer is part-way through', async () => {
    const slow = new pg.Client({ connectionString: database.connectionString });
    await slow.connect();
    try {
      const [first, second] = fixture.lsoas;
      // The slow writer takes the smaller queue id and commits last.
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
           SELECT 'Worker test slow writer', $1, ST_Transform(geom_bng, 4326), 'exact', 'published', 'test', 'ODbL-1.0'
           FROM area_residence_points WHERE area_code = $2`,
        [fixture.category, first],
      );
      await fixture.addAssetAt(second!, -350);
      const watermark = (await readState(app().pg))!.lastChangeId;
      expect(await applyQueuedChanges(app().pg, poolTransact(app().pg.pool), CATCH_UP_LIMITS.server)).toEqual({ outcome: 'busy' });
      expect((await readState(app().pg))!.lastChangeId).toBe(watermark);
      await slow.query('COMMIT');
      await runProvisionWorker(app(), database.kind);
      await expectStoredEqualsFresh(app(), fixture);
    } finally {
      await slow.query(`DELETE FROM assets WHERE name = 'Worker test slow writer'`);
      await slow.end();
    }
  });
});
