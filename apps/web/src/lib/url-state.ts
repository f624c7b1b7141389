/** What the address bar holds: the page, the search and the map view. */

export type Route =
  | { page: 'map' }
  | { page: 'gaps' }
  | { page: 'asset'; id: string }
  | { page: 'embed' }
  | { page: 'add' }
  | { page: 'account' }
  | { page: 'submissions' }
  | { page: 'moderation' }
  | { page: 'admin' }
  | { page: 'needs' }
  | { page: 'import' }
  | { page: 'privacy' }
  | { page: 'my-areas' }
  | { page: 'new-area' }
  | { page: 'custom-area'; id: string }
  | { page: 'area-report'; id: string };

/** Pages of their own that cover the map (which stays alive beneath, so Back finds it unchanged). */
export type PageRoute = Exclude<Route, { page: 'map' } | { page: 'embed' } | { page: 'gaps' }>;

export function isPage(route: Route): route is PageRoute {
  return route.page !== 'map' && route.page !== 'embed' && route.page !== 'gaps';
}

const PAGE_PATHS: Record<string, Route> = {
  '/add': { page: 'add' },
  '/account': { page: 'account' },
  '/me/submissions': { page: 'submissions' },
  '/moderation': { page: 'moderation' },
  '/admin': { page: 'admin' },
  '/needs': { page: 'needs' },
  '/import': { page: 'import' },
  '/privacy': { page: 'privacy' },
  '/areas/mine': { page: 'my-areas' },
  '/areas/new': { page: 'new-area' },
  '/gaps': { page: 'gaps' },
};

export interface SearchState {
  q: string;
  /** A postcode, sector or district ("GL1 2TG", "GL1 2", "GL1"). */
  place: string;
  /** An area to search inside: a GSS code (LSOA, ward, local authority) or a unique name. */
  area: string;
  category: string;
  openNow: boolean;
  wheelchair: boolean;
  free: boolean;
  /** Only places that say carers are welcome. */
  carers: boolean;
  /** Only places that want volunteers. */
  volunteers: boolean;
  /** A language spoken there, as typed ('' for any). */
  language: string;
  /** minLon,minLat,maxLon,maxLat from "Search this area", or null. */
  bbox: [number, number, number, number] | null;
  /** How many pages of results the list shows ("Show more results" adds one). */
  pages: number;
}

export interface MapViewState {
  zoom: number;
  lat: number;
  lon: number;
}

export const EMPTY_SEARCH: SearchState = {
  q: '',
  place: '',
  area: '',
  category: '',
  openNow: false,
  wheelchair: false,
  free: false,
  carers: false,
  volunteers: false,
  language: '',
  bbox: null,
  pages: 1,
};

/** Results per page of the list. */
export const RESULTS_PAGE_SIZE = 20;

/**
 * The most pages a list shows (200 results): past that, a narrower search serves better than
 * scrolling, and a shared link never asks the server for more than this.
 */
export const MAX_RESULT_PAGES = 10;

/** @example parseRoute('/assets/abc') // { page: 'asset', id: 'abc' } */
export function parseRoute(pathname: string): Route {
  const asset = /^\/assets\/([^/]+)\/?$/.exec(pathname);
  if (asset?.[1]) return { page: 'asset', id: decodeURIComponent(asset[1]) };
  if (/^\/embed\/?$/.test(pathname)) return { page: 'embed' };
  const custom = /^\/areas\/custom\/([0-9a-fA-F-]{36})(\/report)?\/?$/.exec(pathname);
  if (custom?.[1]) return { page: custom[2] ? 'area-report' : 'custom-area', id: custom[1] };
  return PAGE_PATHS[pathname.replace(/(.)\/$/, '$1')] ?? { page: 'map' };
}

function parseBbox(value: string | null): SearchState['bbox'] {
  if (!value) return null;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  return parts as [number, number, number, number];
}

function parsePages(value: string | null): number {
  const pages = Number(value);
  return Number.isInteger(pages) && pages >= 1 ? Math.min(pages, MAX_RESULT_PAGES) : 1;
}

/** The search a query string describes; unknown or malformed parameters are ignored. */
export function parseSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  const area = params.get('area')?.trim() ?? '';
  return {
    q: params.get('q') ?? '',
    // The API takes one place: a hand-edited address with both searches the area.
    place: area ? '' : (params.get('place') ?? ''),
    area,
    category: params.get('category') ?? '',
    openNow: params.get('open') === '1',
    wheelchair: params.get('wheelchair') === '1',
    free: params.get('free') === '1',
    carers: params.get('carers') === '1',
    volunteers: params.get('volunteers') === '1',
    language: params.get('language') ?? '',
    bbox: parseBbox(params.get('bbox')),
    pages: parsePages(params.get('pages')),
  };
}

/** The query string for a search ('' when there is none), in a stable order. */
export function searchToQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.area.trim()) params.set('area', state.area.trim());
  else if (state.place.trim()) params.set('place', state.place.trim());
  if (state.category) params.set('category', state.category);
  if (state.openNow) params.set('open', '1');
  if (state.wheelchair) params.set('wheelchair', '1');
  if (state.free) params.set('free', '1');
  if (state.carers) params.set('carers', '1');
  if (state.volunteers) params.set('volunteers', '1');
  if (state.language.trim()) params.set('language', state.language.trim());
  if (state.bbox) params.set('bbox', state.bbox.map((n) => n.toFixed(5)).join(','));
  if (state.pages > 1) params.set('pages', String(Math.min(state.pages, MAX_RESULT_PAGES)));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** True when a search has anything to look for (an empty search shows no list). */
export function hasSearch(state: SearchState): boolean {
  return Boolean(
    state.q.trim() ||
    state.place.trim() ||
    state.area.trim() ||
    state.category ||
    state.bbox ||
    state.openNow ||
    state.wheelchair ||
    state.free ||
    state.carers ||
    state.volunteers ||
    state.language.trim(),
  );
}

/**
 * The same search whatever page the list has reached: two searches with one key differ only
 * in how many results are shown, so "Show more" can add a page instead of starting again.
 */
export function searchKey(state: SearchState): string {
  return searchToQueryString({ ...state, pages: 1 });
}

/** A full or partial UK postcode: "GL1 2TG", "GL1 2", "GL1", "sw1a1aa". */
export function looksLikePostcode(text: string): boolean {
  return /^[a-z]{1,2}\d[a-z\d]?(\s*\d([a-z]{2})?)?$/i.test(text.trim());
}

/**
 * The API's query parameters for one page of a search.
 * @example searchToApiParams({ ...EMPTY_SEARCH, area: 'E05011234' }, { page: 2, pageSize: 20 }).toString()
 * // 'area=E05011234&page=2&page_size=20'
 */
export function searchToApiParams(state: SearchState, { page = 1, pageSize }: { page?: number; pageSize: number }): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.area.trim()) params.set('area', state.area.trim());
  else if (state.place.trim()) {
    // A place that is not a postcode ("Sheffield", from a link such as /embed?place=Sheffield)
    // is searched as a named area rather than refused as a bad postcode.
    const place = state.place.trim();
    params.set(looksLikePostcode(place) ? 'postcode' : 'area', place);
  }
  if (state.category) params.set('category', state.category);
  if (state.openNow) params.set('open_now', 'true');
  if (state.wheelchair) params.set('wheelchair', 'yes');
  if (state.free) params.set('free', 'true');
  if (state.carers) params.set('carers_welcome', 'true');
  if (state.volunteers) params.set('volunteers_wanted', 'true');
  if (state.language.trim()) params.set('language', state.language.trim());
  if (state.bbox) params.set('bbox', state.bbox.join(','));
  if (page > 1) params.set('page', String(page));
  params.set('page_size', String(pageSize));
  return params;
}

/** @example parseMapHash('#map=12.5/53.4775/-2.2362') // { zoom: 12.5, lat: 53.4775, lon: -2.2362 } */
export function parseMapHash(hash: string): MapViewState | null {
  const match = /^#map=([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(hash);
  if (!match) return null;
  const [zoom, lat, lon] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![zoom, lat, lon].every(Number.isFinite) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

export function mapHash(view: MapViewState): string {
  return `#map=${view.zoom.toFixed(2)}/${view.lat.toFixed(5)}/${view.lon.toFixed(5)}`;
}
