import type { SearchState } from '../../lib/url-state.js';

/**
 * What the "Near (postcode or area)" field holds: the words shown, and the area they stand
 * for when they came from a suggestion or the last search. An area's name is often not unique
 * ("Newtown" is a ward in several places), so a chosen area is sent by its code, never its name.
 */
export interface NearDraft {
  text: string;
  area: { code: string; label: string } | null;
}

/**
 * A full or partial UK postcode: district ("M1", "GL51"), sector ("GL1 2") or unit ("GL1 2TG").
 * Anything else in the field is taken to be an area's name or GSS code.
 */
const POSTCODE_LIKE = /^[A-Z]{1,2}\d[A-Z\d]?(?:\s*\d[A-Z]{0,2})?$/i;

/** @example isPostcodeLike('gl1 2tg') // true; isPostcodeLike('Sheffield') // false */
export function isPostcodeLike(text: string): boolean {
  return POSTCODE_LIKE.test(text.trim());
}

/** "near me", "near here": no place a search can look up (the map's own place is "Search this area"). */
const NOT_A_PLACE = /^(?:me|here|by|us|you)$/i;

/**
 * Words typed as "<what> near <postcode or place>" in the "What are you looking for?" box,
 * split into what to look for and the place, which then goes where the Near field's would
 * (a postcode as a postcode, other words as an area). Null when the words name no place.
 * @example splitNear('cafe near S1 2HE') // { what: 'cafe', near: 'S1 2HE' }
 * @example splitNear('near Sheffield') // { what: '', near: 'Sheffield' }
 */
export function splitNear(words: string): { what: string; near: string } | null {
  const m = /^(?:(.*?)\s+)?near(?:\s+to)?\s+(.+)$/i.exec(words.trim());
  if (!m) return null;
  const near = m[2]!.replace(/[\s.,;!?]+$/, '').trim();
  if (!near || NOT_A_PLACE.test(near)) return null;
  return { what: (m[1] ?? '').trim(), near };
}

/**
 * The search's place from the field: a chosen area by its code while the field still shows
 * its name, a postcode when the words look like one, otherwise an area by name or code.
 * @example nearToPlace({ text: 'M1', area: null }) // { place: 'M1', area: '' }
 */
export function nearToPlace(near: NearDraft): Pick<SearchState, 'place' | 'area'> {
  const text = near.text.trim();
  if (near.area && text === near.area.label.trim()) return { place: '', area: near.area.code };
  if (!text) return { place: '', area: '' };
  return isPostcodeLike(text) ? { place: text, area: '' } : { place: '', area: text };
}

/**
 * The field for a search in the address: its postcode, or its area (by the name the last
 * search resolved it to, when there is one for this very area).
 */
export function nearFromSearch(search: Pick<SearchState, 'place' | 'area'>, resolved?: { code: string | null; label: string } | null): NearDraft {
  if (!search.area) return { text: search.place, area: null };
  const sameArea = resolved && (resolved.code === search.area || resolved.label.toLowerCase() === search.area.toLowerCase());
  if (sameArea && resolved.code) return { text: resolved.label, area: { code: resolved.code, label: resolved.label } };
  return { text: search.area, area: null };
}
