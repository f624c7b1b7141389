import type { PlaceKind, Suggestion } from '@common-ground/schema';
import { plural } from '../../lib/format.js';
import type { SearchState } from '../../lib/url-state.js';
import { nearToPlace, type NearDraft } from './near-field.js';

export type SuggestionKind = Suggestion['kind'];

export interface SuggestionGroup {
  kind: SuggestionKind;
  label: string;
  /** Each with its place in the whole list, which is what the arrow keys walk. */
  options: { suggestion: Suggestion; index: number }[];
}

const GROUP_ORDER: readonly SuggestionKind[] = ['category', 'place', 'asset'];

const GROUP_LABELS: Record<SuggestionKind, string> = {
  category: 'Categories',
  place: 'Postcodes and areas',
  asset: 'Community assets',
};

/**
 * The suggestions a box offers (only the kinds it takes), grouped in display order and numbered
 * in that order, so the arrow keys move down the list as it is seen.
 */
export function groupSuggestions(suggestions: readonly Suggestion[], kinds: readonly SuggestionKind[]): SuggestionGroup[] {
  const groups: SuggestionGroup[] = [];
  let index = 0;
  for (const kind of GROUP_ORDER) {
    if (!kinds.includes(kind)) continue;
    const options = suggestions.filter((s) => s.kind === kind).map((suggestion) => ({ suggestion, index: index++ }));
    if (options.length > 0) groups.push({ kind, label: GROUP_LABELS[kind], options });
  }
  return groups;
}

/** The groups' options as one list, in the order the arrow keys take. */
export function flatten(groups: readonly SuggestionGroup[]): Suggestion[] {
  return groups.flatMap((g) => g.options.map((o) => o.suggestion));
}

export function placeKindText(kind: PlaceKind): string {
  switch (kind) {
    case 'postcode':
      return 'Postcode';
    case 'sector':
      return 'Postcode sector';
    case 'district':
      return 'Postcode district';
    case 'lsoa':
      return 'Neighbourhood (LSOA)';
    case 'ward':
      return 'Ward';
    case 'local_authority':
      return 'Local authority';
  }
}

/**
 * The second line of an option. The API's detail for a place already says what kind it is and
 * where ("ward, Sheffield"); without one, the kind alone says what choosing it will search.
 */
export function suggestionDetail(suggestion: Suggestion): string | null {
  const detail = suggestion.detail?.trim() || (suggestion.kind === 'place' ? placeKindText(suggestion.placeKind) : null);
  return detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : null;
}

/** True for a place searched by postcode (`postcode=`) rather than as an area (`area=`). */
export function isPostcodePlace(kind: PlaceKind): boolean {
  return kind === 'postcode' || kind === 'sector' || kind === 'district';
}

/**
 * What a screen reader hears when suggestions change, so a user knows the list is there
 * and how long it is without moving into it.
 * @example suggestionsStatus(groups) // '4 suggestions: 1 category, 3 community assets. Use the up and down arrows to choose.'
 */
export function suggestionsStatus(groups: readonly SuggestionGroup[]): string {
  const count = groups.reduce((n, g) => n + g.options.length, 0);
  if (count === 0) return 'No suggestions.';
  const parts = groups.map((g) => {
    const n = g.options.length;
    switch (g.kind) {
      case 'category':
        return plural(n, 'category', 'categories');
      case 'place':
        return plural(n, 'postcode or area', 'postcodes and areas');
      case 'asset':
        return plural(n, 'community asset');
    }
  });
  return `${plural(count, 'suggestion')}: ${parts.join(', ')}. Use the up and down arrows to choose.`;
}

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * True when the words typed were only a way to find the chosen suggestion ("food b" for
 * "Food banks"), so they should not also be searched for as words.
 * @example typedToFind('food b', 'Food banks') // true; typedToFind('halal', 'Food banks') // false
 */
export function typedToFind(typed: string, label: string): boolean {
  const words = normalise(typed);
  return words === '' || normalise(label).includes(words);
}

/** What choosing a suggestion does: run a new search, or open an asset's page. */
export type SuggestionChoice = { kind: 'search'; search: SearchState; near: NearDraft } | { kind: 'open'; id: string };

/**
 * The effect of choosing a suggestion in one of the search form's boxes (`from`). A category
 * becomes the category filter and a place becomes where to search (a postcode as `place`, an
 * area by its code); words typed in the words box only to find them are dropped, others kept.
 * The search starts again from its first page; a place replaces any "Search this area" box.
 */
export function chooseSuggestion(form: { draft: SearchState; near: NearDraft }, suggestion: Suggestion, from: 'q' | 'near'): SuggestionChoice {
  if (suggestion.kind === 'asset') return { kind: 'open', id: suggestion.id };
  const { draft, near } = form;
  const q = from === 'q' && typedToFind(draft.q, suggestion.label) ? '' : draft.q;
  if (suggestion.kind === 'category') {
    const place = nearToPlace(near);
    const hasPlace = Boolean(place.place || place.area);
    return { kind: 'search', search: { ...draft, ...place, q, category: suggestion.code, bbox: hasPlace ? null : draft.bbox, pages: 1 }, near };
  }
  if (isPostcodePlace(suggestion.placeKind)) {
    return {
      kind: 'search',
      search: { ...draft, q, place: suggestion.value, area: '', bbox: null, pages: 1 },
      near: { text: suggestion.value, area: null },
    };
  }
  return {
    kind: 'search',
    search: { ...draft, q, place: '', area: suggestion.value, bbox: null, pages: 1 },
    near: { text: suggestion.label, area: { code: suggestion.value, label: suggestion.label } },
  };
}
