import type { ResolvedPlace, SearchResults } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH } from '../../lib/url-state.js';
import { countText, distanceText, hitFacts, uncoveredText, whereHeading } from './result-text.js';
import type { SearchOutcome } from './use-search-results.js';

const sheffield: ResolvedPlace = {
  kind: 'local_authority',
  code: 'E08000019',
  label: 'Sheffield',
  location: { type: 'Point', coordinates: [-1.47, 53.38] },
  bbox: [-1.8, 53.3, -1.3, 53.5],
};
const m1: ResolvedPlace = { kind: 'district', code: null, label: 'M1', location: { type: 'Point', coordinates: [-2.23, 53.47] }, bbox: null };

const ready = (data: Partial<SearchResults>): SearchOutcome => ({
  status: 'ready',
  more: { status: 'idle' },
  data: { total: 0, page: 1, pageSize: 20, place: null, coverage: null, results: [], ...data },
});

describe('result text', () => {
  it('rounds distances for reading', () => {
    expect(distanceText(137.9)).toBe('140 m');
    expect(distanceText(3)).toBe('10 m');
    expect(distanceText(2345)).toBe('2.3 km');
    expect(distanceText(12_345)).toBe('12 km');
  });

  it('says what a place offers in words, leaving out what is not known', () => {
    expect(hitFacts({ wheelchair: 'yes', isFree: true, ageMin: 11, ageMax: 18 })).toEqual(['Wheelchair accessible', 'Free', 'Ages 11–18']);
    expect(hitFacts({ wheelchair: 'limited', isFree: false, ageMin: 65, ageMax: null })).toEqual([
      'Partly wheelchair accessible',
      'Charges apply',
      'Ages 65 and over',
    ]);
    expect(hitFacts({ wheelchair: null, isFree: null, ageMin: null, ageMax: null })).toEqual([]);
    expect(hitFacts({ wheelchair: null, isFree: null, ageMin: null, ageMax: null, carersWelcome: false, volunteersWanted: null, languages: [] })).toEqual([]);
  });

  it('says carers are welcome, volunteers are wanted and which languages are spoken', () => {
    expect(
      hitFacts({ wheelchair: null, isFree: true, ageMin: null, ageMax: null, carersWelcome: true, volunteersWanted: true, languages: ['English', 'Urdu'] }),
    ).toEqual(['Free', 'Carers welcome', 'Volunteers wanted', 'Speaks English, Urdu']);
  });

  it('heads the results with where the search looks', () => {
    expect(whereHeading(sheffield, EMPTY_SEARCH)).toBe('Searching in Sheffield');
    expect(whereHeading(m1, EMPTY_SEARCH)).toBe('Searching near M1');
    expect(whereHeading(null, { ...EMPTY_SEARCH, bbox: [0, 0, 1, 1] })).toBe('Searching this area of the map');
    expect(whereHeading(null, { ...EMPTY_SEARCH, q: 'food' })).toBeNull();
  });

  it('counts the results found in an area or near a postcode, and how many are shown', () => {
    const search = { ...EMPTY_SEARCH, area: 'E08000019' };
    const results = Array.from({ length: 20 }, () => ({}) as SearchResults['results'][number]);
    expect(countText(search, ready({ total: 134, place: sheffield, results }))).toBe('134 places found in Sheffield (showing 20).');
    expect(countText(search, ready({ total: 1, place: m1, results: results.slice(0, 1) }))).toBe('1 place found near M1.');
    expect(countText(search, ready({ total: 0, place: sheffield }))).toBe('No places found in Sheffield.');
  });
});

describe('coverage', () => {
  it('says we hold no list, not that there are none, when the category is not covered there', () => {
    const search = { ...EMPTY_SEARCH, place: 'M1', q: 'food banks' };
    const coverage = { categoryCode: 'food-bank', categoryName: 'Food banks and pantries', placeName: 'Gloucester', covered: false };
    expect(uncoveredText(coverage)).toBe('We hold no list of food banks and pantries for Gloucester yet.');
    expect(countText(search, ready({ total: 0, place: m1, coverage }))).toBe('We hold no list of food banks and pantries for Gloucester yet.');
    expect(countText(search, ready({ total: 0, place: m1, coverage: { ...coverage, covered: true } }))).toBe('No places found near M1.');
  });
});
