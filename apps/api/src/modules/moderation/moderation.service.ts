import {
  AssetInput,
  type ModerationQueue,
  type Report,
  type ReportBody,
  type ResolveReportBody,
  type ReviewDecisionBody,
  type Submission,
  type User,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { assertMayCurateIn, isWorker } from '../access/access.js';
import * as assets from '../assets/asset-writes.repository.js';
import { recordAssetChange, resolveContent, versionConflict } from '../assets/asset-writes.service.js';
import * as reports from './reports.repository.js';
import * as submissions from './submissions.repository.js';

/*
 * Moderation: workers review residents' proposals and the public's reports, each within
 * the areas they curate. A withdrawn or rejected new asset is kept (never public, labelled
 * `rejected`) rather than deleted, so its history and the resident's list stay whole.
 */

async function submissionOrThrow(db: Queryable, id: string): Promise<Submission> {
  const submission = await submissions.findSubmission(db, id);
  if (!submission) throw new NotFoundError('submission', id);
  return submission;
}

const alreadyReviewed = (status: string) =>
  new ConflictError('already_reviewed', `This proposal is ${status.replace('_', ' ')}; only pending proposals can be reviewed.`);

export async function reviewSubmission(transact: Transact, worker: User, id: string, body: ReviewDecisionBody): Promise<Submission> {
  return transact(async (tx) => {
    const locked = await submissions.lockSubmissionAndAsset(tx, id, assets.lockAsset);
    if (!locked) throw new NotFoundError('submission', id);
    const { sub, asset } = locked;
    await assertMayCurateIn(tx, worker, asset.lsoaCode);
    if (sub.status !== 'pending') throw alreadyReviewed(sub.status);
    const before = await assets.assetSnapshot(tx, sub.assetId);
    const record = (action: string, version: number, note: string | null = null) =>
      recordAssetChange(tx, sub.assetId, { version, action, actorId: worker.id, proposedBy: sub.submittedBy, before, note });

    if (body.decision === 'approve') {
      if (sub.kind === 'create') {
        await record('approve', await assets.setReviewState(tx, sub.assetId, 'published', true));
      } else {
        // Apply the edit only to the version it was made against: a worker sees both otherwise.
        if (asset.version !== sub.baseVersion) {
          const message =
            `The asset changed after this proposal was made (against version ${sub.baseVersion}; it is now ` +
            `version ${asset.version}). Compare both, then edit the asset or reject the proposal.`;
          throw await versionConflict(tx, worker, sub.assetId, sub.proposed, message);
        }
        const proposed = AssetInput.parse(sub.proposed);
        // The flag stays as it is now, whatever the proposal says (residents cannot set it).
        const resolved = await resolveContent(tx, { ...proposed, sensitive: asset.sensitive }, 'proposed');
        await assertMayCurateIn(tx, worker, resolved.lsoaCode);
        const { version } = await assets.updateAssetContent(tx, sub.assetId, resolved.content);
        await assets.replaceOpenIntervals(tx, sub.assetId, resolved.intervals);
        await record('approve', version);
      }
      await submissions.decide(tx, id, 'approved', null, worker.id);
    } else {
      const status = body.decision === 'reject' ? 'rejected' : 'changes_requested';
      const reason = body.reason ?? null;
      if (sub.kind === 'create') {
        // The draft itself carries the decision; an edit proposal leaves the asset as it is.
        await record(body.decision, await assets.setReviewState(tx, sub.assetId, status, false), reason);
      }
      await submissions.decide(tx, id, status, reason, worker.id);
    }
    return submissionOrThrow(tx, id);
  });
}

export async function withdrawSubmission(transact: Transact, user: User, id: string): Promise<Submission> {
  return transact(async (tx) => {
    const sub = (await submissions.lockSubmissionAndAsset(tx, id, assets.lockAsset))?.sub;
    if (!sub || (sub.submittedBy !== user.id && !isWorker(user))) throw new NotFoundError('submission', id);
    if (sub.submittedBy !== user.id) throw new ForbiddenError('not_yours', 'Only the person who made a proposal can withdraw it.');
    if (sub.status !== 'pending' && sub.status !== 'changes_requested') {
      const status = sub.status.replace('_', ' ');
      throw new ConflictError('already_reviewed', `This proposal is ${status}; only open proposals can be withdrawn.`);
    }
    await submissions.decide(tx, id, 'withdrawn', null, null);
    if (sub.kind === 'create') {
      const before = await assets.assetSnapshot(tx, sub.assetId);
      const version = await assets.setReviewState(tx, sub.assetId, 'rejected', false);
      await recordAssetChange(tx, sub.assetId, { version, action: 'withdraw', actorId: user.id, before });
    }
    return submissionOrThrow(tx, id);
  });
}

/** Anyone's report on a public asset; 404 for any other (unpublished, sensitive, unknown). */
export async function fileReport(db: Queryable, user: User | null, assetId: string, body: ReportBody): Promise<Report> {
  const id = await reports.insertReportOnPublicAsset(db, assetId, body, user?.id ?? null);
  if (!id) throw new NotFoundError('asset', assetId);
  return (await reports.findReport(db, id))!;
}

export async function resolveReport(transact: Transact, worker: User, id: string, body: ResolveReportBody): Promise<Report> {
  return transact(async (tx) => {
    const report = await reports.lockReport(tx, id);
    if (!report) throw new NotFoundError('report', id);
    await assertMayCurateIn(tx, worker, report.lsoaCode);
    if (report.status !== 'open') throw new ConflictError('already_resolved', `This report is already ${report.status}.`);
    await reports.resolve(tx, id, body, worker.id);
    return (await reports.findReport(tx, id))!;
  });
}

export async function moderationQueue(db: Queryable, worker: User): Promise<ModerationQueue> {
  return {
    submissions: await submissions.listPendingSubmissionsFor(db, worker),
    reports: await reports.listOpenReportsFor(db, worker),
  };
}

/** A person's own proposals, newest first: a read with no rule beyond its query. */
export { listSubmissionsBy } from './submissions.repository.js';
