import {
  Asset,
  AssetWriteResult,
  ErrorBody,
  History,
  ModerationQueue,
  SearchResults,
  SubmissionList,
  VersionConflictBody,
  WorkerAsset,
  WorkerAssetList,
  type AssetInputDraft,
} from '@common-ground/schema';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { signedIn, type TestPerson } from '../../testing/people.js';
import { testAssetTracker } from '../../testing/test-assets.js';

/** A word no other asset has, so search and lists find only this test's asset. */
let counter = 0;
const uniqueWord = () => `${process.pid}x${Date.now()}x${counter++}`.replace(/\d/g, (d) => 'qwrtypsdfg'[Number(d)]!);

/** Gloucester, by postcode and by a point inside the city. */
const POSTCODE = 'GL1 2TG';
const GLOUCESTER: [number, number] = [-2.2438, 51.8594];

const draft = (overrides: Partial<AssetInputDraft> = {}): AssetInputDraft => ({
  name: `Hall ${uniqueWord()}`,
  categoryCode: 'community-group',
  postcode: POSTCODE,
  description: 'Tea and a chat on Tuesdays',
  ...overrides,
});

describe.each(inject('databases'))('adding and editing assets on the $kind database', (database) => {
  const app = useApp(database);
  const made = testAssetTracker();
  afterAll(() => made.removeAll(app()));
  const send = (method: 'POST' | 'PUT', url: string, person: TestPerson | null, payload: unknown, headers: Record<string, string> = {}) =>
    app().inject({ method, url, headers: { ...(person?.headers ?? {}), ...headers }, payload: payload as object });
  const get = (url: string, person: TestPerson | null = null, headers: Record<string, string> = {}) =>
    app().inject({ method: 'GET', url, headers: { ...(person?.headers ?? {}), ...headers } });
  const ok = <T>(res: LightMyRequestResponse, status: number, schema: { parse(v: unknown): T }): T => {
    expect(res.statusCode, res.body).toBe(status);
    return schema.parse(res.json());
  };

  async function create(person: TestPerson, overrides: Partial<AssetInputDraft> = {}) {
    const result = ok(await send('POST', '/api/assets', person, draft(overrides)), 201, AssetWriteResult);
    made.add(result.asset.id);
    return result;
  }
  const edit = (person: TestPerson, id: string, asset: AssetInputDraft, baseVersion: number, headers: Record<string, string> = {}) =>
    send('PUT', `/api/assets/${id}`, person, { asset, baseVersion }, headers);
  const review = (worker: TestPerson, submissionId: string, decision: string, reason?: string) =>
    send('POST', `/api/submissions/${submissionId}/review`, worker, { decision, ...(reason ? { reason } : {}) });
  const searchIds = async (q: string) => ok(await get(`/api/search?q=${encodeURIComponent(q)}`), 200, SearchResults).results.map((r) => r.id);
  const history = async (id: string) => ok(await get(`/api/assets/${id}/history`), 200, History).entries;

  it("keeps a resident's new asset pending until a worker approves it, then it is public and found", async () => {
    const resident = await signedIn(app(), 'resident');
    const worker = await signedIn(app(), 'worker');
    const input = draft();
    const created = ok(await send('POST', '/api/assets', resident, input), 201, AssetWriteResult);
    expect(created).toMatchObject({ outcome: 'pending', asset: { reviewState: 'pending', locationPrecision: 'postcode', postcode: POSTCODE, version: 1 } });
    expect(created.submission).toMatchObject({ kind: 'create', status: 'pending', baseVersion: 1, submittedBy: { id: resident.user.id } });
    expect(created.asset.provenance).toEqual([expect.objectContaining({ source: 'common-ground', licence: 'ODbL-1.0' })]);
    const id = made.add(created.asset.id);

    expect((await get(`/api/assets/${id}`)).statusCode).toBe(404);
    expect(await searchIds(input.name)).not.toContain(id);
    expect((await get(`/api/assets/${id}/history`)).statusCode).toBe(404);

    const mine = ok(await get('/api/me/submissions', resident), 200, SubmissionList).submissions;
    expect(mine[0]).toMatchObject({ id: created.submission!.id, status: 'pending', assetName: input.name });
    const queue = ok(await get('/api/moderation/queue', worker), 200, ModerationQueue);
    expect(queue.submissions.map((s) => s.id)).toContain(created.submission!.id);
    expect((await get('/api/moderation/queue', resident)).statusCode).toBe(403);

    const approved = await review(worker, created.submission!.id, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', reviewedBy: { id: worker.user.id } });
    expect((await review(worker, created.submission!.id, 'approve')).json()).toMatchObject({ code: 'already_reviewed' });

    const page = await get(`/api/assets/${id}`);
    const asset = ok(page, 200, Asset);
    expect(asset).toMatchObject({ reviewState: 'published', version: 2, name: input.name });
    expect(asset.freshness).toMatchObject({ basis: 'source', stale: false });
    expect(asset.freshness.checkedOn).toBe(new Date().toISOString().slice(0, 10));
    expect(page.headers.etag).toBe('"2"');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get(`/api/assets/${id}`, null, { 'if-none-match': '"2"' })).statusCode).toBe(304);
    expect(await searchIds(input.name)).toContain(id);

    const steps = await history(id);
    expect(steps.map((s) => [s.action, s.version, s.actor?.displayName, s.proposedBy?.displayName ?? null])).toEqual([
      ['create', 1, resident.user.displayName, null],
      ['approve', 2, worker.user.displayName, resident.user.displayName],
    ]);
    expect(steps[1]!.changed).toEqual(['reviewState', 'version']);
  });

  it("publishes a worker's asset at once, placed exactly, with its hours searchable", async () => {
    const worker = await signedIn(app(), 'worker');
    const created = await create(worker, { postcode: null, location: { type: 'Point', coordinates: GLOUCESTER }, openingHours: 'Mo-Su 00:00-24:00' });
    expect(created).toMatchObject({ outcome: 'published', submission: null, asset: { reviewState: 'published', locationPrecision: 'exact' } });
    expect(created.asset.areaCode).toMatch(/^E01/);
    expect(created.asset.location.coordinates).toEqual(GLOUCESTER);
    const { rows } = await app().pg.query<{ n: number }>('SELECT count(*)::int AS n FROM asset_open_intervals WHERE asset_id = $1', [created.asset.id]);
    expect(rows[0]!.n).toBeGreaterThan(0);
    const open = ok(await get(`/api/search?q=${encodeURIComponent(created.asset.name)}&open_now=true`), 200, SearchResults);
    expect(open.results.map((r) => r.id)).toContain(created.asset.id);
  });

  it("holds a resident's edit of a published asset as a proposal until a worker approves it", async () => {
    const resident = await signedIn(app(), 'resident');
    const worker = await signedIn(app(), 'worker');
    const { asset } = await create(worker);
    const proposal = await edit(resident, asset.id, draft({ name: asset.name, description: 'Now on Thursdays too' }), 1);
    const pending = ok(proposal, 202, AssetWriteResult);
    expect(pending).toMatchObject({ outcome: 'pending', submission: { kind: 'edit', status: 'pending', baseVersion: 1 } });
    expect(ok(await get(`/api/assets/${asset.id}`), 200, Asset)).toMatchObject({ version: 1, description: 'Tea and a chat on Tuesdays' });

    ok(await review(worker, pending.submission!.id, 'approve'), 200, { parse: (v) => v });
    expect(ok(await get(`/api/assets/${asset.id}`), 200, Asset)).toMatchObject({ version: 2, description: 'Now on Thursdays too' });
    const last = (await history(asset.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'approve', actor: { id: worker.user.id }, proposedBy: { id: resident.user.id }, changed: ['description', 'version'] });
  });

  it('asks for changes and rejects with reasons the resident sees, and lets them fix their draft in between', async () => {
    const resident = await signedIn(app(), 'resident');
    const worker = await signedIn(app(), 'worker');
    const { asset, submission } = await create(resident);
    const asked = await review(worker, submission!.id, 'request_changes', 'Which room is it in?');
    expect(asked.json()).toMatchObject({ status: 'changes_requested', reason: 'Which room is it in?' });
    expect((await review(worker, submission!.id, 'reject')).json()).toMatchObject({ code: 'invalid_request', issues: [{ path: 'body.reason' }] });
    expect(ok(await get('/api/me/submissions', resident), 200, SubmissionList).submissions[0]).toMatchObject({
      id: submission!.id,
      status: 'changes_requested',
      reason: 'Which room is it in?',
    });
    expect(ok(await get(`/api/worker/assets/${asset.id}`, worker), 200, WorkerAsset).reviewState).toBe('changes_requested');

    const fixed = ok(await edit(resident, asset.id, draft({ name: asset.name, address: 'Room 2, 1 Market St' }), 1), 200, AssetWriteResult);
    expect(fixed).toMatchObject({ outcome: 'pending', asset: { version: 2, address: 'Room 2, 1 Market St', reviewState: 'pending' } });
    expect(fixed.submission).toMatchObject({ id: submission!.id, status: 'pending', reason: null, baseVersion: 2 });

    const rejected = await review(worker, submission!.id, 'reject', 'Already listed as Market Hall');
    expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'Already listed as Market Hall' });
    expect(ok(await get('/api/me/submissions', resident), 200, SubmissionList).submissions[0]).toMatchObject({
      status: 'rejected',
      reason: 'Already listed as Market Hall',
    });
    expect(ok(await get(`/api/worker/assets/${asset.id}`, worker), 200, WorkerAsset).reviewState).toBe('rejected');
    expect((await get(`/api/assets/${asset.id}`)).statusCode).toBe(404);
    expect((await edit(resident, asset.id, draft({ name: asset.name }), 2)).json()).toMatchObject({ code: 'not_editable' });
    expect((await send('POST', `/api/submissions/${submission!.id}/withdraw`, resident, {})).statusCode).toBe(409);
  });

  it('lets the submitter, and only them, withdraw an open proposal', async () => {
    const resident = await signedIn(app(), 'resident');
    const other = await signedIn(app(), 'resident', 'other');
    const worker = await signedIn(app(), 'worker');
    const { asset, submission } = await create(resident);
    expect((await send('POST', `/api/submissions/${submission!.id}/withdraw`, other, {})).statusCode).toBe(404);
    expect((await send('POST', `/api/submissions/${submission!.id}/withdraw`, worker, {})).statusCode).toBe(403);
    expect((await send('POST', `/api/submissions/${submission!.id}/withdraw`, null, {})).statusCode).toBe(401);
    // Nobody else sees a resident's draft.
    expect((await edit(other, asset.id, draft({ name: asset.name }), 1)).statusCode).toBe(404);
    const withdrawn = await send('POST', `/api/submissions/${submission!.id}/withdraw`, resident, {});
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(ok(await get(`/api/worker/assets/${asset.id}`, worker), 200, WorkerAsset).reviewState).toBe('rejected');
    expect((await review(worker, submission!.id, 'approve')).json()).toMatchObject({ code: 'already_reviewed' });
  });

  it('answers a stale write with 409 and both versions, leaving the stored asset untouched', async () => {
    const worker = await signedIn(app(), 'worker');
    const other = await signedIn(app(), 'worker', 'other-worker');
    const { asset } = await create(worker);
    ok(await edit(other, asset.id, draft({ name: asset.name, phone: '01452 000000' }), 1), 200, AssetWriteResult);

    const mine = draft({ name: `${asset.name} renamed` });
    const stale = ok(await edit(worker, asset.id, mine, 1), 409, VersionConflictBody);
    expect(stale).toMatchObject({ code: 'version_conflict', current: { version: 2, phone: '01452 000000', name: asset.name }, yours: { name: mine.name } });
    expect(ok(await get(`/api/assets/${asset.id}`), 200, Asset)).toMatchObject({ version: 2, name: asset.name });

    expect((await edit(worker, asset.id, mine, 2, { 'if-match': '"1"' })).json()).toMatchObject({ issues: [{ path: 'headers.if-match' }] });
    const redone = await edit(worker, asset.id, mine, 2, { 'if-match': '"2"' });
    expect(ok(redone, 200, AssetWriteResult)).toMatchObject({ outcome: 'published', asset: { version: 3, name: mine.name } });
    expect(redone.headers.etag).toBe('"3"');
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const worker = await signedIn(app(), 'worker');
    const other = await signedIn(app(), 'worker', 'other-worker');
    const { asset } = await create(worker);
    const results = await Promise.all([
      edit(worker, asset.id, draft({ name: `${asset.name} A` }), 1),
      edit(other, asset.id, draft({ name: `${asset.name} B` }), 1),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!;
    expect(ok(await get(`/api/assets/${asset.id}`), 200, Asset)).toMatchObject({ version: 2, name: AssetWriteResult.parse(winner.json()).asset.name });
  });

  it('records a new version when a worker verifies an asset, and tells a verified asset from an imported one', async () => {
    const worker = await signedIn(app(), 'worker');
    const { asset } = await create(worker);
    expect((await send('POST', `/api/assets/${asset.id}/verify`, worker, { baseVersion: 7 })).statusCode).toBe(409);
    const verified = ok(await send('POST', `/api/assets/${asset.id}/verify`, worker, { baseVersion: 1 }), 200, WorkerAsset);
    expect(verified).toMatchObject({ version: 2, verifiedBy: { id: worker.user.id }, freshness: { basis: 'verified', stale: false } });
    const page = ok(await get(`/api/assets/${asset.id}`), 200, Asset);
    expect(page.freshness).toEqual({ basis: 'verified', checkedOn: new Date().toISOString().slice(0, 10), stale: false });
    expect(page).not.toHaveProperty('verifiedBy');
    expect((await history(asset.id)).at(-1)).toMatchObject({ action: 'verify', changed: ['lastVerifiedAt', 'version'] });

    // A loaded GP practice: only as fresh as its source.
    const { rows } = await app().pg.query<{ asset_id: string }>(
      `SELECT asset_id FROM asset_sources WHERE source = 'nhs-ods-gp-practices' AND source_id = 'C83036'`,
    );
    const imported = ok(await get(`/api/assets/${rows[0]!.asset_id}`), 200, Asset);
    expect(imported.freshness).toMatchObject({ basis: imported.lastVerifiedAt ? 'verified' : 'source' });
  });

  it('reverts to an earlier version as a new version, with every step in the history', async () => {
    const worker = await signedIn(app(), 'worker');
    const editor = await signedIn(app(), 'worker', 'editor');
    const { asset } = await create(worker, { phone: '01452 111111' });
    ok(await edit(editor, asset.id, draft({ name: `${asset.name} (vandalised)`, phone: null }), 1), 200, AssetWriteResult);
    ok(
      await edit(
        editor,
        asset.id,
        draft({ name: `${asset.name} (vandalised again)`, postcode: null, location: { type: 'Point', coordinates: GLOUCESTER } }),
        2,
      ),
      200,
      AssetWriteResult,
    );

    expect((await send('POST', `/api/assets/${asset.id}/revert`, worker, { toVersion: 1, baseVersion: 2 })).statusCode).toBe(409);
    expect((await send('POST', `/api/assets/${asset.id}/revert`, worker, { toVersion: 3, baseVersion: 3 })).json()).toMatchObject({
      issues: [{ path: 'body.toVersion' }],
    });
    const reverted = ok(await send('POST', `/api/assets/${asset.id}/revert`, worker, { toVersion: 1, baseVersion: 3 }), 200, WorkerAsset);
    expect(reverted).toMatchObject({ version: 4, name: asset.name, phone: '01452 111111', locationPrecision: 'postcode', location: asset.location });

    const steps = await history(asset.id);
    expect(steps.map((s) => [s.action, s.version, s.actor?.displayName, s.note])).toEqual([
      ['create', 1, worker.user.displayName, null],
      ['edit', 2, editor.user.displayName, null],
      ['edit', 3, editor.user.displayName, null],
      ['revert', 4, worker.user.displayName, 'reverted to version 1'],
    ]);
    expect(steps[3]!.changed).toEqual(expect.arrayContaining(['name', 'phone', 'location', 'locationPrecision', 'version']));
    expect(steps[3]!.changed).not.toContain('description');
    expect(steps[3]!.before).toMatchObject({ name: `${asset.name} (vandalised again)` });
  });

  it('reverts an imported asset to the version it was loaded with', async () => {
    const worker = await signedIn(app(), 'worker');
    const name = `Imported hall ${uniqueWord()}`;
    // As the loader writes it: published, no history of its own.
    const { rows } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, source_date, licence, phone)
       VALUES ($1, 'community-centre', ST_SetSRID(ST_MakePoint($2, $3), 4326), 'exact', 'published', 'test-import', '2016-02-01', 'OGL-UK-3.0', '01452 222222')
       RETURNING id`,
      [name, ...GLOUCESTER],
    );
    const id = made.add(rows[0]!.id);
    expect(ok(await get(`/api/assets/${id}`), 200, Asset).freshness).toEqual({ basis: 'source', checkedOn: '2016-02-01', stale: true });
    ok(await edit(worker, id, draft({ name: `${name} (wrong)`, categoryCode: 'community-centre' }), 1), 200, AssetWriteResult);
    const reverted = ok(await send('POST', `/api/assets/${id}/revert`, worker, { toVersion: 1, baseVersion: 2 }), 200, WorkerAsset);
    expect(reverted).toMatchObject({ version: 3, name, phone: '01452 222222', locationPrecision: 'exact', location: { coordinates: GLOUCESTER } });
  });

  it('records each edit in the change queue with where the asset was and is', async () => {
    const worker = await signedIn(app(), 'worker');
    const { asset } = await create(worker);
    ok(
      await edit(worker, asset.id, draft({ name: asset.name, postcode: null, location: { type: 'Point', coordinates: GLOUCESTER } }), 1),
      200,
      AssetWriteResult,
    );
    const { rows } = await app().pg.query<{ operation: string; moved: boolean; was_public: boolean; is_public: boolean }>(
      `SELECT operation, NOT ST_Equals(old_geom_bng, new_geom_bng) AS moved, was_public, is_public
       FROM asset_change_queue WHERE asset_id = $1 ORDER BY id`,
      [asset.id],
    );
    expect(rows.map((r) => r.operation)).toEqual(['insert', 'update']);
    expect(rows[1]).toMatchObject({ moved: true, was_public: true, is_public: true });
  });

  it('limits a worker to their areas', async () => {
    const limited = await signedIn(app(), 'worker', 'limited');
    const resident = await signedIn(app(), 'resident');
    const { rows } = await app().pg.query<{ code: string; lon: number; lat: number }>(
      `SELECT a.code, ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
       FROM areas a WHERE a.lad_code <> (SELECT lad_code FROM postcodes WHERE postcode = $1) ORDER BY a.code LIMIT 1`,
      [POSTCODE],
    );
    const area = rows[0]!;
    await app().pg.query('INSERT INTO user_area_limits (user_id, area_code) VALUES ($1, $2)', [limited.user.id, area.code]);

    const outside = await send('POST', '/api/assets', limited, draft());
    expect(outside.statusCode).toBe(403);
    expect(ErrorBody.parse(outside.json()).code).toBe('outside_your_areas');
    const inside = await create(limited, { postcode: null, location: { type: 'Point', coordinates: [area.lon, area.lat] } });
    expect(inside.asset.areaCode).toBe(area.code);
    // Nor can they move an asset out of their areas, or review proposals elsewhere.
    const moved = await edit(limited, inside.asset.id, draft({ name: inside.asset.name }), 1);
    expect(moved.statusCode).toBe(403);
    const { submission } = await create(resident);
    expect((await review(limited, submission!.id, 'approve')).statusCode).toBe(403);
    const queue = ok(await get('/api/moderation/queue', limited), 200, ModerationQueue);
    expect(queue.submissions.map((s) => s.id)).not.toContain(submission!.id);
    await send('POST', `/api/submissions/${submission!.id}/withdraw`, resident, {});
  });

  it('lists the places to re-check in a worker’s areas, longest unchecked first, and a check moves one off the top', async () => {
    const limited = await signedIn(app(), 'worker', 'stale');
    const { rows: lad } = await app().pg.query<{ code: string }>('SELECT lad_code AS code FROM postcodes WHERE postcode = $1', [POSTCODE]);
    await app().pg.query('INSERT INTO user_area_limits (user_id, area_code) VALUES ($1, $2)', [limited.user.id, lad[0]!.code]);
    const stale = async () => ok(await get('/api/worker/assets?order=stale&limit=20', limited), 200, WorkerAssetList).assets;

    const first = await stale();
    expect(first.length).toBe(20);
    const { rows } = await app().pg.query<{ id: string; lad: string; status: string; since: string }>(
      `SELECT a.id, ar.lad_code AS lad, a.lifecycle_status AS status, coalesce(a.last_verified_at, a.source_date::timestamptz)::text AS since
       FROM assets a JOIN areas ar ON ar.code = a.lsoa_code WHERE a.id = ANY($1::uuid[])`,
      [first.map((a) => a.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const since = first.map((a) => Date.parse(byId.get(a.id)!.since));
    expect(since).toEqual([...since].sort((a, b) => a - b));
    for (const a of first) {
      expect(byId.get(a.id)?.lad).toBe(lad[0]!.code);
      expect(byId.get(a.id)?.status).not.toBe('defunct');
    }

    const top = first[0]!;
    expect(ok(await send('POST', `/api/assets/${top.id}/verify`, limited, { baseVersion: top.version }), 200, WorkerAsset).lastVerifiedAt).not.toBeNull();
    expect((await stale()).map((a) => a.id)).not.toContain(top.id);
    // A worker limited elsewhere sees none of these.
    const elsewhere = await signedIn(app(), 'worker', 'elsewhere');
    const { rows: other } = await app().pg.query<{ code: string }>('SELECT code FROM areas WHERE lad_code <> $1 ORDER BY code LIMIT 1', [lad[0]!.code]);
    await app().pg.query('INSERT INTO user_area_limits (user_id, area_code) VALUES ($1, $2)', [elsewhere.user.id, other[0]!.code]);
    const theirs = ok(await get('/api/worker/assets?order=stale&limit=20', elsewhere), 200, WorkerAssetList).assets;
    expect(theirs.every((a) => a.areaCode === other[0]!.code)).toBe(true);
  });

  it('keeps a sensitive asset off every public surface and shows it to workers uncached', async () => {
    const worker = await signedIn(app(), 'worker');
    const resident = await signedIn(app(), 'resident');
    expect((await send('POST', '/api/assets', resident, draft({ sensitive: true }))).statusCode).toBe(403);
    const { asset } = await create(worker, { sensitive: true, name: `Refuge ${uniqueWord()}` });
    expect(asset.sensitive).toBe(true);

    expect((await get(`/api/assets/${asset.id}`)).statusCode).toBe(404);
    expect((await get(`/api/assets/${asset.id}`, resident)).statusCode).toBe(404);
    expect((await get(`/api/assets/${asset.id}/history`)).statusCode).toBe(404);
    expect(await searchIds(asset.name)).not.toContain(asset.id);
    expect((await send('POST', `/api/assets/${asset.id}/reports`, null, { kind: 'closed' })).statusCode).toBe(404);
    expect((await edit(resident, asset.id, draft({ name: asset.name }), 1)).statusCode).toBe(404);

    const seen = await get(`/api/worker/assets/${asset.id}`, worker);
    expect(ok(seen, 200, WorkerAsset)).toMatchObject({ sensitive: true, createdBy: { id: worker.user.id } });
    expect(seen.headers['cache-control']).toBe('private, no-store');
    const listed = await get('/api/worker/assets?sensitive=true&state=published&limit=200', worker);
    expect(listed.headers['cache-control']).toBe('private, no-store');
    expect(ok(listed, 200, WorkerAssetList).assets.every((a) => a.sensitive && a.reviewState === 'published')).toBe(true);
    expect(ok(await get(`/api/worker/assets/${asset.id}/history`, worker), 200, History).entries.map((e) => e.action)).toEqual(['create']);
    for (const url of [`/api/worker/assets/${asset.id}`, '/api/worker/assets', `/api/worker/assets/${asset.id}/history`]) {
      expect((await get(url, resident)).statusCode, url).toBe(403);
      expect((await get(url)).statusCode, url).toBe(401);
    }
  });

  it('answers each bad input with a 400 naming the field', async () => {
    const worker = await signedIn(app(), 'worker');
    const cases: [Partial<AssetInputDraft>, string][] = [
      [{ postcode: 'ZZ9 9ZZ' }, 'body.postcode'],
      [{ postcode: null, location: { type: 'Point', coordinates: [1.86, 50.95] } }, 'body.location'], // Calais
      [{ postcode: null, location: { type: 'Point', coordinates: [-3.0, 50.2] } }, 'body.location'], // the Channel
      [{ postcode: null, location: { type: 'Point', coordinates: [2.35, 48.85] } }, 'body.location'], // Paris
      [{ ageMin: 12, ageMax: 8 }, 'body.ageMax'],
      [{ openingHours: 'whenever we feel like it' }, 'body.openingHours'],
      [{ email: 'not an address' }, 'body.email'],
      [{ postcode: null }, 'body.location'],
      [{ categoryCode: 'no-such-category' }, 'body.categoryCode'],
    ];
    for (const [overrides, path] of cases) {
      const res = await send('POST', '/api/assets', worker, draft(overrides));
      expect(res.statusCode, `${JSON.stringify(overrides)}: ${res.body}`).toBe(400);
      expect(
        ErrorBody.parse(res.json()).issues?.map((i) => i.path),
        JSON.stringify(overrides),
      ).toContain(path);
    }
    expect((await send('POST', '/api/assets', null, draft())).statusCode).toBe(401);
  });

  it('checks who is asking before it reads the body', async () => {
    const resident = await signedIn(app(), 'resident');
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await send('POST', '/api/assets', null, {})).json()).toMatchObject({ code: 'signed_out' });
    expect((await send('PUT', `/api/assets/${id}`, null, {})).statusCode).toBe(401);
    for (const url of [`/api/assets/${id}/verify`, `/api/assets/${id}/revert`]) {
      expect((await send('POST', url, null, {})).statusCode, url).toBe(401);
      expect((await send('POST', url, resident, {})).json(), url).toMatchObject({ code: 'forbidden' });
    }
    expect((await get('/api/worker/assets?limit=nonsense', resident)).statusCode).toBe(403);
  });
});
