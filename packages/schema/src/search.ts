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
/** Metres around a point or postcode when no radius is given: a 20-minute walk. */
export const SEARCH_DEFAULT_RADIUS_METRES = 1600;

/**
 * What to search for, without paging or answer format: shared by `/api/search` (one page)
 * and `/api/export/assets` (every match), so an export is exactly the search on screen.
 */
export const SearchFilters = z.object({
  /** Words to find in names, descriptions, tags, organisations and categories; typos are forgiven. */
  q: z.string().trim().min(1).max(200).optional(),
  /** A category code; its child categories are included. */
  category: CategoryCode.optional(),
  abcd: AbcdType.optional(),
  near: LonLat.optional(),
  /** A full or partial postcode ("GL1 2TG", "GL1 2", "GL1"), searched around its centre. */
  postcode: z.string().trim().min(2).max(10).optional(),
  /**
   * An area to search inside, by GSS code (LSOA E01…, ward E05…, local authority E06–E09…)
   * or by its name when the name is unique ("Sheffield", "Sheffield 001A").
   */
  area: z.string().trim().min(2).max(100).optional(),
  /** Metres around `near` or `postcode`. */
  radius: z.coerce.number().int().min(1).max(50_000).default(SEARCH_DEFAULT_RADIUS_METRES),
  bbox: BBox.optional(),
  open_now: Flag.optional(),
  /** An instant (ISO 8601); hours are read in Europe/London time. */
  open_at: z.iso.datetime({ offset: true }).optional(),
  wheelchair: Wheelchair.exclude(['no']).optional(),
  free: Flag.optional(),
  /** An age the asset must welcome. */
  age: z.coerce.number().int().min(0).max(120).optional(),
  /** Only places that say carers are welcome (true) or that say they are not (false). */
  carers_welcome: Flag.optional(),
  /** Only places that say they want volunteers (true) or that say they do not (false). */
  volunteers_wanted: Flag.optional(),
  /** A language spoken there, as residents type it ("Urdu", "Polish"); case and accents are ignored. */
  language: z.string().trim().min(2).max(40).optional(),
});
export type SearchFilters = z.infer<typeof SearchFilters>;

/** One place to search from and one opening time: the rules every search query shares. */
export function refineSearchFilters(q: SearchFilters, ctx: z.RefinementCtx): void {
  const places = (['near', 'postcode', 'area'] as const).filter((key) => q[key] !== undefined);
  if (places.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [places[1]!],
      message: `give one place to search from, not ${places.join(' and ')}`,
    });
  }
  if (q.open_now && q.open_at) {
    ctx.addIssue({ code: 'custom', path: ['open_at'], message: 'give either open_now or open_at, not both' });
  }
}

export const SearchQuery = SearchFilters.extend({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  page_size: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(20),
  format: z.enum(['json', 'geojson']).default('json'),
}).superRefine(refineSearchFilters);
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
  wheelchair: Wheelchair.nullable(),
  isFree: z.boolean().nullable(),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  /** What residents say of the place (null: not said), shown in the list as on its page. */
  carersWelcome: z.boolean().nullable(),
  volunteersWanted: z.boolean().nullable(),
  languages: z.array(z.string()),
  /** Metres from the searched point, when one was given. */
  distanceMetres: z.number().nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const PlaceKind = z.enum(['postcode', 'sector', 'district', 'lsoa', 'ward', 'local_authority']);
export type PlaceKind = z.infer<typeof PlaceKind>;

/** Where a postcode search was centred, or the area it was limited to. */
export const ResolvedPlace = z.object({
  kind: PlaceKind,
  /** The GSS code of an area; null for postcodes. */
  code: z.string().nullable(),
  label: z.string(),
  location: PointGeometry,
  /** The area's extent (minLon, minLat, maxLon, maxLat), for fitting a map; null for postcodes. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type ResolvedPlace = z.infer<typeof ResolvedPlace>;

/**
 * Whether any source we hold lists the searched category where the search looks (the
 * local authority of the searched place), by the same rule as the gaps page's coverage.
 * `covered: false` means an empty answer says nothing about what is there.
 */
export const SearchCoverage = z.object({
  categoryCode: z.string(),
  /** The category's name, as the taxonomy spells it ("Food banks and pantries"). */
  categoryName: z.string(),
  /** The local authority looked in ("Gloucester"). */
  placeName: z.string(),
  covered: z.boolean(),
});
export type SearchCoverage = z.infer<typeof SearchCoverage>;

export const SearchResults = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  place: ResolvedPlace.nullable(),
  /**
   * Set when the search is for one category (chosen, or named by the words: "food banks")
   * around a place: whether our sources cover it there. Null otherwise.
   */
  coverage: SearchCoverage.nullable().default(null),
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

/** `GET /api/suggest`: what a search box offers as the user types. */
export const SuggestQuery = z.object({
  q: z.string().trim().min(1).max(100),
  /** At most this many suggestions of each kind. */
  limit: z.coerce.number().int().min(1).max(10).default(5),
});
export type SuggestQuery = z.infer<typeof SuggestQuery>;

export const Suggestion = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), code: CategoryCode, label: z.string(), detail: z.string().nullable() }),
  z.object({
    kind: z.literal('place'),
    placeKind: PlaceKind,
    /** What to send back: the postcode as `postcode=`, an area's GSS code as `area=`. */
    value: z.string(),
    label: z.string(),
    /** Where it is, e.g. the local authority of a ward. */
    detail: z.string().nullable(),
    location: PointGeometry,
  }),
  z.object({ kind: z.literal('asset'), id: AssetId, label: z.string(), detail: z.string().nullable(), location: PointGeometry }),
]);
export type Suggestion = z.infer<typeof Suggestion>;

/** Grouped in the order a search box shows them: categories, places, then assets. */
export const SuggestResults = z.object({ suggestions: z.array(Suggestion) });
export type SuggestResults = z.infer<typeof SuggestResults>;
