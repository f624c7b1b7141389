import type { Me, RegisterBody, ResetPasswordBody, SignInBody, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError, ConflictError, UnauthorizedError } from '../../errors.js';
import * as repo from './auth.repository.js';
import { hashPassword, verifyNobody, verifyPassword } from './password.js';
import { randomToken, sha256Hex } from './tokens.js';
import type { Db } from '../../db/db.js';

/** Sessions last 14 days from the last request (sliding). */
export const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;
/** A session's expiry slides at most once an hour, so most requests only read. */
export const SESSION_SLIDE_AFTER_SECONDS = 60 * 60;
/** Reset tokens printed by `pnpm admin:reset-token` work once, within an hour. */
export const RESET_TOKEN_TTL_SECONDS = 60 * 60;

/** A new session: the cookie's token (never stored) and what the client sees. */
export interface NewSession extends Me {
  token: string;
}

/** A request's session, as the session plugin reads it. */
export interface CurrentSession {
  tokenHash: string;
  csrfToken: string;
  user: User;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function startSession(tx: Queryable, user: User): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  await repo.insertSession(tx, { tokenHash: sha256Hex(token), userId: user.id, csrfToken, ttlSeconds: SESSION_TTL_SECONDS });
  return { token, csrfToken, user };
}

const emailTaken = () =>
  new ConflictError('email_taken', 'An account with this email address already exists. Sign in instead.', [
    { path: 'body.email', message: 'is already registered' },
  ]);

/** Registers a resident and signs them in. */
export async function register({ db, transact }: Db, body: RegisterBody, ip: string): Promise<NewSession> {
  // A cheap check first, so a taken address does not cost a hash; the unique index decides races.
  if (await repo.findUserByEmail(db, body.email)) throw emailTaken();
  const passwordHash = await hashPassword(body.password);
  try {
    return await transact(async (tx) => {
      const user = await repo.insertUser(tx, { email: body.email, passwordHash, displayName: body.displayName, role: 'resident' });
      await repo.insertAudit(tx, { action: 'register', actorId: user.id, subjectId: user.id, ip });
      return startSession(tx, user);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

const wrongCredentials = () => new UnauthorizedError('invalid_credentials', 'The email address or password is wrong.');

/**
 * Signs a person in. Unknown addresses and wrong passwords get the same answer after the
 * same work, and both are audited. A session the request already had is ended.
 */
export async function signIn({ db, transact }: Db, body: SignInBody, ip: string, previous: CurrentSession | null): Promise<NewSession> {
  const found = await repo.findUserByEmail(db, body.email);
  const ok = found ? await verifyPassword(found.passwordHash, body.password) : await verifyNobody(body.password);
  if (!found || !ok) {
    await repo.insertAudit(db, {
      action: 'sign_in_failed',
      actorId: null,
      subjectId: found?.id ?? null,
      ip,
      details: { email: body.email.toLowerCase(), reason: found ? 'wrong_password' : 'unknown_email' },
    });
    throw wrongCredentials();
  }
  const { passwordHash: _hash, ...user } = found;
  return transact(async (tx) => {
    if (previous) await repo.deleteSession(tx, previous.tokenHash);
    await repo.deleteExpiredSessions(tx);
    await repo.insertAudit(tx, { action: 'sign_in', actorId: user.id, subjectId: user.id, ip });
    return startSession(tx, user);
  });
}

/** Ends the request's session, if it has one. */
export async function signOut({ db }: Db, session: CurrentSession | null, ip: string): Promise<void> {
  if (!session) return;
  if (await repo.deleteSession(db, session.tokenHash)) {
    await repo.insertAudit(db, { action: 'sign_out', actorId: session.user.id, subjectId: session.user.id, ip });
  }
}

/** The session a cookie's token opens, sliding its expiry when due; null when unknown or expired. */
export async function readSession(db: Queryable, token: string): Promise<(CurrentSession & { slid: boolean }) | null> {
  const tokenHash = sha256Hex(token);
  const found = await repo.findSession(db, tokenHash, SESSION_SLIDE_AFTER_SECONDS);
  if (!found) return null;
  if (found.stale) await repo.touchSession(db, tokenHash, SESSION_TTL_SECONDS);
  return { tokenHash, csrfToken: found.csrfToken, user: found.user, slid: found.stale };
}

/** Sets a new password with a one-time token, and ends every session of that person. */
export async function resetPassword({ transact }: Db, body: ResetPasswordBody, ip: string): Promise<void> {
  const passwordHash = await hashPassword(body.password);
  await transact(async (tx) => {
    const userId = await repo.consumeResetToken(tx, sha256Hex(body.token));
    if (!userId) {
      throw new BadRequestError('The reset token is unknown, used or expired. Ask an admin for a new one.', [
        { path: 'body.token', message: 'is unknown, used or expired' },
      ]);
    }
    await repo.updatePasswordHash(tx, userId, passwordHash);
    const ended = await repo.deleteUserSessions(tx, userId);
    await repo.insertAudit(tx, { action: 'password_reset', actorId: userId, subjectId: userId, ip, details: { sessionsEnded: ended } });
  });
}

/** Issues a one-time reset token for an address (the admin CLI); null when there is no such account. */
export async function issueResetToken({ transact }: Db, email: string): Promise<{ token: string; user: User } | null> {
  return transact(async (tx) => {
    const found = await repo.findUserByEmail(tx, email);
    if (!found) return null;
    const { passwordHash: _hash, ...user } = found;
    const token = randomToken();
    await repo.insertResetToken(tx, { tokenHash: sha256Hex(token), userId: user.id, ttlSeconds: RESET_TOKEN_TTL_SECONDS });
    await repo.insertAudit(tx, { action: 'reset_token_issued', actorId: null, subjectId: user.id, ip: null, details: { via: 'cli' } });
    return { token, user };
  });
}

/**
 * Makes an admin (the CLI): promotes an existing account, or creates one when a
 * password is given. Returns what happened.
 */
/** Whether anyone has registered with this address (any case): `admin:create` asks a password only of a new person. */
export async function isRegistered({ db }: Db, email: string): Promise<boolean> {
  return (await repo.findUserByEmail(db, email)) !== null;
}

export async function createOrPromoteAdmin(
  { db, transact }: Db,
  input: { email: string; displayName: string; password: string | null },
): Promise<{ outcome: 'created' | 'promoted' | 'already_admin'; user: User }> {
  const existing = await repo.findUserByEmail(db, input.email);
  if (existing) {
    const { passwordHash: _hash, ...user } = existing;
    if (user.role === 'admin') return { outcome: 'already_admin', user };
    await transact(async (tx) => {
      await repo.updateRole(tx, user.id, 'admin');
      await repo.insertAudit(tx, {
        action: 'role_change',
        actorId: null,
        subjectId: user.id,
        ip: null,
        details: { from: user.role, to: 'admin', via: 'cli' },
      });
    });
    return { outcome: 'promoted', user: { ...user, role: 'admin' } };
  }
  if (input.password === null) throw new Error(`No account for ${input.email}: a password is needed to create one`);
  const passwordHash = await hashPassword(input.password);
  const user = await transact(async (tx) => {
    const created = await repo.insertUser(tx, { email: input.email, passwordHash, displayName: input.displayName, role: 'admin' });
    await repo.insertAudit(tx, { action: 'admin_created', actorId: null, subjectId: created.id, ip: null, details: { via: 'cli' } });
    return created;
  });
  return { outcome: 'created', user };
}
