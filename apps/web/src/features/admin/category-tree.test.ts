import type { Category } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { buildCategoryTree, flattenTree, nextSortOrder, parentChoices, selfAndDescendants } from './category-tree.js';

function cat(code: string, parentCode: string | null, sortOrder = 0, name = code): Category {
  return { code, parentCode, name, description: '', abcdType: 'association', colour: '#1b9e77', sortOrder };
}

const CATEGORIES = [
  cat('food-bank', 'food', 1, 'Food banks'),
  cat('health', null, 2, 'Health'),
  cat('food', null, 1, 'Food'),
  cat('community-fridge', 'food', 0, 'Community fridges'),
  cat('gp', 'health', 0, 'GP practices'),
  cat('pantry', 'food-bank', 0, 'Pantries'),
];

describe('buildCategoryTree', () => {
  it('nests children under their parents, each level in sort order', () => {
    const tree = buildCategoryTree(CATEGORIES);
    expect(tree.map((n) => n.category.code)).toEqual(['food', 'health']);
    expect(tree[0]!.children.map((n) => n.category.code)).toEqual(['community-fridge', 'food-bank']);
    expect(tree[0]!.children[1]!.children.map((n) => [n.category.code, n.depth])).toEqual([['pantry', 2]]);
  });

  it('orders siblings with the same sort order by name', () => {
    const tree = buildCategoryTree([cat('b', null, 0, 'Youth'), cat('a', null, 0, 'Arts')]);
    expect(tree.map((n) => n.category.name)).toEqual(['Arts', 'Youth']);
  });

  it('puts a category whose parent is missing at the top rather than lose it', () => {
    const tree = buildCategoryTree([cat('orphan', 'gone'), cat('food', null)]);
    expect(tree.map((n) => n.category.code).sort()).toEqual(['food', 'orphan']);
  });

  it('shows every member of a loop once, and ends', () => {
    const flat = flattenTree(buildCategoryTree([cat('a', 'b'), cat('b', 'a'), cat('self', 'self')]));
    expect(flat.map((n) => n.category.code).sort()).toEqual(['a', 'b', 'self']);
  });

  it('flattens in reading order with depths', () => {
    expect(flattenTree(buildCategoryTree(CATEGORIES)).map((n) => `${n.depth}:${n.category.code}`)).toEqual([
      '0:food',
      '1:community-fridge',
      '1:food-bank',
      '2:pantry',
      '0:health',
      '1:gp',
    ]);
  });
});

describe('parentChoices', () => {
  it('offers no parent first, then the tree indented', () => {
    const choices = parentChoices(CATEGORIES, null);
    expect(choices[0]).toEqual({ value: '', label: 'None: a top-level group' });
    expect(choices.map((c) => c.label)).toContain('— — Pantries (pantry)');
    expect(choices).toHaveLength(CATEGORIES.length + 1);
  });

  it('never offers a category itself or anything inside it as its parent', () => {
    const values = parentChoices(CATEGORIES, 'food').map((c) => c.value);
    expect(values).toEqual(['', 'health', 'gp']);
    expect([...selfAndDescendants(CATEGORIES, 'food')].sort()).toEqual(['community-fridge', 'food', 'food-bank', 'pantry']);
  });
});

describe('nextSortOrder', () => {
  it('puts a new category after its siblings', () => {
    expect(nextSortOrder(CATEGORIES, 'food')).toBe(2);
    expect(nextSortOrder(CATEGORIES, null)).toBe(3);
    expect(nextSortOrder(CATEGORIES, 'gp')).toBe(0);
  });
});
