import { AUDIT_LOG_RETENTION_DAYS } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { deleteExpiredPersonalData } from './account.repository.js';

/*
 * How long personal data is kept (the privacy notice says the same):
 * - account, notes, proposals, reports: until the person deletes their account (then see
 *   account.service.ts deleteAccount);
 * - sessions: until they expire, SESSION_TTL_SECONDS (14 days) after the last request, or
 *   sign-out; then deleted here and at every sign-in;
 * - password reset tokens: until used or an hour old (RESET_TOKEN_TTL_SECONDS); then deleted here;
 * - audit log (sign-ins with address, role and area changes, resets, deletions):
 *   AUDIT_LOG_RETENTION_DAYS (two years); then deleted here;
 * - rate-limit counters (per address or person): a day after their window (http/rate-limit.repository.ts).
 */
export { AUDIT_LOG_RETENTION_DAYS };

/** Deletes personal data past its keeping time. Run when the app starts. */
export async function purgeExpiredPersonalData(db: Queryable): Promise<{ sessions: number; resetTokens: number; auditEntries: number }> {
  return deleteExpiredPersonalData(db, AUDIT_LOG_RETENTION_DAYS);
}
