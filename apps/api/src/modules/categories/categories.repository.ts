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

const CATEGORY_COLUMNS = `code, parent_code AS "parentCode", name, description, abcd_type AS "abcdType", colour,
  sort_order AS "sortOrder"`;

/** One category; `forUpdate` locks it for the rest of the transaction. */
export async function findCategory(db: Queryable, code: string, forUpdate = false): Promise<Category | null> {
  const { rows } = await db.query<Category>(`SELECT ${CATEGORY_COLUMNS} FROM categories WHERE code = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [code]);
  return rows[0] ?? null;
}

/**
 * Holds off other category writes until this transaction ends (reads go on), so two
 * changes of parent cannot each pass the cycle check and together make a cycle.
 */
export async function lockCategoryWrites(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE categories IN SHARE ROW EXCLUSIVE MODE');
}

export async function insertCategory(tx: Queryable, category: Category): Promise<Category> {
  const { rows } = await tx.query<Category>(
    `INSERT INTO categories (code, parent_code, name, description, abcd_type, colour, sort_order)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CATEGORY_COLUMNS}`,
    [category.code, category.parentCode, category.name, category.description, category.abcdType, category.colour, category.sortOrder],
  );
  return rows[0]!;
}

export async function updateCategory(tx: Queryable, category: Category): Promise<Category> {
  const { rows } = await tx.query<Category>(
    `UPDATE categories SET parent_code = $2, name = $3, description = $4, abcd_type = $5, colour = $6, sort_order = $7
      WHERE code = $1 RETURNING ${CATEGORY_COLUMNS}`,
    [category.code, category.parentCode, category.name, category.description, category.abcdType, category.colour, category.sortOrder],
  );
  return rows[0]!;
}

/** Whether `code` is `parentCode` or one of its ancestors: making it the parent would close a loop. */
export async function isSelfOrAncestor(db: Queryable, code: string, parentCode: string): Promise<boolean> {
  const { rows } = await db.query<{ cycle: boolean }>(
    `WITH RECURSIVE up (code, parent_code) AS (
       SELECT code, parent_code FROM categories WHERE code = $2
       UNION -- not ALL: stops even on a loop already stored
       SELECT c.code, c.parent_code FROM categories c JOIN up ON c.code = up.parent_code
     )
     SELECT EXISTS (SELECT 1 FROM up WHERE code = $1) AS cycle`,
    [code, parentCode],
  );
  return rows[0]?.cycle ?? false;
}
