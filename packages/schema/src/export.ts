import { z } from 'zod';
import { PointGeometry } from './common.js';
import { refineSearchFilters, SearchFilters } from './search.js';

/*
 * Export: the assets a search finds, all of them, as a file to take away. The columns are
 * the ones the importers read back (packages/geo/src/exchange), so an export imported into
 * an empty database gives the same assets.
 */

/** Most assets one export gives; a bigger view is narrowed first (a 400 says so). */
export const EXPORT_MAX_ASSETS = 50_000;

export const ExportFormat = z.enum(['csv', 'geojson', 'hsds']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** `GET /api/export/assets`: the search's own filters, and the format wanted. */
export const ExportQuery = SearchFilters.extend({
  format: ExportFormat.default('csv'),
}).superRefine(refineSearchFilters);
export type ExportQuery = z.infer<typeof ExportQuery>;

/** A custom area's public assets as a download: its share token where the reader is not its owner. */
export const CustomAreaExportQuery = z.object({
  format: ExportFormat.default('csv'),
  share: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the share token from a shared link')
    .optional(),
});
export type CustomAreaExportQuery = z.infer<typeof CustomAreaExportQuery>;

/** The columns of a CSV export and the properties of a GeoJSON one, in this order. */
export const EXPORT_COLUMNS = [
  'id',
  'name',
  'category',
  'category_name',
  'abcd',
  'description',
  'organisation',
  'address',
  'postcode',
  'lat',
  'lon',
  'location_precision',
  'phone',
  'email',
  'website',
  'opening_hours',
  'opening_hours_note',
  'wheelchair',
  /** How much it offers: a number, and what it counts (registered patients, opening hours per week…). */
  'capacity',
  'capacity_unit',
  'source',
  'source_id',
  /** Its code in a national register (an NHS ODS code) and the register's org-id.guide scheme (GB-NHS). */
  'national_id',
  'national_id_scheme',
  'licence',
  'attribution',
  'share_alike',
  // Beyond the columns the importers map, what else an asset says.
  'is_free',
  'age_min',
  'age_max',
  'status',
  'source_date',
  'last_updated',
  /** Keywords, separated by "; " in CSV. */
  'tags',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** One exported asset, with the licence and attribution of every source it draws on. */
export const ExportRow = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  category_name: z.string(),
  abcd: z.string(),
  description: z.string().nullable(),
  organisation: z.string().nullable(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  location_precision: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  opening_hours: z.string().nullable(),
  /** Hours in words where opening_hours cannot say them ("term time only"). */
  opening_hours_note: z.string().nullable(),
  wheelchair: z.string().nullable(),
  /** Null when not known; 0 when known to have none at the moment. */
  capacity: z.number().nullable(),
  capacity_unit: z.string().nullable(),
  /** The asset's code in a national register, so others can check it (an NHS ODS code such as A81001). */
  national_id: z.string().nullable(),
  /** The register's org-id.guide code: GB-NHS for the NHS Organisation Data Service. */
  national_id_scheme: z.string().nullable(),
  is_free: z.boolean().nullable(),
  age_min: z.number().int().nullable(),
  age_max: z.number().int().nullable(),
  /** active, inactive or temporarily closed (closed-for-good assets are not exported). */
  status: z.string(),
  /** When the asset last changed (ISO 8601). */
  last_updated: z.string(),
  tags: z.array(z.string()),
  /** The primary source's code and its own id for the asset. */
  source: z.string(),
  source_id: z.string().nullable(),
  source_date: z.string().nullable(),
  /** The primary source's licence (e.g. OGL-UK-3.0, ODbL-1.0). */
  licence: z.string(),
  /** Every contributing source's attribution, joined with "; ". */
  attribution: z.string(),
  /** True when any contributing source is share-alike (ODbL, CC BY-SA): the export must be shared alike. */
  share_alike: z.boolean(),
});
export type ExportRow = z.infer<typeof ExportRow>;

/** One licence the export carries, with how many rows draw on it. */
export const ExportLicence = z.object({
  licence: z.string(),
  attribution: z.string(),
  shareAlike: z.boolean(),
  rows: z.number().int(),
});
export type ExportLicence = z.infer<typeof ExportLicence>;

export const ExportFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  /** Every attribution the rows need, one per line's worth, for a map or a page footer. */
  attribution: z.string(),
  licences: z.array(ExportLicence),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: PointGeometry,
      properties: ExportRow,
    }),
  ),
});
export type ExportFeatureCollection = z.infer<typeof ExportFeatureCollection>;
