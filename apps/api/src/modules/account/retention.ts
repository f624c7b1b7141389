import { AUDIT_LOG_RETENTION_DAYS } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

/*
 * How long personal data is kept (the privacy notice says the same):
 * - account, notes, proposals, reports: until the person deletes their account (then see
 *   account.service.ts deleteAccount);
 * - sessions: until they expire, SESSION_TTL_SECONDS (14 days) after the last request, or
 *   sign-out; then deleted here and at every sign-in;
 * - password reset tokens: until used or an hour old (RESET_TOKEN_TTL_SECONDS); then deleted here;
 * - audit log (sign-ins with address, role and area changes, resets, deletions):
 *   AUDIT_LOG_RETENTION_DAYS (two years); then deleted here;
 * - rate-limit counters (per address or person): a day after their window (plugins/rate-limit.ts).
 */
export { AUDIT_LOG_RETENTION_DAYS };

export interface PurgeCounts {
  sessions: number;
  resetTokens: number;
  auditEntries: number;
}

/** Deletes personal data past its keeping time. Run when the app starts. */
export async function purgeExpiredPersonalData(db: Queryable): Promise<PurgeCounts> {
  const sessions = await db.query(`DELETE FROM sessions WHERE expires_at <= now()`);
  const resetTokens = await db.query(`DELETE FROM password_reset_tokens WHERE used_at IS NOT NULL OR expires_at <= now()`);
  const auditEntries = await db.query(`DELETE FROM audit_log WHERE at < now() - make_interval(days => $1)`, [
    AUDIT_LOG_RETENTION_DAYS,
  ]);
  return { sessions: sessions.rowCount ?? 0, resetTokens: resetTokens.rowCount ?? 0, auditEntries: auditEntries.rowCount ?? 0 };
}
