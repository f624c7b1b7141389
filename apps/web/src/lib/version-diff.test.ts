import { describe, expect, it } from 'vitest';
import { diffVersions, meaningfulChanges, valueText } from './version-diff.js';

describe('valueText', () => {
  it('reads values as a person would', () => {
    expect(valueText(null)).toBe('—');
    expect(valueText('')).toBe('—');
    expect(valueText(true)).toBe('Yes');
    expect(valueText(false)).toBe('No');
    expect(valueText(['English', 'Urdu'])).toBe('English, Urdu');
    expect(valueText([])).toBe('—');
    expect(valueText({ type: 'Point', coordinates: [-1.4701, 53.3811] })).toBe('53.38110, -1.47010');
    expect(valueText(12)).toBe('12');
  });
});

describe('diffVersions', () => {
  it('lists only the changed fields, in form order, with their labels', () => {
    const before = { phone: '0114 000', name: 'Hall', free: null, languages: ['English'] };
    const after = { phone: '0114 000', name: 'Church Hall', free: true, languages: ['English'] };
    expect(diffVersions(before, after)).toEqual([
      { field: 'name', label: 'Name', before: 'Hall', after: 'Church Hall' },
      { field: 'free', label: 'Free', before: '—', after: 'Yes' },
    ]);
  });

  it('treats a missing version as empty (a new asset) and keeps unknown fields', () => {
    expect(diffVersions(null, { name: 'New', extraThing: 'x' })).toEqual([
      { field: 'name', label: 'Name', before: '—', after: 'New' },
      { field: 'extraThing', label: 'Extra Thing', before: '—', after: 'x' },
    ]);
  });

  it('compares only the named fields when asked', () => {
    expect(diffVersions({ name: 'a', phone: '1' }, { name: 'b', phone: '2' }, ['phone'])).toEqual([
      { field: 'phone', label: 'Phone', before: '1', after: '2' },
    ]);
  });

  it('says coded values in words', () => {
    expect(diffVersions({ lifecycleStatus: 'active' }, { lifecycleStatus: 'defunct' })).toEqual([
      { field: 'lifecycleStatus', label: 'Status', before: 'Open / running', after: 'Closed for good' },
    ]);
  });

  it('leaves bookkeeping out of meaningful changes', () => {
    expect(meaningfulChanges({ version: 1, updatedAt: 'x', name: 'a' }, { version: 2, updatedAt: 'y', name: 'a' })).toEqual([]);
  });
});
