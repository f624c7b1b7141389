import { ALL_CATEGORIES, GAP_DEFAULTS, GapMeasure, GapSort, SortOrder } from '@common-ground/schema';

/**
 * What the Gaps view shows, all of it in the address (`/gaps?category=food-bank&area=Sheffield…`)
 * so a view can be shared or bookmarked. Defaults are left out of the address.
 */
export interface GapsViewState {
  /** A category code, or '*' for every public asset. */
  category: string;
  /** A deprivation measure (IMD or a domain); a string so other need measures can join the list. */
  domain: string;
  /** A local authority or ward by name or GSS code; '' is all of England. */
  area: string;
  measure: GapMeasure;
  deprivedDeciles: number;
  worstFraction: number;
  /** Opt-in "nothing within" (metres); null: off, the default. */
  noneWithin: number | null;
  sort: GapSort;
  order: SortOrder;
  /** 0-based page of the table. */
  page: number;
  /** The LSOA whose profile is open, or null. */
  lsoa: string | null;
}

export const GAPS_PAGE_SIZE = 100;

export const DEFAULT_GAPS_STATE: GapsViewState = {
  category: ALL_CATEGORIES,
  domain: 'imd',
  area: '',
  measure: GAP_DEFAULTS.measure,
  deprivedDeciles: GAP_DEFAULTS.deprivedDeciles,
  worstFraction: GAP_DEFAULTS.worstFraction,
  noneWithin: GAP_DEFAULTS.noneWithin,
  sort: 'priority',
  order: 'asc',
  page: 0,
  lsoa: null,
};

/** An option of a picker: the value the API takes and the words people read. */
export interface Option {
  value: string;
  label: string;
}

/**
 * The deprivation measures to choose from. A list, so other need measures (a worker's own,
 * say `custom:<id>`) can be added to it without changing the view.
 */

/** The provision measures to rank by, in plain words. */
export const MEASURE_OPTIONS: { value: GapMeasure; label: string }[] = [
  { value: 'nearest', label: 'Distance to the nearest' },
  { value: 'count_400', label: 'How many within 400 m' },
  { value: 'count_800', label: 'How many within 800 m' },
  { value: 'count_1600', label: 'How many within 1,600 m' },
  { value: 'e2sfca', label: 'Access score (E2SFCA: supply for the people who can reach it)' },
];

export const FRACTION_OPTIONS = [0.1, 0.2, 0.25, 1 / 3, 0.5];

function intIn(value: string | null, min: number, max: number, fallback: number): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** The view a query string describes; unknown or malformed parameters fall back to the defaults. */
export function parseGapsState(search: string): GapsViewState {
  const p = new URLSearchParams(search);
  const d = DEFAULT_GAPS_STATE;
  const fraction = Number(p.get('worst_fraction'));
  const measure = GapMeasure.safeParse(p.get('measure'));
  const sort = GapSort.safeParse(p.get('sort'));
  const order = SortOrder.safeParse(p.get('order'));
  return {
    category: p.get('category')?.trim() || d.category,
    domain: p.get('domain')?.trim() || d.domain,
    area: p.get('area')?.trim() ?? '',
    measure: measure.success ? measure.data : d.measure,
    deprivedDeciles: intIn(p.get('deprived_deciles'), 1, 10, d.deprivedDeciles),
    worstFraction: p.has('worst_fraction') && fraction > 0 && fraction <= 1 ? fraction : d.worstFraction,
    // Opt-in: anything but a whole number of metres in range leaves it off.
    noneWithin: intIn(p.get('none_within'), 50, 10_000, -1) === -1 ? null : intIn(p.get('none_within'), 50, 10_000, -1),
    sort: sort.success ? sort.data : d.sort,
    order: order.success ? order.data : d.order,
    page: intIn(p.get('page'), 1, 1_000_000, 1) - 1,
    lsoa: p.get('lsoa')?.trim() || null,
  };
}

/** The settings both API calls share (the rule, the category, the need measure, the area). */
export function ruleParams(state: GapsViewState): URLSearchParams {
  const p = new URLSearchParams();
  const d = DEFAULT_GAPS_STATE;
  if (state.category !== d.category) p.set('category', state.category);
  if (state.domain !== d.domain) p.set('domain', state.domain);
  if (state.area) p.set('area', state.area);
  if (state.measure !== d.measure) p.set('measure', state.measure);
  if (state.deprivedDeciles !== d.deprivedDeciles) p.set('deprived_deciles', String(state.deprivedDeciles));
  if (state.worstFraction !== d.worstFraction) p.set('worst_fraction', String(Number(state.worstFraction.toFixed(4))));
  if (state.noneWithin !== null) p.set('none_within', String(state.noneWithin));
  return p;
}

/** The address of a view: `/gaps`, then only what differs from the defaults. */
export function gapsHref(state: GapsViewState): string {
  const p = ruleParams(state);
  if (state.sort !== 'priority' || state.order !== 'asc') {
    p.set('sort', state.sort);
    p.set('order', state.order);
  }
  if (state.page > 0) p.set('page', String(state.page + 1));
  if (state.lsoa) p.set('lsoa', state.lsoa);
  const text = p.toString();
  return `/gaps${text ? `?${text}` : ''}`;
}

/** GET /api/gaps for one page of the table, in the chosen order. */
export function listPath(state: GapsViewState): string {
  const p = ruleParams(state);
  p.set('sort', state.sort);
  p.set('order', state.order);
  p.set('limit', String(GAPS_PAGE_SIZE));
  p.set('offset', String(state.page * GAPS_PAGE_SIZE));
  return `/api/gaps?${p.toString()}`;
}

/** The CSV of every row, in the table's order: the same query with format=csv. */
export function csvPath(state: GapsViewState): string {
  const p = ruleParams(state);
  p.set('sort', state.sort);
  p.set('order', state.order);
  p.set('format', 'csv');
  return `/api/gaps?${p.toString()}`;
}

/** GET /api/gaps/layer for the map. */
export function layerPath(state: GapsViewState): string {
  const text = ruleParams(state).toString();
  return `/api/gaps/layer${text ? `?${text}` : ''}`;
}

/** Which way a column sorts first: the worst end of it (farthest, fewest, most deprived …). */
export const FIRST_ORDER: Record<GapSort, SortOrder> = {
  priority: 'asc',
  name: 'asc',
  population: 'desc',
  decile: 'asc',
  nearest: 'desc',
  count_400: 'asc',
  count_800: 'asc',
  count_1600: 'asc',
  e2sfca: 'asc',
};

/**
 * The view after pressing a column's sort button: the same column flips its order, another
 * column starts at its worst end; either way back to the first page.
 */
export function toggleSort(state: GapsViewState, column: GapSort): GapsViewState {
  const order = state.sort === column ? (state.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[column];
  return { ...state, sort: column, order, page: 0 };
}

/** GET /api/gaps/equity for the equity panel: the category, need measure, area and measure (the rest does not apply). */
export function equityPath(state: GapsViewState, format: 'json' | 'csv' = 'json'): string {
  const all = ruleParams(state);
  const p = new URLSearchParams();
  for (const key of ['category', 'domain', 'area', 'measure']) {
    const value = all.get(key);
    if (value !== null) p.set(key, value);
  }
  if (format === 'csv') p.set('format', 'csv');
  const text = p.toString();
  return `/api/gaps/equity${text ? `?${text}` : ''}`;
}
