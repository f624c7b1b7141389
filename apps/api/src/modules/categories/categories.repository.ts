import { BadRequestError } from '../../errors.js';
import type { Category } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

export async function listCategories(db: Queryable): Promise<Category[]> {
  const { rows } = await db.query<Category>(
    `SELECT code, parent_code AS "parentCode", name, description, abcd_type AS "abcdType", colour,
            sort_order AS "sortOrder"
     FROM categories ORDER BY sort_order, code`,
  );
  return rows;
}

/** Whether a category code exists (so a filter on a typo is a 400, not an empty page). */
export async function categoryExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM categories WHERE code = $1', [code]);
  return rows.length > 0;
}

/** Throws a 400 naming the parameter when a category filter names no category. */
export async function assertCategoryExists(db: Queryable, code: string | undefined, path: string): Promise<void> {
  if (code && !(await categoryExists(db, code))) throw BadRequestError.forParam(path, `no category ${code}`);
}
