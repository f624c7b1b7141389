import type { AssetInput, Submission, SubmissionStatus, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { curatesInSql } from '../access/access.repository.js';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const person = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name) END`;

const SUBMISSION_SELECT = `
  SELECT s.id, s.asset_id AS "assetId", a.name AS "assetName", s.kind, s.status, s.reason, s.proposed,
         s.base_version AS "baseVersion", ${person('sb')} AS "submittedBy",
         to_char(s.submitted_at AT TIME ZONE 'UTC', ${ISO}) AS "submittedAt",
         ${person('rb')} AS "reviewedBy", to_char(s.reviewed_at AT TIME ZONE 'UTC', ${ISO}) AS "reviewedAt"
  FROM asset_submissions s
  JOIN assets a ON a.id = s.asset_id
  LEFT JOIN users sb ON sb.id = s.submitted_by
  LEFT JOIN users rb ON rb.id = s.reviewed_by`;

/** What a review or withdrawal needs, locked for the transaction. */
export interface SubmissionState {
  id: string;
  assetId: string;
  kind: 'create' | 'edit';
  status: SubmissionStatus;
  proposed: AssetInput;
  baseVersion: number;
  submittedBy: string | null;
}

const STATE_COLUMNS = `id, asset_id AS "assetId", kind, status, proposed, base_version AS "baseVersion", submitted_by AS "submittedBy"`;

/**
 * A submission and its asset, both locked, the asset first: every write locks an asset
 * before its submissions (a resident's draft edit does too), so two writers never wait on
 * each other in opposite orders.
 */
export async function lockSubmissionAndAsset<A>(
  tx: Queryable,
  id: string,
  lockAsset: (tx: Queryable, assetId: string) => Promise<A | undefined>,
): Promise<{ sub: SubmissionState; asset: A } | undefined> {
  const { rows } = await tx.query<{ assetId: string }>('SELECT asset_id AS "assetId" FROM asset_submissions WHERE id = $1', [id]);
  if (!rows[0]) return undefined;
  const asset = await lockAsset(tx, rows[0].assetId);
  const locked = await tx.query<SubmissionState>(`SELECT ${STATE_COLUMNS} FROM asset_submissions WHERE id = $1 FOR UPDATE`, [id]);
  const sub = locked.rows[0];
  return asset && sub ? { sub, asset } : undefined;
}

/** The open proposal that created a draft asset (pending or sent back for changes). */
export async function lockOpenCreateSubmission(tx: Queryable, assetId: string): Promise<SubmissionState | undefined> {
  const { rows } = await tx.query<SubmissionState>(
    `SELECT ${STATE_COLUMNS} FROM asset_submissions
     WHERE asset_id = $1 AND kind = 'create' AND status IN ('pending', 'changes_requested')
     ORDER BY submitted_at DESC LIMIT 1 FOR UPDATE`,
    [assetId],
  );
  return rows[0];
}

export interface NewSubmission {
  assetId: string;
  kind: 'create' | 'edit';
  proposed: AssetInput;
  baseVersion: number;
  submittedBy: string;
}

export async function insertSubmission(tx: Queryable, s: NewSubmission): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO asset_submissions (asset_id, kind, proposed, base_version, submitted_by)
     VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
    [s.assetId, s.kind, JSON.stringify(s.proposed), s.baseVersion, s.submittedBy],
  );
  return rows[0]!.id;
}

/** The resident changed their draft: the proposal waits for a worker again, with the earlier decision cleared. */
export async function resubmit(tx: Queryable, id: string, proposed: AssetInput, baseVersion: number): Promise<void> {
  await tx.query(
    `UPDATE asset_submissions
     SET proposed = $2::jsonb, base_version = $3, status = 'pending', reason = NULL, reviewed_by = NULL, reviewed_at = NULL
     WHERE id = $1`,
    [id, JSON.stringify(proposed), baseVersion],
  );
}

/** Records a decision (a worker's review, or the submitter withdrawing). */
export async function decide(tx: Queryable, id: string, status: SubmissionStatus, reason: string | null, reviewerId: string | null): Promise<void> {
  await tx.query(`UPDATE asset_submissions SET status = $2, reason = $3, reviewed_by = $4, reviewed_at = now() WHERE id = $1`, [
    id,
    status,
    reason,
    reviewerId,
  ]);
}

export async function findSubmission(db: Queryable, id: string): Promise<Submission | undefined> {
  const { rows } = await db.query<Submission>(`${SUBMISSION_SELECT} WHERE s.id = $1`, [id]);
  return rows[0];
}

/** A person's own proposals, newest first. */
export async function listSubmissionsBy(db: Queryable, userId: string): Promise<Submission[]> {
  const { rows } = await db.query<Submission>(`${SUBMISSION_SELECT} WHERE s.submitted_by = $1 ORDER BY s.submitted_at DESC, s.id LIMIT 500`, [userId]);
  return rows;
}

/** Proposals waiting for a worker, oldest first, limited to the assets the worker curates. */
export async function listPendingSubmissionsFor(db: Queryable, worker: User): Promise<Submission[]> {
  const { rows } = await db.query<Submission>(
    `${SUBMISSION_SELECT}
     WHERE s.status = 'pending' AND ($2::boolean OR ${curatesInSql('$1', 'a.lsoa_code')})
     ORDER BY s.submitted_at, s.id LIMIT 500`,
    [worker.id, worker.role === 'admin'],
  );
  return rows;
}
