import type { Queryable } from '../../db/queryable.js';

export interface CategoryMatch {
  code: string;
  name: string;
  parentName: string | null;
}

/**
 * Categories whose name contains the words or is close to them (typos: "fod bank"),
 * names starting with the words first, then the closest.
 */
export async function categoriesMatching(db: Queryable, text: string, limit: number): Promise<CategoryMatch[]> {
  const { rows } = await db.query<CategoryMatch>(
    `SELECT c.code, c.name, p.name AS "parentName"
     FROM categories c LEFT JOIN categories p ON p.code = c.parent_code
     WHERE lower(cg_unaccent(c.name)) LIKE '%' || $1 || '%' OR $1 <% lower(cg_unaccent(c.name))
     ORDER BY lower(cg_unaccent(c.name)) LIKE $1 || '%' DESC,
              word_similarity($1, lower(cg_unaccent(c.name))) DESC, c.sort_order, c.code
     LIMIT $2`,
    [text, limit],
  );
  return rows;
}
