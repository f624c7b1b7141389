import { Category } from '@common-ground/schema';
import { readJson } from './data-files.js';

export const CATEGORIES_FILE = 'categories.json';

/** The shipped category tree (`data/categories.json`), checked: every parent exists. */
export async function readCategories(dataDir: string): Promise<Category[]> {
  const file = await readJson<{ version: unknown; categories: unknown }>(dataDir, CATEGORIES_FILE);
  if (typeof file.version !== 'number') throw new Error(`${CATEGORIES_FILE}: no version number`);
  const categories = Category.array().parse(file.categories);
  const codes = new Set(categories.map((c) => c.code));
  for (const c of categories) {
    if (c.parentCode && !codes.has(c.parentCode)) {
      throw new Error(`${CATEGORIES_FILE}: ${c.code} has unknown parent ${c.parentCode}`);
    }
  }
  return categories;
}
