import { z } from 'zod';
import { AbcdType } from './enums.js';

export const CategoryCode = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be a category code such as food-bank');

/** A node of the hierarchical taxonomy in data/categories.json. */
export const Category = z.object({
  code: CategoryCode,
  parentCode: CategoryCode.nullable(),
  name: z.string(),
  description: z.string(),
  abcdType: AbcdType,
  /** Hex colour of the category's top-level group on the map. */
  colour: z.string().regex(/^#[0-9a-f]{6}$/i),
  sortOrder: z.number().int(),
});
export type Category = z.infer<typeof Category>;

export const CategoryList = z.object({ categories: z.array(Category) });
export type CategoryList = z.infer<typeof CategoryList>;
