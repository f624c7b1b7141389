import type { Category } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { apiIssuesByField } from '../../lib/field-issues.js';
import { categoryDraftErrors, draftFromCategory, newCategoryDraft, toCategoryInput, toCategoryPatch } from './category-draft.js';

const FOOD: Category = { code: 'food', parentCode: null, name: 'Food', description: 'Eating well', abcdType: 'economic', colour: '#E7298A', sortOrder: 4 };

describe('the category form', () => {
  it('starts a new category with its parent type and colour', () => {
    expect(newCategoryDraft([FOOD], 'food')).toEqual({ code: '', parentCode: 'food', name: '', description: '', abcdType: 'economic', colour: '#E7298A' });
    expect(newCategoryDraft([FOOD], null).parentCode).toBe('');
  });

  it('sends a new category after its siblings, with no parent as null', () => {
    const draft = { ...newCategoryDraft([FOOD], null), code: ' youth ', name: 'Youth' };
    expect(toCategoryInput(draft, [FOOD])).toMatchObject({ code: 'youth', parentCode: null, name: 'Youth', sortOrder: 5 });
  });

  it('edits every field but the code', () => {
    const patch = toCategoryPatch({ ...draftFromCategory(FOOD), name: 'Food and drink' });
    expect(patch).toEqual({ parentCode: null, name: 'Food and drink', description: 'Eating well', abcdType: 'economic', colour: '#e7298a' });
    expect(patch).not.toHaveProperty('code');
  });

  it('shows the shared schema messages by field before sending', () => {
    const errors = categoryDraftErrors({ ...newCategoryDraft([], null), code: 'Food Bank', name: ' ' }, [], false);
    expect(errors.code).toMatch(/category code/);
    expect(errors.name).toBeDefined();
    expect(categoryDraftErrors({ ...draftFromCategory(FOOD), colour: 'red' }, [FOOD], true).colour).toBe('must be a colour such as #1b9e77');
    expect(categoryDraftErrors(draftFromCategory(FOOD), [FOOD], true)).toEqual({});
  });

  it("puts the API's 409 on the code field", () => {
    expect(apiIssuesByField([{ path: 'body.code', message: 'is taken' }], ['body.'])).toEqual({ code: 'is taken' });
  });
});
