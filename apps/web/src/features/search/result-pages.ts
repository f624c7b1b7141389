import { SEARCH_PAGE_MAX, type SearchResults } from '@common-ground/schema';
import { RESULTS_PAGE_SIZE } from '../../lib/url-state.js';

export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * The API pages that cover results `from` (inclusive) to `to` (exclusive). A first load asks
 * for everything in as few requests as the API allows (a shared link may show several pages);
 * "Show more" asks for the list's next page only. The API orders results with a final tie-break
 * on id, so pages of different sizes line up.
 * @example pageRequests(0, 60) // [{ page: 1, pageSize: 60 }]
 * @example pageRequests(40, 60) // [{ page: 3, pageSize: 20 }]
 */
export function pageRequests(from: number, to: number, pageSize = RESULTS_PAGE_SIZE): PageRequest[] {
  if (to <= from) return [];
  if (from === 0) {
    if (to <= SEARCH_PAGE_MAX) return [{ page: 1, pageSize: to }];
    return Array.from({ length: Math.ceil(to / SEARCH_PAGE_MAX) }, (_, i) => ({ page: i + 1, pageSize: SEARCH_PAGE_MAX }));
  }
  const first = Math.floor(from / pageSize) + 1;
  const last = Math.ceil(to / pageSize);
  return Array.from({ length: last - first + 1 }, (_, i) => ({ page: first + i, pageSize }));
}

/**
 * The answers to `pageRequests(from, to)` as one: their results in order, trimmed to the range
 * asked for. The total and the resolved place come from the newest answer.
 */
export function joinPages(answers: readonly SearchResults[], from: number, to: number): SearchResults {
  const first = answers[0];
  const last = answers[answers.length - 1];
  if (!first || !last) throw new Error('joinPages needs at least one answer');
  const start = from - (first.page - 1) * first.pageSize;
  const results = answers.flatMap((a) => a.results).slice(start, start + (to - from));
  return { ...last, results };
}

/** A list with another page added; a result already listed (the data changed meanwhile) is not repeated. */
export function appendPage(shown: SearchResults, next: SearchResults): SearchResults {
  const seen = new Set(shown.results.map((r) => r.id));
  return { ...next, place: shown.place, results: [...shown.results, ...next.results.filter((r) => !seen.has(r.id))] };
}
