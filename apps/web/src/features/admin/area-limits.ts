import type { AdminUser, Suggestion } from '@common-ground/schema';

/** A suggestion for a place that names an area a worker can be limited to. */
export type AreaSuggestion = Extract<Suggestion, { kind: 'place' }> & { placeKind: 'lsoa' | 'ward' | 'local_authority' };

/**
 * True for the areas a worker can be limited to (an LSOA, a ward or a local authority, by
 * its GSS code); postcodes are places to search, not areas to curate.
 */
export function isAreaSuggestion(suggestion: Suggestion): suggestion is AreaSuggestion {
  return suggestion.kind === 'place' && (suggestion.placeKind === 'lsoa' || suggestion.placeKind === 'ward' || suggestion.placeKind === 'local_authority');
}

type Limits = AdminUser['areaLimits'];

/** The codes to send with one more area (unchanged when it is there already). */
export function withArea(limits: Limits, code: string): string[] {
  const codes = limits.map((l) => l.code);
  return codes.includes(code) ? codes : [...codes, code];
}

/** The codes to send with one area taken away. */
export function withoutArea(limits: Limits, code: string): string[] {
  return limits.map((l) => l.code).filter((c) => c !== code);
}

/**
 * How an area reads in the list: its name and code (two wards can share a name), or the
 * code alone when the data has no name for it.
 * @example areaLabel({ code: 'E05010950', name: 'Westgate' }) // 'Westgate (E05010950)'
 */
export function areaLabel(limit: Limits[number]): string {
  return limit.name && limit.name !== limit.code ? `${limit.name} (${limit.code})` : limit.code;
}
