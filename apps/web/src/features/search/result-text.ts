import type { ResolvedPlace, SearchCoverage, SearchHit } from '@common-ground/schema';
import { ageRangeText, formatCount, plural } from '../../lib/format.js';
import { hasSearch, type SearchState } from '../../lib/url-state.js';
import { isPostcodePlace } from './suggestions.js';
import type { SearchOutcome } from './use-search-results.js';

/** @example distanceText(137.9) // '140 m' */
export function distanceText(metres: number): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} km`;
}

/** How exact a result's pin is, in a few words for the list. */
export function pinText(precision: SearchHit['locationPrecision']): string {
  switch (precision) {
    case 'exact':
      return 'exact location';
    case 'postcode':
      return 'at postcode centre';
    case 'approximate':
      return 'approximate location';
  }
}

/**
 * What a result offers, in a few words each, as text rather than icons: access, cost, ages,
 * carers, volunteering and languages.
 * Unknowns are left out (most records do not say), so the list is not full of "not known".
 * @example hitFacts({ wheelchair: 'yes', isFree: true, ageMin: 11, ageMax: 18 }) // ['Wheelchair accessible', 'Free', 'Ages 11–18']
 */
export function hitFacts(
  hit: Pick<SearchHit, 'wheelchair' | 'isFree' | 'ageMin' | 'ageMax'> & Partial<Pick<SearchHit, 'carersWelcome' | 'volunteersWanted' | 'languages'>>,
): string[] {
  const facts: string[] = [];
  if (hit.wheelchair === 'yes') facts.push('Wheelchair accessible');
  else if (hit.wheelchair === 'limited') facts.push('Partly wheelchair accessible');
  else if (hit.wheelchair === 'no') facts.push('No wheelchair access');
  if (hit.isFree === true) facts.push('Free');
  else if (hit.isFree === false) facts.push('Charges apply');
  const ages = ageRangeText(hit.ageMin, hit.ageMax);
  if (ages) facts.push(ages);
  // What residents typed when adding the place (issue 17: it was stored and never shown).
  if (hit.carersWelcome === true) facts.push('Carers welcome');
  if (hit.volunteersWanted === true) facts.push('Volunteers wanted');
  if (hit.languages && hit.languages.length > 0) facts.push(`Speaks ${hit.languages.join(', ')}`);
  return facts;
}

/** True for a place that is an area the search is limited to, not a point it is centred on. */
function isArea(place: ResolvedPlace): boolean {
  return !isPostcodePlace(place.kind);
}

/**
 * The heading over the results: where the search looks.
 * @example whereHeading(areaPlace, search) // 'Searching in Sheffield'
 */
export function whereHeading(place: ResolvedPlace | null, search: SearchState): string | null {
  if (place) return isArea(place) ? `Searching in ${place.label}` : `Searching near ${place.label}`;
  if (search.bbox) return 'Searching this area of the map';
  return null;
}

/**
 * The results count in three parts, so the place can be hidden from sight (but not from screen
 * readers) where the heading above already shows it.
 */
export interface CountParts {
  count: string;
  /** ' in Sheffield', ' near M1', ' in this area' or ''. */
  where: string;
  rest: string;
}

/** The results count, announced to screen readers whenever it changes. */
export function countParts(search: SearchState, outcome: SearchOutcome): CountParts {
  const only = (count: string): CountParts => ({ count, where: '', rest: '' });
  switch (outcome.status) {
    case 'idle':
      return only(hasSearch(search) ? '' : 'Search by what you need, a postcode or an area, or both.');
    case 'loading':
      return only('Searching…');
    case 'error':
      return only('The search could not be run.');
    case 'ready': {
      const { total, results, place, coverage } = outcome.data;
      const where = place ? (isArea(place) ? ` in ${place.label}` : ` near ${place.label}`) : search.bbox ? ' in this area' : '';
      // "None found" would mislead where no source we hold lists the category at all.
      if (total === 0 && coverage && !coverage.covered) return only(uncoveredText(coverage));
      if (total === 0) return { count: 'No places found', where, rest: '.' };
      const shown = results.length < total ? ` (showing ${formatCount(results.length)})` : '';
      return { count: `${plural(total, 'place')} found`, where, rest: `${shown}.` };
    }
  }
}

/** @example countText(search, outcome) // '134 places found in Sheffield (showing 20).' */
export function countText(search: SearchState, outcome: SearchOutcome): string {
  const { count, where, rest } = countParts(search, outcome);
  return `${count}${where}${rest}`;
}

/**
 * What to say when no source we hold covers the searched category where the search looks.
 * @example uncoveredText({ categoryName: 'Food banks and pantries', placeName: 'Gloucester', … }) // 'We hold no list of food banks and pantries for Gloucester yet.'
 */
export function uncoveredText(coverage: Pick<SearchCoverage, 'categoryName' | 'placeName'>): string {
  const name = coverage.categoryName.charAt(0).toLowerCase() + coverage.categoryName.slice(1);
  return `We hold no list of ${name} for ${coverage.placeName} yet.`;
}

/** What a resident can do about a category we do not cover, after uncoveredText. */
export const UNCOVERED_ADVICE =
  'So an empty map here does not mean there are none. If you know one, add it; a community worker can import a directory of them.';
