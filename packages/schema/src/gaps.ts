import { z } from 'zod';
import { CategoryCode } from './category.js';
import { NeedDomain } from './need-measures.js';
import { ALL_CATEGORIES, FiguresFreshness } from './provision.js';

/**
 * The provision measure LSOAs are ranked on: distance to the nearest asset (larger is
 * worse; none anywhere is worst of all), assets within a default band, or the E2SFCA score
 * (smaller is worse).
 */
export const GapMeasure = z.enum(['nearest', 'count_400', 'count_800', 'count_1600', 'e2sfca']);
export type GapMeasure = z.infer<typeof GapMeasure>;

/** Coverage of a category in a local authority (README, "Provision": completeness and the parent rule). */
export const Coverage = z.enum(['complete', 'partial', 'no_data']);
export type Coverage = z.infer<typeof Coverage>;

/** Defaults of the "thin provision in deprived areas" rule (README, "Gaps"). */
export const GAP_DEFAULTS = {
  measure: 'nearest' as GapMeasure,
  deprivedDeciles: 2,
  worstFraction: 0.2,
  /** "Nothing within" is opt-in (off by default): on, it made every flag "nothing within 800 m" (README, "Gaps"). */
  noneWithin: null as number | null,
  limit: 500,
} as const;
export const GAP_LIMIT_MAX = 50_000;

/**
 * Columns the ranked list can be ordered by: 'priority' is the rule's own order (flagged
 * first, then most deprived, then worst provision); the others are a row's figures.
 */
export const GapSort = z.enum(['priority', 'name', 'population', 'decile', 'nearest', 'count_400', 'count_800', 'count_1600', 'e2sfca']);
export type GapSort = z.infer<typeof GapSort>;
export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;

export const GapsQuery = z.object({
  /** A category code (counting its sub-categories) or '*' for every public asset. */
  category: z.union([z.literal(ALL_CATEGORIES), CategoryCode]).default(ALL_CATEGORIES),
  /** An IoD domain (imd, income, …) or a loaded need measure as need:<slug>. */
  domain: NeedDomain.default('imd'),
  /** LSOA, ward or local authority by GSS code or unique name, or a saved area as `custom:<id>`; England when absent. */
  area: z.string().trim().min(2).max(100).optional(),
  /** The share token of a shared custom area (`area=custom:<id>`), for people other than its owner. */
  share: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the share token from a shared link')
    .optional(),
  measure: GapMeasure.default(GAP_DEFAULTS.measure),
  /** Deciles 1..n of the domain count as deprived (2: the most deprived 20%). */
  deprived_deciles: z.coerce.number().int().min(1).max(10).default(GAP_DEFAULTS.deprivedDeciles),
  /** The share of the area's LSOAs, worst first, whose provision counts as thin. */
  worst_fraction: z.coerce.number().gt(0).max(1).default(GAP_DEFAULTS.worstFraction),
  /** Opt-in, metres: an LSOA (with complete coverage) with no asset this near also counts as thin. Off when absent. */
  none_within: z.coerce.number().int().min(50).max(10_000).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  /** Order of the rows before paging; rows without the figure (no data) always come last. */
  sort: GapSort.default('priority'),
  order: SortOrder.default('asc'),
  /** Rows per answer: JSON defaults to 500, CSV to every row. */
  limit: z.coerce.number().int().min(1).max(GAP_LIMIT_MAX).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
export type GapsQuery = z.infer<typeof GapsQuery>;

export const GapRow = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int().nullable(),
  /** The domain's decile (1 = most deprived 10% in England) and rank (1 = most deprived). */
  decile: z.number().int().nullable(),
  rank: z.number().int().nullable(),
  deprived: z.boolean(),
  /**
   * Coverage of the category in the LSOA's local authority: 'complete' (ranked and can be
   * flagged), 'partial' (figures of known assets only, never flagged), 'no_data' (no source
   * speaks here: figures left out, never flagged).
   */
  coverage: Coverage,
  /** The LSOA's rural-urban class (ONS RUC 2021), the group it is ranked in. */
  ruc: z.string().nullable(),
  nearestMetres: z.number().nullable(),
  count400: z.number().int().nullable(),
  count800: z.number().int().nullable(),
  count1600: z.number().int().nullable(),
  per1000_400: z.number().nullable(),
  per1000_800: z.number().nullable(),
  per1000_1600: z.number().nullable(),
  e2sfca: z.number().nullable(),
  /** The chosen measure's value (null for nearest: no asset anywhere). */
  value: z.number().nullable(),
  /**
   * Metres from the residence point to the edge of the territory where the category's
   * coverage is complete (where it meets LSOAs whose coverage is not; the coast is no edge),
   * when that edge is within the farthest any figure reaches (nearest asset, 1,600 m); else
   * null. Where it is nearer than `nearestMetres` the nearest distance is shown as "beyond the
   * covered area (at least edgeMetres)".
   */
  edgeMetres: z.number().nullable(),
  /** The figure on the chosen measure reaches past that edge: not ranked or flagged (README, "Gaps", edges). */
  censored: z.boolean(),
  /** Thin by its class's national cut (README, "Gaps": floor ties broken by nearest distance). */
  worstFifth: z.boolean(),
  /** none_within given and nothing that near (false when none_within is off). */
  nothingWithin: z.boolean(),
  /** complete AND deprived AND (worstFifth OR nothingWithin), and some asset of the category exists. */
  flag: z.boolean(),
  /** The gap map's bivariate classes (see gap-classes.ts): 3 = deprived / thin, 0 = no decile / no data. */
  depClass: z.number().int().min(0).max(3),
  provClass: z.number().int().min(0).max(3),
  /** Why, in plain words: for a flagged row the one sentence of the rule (need; figure; class and cut). */
  reason: z.string(),
});
export type GapRow = z.infer<typeof GapRow>;

export const GapSettings = z.object({
  category: z.string(),
  domain: NeedDomain,
  /** The domain in words: the IoD label or the custom measure's name. */
  domainLabel: z.string(),
  area: z.object({ kind: z.enum(['england', 'lsoa', 'ward', 'local_authority', 'custom']), code: z.string().nullable(), name: z.string() }),
  measure: GapMeasure,
  deprivedDeciles: z.number().int(),
  worstFraction: z.number(),
  /** null: off (the default). */
  noneWithin: z.number().int().nullable(),
  bands: z.array(z.number()),
  catchment: z.number(),
});
export type GapSettings = z.infer<typeof GapSettings>;

/** The national cut of one rural-urban class (packages/geo gap-rule.ts). */
export const ClassThreshold = z.object({
  ruc: z.string(),
  name: z.string(),
  /** LSOAs of the class in England's distribution: complete coverage, with figures. */
  ranked: z.number().int(),
  /** ⌈worst_fraction × ranked⌉, exactly. */
  position: z.number().int(),
  /** The value at that position, worst first (null for nearest: no asset anywhere). */
  cut: z.number().nullable(),
  /** The cut is 0 for a count or score: thin is then 0 AND nearest distance at or beyond nearestCut. */
  atFloor: z.boolean(),
  nearestCut: z.number().nullable(),
});
export type ClassThreshold = z.infer<typeof ClassThreshold>;

const RankingSummary = {
  /** The national cut of each rural-urban class, applied in whatever area is looked at. */
  thresholds: z.array(ClassThreshold),
  /** How many LSOAs of England are in the national distribution (complete coverage), and how many of the area's are thin. */
  ranked: z.number().int(),
  worstFifthCount: z.number().int(),
  /** No asset of the category exists where its coverage is complete: nothing can be flagged. */
  noAssetAnywhere: z.boolean(),
  /** The area's LSOAs whose figure is censored by the edge of the covered territory (not ranked or flagged). */
  censoredCount: z.number().int(),
  /** The area's LSOAs by coverage. */
  coverageCounts: z.object({ complete: z.number().int(), partial: z.number().int(), no_data: z.number().int() }),
  /**
   * E2SFCA supply: `weighted` when the category has no sub-categories and its assets use one
   * capacity unit (then supply = capacity; `unknown` assets count 1, `zero` ones offer none);
   * otherwise every asset counts 1 (a parent or '*': units cannot be summed).
   */
  capacity: z.object({
    weighted: z.boolean(),
    unit: z.string().nullable(),
    assets: z.number().int(),
    unknown: z.number().int(),
    zero: z.number().int(),
  }),
};

/** figuresAsOf and pendingChanges: how current the stored figures the ranking used are. */
export const GapsResult = FiguresFreshness.extend({
  settings: GapSettings,
  method: z.string(),
  ...RankingSummary,
  total: z.number().int(),
  flagged: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  rows: z.array(GapRow),
});
export type GapsResult = z.infer<typeof GapsResult>;

/** The layer takes the ranking's settings; rows, paging and order do not apply. */
export const GapsLayerQuery = GapsQuery.omit({ format: true, sort: true, order: true, limit: true, offset: true });
export type GapsLayerQuery = z.infer<typeof GapsLayerQuery>;

/** [deprivation class, provision class, flagged (1) or not (0)] of one LSOA (classes: gap-classes.ts). */
export const GapLayerEntry = z.tuple([z.number().int().min(0).max(3), z.number().int().min(0).max(3), z.union([z.literal(0), z.literal(1)])]);
export type GapLayerEntry = z.infer<typeof GapLayerEntry>;

/**
 * The gap map's classes for every LSOA of the area, keyed by LSOA code, to join onto the
 * `areas` vector tiles (MapLibre feature-state) rather than building tiles of their own.
 */
export const GapsLayer = FiguresFreshness.extend({
  settings: GapSettings,
  /** The area's extent, [west, south, east, north] in degrees, for the map to fit; null when it holds no LSOA. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  ...RankingSummary,
  /** Each LSOA's coverage, by code (the map's properties carry it with the classes). */
  coverage: z.record(z.string(), Coverage),
  flagged: z.number().int(),
  total: z.number().int(),
  classes: z.record(z.string(), GapLayerEntry),
});
export type GapsLayer = z.infer<typeof GapsLayer>;

/** A row's value for a sort column; null (no figure) sorts last in either order. */
function sortValue(row: GapRow, sort: Exclude<GapSort, 'priority' | 'name'>): number | null {
  switch (sort) {
    case 'population':
      return row.population;
    case 'decile':
      return row.decile;
    // No asset anywhere is farther than any distance, but only for rows that have data.
    case 'nearest':
      return row.coverage === 'no_data' ? null : (row.nearestMetres ?? Number.POSITIVE_INFINITY);
    case 'count_400':
      return row.count400;
    case 'count_800':
      return row.count800;
    case 'count_1600':
      return row.count1600;
    case 'e2sfca':
      return row.e2sfca;
  }
}

/**
 * The rows ordered by a column (a new array). Rows in priority order come in; equal values
 * keep that order, so within a tie the higher priority comes first either way, and rows
 * without the figure (no data, no population) come last in either direction.
 * @example sortGapRows(rows, 'nearest', 'desc') // farthest first, no asset anywhere before any distance
 */
export function sortGapRows<R extends GapRow>(rows: readonly R[], sort: GapSort, order: SortOrder): R[] {
  const indexed = rows.map((row, index) => ({ row, index }));
  if (sort === 'priority') return (order === 'asc' ? indexed : indexed.reverse()).map((x) => x.row);
  const sign = order === 'asc' ? 1 : -1;
  indexed.sort((a, b) => {
    if (sort === 'name') return sign * a.row.name.localeCompare(b.row.name, 'en-GB') || a.index - b.index;
    const va = sortValue(a.row, sort);
    const vb = sortValue(b.row, sort);
    if (va === null || vb === null) return va === vb ? a.index - b.index : va === null ? 1 : -1;
    return va === vb ? a.index - b.index : sign * (va < vb ? -1 : 1);
  });
  return indexed.map((x) => x.row);
}

/** GET /api/gaps/equity: the access measure by decile of deprivation, for a category in an area. */
export const EquityQuery = GapsQuery.pick({ category: true, domain: true, area: true, share: true, measure: true }).extend({
  format: z.enum(['json', 'csv']).default('json'),
});
export type EquityQuery = z.infer<typeof EquityQuery>;

export const EquityDecile = z.object({
  decile: z.number().int(),
  lsoas: z.number().int(),
  residents: z.number(),
  /** LSOAs without a finite value (no asset at all), left out of the quantiles. */
  noValue: z.number().int(),
  /** Unweighted over LSOAs, nearest rank: sorted[⌈q·n⌉ − 1]. */
  median: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  /** Share of residents (0..1) whose nearest asset is beyond 800 m / 1,600 m, or who have none at all. */
  beyond800: z.number().nullable(),
  beyond1600: z.number().nullable(),
});
export type EquityDecile = z.infer<typeof EquityDecile>;

export const EquityResult = FiguresFreshness.extend({
  settings: z.object({
    category: z.string(),
    domain: NeedDomain,
    domainLabel: z.string(),
    area: GapSettings.shape.area,
    measure: GapMeasure,
  }),
  /** Which LSOAs: those of the area whose coverage is complete and whose figure is not censored (the others are left out, counted here). */
  lsoas: z.number().int(),
  leftOutForCoverage: z.number().int(),
  /** Complete-coverage LSOAs left out because their figure on the measure is censored by the edge of the covered territory. */
  leftOutAsCensored: z.number().int(),
  /** LSOAs with no asset at all (no finite nearest distance): in the "beyond" shares, out of the medians. */
  noAsset: z.number().int(),
  deciles: z.array(EquityDecile),
  /** Population-weighted Wagstaff concentration index, ranked most deprived first; null when it cannot be computed. */
  concentrationIndex: z.number().nullable(),
  direction: z.enum(['better', 'worse', 'none']).nullable(),
  sentence: z.string(),
  method: z.string(),
});
export type EquityResult = z.infer<typeof EquityResult>;
