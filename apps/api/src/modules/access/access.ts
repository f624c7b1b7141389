import type { Role, User } from '@common-ground/schema';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/queryable.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';

/*
 * Who may do what: the one place the server decides it. Routes call these before they
 * touch anything; the permission-matrix test checks every write route against them.
 */

const RANK: Record<Role, number> = { resident: 1, worker: 2, admin: 3 };

/** The signed-in person, or a 401 that says to sign in. */
export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw new UnauthorizedError('signed_out', 'Sign in to do this.');
  return request.user;
}

/** The signed-in person if their role is at least `role` (admins can do what workers can). */
export function requireRole(request: FastifyRequest, role: Role): User {
  const user = requireUser(request);
  if (RANK[user.role] < RANK[role]) {
    throw new ForbiddenError('forbidden', `Only ${role === 'worker' ? 'community workers' : 'admins'} can do this.`);
  }
  return user;
}

export function isWorker(user: User | null): boolean {
  return user !== null && RANK[user.role] >= RANK.worker;
}

/**
 * Whether a worker may curate an asset standing in `lsoaCode`. A worker with no area
 * limits curates anywhere; a limited one only inside their LSOAs, wards or local
 * authorities. Admins are never limited.
 */
export async function mayCurateIn(db: Queryable, user: User, lsoaCode: string | null): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (user.role !== 'worker') return false;
  const { rows } = await db.query<{ allowed: boolean }>(`SELECT ${curatesInSql('$1', '$2')} AS allowed`, [user.id, lsoaCode]);
  return rows[0]?.allowed ?? false;
}

/**
 * The area rule of mayCurateIn as an SQL condition, for lists filtered to what a worker
 * curates (the moderation queue): true when the worker `userParam` (a uuid parameter) has
 * no area limits, or one of them holds the LSOA `lsoaSql` (a parameter or column).
 * Admins are not limited: callers skip the condition for them.
 */
export function curatesInSql(userParam: string, lsoaSql: string): string {
  return `(NOT EXISTS (SELECT 1 FROM user_area_limits WHERE user_id = ${userParam}::uuid)
           OR EXISTS (
             SELECT 1 FROM user_area_limits l JOIN areas ca ON ca.code = ${lsoaSql}
             WHERE l.user_id = ${userParam}::uuid AND l.area_code IN (ca.code, ca.ward_code, ca.lad_code)
           ))`;
}

/**
 * A 403 unless the worker may speak for a whole local authority (its coverage: one value for
 * all of it): admins and workers without area limits may; a limited worker only when one of
 * their limits is that authority itself (curating a ward or some LSOAs of it is not enough).
 */
export async function assertMayCurateAuthority(db: Queryable, user: User, ladCode: string): Promise<void> {
  if (user.role === 'admin') return;
  const { rows } = await db.query<{ allowed: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM user_area_limits WHERE user_id = $1::uuid)
            OR EXISTS (SELECT 1 FROM user_area_limits WHERE user_id = $1::uuid AND area_code = $2) AS allowed`,
    [user.id, ladCode],
  );
  if (user.role !== 'worker' || !rows[0]?.allowed) {
    throw new ForbiddenError(
      'outside_your_areas',
      'This local authority is outside the areas you curate: coverage is set for a whole local authority, so only a worker who curates all of it can set it.',
    );
  }
}

/** A 403 unless the worker may curate in `lsoaCode` (see mayCurateIn). */
export async function assertMayCurateIn(db: Queryable, user: User, lsoaCode: string | null): Promise<void> {
  if (!(await mayCurateIn(db, user, lsoaCode))) {
    throw new ForbiddenError('outside_your_areas', 'This asset is outside the areas you curate.');
  }
}

