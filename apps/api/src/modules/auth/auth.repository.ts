import type { Role, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

const USER_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.role`;

export interface UserWithHash extends User {
  passwordHash: string;
}

export interface SessionRow {
  csrfToken: string;
  /** Whether last_seen_at is old enough to slide the expiry (and re-send the cookie). */
  stale: boolean;
  user: User;
}

export type AuditAction =
  | 'register'
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_out'
  | 'role_change'
  | 'area_limits_change'
  | 'account_deleted'
  | 'admin_created'
  | 'reset_token_issued'
  | 'password_reset'
  | 'need_measure_upload'
  | 'need_measure_delete'
  | 'coverage_override'
  | 'asset_import'
  | 'asset_import_undo';

export interface AuditEntry {
  action: AuditAction;
  actorId: string | null;
  subjectId: string | null;
  ip: string | null;
  details?: Record<string, unknown>;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserWithHash | null> {
  const { rows } = await db.query<UserWithHash>(`SELECT ${USER_COLUMNS}, u.password_hash AS "passwordHash" FROM users u WHERE lower(u.email) = lower($1)`, [
    email,
  ]);
  return rows[0] ?? null;
}

/** Inserts a person; a taken address (any case) raises PostgreSQL's unique_violation, 23505. */
export async function insertUser(db: Queryable, user: { email: string; passwordHash: string; displayName: string; role: Role }): Promise<User> {
  const { rows } = await db.query<User>(
    `INSERT INTO users AS u (email, password_hash, display_name, role) VALUES ($1, $2, $3, $4)
     RETURNING ${USER_COLUMNS}`,
    [user.email, user.passwordHash, user.displayName, user.role],
  );
  return rows[0]!;
}

export async function updateRole(db: Queryable, userId: string, role: Role): Promise<void> {
  await db.query(`UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, [userId, role]);
}

export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [userId, passwordHash]);
}

export async function insertSession(db: Queryable, session: { tokenHash: string; userId: string; csrfToken: string; ttlSeconds: number }): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [session.tokenHash, session.userId, session.csrfToken, session.ttlSeconds],
  );
}

/** The unexpired session with this token hash, and its person. */
export async function findSession(db: Queryable, tokenHash: string, slideAfterSeconds: number): Promise<SessionRow | null> {
  const { rows } = await db.query<{ csrfToken: string; stale: boolean } & User>(
    `SELECT s.csrf_token AS "csrfToken",
            s.last_seen_at < now() - make_interval(secs => $2) AS stale,
            ${USER_COLUMNS}
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash, slideAfterSeconds],
  );
  const row = rows[0];
  if (!row) return null;
  const { csrfToken, stale, ...user } = row;
  return { csrfToken, stale, user };
}

/** Slides a session's expiry forward from now. */
export async function touchSession(db: Queryable, tokenHash: string, ttlSeconds: number): Promise<void> {
  await db.query(`UPDATE sessions SET last_seen_at = now(), expires_at = now() + make_interval(secs => $2) WHERE token_hash = $1`, [tokenHash, ttlSeconds]);
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
  return (rowCount ?? 0) > 0;
}

export async function deleteUserSessions(db: Queryable, userId: string): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  return rowCount ?? 0;
}

/** Expired sessions are useless; sweeping them at sign-in keeps the table small without a timer. */
export async function deleteExpiredSessions(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM sessions WHERE expires_at <= now()`);
}

export async function insertResetToken(db: Queryable, token: { tokenHash: string; userId: string; ttlSeconds: number }): Promise<void> {
  await db.query(`INSERT INTO password_reset_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
    token.tokenHash,
    token.userId,
    token.ttlSeconds,
  ]);
}

/** Marks an unused, unexpired token used and returns its person: one statement, so a token works once. */
export async function consumeResetToken(db: Queryable, tokenHash: string): Promise<string | null> {
  const { rows } = await db.query<{ userId: string }>(
    `UPDATE password_reset_tokens SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
      RETURNING user_id AS "userId"`,
    [tokenHash],
  );
  return rows[0]?.userId ?? null;
}

export async function insertAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(`INSERT INTO audit_log (action, actor_id, subject_id, ip, details) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    entry.action,
    entry.actorId,
    entry.subjectId,
    entry.ip,
    JSON.stringify(entry.details ?? {}),
  ]);
}
