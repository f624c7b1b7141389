import { CategoryInput, CategoryPatch, type AbcdType, type Category } from '@common-ground/schema';
import type { z } from 'zod';
import { zodIssuesByField, type FieldErrors } from '../../lib/field-issues.js';
import { NO_PARENT, nextSortOrder } from './category-tree.js';

/** What the category form holds: text as typed, the parent as the select's value. */
export interface CategoryDraft {
  code: string;
  parentCode: string;
  name: string;
  description: string;
  abcdType: AbcdType;
  colour: string;
}

/** Used when a new top-level group has no parent's colour to take. */
const DEFAULT_COLOUR = '#1b9e77';

/**
 * A blank form for a new category inside `parentCode` (or at the top), taking its parent's
 * ABCD type and colour: the map colours a category by its top-level group anyway.
 */
export function newCategoryDraft(categories: readonly Category[], parentCode: string | null): CategoryDraft {
  const parent = categories.find((c) => c.code === parentCode);
  return {
    code: '',
    parentCode: parent?.code ?? NO_PARENT,
    name: '',
    description: '',
    abcdType: parent?.abcdType ?? 'association',
    colour: parent?.colour ?? DEFAULT_COLOUR,
  };
}

export function draftFromCategory(category: Category): CategoryDraft {
  return {
    code: category.code,
    parentCode: category.parentCode ?? NO_PARENT,
    name: category.name,
    description: category.description,
    abcdType: category.abcdType,
    colour: category.colour.toLowerCase(),
  };
}

/** The body of POST /api/categories; a new category goes after its siblings. */
export function toCategoryInput(draft: CategoryDraft, categories: readonly Category[]): z.input<typeof CategoryInput> {
  const parentCode = draft.parentCode === NO_PARENT ? null : draft.parentCode;
  return {
    code: draft.code.trim(),
    parentCode,
    name: draft.name,
    description: draft.description,
    abcdType: draft.abcdType,
    colour: draft.colour,
    sortOrder: nextSortOrder(categories, parentCode),
  };
}

/** The body of PATCH /api/categories/:code: every field but the code (which names it) and its place among siblings. */
export function toCategoryPatch(draft: CategoryDraft): z.input<typeof CategoryPatch> {
  return {
    parentCode: draft.parentCode === NO_PARENT ? null : draft.parentCode,
    name: draft.name,
    description: draft.description,
    abcdType: draft.abcdType,
    colour: draft.colour,
  };
}

/**
 * The shared schema's problems with a draft, by field, before anything is sent: the same
 * messages the API would give. Empty when the draft is fine.
 */
export function categoryDraftErrors(draft: CategoryDraft, categories: readonly Category[], editing: boolean): FieldErrors {
  const parsed = editing ? CategoryPatch.safeParse(toCategoryPatch(draft)) : CategoryInput.safeParse(toCategoryInput(draft, categories));
  return parsed.success ? {} : zodIssuesByField(parsed.error);
}
