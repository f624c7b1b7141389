/** What the address bar holds: the page, the search and the map view. */

export type Route = { page: 'map' } | { page: 'asset'; id: string } | { page: 'embed' };

export interface SearchState {
  q: string;
  /** A postcode, sector or district ("GL1 2TG", "GL1 2", "GL1"). */
  place: string;
  category: string;
  openNow: boolean;
  wheelchair: boolean;
  free: boolean;
  /** minLon,minLat,maxLon,maxLat from "Search this area", or null. */
  bbox: [number, number, number, number] | null;
}

export interface MapViewState {
  zoom: number;
  lat: number;
  lon: number;
}

export const EMPTY_SEARCH: SearchState = { q: '', place: '', category: '', openNow: false, wheelchair: false, free: false, bbox: null };

/** @example parseRoute('/assets/abc') // { page: 'asset', id: 'abc' } */
export function parseRoute(pathname: string): Route {
  const asset = /^\/assets\/([^/]+)\/?$/.exec(pathname);
  if (asset?.[1]) return { page: 'asset', id: decodeURIComponent(asset[1]) };
  if (/^\/embed\/?$/.test(pathname)) return { page: 'embed' };
  return { page: 'map' };
}

function parseBbox(value: string | null): SearchState['bbox'] {
  if (!value) return null;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  return parts as [number, number, number, number];
}

/** The search a query string describes; unknown or malformed parameters are ignored. */
export function parseSearch(search: string): SearchState {
  const params = new URLSearchParams(search);
  return {
    q: params.get('q') ?? '',
    place: params.get('place') ?? '',
    category: params.get('category') ?? '',
    openNow: params.get('open') === '1',
    wheelchair: params.get('wheelchair') === '1',
    free: params.get('free') === '1',
    bbox: parseBbox(params.get('bbox')),
  };
}

/** The query string for a search ('' when there is none), in a stable order. */
export function searchToQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.place.trim()) params.set('place', state.place.trim());
  if (state.category) params.set('category', state.category);
  if (state.openNow) params.set('open', '1');
  if (state.wheelchair) params.set('wheelchair', '1');
  if (state.free) params.set('free', '1');
  if (state.bbox) params.set('bbox', state.bbox.map((n) => n.toFixed(5)).join(','));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** True when a search has anything to look for (an empty search shows no list). */
export function hasSearch(state: SearchState): boolean {
  return Boolean(state.q.trim() || state.place.trim() || state.category || state.bbox || state.openNow || state.wheelchair || state.free);
}

/** The API's query parameters for a search. */
export function searchToApiParams(state: SearchState, pageSize: number): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.place.trim()) params.set('postcode', state.place.trim());
  if (state.category) params.set('category', state.category);
  if (state.openNow) params.set('open_now', 'true');
  if (state.wheelchair) params.set('wheelchair', 'yes');
  if (state.free) params.set('free', 'true');
  if (state.bbox) params.set('bbox', state.bbox.join(','));
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
