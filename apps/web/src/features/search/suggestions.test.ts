import type { Suggestion } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH } from '../../lib/url-state.js';
import { chooseSuggestion, flatten, groupSuggestions, suggestionDetail, suggestionsStatus, typedToFind } from './suggestions.js';

const at: Extract<Suggestion, { kind: 'place' }>['location'] = { type: 'Point', coordinates: [-1.47, 53.38] };
const foodBanks: Suggestion = { kind: 'category', code: 'food-bank', label: 'Food banks', detail: 'Food' };
const ward: Suggestion = {
  kind: 'place',
  placeKind: 'ward',
  value: 'E05010863',
  label: 'Broomhill & Sharrow Vale',
  detail: 'ward, Sheffield',
  location: at,
};
const district: Suggestion = { kind: 'place', placeKind: 'district', value: 'S10', label: 'S10', detail: null, location: at };
const pantry: Extract<Suggestion, { kind: 'asset' }> = {
  kind: 'asset',
  id: 'f5ea4ea0-d7cc-5128-b384-c505bce2939c',
  label: 'Sharrow Food Pantry',
  detail: 'Food banks · S7 1FR',
  location: at,
};

describe('suggestions', () => {
  it('groups by kind in display order and numbers the options in that order', () => {
    const groups = groupSuggestions([pantry, ward, foodBanks, district], ['category', 'place', 'asset']);
    expect(groups.map((g) => g.label)).toEqual(['Categories', 'Postcodes and areas', 'Community assets']);
    expect(groups.flatMap((g) => g.options.map((o) => o.index))).toEqual([0, 1, 2, 3]);
    expect(flatten(groups)).toEqual([foodBanks, ward, district, pantry]);
  });

  it('offers only the kinds a box takes, and no empty groups', () => {
    const groups = groupSuggestions([foodBanks, ward, pantry], ['place']);
    expect(groups.map((g) => g.kind)).toEqual(['place']);
    expect(groupSuggestions([foodBanks], ['place'])).toEqual([]);
  });

  it('shows the API’s detail, or else what kind of place a place is', () => {
    expect(suggestionDetail(ward)).toBe('Ward, Sheffield');
    expect(suggestionDetail(district)).toBe('Postcode district');
    expect(suggestionDetail(foodBanks)).toBe('Food');
    expect(suggestionDetail({ ...foodBanks, detail: null })).toBeNull();
  });

  it('tells screen readers how many suggestions there are, of which kinds', () => {
    const groups = groupSuggestions([foodBanks, ward, district, pantry], ['category', 'place', 'asset']);
    expect(suggestionsStatus(groups)).toBe('4 suggestions: 1 category, 2 postcodes and areas, 1 community asset. Use the up and down arrows to choose.');
    expect(suggestionsStatus([])).toBe('No suggestions.');
  });

  it('knows when the words typed were only a way to find a suggestion', () => {
    expect(typedToFind('food b', 'Food banks')).toBe(true);
    expect(typedToFind('  FOOD  banks ', 'Food banks')).toBe(true);
    expect(typedToFind('halal food', 'Food banks')).toBe(false);
  });

  it('makes a chosen category the filter, dropping words typed to find it', () => {
    const draft = { ...EMPTY_SEARCH, q: 'food b', pages: 3 };
    const choice = chooseSuggestion({ draft, near: { text: 'M1', area: null } }, foodBanks, 'q');
    expect(choice).toEqual({
      kind: 'search',
      search: { ...EMPTY_SEARCH, q: '', category: 'food-bank', place: 'M1' },
      near: { text: 'M1', area: null },
    });
  });

  it('keeps other words when a category is chosen', () => {
    const draft = { ...EMPTY_SEARCH, q: 'halal' };
    const choice = chooseSuggestion({ draft, near: { text: '', area: null } }, foodBanks, 'q');
    expect(choice.kind === 'search' && choice.search.q).toBe('halal');
  });

  it('searches in a chosen area by its code, showing its name, and leaves "this area"', () => {
    const draft = { ...EMPTY_SEARCH, q: 'broomh', bbox: [-2, 53, -1, 54] as [number, number, number, number] };
    const choice = chooseSuggestion({ draft, near: { text: '', area: null } }, ward, 'q');
    expect(choice).toEqual({
      kind: 'search',
      search: { ...EMPTY_SEARCH, area: 'E05010863' },
      near: { text: 'Broomhill & Sharrow Vale', area: { code: 'E05010863', label: 'Broomhill & Sharrow Vale' } },
    });
  });

  it('searches near a chosen postcode, keeping the words when it was chosen in the place box', () => {
    const draft = { ...EMPTY_SEARCH, q: 'youth club', area: 'E05010863' };
    const choice = chooseSuggestion({ draft, near: { text: 'S1', area: null } }, district, 'near');
    expect(choice).toEqual({ kind: 'search', search: { ...EMPTY_SEARCH, q: 'youth club', place: 'S10' }, near: { text: 'S10', area: null } });
  });

  it('opens a chosen asset rather than searching', () => {
    expect(chooseSuggestion({ draft: EMPTY_SEARCH, near: { text: '', area: null } }, pantry, 'q')).toEqual({ kind: 'open', id: pantry.id });
  });
});
