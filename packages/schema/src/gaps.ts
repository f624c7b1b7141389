import { z } from 'zod';
import { CategoryCode } from './category.js';
import { NeedDomain } from './need-measures.js';
import { ALL_CATEGORIES } from './provision.js';

/**
 * The provision measure LSOAs are ranked on: distance to the nearest asset (larger is
 * worse; none anywhere is worst of all), assets within a default band, or the E2SFCA score
 * (smaller is worse).
 */
export const GapMeasure = z.enum(['nearest', 'count_400', 'count_800', 'count_1600', 'e2sfca']);
export type GapMeasure = z.infer<typeof GapMeasure>;

/** Defaults of the "thin provision in deprived areas" rule (README, "Gaps"). */
export const GAP_DEFAULTS = {
  measure: 'nearest' as GapMeasure,
  deprivedDeciles: 2,
  worstFraction: 0.2,
  noneWithin: 800,
  limit: 500,
} as const;
export const GAP_LIMIT_MAX = 50_000;

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
  /** Metres: an LSOA with no asset this near also counts as thin. */
  none_within: z.coerce.number().int().min(50).max(10_000).default(GAP_DEFAULTS.noneWithin),
  format: z.enum(['json', 'csv']).default('json'),
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
  /** 'no_data': no source covers this category here, so the figures are left out and the LSOA is never flagged. */
  coverage: z.enum(['covered', 'no_data']),
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
  worstFifth: z.boolean(),
  nothingWithin: z.boolean(),
  /** deprived AND (worstFifth OR nothingWithin), and covered. */
  flag: z.boolean(),
  /** Why, in plain words. */
  reason: z.string(),
});
export type GapRow = z.infer<typeof GapRow>;

export const GapsResult = z.object({
  settings: z.object({
    category: z.string(),
    domain: NeedDomain,
    /** The domain in words: the IoD label or the custom measure's name. */
    domainLabel: z.string(),
    area: z.object({ kind: z.enum(['england', 'lsoa', 'ward', 'local_authority', 'custom']), code: z.string().nullable(), name: z.string() }),
    measure: GapMeasure,
    deprivedDeciles: z.number().int(),
    worstFraction: z.number(),
    noneWithin: z.number().int(),
    bands: z.array(z.number()),
    catchment: z.number(),
  }),
  method: z.string(),
  /** The cut value: LSOAs at or worse than it are the worst fifth (null for nearest: no asset anywhere). */
  threshold: z.number().nullable(),
  /** How many covered LSOAs are ranked, and how many the worst fifth holds (ties included). */
  ranked: z.number().int(),
  worstFifthCount: z.number().int(),
  total: z.number().int(),
  flagged: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  rows: z.array(GapRow),
});
export type GapsResult = z.infer<typeof GapsResult>;
