import type { Role, User } from '@common-ground/schema';
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../db/queryable.js';
import { insertSession, insertUser } from '../modules/auth/auth.repository.js';
import { hashPassword } from '../modules/auth/password.js';
import { SESSION_TTL_SECONDS } from '../modules/auth/auth.service.js';
import { randomToken, sha256Hex } from '../modules/auth/tokens.js';

/** The password of every person `signedIn` makes. */
export const TEST_PASSWORD = 'a long enough passphrase';

let counter = 0;
/** The test database is shared by every file and run: each person has their own address. */
export const uniqueEmail = (label: string): string => `${label}-${process.pid}-${Date.now()}-${counter++}@example.org`;

/** A signed-in person for API tests: headers to send with `app.inject`. */
export interface TestPerson {
  user: User;
  email: string;
  /** Cookie and CSRF token: what a browser sends on a state-changing request. */
  headers: Record<string, string>;
}

let passwordHash: Promise<string> | undefined;

/**
 * Makes a person with `role` and a live session straight in the database (registration
 * is rate-limited and its own tests cover it), for tests of what people may do.
 */
export async function signedIn(app: FastifyInstance, role: Role, label: string = role): Promise<TestPerson> {
  return signedInOn(app.pg, role, label);
}

/** The same, on a database connection (for an API running in another process). */
export async function signedInOn(db: Queryable, role: Role, label: string = role): Promise<TestPerson> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = uniqueEmail(label);
  const user = await insertUser(db, { email, passwordHash: await passwordHash, displayName: `${label} ${counter}`, role });
  const token = randomToken();
  const csrfToken = randomToken();
  await insertSession(db, { tokenHash: sha256Hex(token), userId: user.id, csrfToken, ttlSeconds: SESSION_TTL_SECONDS });
  return { user, email, headers: { cookie: `cg_session=${token}`, 'x-csrf-token': csrfToken } };
}

/** A client address of its own, for rate-limited routes. */
let addressCounter = 0;
export const nextTestAddress = (): string => `10.200.${(process.pid + addressCounter) & 255}.${addressCounter++ % 250}`;
