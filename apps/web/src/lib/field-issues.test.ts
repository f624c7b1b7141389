import { AssetInput } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { apiIssuesByField, zodIssuesByField } from './field-issues.js';

describe('apiIssuesByField', () => {
  it('keys body issues by the field name, the first message winning', () => {
    expect(
      apiIssuesByField([
        { path: 'body.email', message: 'must be an email address' },
        { path: 'body.email', message: 'second' },
        { path: 'body.password', message: 'too short' },
      ]),
    ).toEqual({ email: 'must be an email address', password: 'too short' });
  });

  it("reads an edit's nested asset fields and nested paths as their top field", () => {
    expect(
      apiIssuesByField([
        { path: 'body.asset.name', message: 'name is required' },
        { path: 'body.asset.location.coordinates', message: 'must be a point in England' },
        { path: 'body.baseVersion', message: 'required' },
      ]),
    ).toEqual({ name: 'name is required', location: 'must be a point in England', baseVersion: 'required' });
  });

  it("puts an issue on the whole body under ''", () => {
    expect(apiIssuesByField([{ path: 'body', message: 'expected an object' }])).toEqual({ '': 'expected an object' });
  });
});

describe('zodIssuesByField', () => {
  it('gives the shared schema’s own messages by field', () => {
    const result = AssetInput.safeParse({ name: '', categoryCode: 'food-bank', email: 'nope', ageMin: 10, ageMax: 5 });
    expect(result.success).toBe(false);
    const errors = zodIssuesByField(result.error!);
    expect(errors.name).toBe('name is required');
    expect(errors.email).toMatch(/email address/);
    expect(errors.location).toMatch(/click the map or give a postcode/);
  });
});
