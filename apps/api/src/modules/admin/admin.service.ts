import type { AdminUser, Role, User } from '@common-ground/schema';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors.js';
import { insertAudit, updateRole } from '../auth/auth.repository.js';
import * as repo from './admin.repository.js';
import type { Db } from '../../db/db.js';

/*
 * Admins manage people: their roles and the areas a worker curates. Every change is
 * audited in its transaction (who, whom, from what to what).
 */

const noPerson = (id: string) => new NotFoundError('person', id);

export const lastAdmin = () => new ConflictError('last_admin', 'This is the only admin: make someone else an admin first, so the site keeps one.');

/**
 * Sets a person's role. Sessions are kept: every request reads the role from the person's
 * row, so the new role (a lower one included) applies from their next request on.
 */
export async function setRole({ transact }: Db, admin: User, id: string, role: Role, ip: string): Promise<AdminUser> {
  return transact(async (tx) => {
    const { role: from, admins } = await repo.lockPersonAndAdmins(tx, id);
    if (from === null) throw noPerson(id);
    if (from !== role) {
      if (from === 'admin' && admins <= 1) throw lastAdmin();
      await updateRole(tx, id, role);
      await insertAudit(tx, { action: 'role_change', actorId: admin.id, subjectId: id, ip, details: { from, to: role } });
    }
    return (await repo.findAdminUser(tx, id))!;
  });
}

/**
 * Limits a worker to named areas (LSOAs, wards, local authorities); none means anywhere.
 * Replaces the whole set; every code must name an area.
 */
export async function setAreaLimits({ db, transact }: Db, admin: User, id: string, codes: string[], ip: string): Promise<AdminUser> {
  const wanted = [...new Set(codes)].sort();
  const unknown = await repo.unknownAreaCodes(db, wanted);
  if (unknown.length > 0) {
    throw new BadRequestError(
      `No LSOA, ward or local authority with the code ${unknown.join(', ')}.`,
      unknown.map((code) => ({ path: `body.areaCodes.${codes.indexOf(code)}`, message: `no LSOA, ward or local authority ${code}` })),
    );
  }
  return transact(async (tx) => {
    if ((await repo.lockPerson(tx, id)) === null) throw noPerson(id);
    const before = await repo.areaLimitCodes(tx, id);
    if (before.join() !== wanted.join()) {
      await repo.replaceAreaLimits(tx, id, wanted);
      await insertAudit(tx, { action: 'area_limits_change', actorId: admin.id, subjectId: id, ip, details: { from: before, to: wanted } });
    }
    return (await repo.findAdminUser(tx, id))!;
  });
}

/** The people list (a filter and a page), a read with no rule beyond its query. */
export { listUsers } from './admin.repository.js';
