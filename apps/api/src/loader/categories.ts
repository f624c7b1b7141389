import { CATEGORIES_FILE, readCategories } from '@common-ground/geo/asset-files';
import type { Sql } from '../db/sql.js';

export { CATEGORIES_FILE };

/** Upserts the taxonomy; parents first so the foreign key holds. */
export async function loadCategories(sql: Sql, dataDir: string): Promise<number> {
  const categories = await readCategories(dataDir);
  const ordered = [...categories.filter((c) => !c.parentCode), ...categories.filter((c) => c.parentCode)];
  for (const c of ordered) {
    await sql.query(
      `INSERT INTO categories (code, parent_code, name, description, abcd_type, colour, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, name = EXCLUDED.name,
         description = EXCLUDED.description, abcd_type = EXCLUDED.abcd_type, colour = EXCLUDED.colour,
         sort_order = EXCLUDED.sort_order`,
      [c.code, c.parentCode, c.name, c.description, c.abcdType, c.colour, c.sortOrder],
    );
  }
  return categories.length;
}
