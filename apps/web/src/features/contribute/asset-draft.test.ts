import { AssetInput } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, fromRecord, toDraft } from './asset-draft.js';

describe('toDraft', () => {
  it('sends a postcode-placed pin as the postcode alone, and yes/no choices as booleans', () => {
    const draft = toDraft(
      { ...EMPTY_FORM, name: 'Knit and natter', categoryCode: 'community-group', postcode: 's1 2he', location: [-1.47, 53.38], placedBy: 'postcode', free: 'yes', carersWelcome: 'no', languages: 'English, Urdu ,', ageMin: '16' },
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
    const draft = toDraft({ ...EMPTY_FORM, name: 'x', categoryCode: 'c', location: [-1.5, 53.4], placedBy: 'map', sensitive: true }, { includeSensitive: true });
    expect(draft.location).toEqual({ type: 'Point', coordinates: [-1.5, 53.4] });
    expect(draft.sensitive).toBe(true);
  });

  it('lets the schema reject an age that is not a whole number', () => {
    const result = AssetInput.safeParse(toDraft({ ...EMPTY_FORM, name: 'x', categoryCode: 'c', postcode: 'S1 2HE', ageMin: 'ten' }, { includeSensitive: false }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['ageMin']);
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
