import { ErrorBody, GapsLayer, GapsLayerQuery, GapsQuery, GapsResult } from '@common-ground/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { makeGapFixture, type GapFixture } from '../../testing/gap-fixture.js';
import { nextTestAddress, signedIn } from '../../testing/people.js';
import { ensureProvisionWatermark, runProvisionWorker } from '../../testing/provision-worker.js';
import { gapCacheKey } from './gap-answers.service.js';
import { SHARED_TURNS } from './gap-computations.js';

/*
 * Bounded gap reads (issue 13): public answers come from gap_cache while their data is
 * unchanged and are recomputed when anything they depend on changes; computations are
 * limited (503 busy + Retry-After), and anonymous ones counted per address (429).
 */

describe.each(inject('databases'))('gap answers cached and limited on the $kind database', (database) => {
  const app = useApp(database, { gapComputationLimits: { waitMs: 300, anonymousPerWindow: 3 } });
  let fixture: GapFixture;
  // Each request from an address of its own (the limit here is 3 per address), except where a test names one.
  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = nextTestAddress()) =>
    app().inject({ method: 'GET', url, headers, remoteAddress });
  const layerUrl = () => `/api/gaps/layer?category=${fixture.category}&area=${fixture.ward}`;
  const listUrl = () => `/api/gaps?category=${fixture.category}&area=${fixture.ward}`;

  /** The stored row of an answer, by the route's own key. */
  const stored = async (kind: 'list' | 'layer', query: Record<string, string>) => {
    const key = gapCacheKey(kind, kind === 'layer' ? GapsLayerQuery.parse(query) : GapsQuery.parse(query));
    const { rows } = await app().pg.query<{ etag: string; version: string }>('SELECT etag, version FROM gap_cache WHERE key = $1', [key]);
    return { key, row: rows[0] };
  };
  /** Writes a body into a stored answer, so a response that carries it can only have come from the cache. */
  const tamper = (key: string, body: unknown) =>
    app().pg.query(`UPDATE gap_cache SET body = convert_to($2, 'UTF8') WHERE key = $1`, [key, JSON.stringify(body)]);

  /** Holds every turn of this instance, as computations under way would. */
  const holdAllTurns = async () => {
    const computations = app().gapComputations;
    const turns = await Promise.all(Array.from({ length: computations.limits.concurrent }, () => computations.takeTurn(performance.now() + 1000)));
    return () => turns.forEach((giveBack) => giveBack?.());
  };

  beforeAll(async () => {
    fixture = await makeGapFixture(app(), 'cache', 5);
    await ensureProvisionWatermark(app());
    await runProvisionWorker(app(), database.kind);
    await fixture.storeWardFigures();
  });
  afterAll(async () => {
    await fixture.remove();
    await runProvisionWorker(app(), database.kind);
  });

  it('serves a public answer from the cache, with its ETag, until its data changes', async () => {
    const first = await get(layerUrl());
    expect(first.statusCode).toBe(200);
    const layer = GapsLayer.parse(first.json());
    expect(Object.keys(layer.classes).sort()).toEqual(fixture.lsoas);
    const { key, row } = await stored('layer', { category: fixture.category, area: fixture.ward });
    expect(row?.etag).toBe(first.headers.etag);

    await tamper(key, { fromTheCache: true });
    const again = await get(layerUrl());
    expect(again.json()).toEqual({ fromTheCache: true });
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=60');

    // Gzipped when asked, from the copy stored gzipped.
    const gzipped = await get(layerUrl(), { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
  });

  it('a cached answer is recomputed once an asset changes, and again once the worker has applied the change', async () => {
    const [first] = fixture.lsoas;
    const before = GapsResult.parse((await get(listUrl())).json());
    const { key } = await stored('list', { category: fixture.category, area: fixture.ward });
    await tamper(key, { stale: true });

    await fixture.addAssetAt(first!);
    const queued = await get(listUrl());
    expect(queued.json()).not.toEqual({ stale: true });
    const pending = GapsResult.parse(queued.json());
    expect(pending.pendingChanges).toBe(1);
    // The stored figures do not have it yet: the same ranking as before.
    expect(pending.rows.find((r) => r.code === first)!.nearestMetres).toBe(before.rows.find((r) => r.code === first)!.nearestMetres);

    await tamper(key, { stale: true });
    await runProvisionWorker(app(), database.kind);
    const applied = await get(listUrl());
    expect(applied.json()).not.toEqual({ stale: true });
    const current = GapsResult.parse(applied.json());
    expect(current.pendingChanges).toBe(0);
    expect(current.rows.find((r) => r.code === first)!.nearestMetres).toBeLessThan(1);
    expect(applied.headers.etag).not.toBe(queued.headers.etag);
  });

  it('a cached answer is recomputed when the category tree changes', async () => {
    await get(layerUrl());
    const { key } = await stored('layer', { category: fixture.category, area: fixture.ward });
    await tamper(key, { stale: true });
    await app().pg.query(`UPDATE categories SET description = 'changed by the gap cache test' WHERE code = $1`, [fixture.category]);
    const after = await get(layerUrl());
    expect(after.statusCode).toBe(200);
    expect(GapsLayer.parse(after.json()).settings.category).toBe(fixture.category);
  });

  it('If-None-Match with the cached ETag is a 304 without computing anything', async () => {
    const first = await get(layerUrl());
    const etag = first.headers.etag as string;
    const release = await holdAllTurns();
    try {
      const notModified = await get(layerUrl(), { 'if-none-match': etag });
      expect(notModified.statusCode).toBe(304);
      expect(notModified.body).toBe('');
      expect(notModified.headers.etag).toBe(etag);
      // Any computation now would have to wait for a turn: the cached answer does not.
      expect((await get(layerUrl())).statusCode).toBe(200);
    } finally {
      release();
    }
  });

  it('when every turn is taken, a new computation waits briefly, then is a 503 busy with Retry-After; it works once one is free', async () => {
    const url = `${layerUrl()}&deprived_deciles=7`;
    const release = await holdAllTurns();
    let busy;
    try {
      const started = performance.now();
      busy = await get(url);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      release();
    }
    expect(busy.statusCode).toBe(503);
    expect(ErrorBody.parse(busy.json()).code).toBe('busy');
    expect(Number(busy.headers['retry-after'])).toBe(app().gapComputations.limits.retryAfterSeconds);
    expect((await get(url)).statusCode).toBe(200);
  });

  it('an anonymous address may cause only so many computations: then 429 with Retry-After; cached answers and signed-in people are still served', async () => {
    const mine = nextTestAddress();
    const url = (deciles: number) => `${listUrl()}&measure=count_800&deprived_deciles=${deciles}`;
    for (const deciles of [1, 2, 3]) expect((await get(url(deciles), {}, mine)).statusCode).toBe(200);
    const limited = await get(url(4), {}, mine);
    expect(limited.statusCode).toBe(429);
    expect(ErrorBody.parse(limited.json()).code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Already computed: served, not counted.
    expect((await get(url(2), {}, mine)).statusCode).toBe(200);
    const worker = await signedIn(app(), 'worker', 'gap-cache');
    expect((await get(url(5), worker.headers, mine)).statusCode).toBe(200);
    // Another address has its own count.
    expect((await get(url(6), {}, nextTestAddress())).statusCode).toBe(200);
  });

  it('a malformed or unknown setting is a 400 and does not count as a computation', async () => {
    const mine = nextTestAddress();
    for (let i = 0; i < 5; i++) {
      const res = await get(`/api/gaps?category=no-such-category-${i}&area=${fixture.ward}`, {}, mine);
      expect(res.statusCode).toBe(400);
    }
    expect((await get(`${listUrl()}&measure=e2sfca&deprived_deciles=9`, {}, mine)).statusCode).toBe(200);
  });

  it('never stores a private answer (a custom area)', async () => {
    const owner = await signedIn(app(), 'resident', 'gap-cache-owner');
    const made = await app().inject({
      method: 'POST',
      url: '/api/custom-areas',
      headers: owner.headers,
      payload: { name: 'Gap cache test area', lsoaCodes: fixture.lsoas },
    });
    expect(made.statusCode).toBe(201);
    const { id } = made.json<{ id: string }>();
    const count = async () => Number((await app().pg.query<{ n: string }>('SELECT count(*)::text AS n FROM gap_cache')).rows[0]!.n);
    const before = await count();
    const res = await get(`/api/gaps?area=custom:${id}`, owner.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/no-store/);
    expect(GapsResult.parse(res.json()).total).toBe(fixture.lsoas.length);
    expect(await count()).toBe(before);
    await app().inject({ method: 'DELETE', url: `/api/custom-areas/${id}`, headers: owner.headers });
  });
});

describe.each(inject('databases').filter((d) => d.kind === 'server'))('gap computations across instances on the $kind database', (database) => {
  const app = useApp(database, { gapComputationLimits: { waitMs: 300 } });
  let fixture: GapFixture;
  const get = (url: string) => app().inject({ method: 'GET', url, remoteAddress: nextTestAddress() });
  const layerUrl = () => `/api/gaps/layer?category=${fixture.category}&area=${fixture.ward}`;
  beforeAll(async () => {
    fixture = await makeGapFixture(app(), 'instances', 6);
  });
  afterAll(async () => {
    await fixture.remove();
  });

  it('the limit holds across instances: turns taken by another connection count too', async () => {
    const other = new pg.Client({ connectionString: database.connectionString });
    await other.connect();
    try {
      for (let turn = 0; turn < app().gapComputations.limits.concurrent; turn++) {
        await other.query('SELECT pg_advisory_lock($1::int, $2::int)', [SHARED_TURNS.namespace, turn]);
      }
      const busy = await get(`${layerUrl()}&deprived_deciles=8`);
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBeDefined();
    } finally {
      await other.end();
    }
    expect((await get(`${layerUrl()}&deprived_deciles=8`)).statusCode).toBe(200);
  });
});
