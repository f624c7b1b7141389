import type { AccountExport } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';
import { changedFields } from '../history/history.repository.js';

/*
 * What is kept about one person, read for their export, and erased when they delete
 * their account.
 */

const person = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name) END`;

export async function exportProfile(db: Queryable, userId: string): Promise<AccountExport['user'] | null> {
  const { rows } = await db.query<AccountExport['user']>(
    `SELECT id, email, display_name AS "displayName", role, ${isoTime('created_at')} AS "createdAt" FROM users WHERE id = $1`,
    [userId],
  );
  return rows[0] ?? null;
}

/** Sessions without their tokens (only hashes are stored, and those are not given out either). */
export async function exportSessions(db: Queryable, userId: string): Promise<AccountExport['sessions']> {
  const { rows } = await db.query<AccountExport['sessions'][number]>(
    `SELECT ${isoTime('created_at')} AS "createdAt", ${isoTime('last_seen_at')} AS "lastSeenAt", ${isoTime('expires_at')} AS "expiresAt"
       FROM sessions WHERE user_id = $1 ORDER BY created_at`,
    [userId],
  );
  return rows;
}

export async function exportSubmissions(db: Queryable, userId: string): Promise<AccountExport['submissions']> {
  const { rows } = await db.query<AccountExport['submissions'][number]>(
    `SELECT s.id, s.asset_id AS "assetId", a.name AS "assetName", s.kind, s.status, s.reason, s.proposed,
            s.base_version AS "baseVersion", ${person('sb')} AS "submittedBy", ${isoTime('s.submitted_at')} AS "submittedAt",
            ${person('rb')} AS "reviewedBy", ${isoTime('s.reviewed_at')} AS "reviewedAt"
       FROM asset_submissions s
       JOIN assets a ON a.id = s.asset_id
       LEFT JOIN users sb ON sb.id = s.submitted_by
       LEFT JOIN users rb ON rb.id = s.reviewed_by
      WHERE s.submitted_by = $1
      ORDER BY s.submitted_at, s.id`,
    [userId],
  );
  return rows;
}

export async function exportReports(db: Queryable, userId: string): Promise<AccountExport['reports']> {
  const { rows } = await db.query<AccountExport['reports'][number]>(
    `SELECT r.id, r.asset_id AS "assetId", a.name AS "assetName", r.kind, r.message, r.status,
            ${isoTime('r.created_at')} AS "createdAt", ${person('rb')} AS "resolvedBy", ${isoTime('r.resolved_at')} AS "resolvedAt",
            r.resolution_note AS "resolutionNote"
       FROM asset_reports r
       JOIN assets a ON a.id = r.asset_id
       LEFT JOIN users rb ON rb.id = r.resolved_by
      WHERE r.reporter_id = $1
      ORDER BY r.created_at, r.id`,
    [userId],
  );
  return rows;
}

/** Changes they made or proposed, to anything. */
export async function exportChanges(db: Queryable, userId: string): Promise<AccountExport['changes']> {
  const { rows } = await db.query<Omit<AccountExport['changes'][number], 'changed'>>(
    `SELECT h.id::int AS id, h.entity_type AS "entityType", h.entity_id AS "entityId", h.version, h.action,
            ${person('a')} AS actor, ${person('p')} AS "proposedBy", ${isoTime('h.at')} AS at, h.before, h.after, h.note
       FROM change_history h
       LEFT JOIN users a ON a.id = h.actor_id
       LEFT JOIN users p ON p.id = h.proposed_by
      WHERE h.actor_id = $1 OR h.proposed_by = $1
      ORDER BY h.id`,
    [userId],
  );
  return rows.map((row) => ({ ...row, changed: changedFields(row.before, row.after) }));
}

/** Audit entries about them or by them. */
export async function exportAuditLog(db: Queryable, userId: string): Promise<AccountExport['auditLog']> {
  const { rows } = await db.query<AccountExport['auditLog'][number]>(
    `SELECT ${isoTime('at')} AS at, action, ip, details FROM audit_log WHERE actor_id = $1 OR subject_id = $1 ORDER BY id`,
    [userId],
  );
  return rows;
}

export async function findPasswordHash(db: Queryable, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ hash: string }>(`SELECT password_hash AS hash FROM users WHERE id = $1`, [userId]);
  return rows[0]?.hash ?? null;
}

/** What an erased note says instead (the column needs text; the words were the author's). */
export const ERASED_NOTE_BODY = '(deleted with its author’s account)';

/**
 * Erases the words of a person's notes: every note of theirs is soft-deleted with its
 * text replaced, and the before/after snapshots of their notes' history are blanked
 * (the rows stay, so the history still shows that something was said, when, and hidden
 * by whom). Returns the ids of notes that were still shown, to record their deletion.
 */
export async function eraseNotesOf(tx: Queryable, userId: string): Promise<{ id: string; version: number }[]> {
  await tx.query(
    `UPDATE change_history SET before = NULL, after = NULL
      WHERE entity_type = 'annotation' AND entity_id IN (SELECT id::text FROM annotations WHERE author_id = $1)`,
    [userId],
  );
  const { rows } = await tx.query<{ id: string; version: number; wasLive: boolean }>(
    `UPDATE annotations n SET body = $2, deleted_at = coalesce(n.deleted_at, now()), updated_at = now()
       FROM annotations old
      WHERE n.author_id = $1 AND old.id = n.id
      RETURNING n.id, n.version, old.deleted_at IS NULL AS "wasLive"`,
    [userId, ERASED_NOTE_BODY],
  );
  return rows.filter((r) => r.wasLive).map(({ id, version }) => ({ id, version }));
}

/** Audit entries keep who and when, but not the address a failed sign-in was tried with. */
export async function forgetAuditEmails(tx: Queryable, userId: string): Promise<void> {
  await tx.query(`UPDATE audit_log SET details = details - 'email' WHERE subject_id = $1 AND details ->> 'email' IS NOT NULL`, [userId]);
}

/**
 * Deletes the person. Their sessions, reset tokens and area limits go with them (cascade);
 * assets, proposals, reports and history they touched stay, with them as NULL.
 */
export async function deleteUser(tx: Queryable, userId: string): Promise<void> {
  await tx.query(`DELETE FROM users WHERE id = $1`, [userId]);
}

/** Deletes expired sessions, used or expired reset tokens, and audit entries older than `auditDays` (retention.ts says why). */
export async function deleteExpiredPersonalData(db: Queryable, auditDays: number): Promise<{ sessions: number; resetTokens: number; auditEntries: number }> {
  const sessions = await db.query(`DELETE FROM sessions WHERE expires_at <= now()`);
  const resetTokens = await db.query(`DELETE FROM password_reset_tokens WHERE used_at IS NOT NULL OR expires_at <= now()`);
  const auditEntries = await db.query(`DELETE FROM audit_log WHERE at < now() - make_interval(days => $1)`, [auditDays]);
  return { sessions: sessions.rowCount ?? 0, resetTokens: resetTokens.rowCount ?? 0, auditEntries: auditEntries.rowCount ?? 0 };
}
