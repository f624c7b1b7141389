import { AssetWriteResult, ErrorBody, ModerationQueue, Report, SubmissionList, VersionConflictBody, type AssetInputDraft } from '@common-ground/schema';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { RATE_LIMITS } from '../../http/route-limits.js';
import { nextTestAddress, signedIn, type TestPerson } from '../../testing/people.js';
import { testAssetTracker } from '../../testing/test-assets.js';

let counter = 0;
const draft = (overrides: Partial<AssetInputDraft> = {}): AssetInputDraft => ({
  name: `Moderated hall ${process.pid}-${Date.now()}-${counter++}`,
  categoryCode: 'community-centre',
  postcode: 'GL1 2TG',
  ...overrides,
});

describe.each(inject('databases'))('moderation on the $kind database', (database) => {
  const app = useApp(database);
  const made = testAssetTracker();
  afterAll(() => made.removeAll(app()));
  const post = (url: string, person: TestPerson | null, payload: object, remoteAddress = nextTestAddress()) =>
    app().inject({ method: 'POST', url, headers: person?.headers ?? {}, payload, remoteAddress });
  const get = (url: string, person: TestPerson | null = null) => app().inject({ method: 'GET', url, headers: person?.headers ?? {} });
  const ok = <T>(res: LightMyRequestResponse, status: number, schema: { parse(v: unknown): T }): T => {
    expect(res.statusCode, res.body).toBe(status);
    return schema.parse(res.json());
  };
  const publish = async (worker: TestPerson) => {
    const { asset } = ok(await post('/api/assets', worker, draft()), 201, AssetWriteResult);
    made.add(asset.id);
    return asset;
  };

  it('takes a report from anyone on a public asset into the queue, for a worker to resolve once', async () => {
    const worker = await signedIn(app(), 'worker');
    const resident = await signedIn(app(), 'resident');
    const asset = await publish(worker);
    const report = ok(await post(`/api/assets/${asset.id}/reports`, null, { kind: 'closed', message: 'Boarded up since May' }), 201, Report);
    expect(report).toMatchObject({ assetId: asset.id, assetName: asset.name, kind: 'closed', status: 'open', message: 'Boarded up since May' });
    const signedInReport = ok(await post(`/api/assets/${asset.id}/reports`, resident, { kind: 'wrong_details' }), 201, Report);
    expect(signedInReport.message).toBeNull();

    const queue = ok(await get('/api/moderation/queue', worker), 200, ModerationQueue);
    expect(queue.reports.map((r) => r.id)).toEqual(expect.arrayContaining([report.id, signedInReport.id]));
    expect((await get(`/api/worker/assets/${asset.id}`, worker)).json()).toMatchObject({ openReports: 2 });

    expect((await post(`/api/reports/${report.id}/resolve`, null, { status: 'resolved' })).statusCode).toBe(401);
    expect((await post(`/api/reports/${report.id}/resolve`, resident, { status: 'resolved' })).statusCode).toBe(403);
    const resolved = ok(await post(`/api/reports/${report.id}/resolve`, worker, { status: 'resolved', note: 'Marked closed' }), 200, Report);
    expect(resolved).toMatchObject({ status: 'resolved', resolutionNote: 'Marked closed', resolvedBy: { id: worker.user.id } });
    expect((await post(`/api/reports/${report.id}/resolve`, worker, { status: 'dismissed' })).json()).toMatchObject({ code: 'already_resolved' });
    ok(await post(`/api/reports/${signedInReport.id}/resolve`, worker, { status: 'dismissed' }), 200, Report);
    expect(ok(await get('/api/moderation/queue', worker), 200, ModerationQueue).reports.map((r) => r.id)).not.toContain(report.id);
  });

  it('refuses reports on assets the public cannot see, and bad reports', async () => {
    const resident = await signedIn(app(), 'resident');
    const draftAsset = ok(await post('/api/assets', resident, draft()), 201, AssetWriteResult);
    made.add(draftAsset.asset.id);
    expect((await post(`/api/assets/${draftAsset.asset.id}/reports`, null, { kind: 'closed' })).statusCode).toBe(404);
    expect((await post('/api/assets/00000000-0000-4000-8000-000000000000/reports', null, { kind: 'closed' })).statusCode).toBe(404);
    const bad = await post(`/api/assets/${draftAsset.asset.id}/reports`, null, { kind: 'haunted' });
    expect(bad.statusCode).toBe(400);
    expect(ErrorBody.parse(bad.json()).issues?.[0]?.path).toBe('body.kind');
    await post(`/api/submissions/${draftAsset.submission!.id}/withdraw`, resident, {});
  });

  it('limits reports from one address', async () => {
    const worker = await signedIn(app(), 'worker');
    const asset = await publish(worker);
    const address = nextTestAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMITS.report.max; i++) {
      statuses.push((await post(`/api/assets/${asset.id}/reports`, null, { kind: 'wrong_details' }, address)).statusCode);
    }
    expect(statuses.slice(0, RATE_LIMITS.report.max).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const { rows } = await app().pg.query<{ id: string }>(`SELECT id FROM asset_reports WHERE asset_id = $1 AND status = 'open'`, [asset.id]);
    for (const { id } of rows) await post(`/api/reports/${id}/resolve`, worker, { status: 'dismissed' });
  });

  it('shows an edit proposal that a later change overtook as a conflict with both versions', async () => {
    const worker = await signedIn(app(), 'worker');
    const resident = await signedIn(app(), 'resident');
    const asset = await publish(worker);
    const proposal = await app().inject({
      method: 'PUT',
      url: `/api/assets/${asset.id}`,
      headers: resident.headers,
      payload: { asset: draft({ name: asset.name, website: 'https://example.org/hall' }), baseVersion: 1 },
    });
    const { submission } = ok(proposal, 202, AssetWriteResult);
    ok(await post(`/api/assets/${asset.id}/verify`, worker, { baseVersion: 1 }), 200, { parse: (v) => v });

    const conflict = ok(await post(`/api/submissions/${submission!.id}/review`, worker, { decision: 'approve' }), 409, VersionConflictBody);
    expect(conflict).toMatchObject({ code: 'version_conflict', current: { version: 2, website: null }, yours: { website: 'https://example.org/hall' } });
    const rejected = await post(`/api/submissions/${submission!.id}/review`, worker, { decision: 'reject', reason: 'Overtaken by a check' });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    expect((await get(`/api/worker/assets/${asset.id}`, worker)).json()).toMatchObject({ version: 2, reviewState: 'published', website: null });
  });

  it('documents the write and moderation routes in OpenAPI', async () => {
    const res = await app().inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/assets/{id}/history',
        '/api/assets/{id}/revert',
        '/api/assets/{id}/verify',
        '/api/assets/{id}/reports',
        '/api/submissions/{id}/review',
        '/api/submissions/{id}/withdraw',
        '/api/me/submissions',
        '/api/moderation/queue',
        '/api/reports/{id}/resolve',
        '/api/worker/assets',
        '/api/worker/assets/{id}',
        '/api/worker/assets/{id}/history',
      ]),
    );
  });

  it("answers a person's own lists only to them, uncached", async () => {
    const resident = await signedIn(app(), 'resident');
    expect((await get('/api/me/submissions')).statusCode).toBe(401);
    expect((await get('/api/moderation/queue')).statusCode).toBe(401);
    const mine = await get('/api/me/submissions', resident);
    expect(ok(mine, 200, SubmissionList).submissions).toEqual([]);
    expect(mine.headers['cache-control']).toBe('private, no-store');
  });

  it("keeps a limited worker's queue and report handling to their areas", async () => {
    const worker = await signedIn(app(), 'worker');
    const limited = await signedIn(app(), 'worker', 'limited');
    const { rows } = await app().pg.query<{ code: string }>(
      `SELECT code FROM areas WHERE lad_code <> (SELECT lad_code FROM postcodes WHERE postcode = 'GL1 2TG') ORDER BY code LIMIT 1`,
    );
    await app().pg.query('INSERT INTO user_area_limits (user_id, area_code) VALUES ($1, $2)', [limited.user.id, rows[0]!.code]);
    const asset = await publish(worker);
    const report = ok(await post(`/api/assets/${asset.id}/reports`, null, { kind: 'closed' }), 201, Report);
    expect(ok(await get('/api/moderation/queue', limited), 200, ModerationQueue).reports.map((r) => r.id)).not.toContain(report.id);
    expect((await post(`/api/reports/${report.id}/resolve`, limited, { status: 'dismissed' })).statusCode).toBe(403);
    ok(await post(`/api/reports/${report.id}/resolve`, worker, { status: 'dismissed' }), 200, Report);
  });
});
