import type { Category } from '@common-ground/schema';

/** A category with the categories inside it, in display order. */
export interface CategoryNode {
  category: Category;
  depth: number;
  children: CategoryNode[];
}

const byDisplayOrder = (a: Category, b: Category) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'en-GB');

/**
 * The taxonomy as a tree: top-level groups, each with its children, every level in the
 * order the map key shows them (sort order, then name). A category whose parent is missing
 * from the list stands at the top, so nothing an admin made is ever hidden; a loop (which
 * the API refuses) cannot make this run for ever.
 * @example buildCategoryTree([{ code: 'food', parentCode: null, … }, { code: 'food-bank', parentCode: 'food', … }])
 * // [{ category: food, depth: 0, children: [{ category: food-bank, depth: 1, children: [] }] }]
 */
export function buildCategoryTree(categories: readonly Category[]): CategoryNode[] {
  const codes = new Set(categories.map((c) => c.code));
  const childrenOf = new Map<string | null, Category[]>();
  for (const category of categories) {
    const parent = category.parentCode !== null && codes.has(category.parentCode) && category.parentCode !== category.code ? category.parentCode : null;
    const siblings = childrenOf.get(parent) ?? [];
    siblings.push(category);
    childrenOf.set(parent, siblings);
  }
  const placed = new Set<string>();
  const grow = (parent: string | null, depth: number): CategoryNode[] =>
    (childrenOf.get(parent) ?? [])
      .slice()
      .sort(byDisplayOrder)
      .filter((c) => !placed.has(c.code))
      .map((category) => {
        placed.add(category.code);
        return { category, depth, children: grow(category.code, depth + 1) };
      });
  const roots = grow(null, 0);
  // Members of a loop have no way up to the top: show them there rather than lose them.
  const stranded = categories.filter((c) => !placed.has(c.code)).sort(byDisplayOrder);
  for (const category of stranded) {
    if (placed.has(category.code)) continue;
    placed.add(category.code);
    roots.push({ category, depth: 0, children: grow(category.code, 1) });
  }
  return roots;
}

/** The tree in reading order, each category with its depth. */
export function flattenTree(nodes: readonly CategoryNode[]): { category: Category; depth: number }[] {
  return nodes.flatMap((node) => [{ category: node.category, depth: node.depth }, ...flattenTree(node.children)]);
}

/** `code` and every category inside it, at any depth. */
export function selfAndDescendants(categories: readonly Category[], code: string): Set<string> {
  const found = new Set([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parentCode !== null && found.has(c.parentCode) && !found.has(c.code)) {
        found.add(c.code);
        grew = true;
      }
    }
  }
  return found;
}

/** The parent select's value for "no parent". */
export const NO_PARENT = '';

/**
 * What a category may sit inside: none (a top-level group) or any category but itself and
 * those inside it (which would make a loop), indented to show the tree.
 * @example parentChoices(categories, 'food')[0] // { value: '', label: 'None: a top-level group' }
 */
export function parentChoices(categories: readonly Category[], editing: string | null): { value: string; label: string }[] {
  const excluded = editing === null ? new Set<string>() : selfAndDescendants(categories, editing);
  return [
    { value: NO_PARENT, label: 'None: a top-level group' },
    ...flattenTree(buildCategoryTree(categories))
      .filter(({ category }) => !excluded.has(category.code))
      .map(({ category, depth }) => ({ value: category.code, label: `${'— '.repeat(depth)}${category.name} (${category.code})` })),
  ];
}

/** A sort order that puts a new category after its siblings. */
export function nextSortOrder(categories: readonly Category[], parentCode: string | null): number {
  const siblings = categories.filter((c) => c.parentCode === parentCode);
  return siblings.length === 0 ? 0 : Math.max(...siblings.map((c) => c.sortOrder)) + 1;
}
