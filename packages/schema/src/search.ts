import { z } from 'zod';
import { AssetId } from './asset.js';
import { CategoryCode } from './category.js';
import { BBox, PointGeometry } from './common.js';
import { AbcdType, LifecycleStatus, LocationPrecision, Wheelchair } from './enums.js';

/** `lon,lat` in WGS84. */
export const LonLat = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [lon, lat] = parts as [number, number];
  if (parts.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    ctx.addIssue({ code: 'custom', message: 'must be lon,lat in degrees, such as -2.2438,51.8594' });
    return z.NEVER;
  }
  return [lon, lat] as [number, number];
});

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const SEARCH_PAGE_MAX = 100;

export const SearchQuery = z
  .object({
    /** Words to find in names, descriptions, tags, organisations and categories; typos are forgiven. */
    q: z.string().trim().min(1).max(200).optional(),
    /** A category code; its child categories are included. */
    category: CategoryCode.optional(),
    abcd: AbcdType.optional(),
    near: LonLat.optional(),
    /** A full or partial postcode ("GL1 2TG", "GL1 2", "GL1"), searched around its centre. */
    postcode: z.string().trim().min(2).max(10).optional(),
    /** Metres around `near` or `postcode`. */
    radius: z.coerce.number().int().min(1).max(50_000).default(1600),
    bbox: BBox.optional(),
    open_now: Flag.optional(),
    /** An instant (ISO 8601); hours are read in Europe/London time. */
    open_at: z.iso.datetime({ offset: true }).optional(),
    wheelchair: Wheelchair.exclude(['no']).optional(),
    free: Flag.optional(),
    /** An age the asset must welcome. */
    age: z.coerce.number().int().min(0).max(120).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    page_size: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
    format: z.enum(['json', 'geojson']).default('json'),
  })
  .superRefine((q, ctx) => {
    if (q.near && q.postcode) {
      ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'give either near or postcode, not both' });
    }
    if (q.open_now && q.open_at) {
      ctx.addIssue({ code: 'custom', path: ['open_at'], message: 'give either open_now or open_at, not both' });
    }
  });
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z.object({
  id: AssetId,
  name: z.string(),
  categoryCode: CategoryCode,
  categoryName: z.string(),
  abcdType: AbcdType,
  location: PointGeometry,
  locationPrecision: LocationPrecision,
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  openingHours: z.string().nullable(),
  lifecycleStatus: LifecycleStatus,
  /** Metres from the searched point, when one was given. */
  distanceMetres: z.number().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** Where a postcode search was centred. */
export const ResolvedPlace = z.object({
  kind: z.enum(['postcode', 'sector', 'district']),
  label: z.string(),
  location: PointGeometry,
});

export const SearchResults = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  place: ResolvedPlace.nullable(),
  results: z.array(SearchHit),
});
export type SearchResults = z.infer<typeof SearchResults>;

export const SearchFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: AssetId,
      geometry: PointGeometry,
      properties: SearchHit.omit({ location: true }),
    }),
  ),
});
export type SearchFeatureCollection = z.infer<typeof SearchFeatureCollection>;
