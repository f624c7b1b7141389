import type { Category, CategoryInput, CategoryPatch, User } from '@common-ground/schema';
import type { z } from 'zod';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors.js';
import { changedFields, recordChange } from '../history/history.repository.js';
import * as repo from './categories.repository.js';

/*
 * Admins add and change categories. A category's parent must exist and must not be the
 * category itself or one of its descendants. Every change is recorded in change_history
 * (entity `category`, id its code) in its transaction.
 */

const unknownParent = (code: string) => BadRequestError.forParam('body.parentCode', `no category ${code}: create the parent first`);

export async function createCategory(transact: Transact, admin: User, input: CategoryInput): Promise<Category> {
  return transact(async (tx) => {
    await repo.lockCategoryWrites(tx);
    if (await repo.findCategory(tx, input.code)) {
      throw new ConflictError('category_exists', `A category with the code ${input.code} already exists.`, [{ path: 'body.code', message: 'is taken' }]);
    }
    if (input.parentCode !== null && !(await repo.findCategory(tx, input.parentCode))) throw unknownParent(input.parentCode);
    const created = await repo.insertCategory(tx, input);
    await recordChange(tx, {
      entityType: 'category',
      entityId: created.code,
      version: null,
      action: 'create',
      actorId: admin.id,
      before: null,
      after: created,
    });
    return created;
  });
}

export async function patchCategory(transact: Transact, admin: User, code: string, patch: z.infer<typeof CategoryPatch>): Promise<Category> {
  return transact(async (tx) => {
    await repo.lockCategoryWrites(tx);
    const before = await repo.findCategory(tx, code, true);
    if (!before) throw new NotFoundError('category', code);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const wanted: Category = { ...before, ...defined };
    if (wanted.parentCode !== null && wanted.parentCode !== before.parentCode) {
      if (!(await repo.findCategory(tx, wanted.parentCode))) throw unknownParent(wanted.parentCode);
      if (await repo.isSelfOrAncestor(tx, code, wanted.parentCode)) {
        throw BadRequestError.forParam(
          'body.parentCode',
          `${wanted.parentCode} is ${wanted.parentCode === code ? 'this category itself' : 'inside this category'}: a category cannot sit inside itself`,
        );
      }
    }
    if (changedFields({ ...before }, { ...wanted }).length === 0) return before;
    const after = await repo.updateCategory(tx, wanted);
    await recordChange(tx, {
      entityType: 'category',
      entityId: code,
      version: null,
      action: 'edit',
      actorId: admin.id,
      before,
      after,
    });
    return after;
  });
}

/** Reads with no rule beyond their query: the routes (and other modules' routes) call them through this service. */
export { assertCategoryExists, listCategories } from './categories.repository.js';
