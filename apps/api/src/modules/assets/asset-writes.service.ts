import type { AssetEditBody, AssetInput, AssetWriteResult, RevertBody, Submission, User, VerifyBody, WorkerAsset } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { assertMayCurateIn, isWorker } from '../access/access.js';
import { categoryExists } from '../categories/categories.repository.js';
import { recordChange } from '../history/history.repository.js';
import * as submissions from '../moderation/submissions.repository.js';
import { postcodeCentre } from '../places/places.repository.js';
import { normalisePostcode } from '../places/postcodes.js';
import { contentOf, type AssetContent, type AssetSnapshot } from './asset-snapshot.js';
import * as repo from './asset-writes.repository.js';
import { weeklyIntervals, type WeeklyInterval } from '@common-ground/geo/opening-hours';
import { findWorkerAsset } from './worker-assets.repository.js';

/*
 * The asset write side. Workers' changes publish at once (within their areas); a
 * resident's new asset waits as a draft and their edit of a published asset waits as a
 * proposal (moderation.service.ts reviews both). Every write: one transaction, the asset
 * row locked first, its version checked (a stale write is a 409 with both versions, never
 * a lost update), history recorded beside the change.
 *
 * Fields a resident cannot set: `sensitive`. A resident's `true` is refused (403); their
 * `false` or nothing means "leave it as it is", so the stored flag is kept.
 */

/** A write result's asset as the caller may see it: residents do not learn which worker did what. */
export function assetFor(user: User, asset: WorkerAsset): WorkerAsset {
  if (isWorker(user)) return asset;
  return { ...asset, verifiedBy: null, createdBy: asset.createdBy?.id === user.id ? asset.createdBy : null };
}

async function workerAsset(db: Queryable, id: string): Promise<WorkerAsset> {
  const asset = await findWorkerAsset(db, id);
  if (!asset) throw new NotFoundError('asset', id);
  return asset;
}

/** A 409 with the stored asset and what the caller sent, so they can compare and redo their change. */
export async function versionConflict(db: Queryable, user: User, id: string, yours: unknown, message: string): Promise<ConflictError> {
  const current = assetFor(user, await workerAsset(db, id));
  return new ConflictError('version_conflict', message, undefined, { current, ...(yours === undefined ? {} : { yours }) });
}

function outsideEngland(path: string): AppError {
  return new AppError(400, 'outside_england', `${path}: this place is not in England; Common Ground maps English neighbourhoods only.`, [
    { path, message: 'must be a place in England' },
  ]);
}

export interface ResolvedContent {
  content: AssetContent;
  lsoaCode: string;
  intervals: WeeklyInterval[];
}

/**
 * Checks what the form cannot check alone (the category exists, the postcode is known,
 * the hours parse, the place is in England) and resolves the place: the map click, else
 * the postcode's centre. Each failure is a 400 naming the field.
 */
export async function resolveContent(db: Queryable, input: AssetInput, pathPrefix = 'body'): Promise<ResolvedContent> {
  const at = (field: string) => `${pathPrefix}.${field}`;
  if (!(await categoryExists(db, input.categoryCode))) {
    throw BadRequestError.forParam(at('categoryCode'), `no category ${input.categoryCode}`);
  }
  let postcode: string | null = null;
  let postcodePoint: [number, number] | undefined;
  if (input.postcode) {
    postcode = normalisePostcode(input.postcode);
    postcodePoint = postcode ? await postcodeCentre(db, { kind: 'postcode', value: postcode }) : undefined;
    if (!postcode || !postcodePoint) {
      throw BadRequestError.forParam(at('postcode'), `no postcode ${input.postcode} in the postcode directory`);
    }
  }
  let intervals: WeeklyInterval[] = [];
  if (input.openingHours) {
    const parsed = weeklyIntervals(input.openingHours);
    if (!parsed) {
      const example = 'Mo-Fr 09:00-17:00; Sa 10:00-12:00';
      throw BadRequestError.forParam(at('openingHours'), `must be OpenStreetMap opening_hours, such as "${example}"`);
    }
    intervals = parsed;
  }
  const coordinates: [number, number] = input.location ? input.location.coordinates : postcodePoint!;
  const lsoaCode = await repo.lsoaAt(db, coordinates);
  if (!lsoaCode) throw outsideEngland(at(input.location ? 'location' : 'postcode'));
  const content: AssetContent = {
    ...input,
    postcode,
    location: { type: 'Point', coordinates },
    locationPrecision: input.location ? 'exact' : 'postcode',
  };
  return { content, lsoaCode, intervals };
}

async function writeContent(tx: Queryable, id: string, resolved: ResolvedContent): Promise<number> {
  const { version } = await repo.updateAssetContent(tx, id, resolved.content);
  await repo.replaceOpenIntervals(tx, id, resolved.intervals);
  return version;
}

export interface AssetChange {
  version: number;
  action: string;
  actorId: string;
  /** The asset before the change (null for a new one); the record reads the after itself. */
  before: AssetSnapshot | null;
  proposedBy?: string | null;
  note?: string | null;
}

/** Records a change to an asset in history; call it in the change's transaction, after the change. */
export async function recordAssetChange(tx: Queryable, id: string, change: AssetChange): Promise<void> {
  await recordChange(tx, { entityType: 'asset', entityId: id, ...change, after: await repo.assetSnapshot(tx, id) });
}

async function findSubmissionOrNull(tx: Queryable, id: string | null): Promise<Submission | null> {
  return id ? ((await submissions.findSubmission(tx, id)) ?? null) : null;
}

const staleMessage = (seen: number, now: number) => `This asset changed since you opened it (you had version ${seen}; it is now version ${now}).`;

/** Only workers flag a place as sensitive. */
function assertMaySetSensitive(user: User, wanted: boolean, stored: boolean): void {
  if (wanted && !stored && !isWorker(user)) {
    throw new ForbiddenError('sensitive_needs_worker', 'Only community workers can mark a place as sensitive.');
  }
}

export async function createAsset(transact: Transact, user: User, input: AssetInput): Promise<AssetWriteResult> {
  assertMaySetSensitive(user, input.sensitive, false);
  const worker = isWorker(user);
  return transact(async (tx) => {
    const resolved = await resolveContent(tx, input);
    if (worker) await assertMayCurateIn(tx, user, resolved.lsoaCode);
    const reviewState = worker ? 'published' : 'pending';
    const { id } = await repo.insertAsset(tx, resolved.content, { reviewState, createdBy: user.id });
    await repo.replaceOpenIntervals(tx, id, resolved.intervals);
    await recordAssetChange(tx, id, { version: 1, action: 'create', actorId: user.id, before: null });
    const submissionId = worker
      ? null
      : await submissions.insertSubmission(tx, { assetId: id, kind: 'create', proposed: input, baseVersion: 1, submittedBy: user.id });
    return {
      outcome: worker ? 'published' : 'pending',
      asset: assetFor(user, await workerAsset(tx, id)),
      submission: await findSubmissionOrNull(tx, submissionId),
    };
  });
}

/** Reads `If-Match: "3"` (or W/"3", or 3); null when absent. */
export function ifMatchVersion(header: string | undefined): number | null | 'invalid' {
  if (header === undefined) return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  return match ? Number(match[1]) : 'invalid';
}

export interface EditOutcome {
  status: 200 | 202;
  result: AssetWriteResult;
}

/**
 * Edits an asset. A worker's edit applies at once (an unpublished asset stays in review);
 * a resident's edit of their own draft changes the draft and sends it back to the queue;
 * a resident's edit of a published asset becomes a proposal (202) and changes nothing yet.
 */
export async function editAsset(transact: Transact, user: User, id: string, body: AssetEditBody, ifMatch: string | undefined): Promise<EditOutcome> {
  const matched = ifMatchVersion(ifMatch);
  if (matched === 'invalid' || (matched !== null && matched !== body.baseVersion)) {
    throw BadRequestError.forParam('headers.if-match', `must be the version you edited ("${body.baseVersion}"), as body.baseVersion says`);
  }
  const worker = isWorker(user);
  return transact(async (tx) => {
    const state = await repo.lockAsset(tx, id);
    const ownDraft = state !== undefined && state.createdBy === user.id && state.reviewState !== 'published';
    const isPublic = state !== undefined && state.reviewState === 'published' && !state.sensitive;
    if (!state || (!worker && !ownDraft && !isPublic)) throw new NotFoundError('asset', id);
    if (worker) await assertMayCurateIn(tx, user, state.lsoaCode);
    assertMaySetSensitive(user, body.asset.sensitive, state.sensitive);
    if (!worker && ownDraft && state.reviewState === 'rejected') {
      throw new ConflictError('not_editable', 'This proposal was rejected or withdrawn; add the place again if things have changed.');
    }
    if (state.version !== body.baseVersion) {
      throw await versionConflict(tx, user, id, body.asset, staleMessage(body.baseVersion, state.version));
    }
    const input: AssetInput = worker ? body.asset : { ...body.asset, sensitive: state.sensitive };
    const resolved = await resolveContent(tx, input, 'body.asset');

    if (!worker && isPublic) {
      // A proposal: the published asset stays as it is until a worker approves.
      const submissionId = await submissions.insertSubmission(tx, {
        assetId: id,
        kind: 'edit',
        proposed: input,
        baseVersion: body.baseVersion,
        submittedBy: user.id,
      });
      const asset = assetFor(user, await workerAsset(tx, id));
      return { status: 202, result: { outcome: 'pending', asset, submission: await findSubmissionOrNull(tx, submissionId) } };
    }
    if (worker) await assertMayCurateIn(tx, user, resolved.lsoaCode);
    // The resident's own draft changes in place and goes back to the queue.
    const open = worker ? undefined : await submissions.lockOpenCreateSubmission(tx, id);
    const before = await repo.assetSnapshot(tx, id);
    const version = await writeContent(tx, id, resolved);
    if (!worker && state.reviewState !== 'pending') await repo.setReviewState(tx, id, 'pending', false);
    await recordAssetChange(tx, id, { version, action: 'edit', actorId: user.id, before });
    if (open) await submissions.resubmit(tx, open.id, input, version);
    return {
      status: 200,
      result: {
        outcome: worker && state.reviewState === 'published' ? 'published' : 'pending',
        asset: assetFor(user, await workerAsset(tx, id)),
        submission: await findSubmissionOrNull(tx, open?.id ?? null),
      },
    };
  });
}

/** A worker locks an asset they curate and checks the version they saw. */
async function lockForWorker(tx: Queryable, user: User, id: string, baseVersion: number): Promise<repo.AssetState> {
  const state = await repo.lockAsset(tx, id);
  if (!state) throw new NotFoundError('asset', id);
  await assertMayCurateIn(tx, user, state.lsoaCode);
  if (state.version !== baseVersion) throw await versionConflict(tx, user, id, undefined, staleMessage(baseVersion, state.version));
  return state;
}

/** A worker confirms the details are still right: dated, attributed, a new version. */
export async function verifyAsset(transact: Transact, user: User, id: string, body: VerifyBody): Promise<WorkerAsset> {
  return transact(async (tx) => {
    await lockForWorker(tx, user, id, body.baseVersion);
    const before = await repo.assetSnapshot(tx, id);
    const version = await repo.markVerified(tx, id, user.id);
    await recordAssetChange(tx, id, { version, action: 'verify', actorId: user.id, before });
    return workerAsset(tx, id);
  });
}

/**
 * Returns an asset's content to what it was at `toVersion`, as a new version. Review
 * state and the sensitive flag stay as they are now: a revert of someone's edit must not
 * re-expose a place a worker has since marked sensitive, nor unpublish it.
 */
export async function revertAsset(transact: Transact, user: User, id: string, body: RevertBody): Promise<WorkerAsset> {
  const toVersion = (message: string) => BadRequestError.forParam('body.toVersion', message);
  return transact(async (tx) => {
    const state = await lockForWorker(tx, user, id, body.baseVersion);
    if (body.toVersion >= state.version) throw toVersion(`must be an earlier version than the current one (${state.version})`);
    const target = await repo.snapshotAtVersion(tx, id, body.toVersion);
    if (!target) throw toVersion(`no recorded version ${body.toVersion} of this asset`);
    const content = { ...contentOf(target), sensitive: state.sensitive };
    if (!(await categoryExists(tx, content.categoryCode))) {
      throw toVersion(`version ${body.toVersion} has the category ${content.categoryCode}, which no longer exists`);
    }
    const lsoaCode = await repo.lsoaAt(tx, content.location.coordinates);
    if (!lsoaCode) throw outsideEngland('body.toVersion');
    await assertMayCurateIn(tx, user, lsoaCode);
    const intervals = content.openingHours ? (weeklyIntervals(content.openingHours) ?? []) : [];
    const before = await repo.assetSnapshot(tx, id);
    const version = await writeContent(tx, id, { content, lsoaCode, intervals });
    await recordAssetChange(tx, id, { version, action: 'revert', actorId: user.id, before, note: `reverted to version ${body.toVersion}` });
    return workerAsset(tx, id);
  });
}
