import { describe, expect, it } from 'vitest';
import { diffVersions, meaningfulChanges, pinText, proposalChanges, valueText } from './version-diff.js';

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

  it('reads opening hours in words, as the asset page does, leaving a rule it cannot read as written', () => {
    expect(diffVersions({ openingHours: null }, { openingHours: 'Mo-Fr 09:00-17:00' })).toEqual([
      { field: 'openingHours', label: 'Opening hours', before: '—', after: 'Monday to Friday, 9am to 5pm' },
    ]);
    expect(diffVersions({ openingHours: 'Mo,Tu,Th 09:00-19:00; Sa off' }, { openingHours: 'Mo-Fr 09:00-17:00; week 1-53/2 Sa 10:00-12:00' })).toEqual([
      {
        field: 'openingHours',
        label: 'Opening hours',
        before: 'Monday, Tuesday and Thursday, 9am to 7pm; Saturday: closed',
        after: 'Monday to Friday, 9am to 5pm; week 1-53/2 Sa 10:00-12:00',
      },
    ]);
    // The same hours written another way are no change.
    expect(diffVersions({ openingHours: 'Mo-Fr 09:00-17:00' }, { openingHours: 'Mo-Fr  09:00-17:00' })).toEqual([]);
  });

  it('leaves bookkeeping out of meaningful changes', () => {
    expect(meaningfulChanges({ version: 1, updatedAt: 'x', name: 'a' }, { version: 2, updatedAt: 'y', name: 'a' })).toEqual([]);
  });
});

describe('proposalChanges', () => {
  const stored = { name: 'Hall', location: { type: 'Point', coordinates: [-2.23899, 51.85295] }, locationPrecision: 'postcode', postcode: 'GL1 2TG' };

  it('does not show the pin as deleted when an edit keeps the postcode it was placed by', () => {
    const proposed = { name: 'Church Hall', location: null, postcode: 'GL1 2TG' };
    expect(proposalChanges(stored, proposed, ['name', 'location', 'postcode'])).toEqual([
      { field: 'name', label: 'Name', before: 'Hall', after: 'Church Hall' },
    ]);
  });

  it('shows a move to another postcode, or to a point on the map', () => {
    expect(proposalChanges(stored, { ...stored, location: null, postcode: 'GL1 1AA' }, ['location', 'postcode'])).toEqual([
      { field: 'location', label: 'Location', before: 'Centre of GL1 2TG', after: 'Centre of GL1 1AA' },
      { field: 'postcode', label: 'Postcode', before: 'GL1 2TG', after: 'GL1 1AA' },
    ]);
    const moved = { ...stored, location: { type: 'Point', coordinates: [-2.24, 51.86] } };
    delete (moved as Partial<typeof moved>).locationPrecision;
    expect(proposalChanges(stored, moved, ['location'])).toEqual([
      { field: 'location', label: 'Location', before: 'Centre of GL1 2TG', after: '51.86000, -2.24000' },
    ]);
  });

  it('keeps a pin placed on the map as its point', () => {
    const exact = { ...stored, locationPrecision: 'exact' };
    expect(proposalChanges(exact, { ...exact, name: 'Hall' }, ['name', 'location'])).toEqual([]);
    expect(pinText(exact)).toBe('51.85295, -2.23899');
  });

  it('lists a new place’s pin by its postcode', () => {
    expect(proposalChanges(null, { name: 'New', location: null, postcode: 'gl1 2tg' })).toEqual([
      { field: 'name', label: 'Name', before: '—', after: 'New' },
      { field: 'location', label: 'Location', before: '—', after: 'Centre of GL1 2TG' },
      { field: 'postcode', label: 'Postcode', before: '—', after: 'gl1 2tg' },
    ]);
  });
});
