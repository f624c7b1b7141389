/**
 * The searches the search benchmark sends: misspelt words, a point in a city centre, a
 * category (its subtree is searched) and open_now, at the default radius (1600 m).
 * Written out literally so runs stay comparable.
 */

export interface SearchRequest {
  /** A short name for tables and script files. */
  name: string;
  /** The query string's parameters, as a browser sends them. */
  params: Readonly<Record<string, string>>;
}

/**
 * The first is the representative request, measured on its own; the benchmark also runs
 * all of them as a mix. In the open data only libraries have opening hours (2,836 of the
 * 2,841 assets with any), so only the library searches can find something open, and only
 * in library hours; the food bank and GP searches are searches people make all the same,
 * and run every condition (their matches before the hours test: ~200 and a few).
 */
export const SEARCH_REQUESTS: readonly SearchRequest[] = [
  { name: 'sheffield-libary', params: { q: 'libary', near: '-1.4701,53.3811', category: 'learning', open_now: 'true' } },
  { name: 'leeds-librery', params: { q: 'librery', near: '-1.5491,53.7997', category: 'learning', open_now: 'true' } },
  { name: 'birmingham-libary', params: { q: 'libary', near: '-1.8998,52.4797', category: 'learning', open_now: 'true' } },
  { name: 'london-libary', params: { q: 'libary', near: '-0.1276,51.5072', category: 'learning', open_now: 'true' } },
  { name: 'manchester-fod-bank', params: { q: 'fod bank', near: '-2.2426,53.4808', category: 'food', open_now: 'true' } },
  { name: 'bristol-gp-surgry', params: { q: 'gp surgry', near: '-2.5879,51.4545', category: 'health', open_now: 'true' } },
];

export const searchPath = (r: SearchRequest) => `/api/search?${new URLSearchParams(r.params).toString()}`;
