import type { AccountExport, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { lockPersonAndAdmins } from '../admin/admin.repository.js';
import { listAnnotationsByAuthor } from '../annotations/annotations.repository.js';
import { insertAudit } from '../auth/auth.repository.js';
import { verifyPassword } from '../auth/password.js';
import { recordChange } from '../history/history.repository.js';
import * as repo from './account.repository.js';
import type { Db } from '../../db/db.js';

/*
 * A person's own data: everything kept about them, to download; and deleting their
 * account, which erases what is theirs and leaves what they gave the map, unattributed.
 */

/** Everything kept about a person. No password hash, no token or token hash. */
export async function exportAccount(db: Queryable, user: User): Promise<AccountExport> {
  const profile = await repo.exportProfile(db, user.id);
  if (!profile) throw new NotFoundError('person', user.id);
  return {
    exportedAt: new Date().toISOString(),
    user: profile,
    sessions: await repo.exportSessions(db, user.id),
    submissions: await repo.exportSubmissions(db, user.id),
    annotations: await listAnnotationsByAuthor(db, user.id),
    reports: await repo.exportReports(db, user.id),
    changes: await repo.exportChanges(db, user.id),
    auditLog: await repo.exportAuditLog(db, user.id),
  };
}

/**
 * Deletes a person's account after re-checking their password, in one transaction:
 * - the person, their sessions, reset tokens and area limits go;
 * - assets they created or verified, proposals, reports and history they made stay, with
 *   them as NULL (contributions to a shared map outlive their author, unattributed);
 * - their notes are personal words: soft-deleted, text replaced, and blanked in history;
 * - failed sign-ins against their address forget the address;
 * - the audit log records `account_deleted` with their id only.
 * The only admin cannot leave (409): the site would have nobody to manage it.
 */
export async function deleteAccount({ db, transact }: Db, user: User, password: string, ip: string): Promise<void> {
  const hash = await repo.findPasswordHash(db, user.id);
  if (!hash || !(await verifyPassword(hash, password))) {
    throw new ForbiddenError('wrong_password', 'That is not your password, so your account was not deleted.');
  }
  await transact(async (tx) => {
    const { role, admins } = await lockPersonAndAdmins(tx, user.id);
    if (role === null) throw new NotFoundError('person', user.id);
    if (role === 'admin' && admins <= 1) {
      throw new ConflictError('last_admin', 'You are the only admin: make someone else an admin before you delete your account.');
    }
    for (const note of await repo.eraseNotesOf(tx, user.id)) {
      await recordChange(tx, {
        entityType: 'annotation',
        entityId: note.id,
        version: note.version,
        action: 'delete',
        actorId: null,
        before: null,
        after: null,
        note: 'its author deleted their account',
      });
    }
    await repo.forgetAuditEmails(tx, user.id);
    await insertAudit(tx, { action: 'account_deleted', actorId: null, subjectId: user.id, ip });
    await repo.deleteUser(tx, user.id);
  });
}
