import { AssetInput } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, fromRecord, toDraft } from './asset-draft.js';

describe('toDraft', () => {
  it('sends a postcode-placed pin as the postcode alone, and yes/no choices as booleans', () => {
    const draft = toDraft(
      {
        ...EMPTY_FORM,
        name: 'Knit and natter',
        categoryCode: 'community-group',
        postcode: 's1 2he',
        location: [-1.47, 53.38],
        placedBy: 'postcode',
        free: 'yes',
        carersWelcome: 'no',
        languages: 'English, Urdu ,',
        ageMin: '16',
      },
      { includeSensitive: false },
    );
    expect(draft.location).toBeNull();
    expect(draft.postcode).toBe('s1 2he');
    expect(draft.free).toBe(true);
    expect(draft.carersWelcome).toBe(false);
    expect(draft.volunteersWanted).toBeNull();
    expect(draft.languages).toEqual(['English', 'Urdu']);
    expect(draft.ageMin).toBe(16);
    expect('sensitive' in draft).toBe(false);
    const parsed = AssetInput.parse(draft);
    expect(parsed.postcode).toBe('S1 2HE');
    expect(parsed.description).toBeNull();
  });

  it('sends a clicked pin as a point, and the sensitive flag only for workers', () => {
    const draft = toDraft(
      { ...EMPTY_FORM, name: 'x', categoryCode: 'c', location: [-1.5, 53.4], placedBy: 'map', sensitive: true },
      { includeSensitive: true },
    );
    expect(draft.location).toEqual({ type: 'Point', coordinates: [-1.5, 53.4] });
    expect(draft.sensitive).toBe(true);
  });

  it('lets the schema reject an age that is not a whole number', () => {
    const result = AssetInput.safeParse(
      toDraft({ ...EMPTY_FORM, name: 'x', categoryCode: 'c', postcode: 'S1 2HE', ageMin: 'ten' }, { includeSensitive: false }),
    );
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['ageMin']);
  });
});

describe('capacity', () => {
  const base = { ...EMPTY_FORM, name: 'Lunch club', categoryCode: 'older-people-group', postcode: 'S1 2HE' };

  it('sends nothing known when no number is typed, whatever the unit', () => {
    expect(toDraft({ ...base, capacityUnit: 'places' }, { includeSensitive: false }).capacity).toBeNull();
  });

  it('sends a number with thousands separators and its unit, and 0 as known', () => {
    expect(AssetInput.parse(toDraft({ ...base, capacity: '8,123', capacityUnit: 'registered patients' }, { includeSensitive: false })).capacity).toEqual({
      value: 8123,
      unit: 'registered patients',
    });
    expect(AssetInput.parse(toDraft({ ...base, capacity: '0', capacityUnit: 'places' }, { includeSensitive: false })).capacity).toEqual({
      value: 0,
      unit: 'places',
    });
  });

  it.each([
    ['twenty', 'places', /number/],
    ['12', '', /say what it counts/],
    ['-3', 'places', /0 or more/],
    ['2.5', 'places', /whole number of places/],
    ['200', 'opening hours per week', /168/],
  ] as const)('lets the schema refuse %s %s, on the capacity field', (typed, unit, message) => {
    const result = AssetInput.safeParse(toDraft({ ...base, capacity: typed, capacityUnit: unit }, { includeSensitive: false }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path[0]).toBe('capacity');
    expect(result.error!.issues[0]!.message).toMatch(message);
  });

  it('fills the form from an asset with a capacity and back', () => {
    const form = fromRecord({ name: 'Practice', categoryCode: 'gp-practice', postcode: 'S1 2HE', capacity: { value: 8123, unit: 'registered patients' } });
    expect(form).toMatchObject({ capacity: '8123', capacityUnit: 'registered patients' });
    expect(AssetInput.parse(toDraft(form, { includeSensitive: false })).capacity).toEqual({ value: 8123, unit: 'registered patients' });
  });
});

describe('fromRecord', () => {
  it('fills the form from an asset and back to the same values', () => {
    const asset = {
      name: 'Hall',
      categoryCode: 'community-centre',
      abcdType: 'physical',
      description: null,
      location: { type: 'Point', coordinates: [-1.47, 53.38] },
      locationPrecision: 'postcode',
      postcode: 'S1 2HE',
      languages: ['English'],
      free: false,
      ageMin: 5,
      ageMax: null,
      lifecycleStatus: 'active',
    };
    const form = fromRecord(asset);
    expect(form).toMatchObject({ name: 'Hall', placedBy: 'postcode', free: 'no', ageMin: '5', ageMax: '', languages: 'English', abcdType: 'physical' });
    const parsed = AssetInput.parse(toDraft(form, { includeSensitive: false }));
    expect(parsed).toMatchObject({ name: 'Hall', postcode: 'S1 2HE', location: null, free: false, ageMin: 5, languages: ['English'] });
  });
});
