import { z } from 'zod';
import { Annotation, ENGLAND_BOUNDS } from './contribute.js';
import { LsoaCode, VersionNumber } from './common.js';
import { CategoryCode } from './category.js';
import { ClassThreshold, EquityResult, GapRow } from './gaps.js';
import { ALL_CATEGORIES } from './provision.js';
import { FiguresFreshness } from './provision.js';

/*
 * Custom areas (issue 5): a Big Local area, an estate or a ward as people know it, drawn on
 * the map or picked as LSOAs, named and saved. Its LSOAs are picked ones exactly, or for a
 * drawn shape those whose residence point lies inside (README, "Custom areas").
 */

/** Limits that keep an area a neighbourhood and its request small. */
export const CUSTOM_AREA_LIMITS = {
  /** Vertices over all rings of a drawn shape. */
  maxVertices: 1000,
  /** Square kilometres: a few wards, not a county. */
  maxSqKm: 500,
  minSqKm: 0.001,
  maxLsoas: 1000,
  nameMax: 120,
  descriptionMax: 2000,
} as const;

const Position = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .refine(([lon, lat]) => lon >= ENGLAND_BOUNDS.minLon && lon <= ENGLAND_BOUNDS.maxLon && lat >= ENGLAND_BOUNDS.minLat && lat <= ENGLAND_BOUNDS.maxLat, {
    message: 'this point is outside England (longitude, latitude in WGS84)',
  });

/** A closed ring: at least four positions, the last the same as the first. */
const Ring = z
  .array(Position)
  .min(4, 'a ring needs at least 4 positions (a triangle and its first point again)')
  .refine((ring) => {
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    return first[0] === last[0] && first[1] === last[1];
  }, 'a ring must be closed: its last position must equal its first');

const PolygonCoords = z.array(Ring).min(1, 'a polygon needs an outer ring');

/** A drawn shape, GeoJSON in WGS84 longitude/latitude. Validity (no self-intersection) is the database's check. */
export const AreaShape = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: PolygonCoords }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoords).min(1) }),
  ])
  .refine(
    (g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2).length <= CUSTOM_AREA_LIMITS.maxVertices,
    `a shape may have at most ${CUSTOM_AREA_LIMITS.maxVertices} vertices`,
  );
export type AreaShape = z.infer<typeof AreaShape>;

export const MultiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))),
});
export type MultiPolygonGeometry = z.infer<typeof MultiPolygonGeometry>;

const Name = z.string().trim().min(1, 'name is required').max(CUSTOM_AREA_LIMITS.nameMax);
const Description = z.string().trim().max(CUSTOM_AREA_LIMITS.descriptionMax).nullable().optional();
const LsoaCodes = z.array(LsoaCode).min(1, 'pick at least one LSOA').max(CUSTOM_AREA_LIMITS.maxLsoas, `at most ${CUSTOM_AREA_LIMITS.maxLsoas} LSOAs`);

export const CustomAreaInput = z
  .object({ name: Name, description: Description, geometry: AreaShape.optional(), lsoaCodes: LsoaCodes.optional() })
  .refine((b) => (b.geometry === undefined) !== (b.lsoaCodes === undefined), {
    message: 'send either geometry (a drawn Polygon) or lsoaCodes (picked LSOAs), not both or neither',
    path: ['geometry'],
  });
export type CustomAreaInput = z.infer<typeof CustomAreaInput>;

/** An edit against the version seen; an outline, if sent, replaces the old one. */
export const CustomAreaPatch = z
  .object({
    baseVersion: VersionNumber,
    name: Name.optional(),
    description: Description,
    geometry: AreaShape.optional(),
    lsoaCodes: LsoaCodes.optional(),
  })
  .refine((b) => b.geometry === undefined || b.lsoaCodes === undefined, {
    message: 'send geometry or lsoaCodes, not both',
    path: ['geometry'],
  });
export type CustomAreaPatch = z.infer<typeof CustomAreaPatch>;

export const CustomAreaParams = z.object({ id: z.uuid({ message: 'must be a custom area id (a UUID)' }) });

/** `share`: the token of a shared link, for people other than the owner. */
export const CustomAreaQuery = z.object({
  share: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the share token from a shared link')
    .optional(),
  /** The profile's gaps and equity gradient for this category ('*', the default: all assets). */
  category: z.union([z.literal(ALL_CATEGORIES), CategoryCode]).optional(),
});
export type CustomAreaQuery = z.infer<typeof CustomAreaQuery>;

export const CustomAreaVisibility = z.enum(['private', 'link']);
export type CustomAreaVisibility = z.infer<typeof CustomAreaVisibility>;

export const CustomAreaSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  madeBy: z.enum(['drawn', 'lsoas']),
  lsoaCount: z.number().int(),
  population: z.number().int(),
  areaSqKm: z.number(),
  visibility: CustomAreaVisibility,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CustomAreaSummary = z.infer<typeof CustomAreaSummary>;

export const CustomAreaList = z.object({ areas: z.array(CustomAreaSummary) });
export type CustomAreaList = z.infer<typeof CustomAreaList>;

export const CustomArea = CustomAreaSummary.extend({
  description: z.string().nullable(),
  geometry: MultiPolygonGeometry,
  /** [west, south, east, north] */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  lsoaCodes: z.array(z.string()),
  createdAt: z.string(),
  /** Whether the person asking owns it (only owners edit, share and see the token). */
  mine: z.boolean(),
  /** The share token: owners only, while shared. */
  shareToken: z.string().nullable(),
});
export type CustomArea = z.infer<typeof CustomArea>;

export const CustomAreaConflictBody = z.object({
  code: z.string(),
  message: z.string(),
  current: CustomArea,
});

export const ShareResult = z.object({ visibility: CustomAreaVisibility, shareToken: z.string(), path: z.string() });
export type ShareResult = z.infer<typeof ShareResult>;

/** One LSOA of the area, with what the profile and the map of the report need. */
export const CustomAreaLsoa = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int().nullable(),
  imdDecile: z.number().int().nullable(),
  geometry: MultiPolygonGeometry,
});

/** figuresAsOf and pendingChanges: how current the stored figures behind its gaps are. */
export const CustomAreaProfile = FiguresFreshness.extend({
  area: CustomArea,
  /** Sum over its LSOAs; `lsoasWithoutPopulation` have no recorded figure. */
  population: z.number().int(),
  lsoasWithoutPopulation: z.number().int(),
  /** IMD 2025 deciles 1..10 (1 = most deprived 10% of England), then unknown (null). */
  deprivation: z.array(z.object({ decile: z.number().int().nullable(), lsoas: z.number().int(), population: z.number().int() })),
  /** Public assets inside the shape, by category (most first). */
  assets: z.object({
    total: z.number().int(),
    byCategory: z.array(z.object({ code: z.string(), name: z.string(), colour: z.string(), count: z.number().int() })),
    /** Where they are, for the printed map (at most a few thousand): [lon, lat] and the category's colour. */
    points: z.array(z.object({ coordinates: z.tuple([z.number(), z.number()]), colour: z.string() })),
  }),
  /**
   * The sources the public assets inside come from, with how many each gives (most first):
   * a report credits these, not every source loaded (issue 17).
   */
  assetSources: z.array(z.object({ code: z.string(), assets: z.number().int() })),
  /** Thin provision of all assets in its deprived LSOAs (the gaps rule, default settings, ranked within the area). */
  gaps: z.object({
    category: z.string(),
    flagged: z.number().int(),
    total: z.number().int(),
    method: z.string(),
    rows: z.array(GapRow),
    /** The national cuts per rural-urban class the flags are judged by. */
    thresholds: z.array(ClassThreshold),
    measure: z.string(),
    worstFraction: z.number(),
    coverageCounts: z.object({ complete: z.number().int(), partial: z.number().int(), no_data: z.number().int() }),
    noAssetAnywhere: z.boolean(),
  }),
  /** The equity gradient of the category over the area's LSOAs. */
  equity: EquityResult,
  /** Notes on its LSOAs the person asking may read, newest first (at most 100). */
  annotations: z.array(Annotation),
  lsoas: z.array(CustomAreaLsoa),
});
export type CustomAreaProfile = z.infer<typeof CustomAreaProfile>;
