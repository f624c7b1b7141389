import type { Role, User } from '@common-ground/schema';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/queryable.js';
import { ForbiddenError, UnauthorizedError } from '../../errors.js';
import * as repo from './access.repository.js';

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
  return repo.curatesIn(db, user.id, lsoaCode);
}

/**
 * A 403 unless the worker may speak for a whole local authority (its coverage: one value for
 * all of it): admins and workers without area limits may; a limited worker only when one of
 * their limits is that authority itself (curating a ward or some LSOAs of it is not enough).
 */
export async function assertMayCurateAuthority(db: Queryable, user: User, ladCode: string): Promise<void> {
  if (user.role === 'admin') return;
  if (user.role !== 'worker' || !(await repo.curatesAuthority(db, user.id, ladCode))) {
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
