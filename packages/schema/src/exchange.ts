import { z } from 'zod';
import { CategoryCode } from './category.js';

/*
 * Exchange: bringing assets in from other people's files and giving them back. The
 * formats, the CSV column mapping and the import report are shared by the API, the CLI
 * and the upload screen, so they live here once.
 */

/** File formats an import understands; `auto` sniffs the content. */
export const ImportFormat = z.enum([
  /** Comma-separated values with a header row, read through a column mapping. */
  'csv',
  /** A GeoJSON FeatureCollection (or a single Feature) of points or areas. */
  'geojson',
  /** An OpenStreetMap XML export (nodes, ways, relations with tags). */
  'osm-xml',
  /** An OpenStreetMap GeoJSON export (overpass-turbo or osmtogeojson style `properties` of tags). */
  'osm-geojson',
  /** Open Referral / HSDS 3.0 JSON: services, organizations, locations, service_at_location, schedules, taxonomy. */
  'hsds',
  /** The older Open Referral UK / Open Place list format councils still publish (services at list level). */
  'oruk',
]);
export type ImportFormat = z.infer<typeof ImportFormat>;

/**
 * Which CSV column holds what (header names as written in the file). A CSV needs a name
 * and one way of placing each row: lat and lon, a postcode, or an address (whose
 * postcode is found in it).
 */
export const CsvColumnMapping = z
  .object({
    name: z.string().min(1),
    lat: z.string().min(1).optional(),
    lon: z.string().min(1).optional(),
    postcode: z.string().min(1).optional(),
    address: z.string().min(1).optional(),
    /** A column whose values are category codes or category names. */
    category: z.string().min(1).optional(),
    /** Used for rows with no category column or an empty cell. */
    defaultCategory: CategoryCode.optional(),
    /** A column with the source's own stable id; re-imports match on it. Without one, the line's content is hashed. */
    id: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    organisation: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    email: z.string().min(1).optional(),
    website: z.string().min(1).optional(),
    openingHours: z.string().min(1).optional(),
  })
  .refine((m) => (m.lat && m.lon) || m.postcode || m.address, {
    message: 'map lat and lon, a postcode or an address column so each row can be placed',
  })
  .refine((m) => !!m.lat === !!m.lon, { message: 'map both lat and lon, or neither' })
  .refine((m) => m.category || m.defaultCategory, { message: 'map a category column or choose a default category' });
export type CsvColumnMapping = z.infer<typeof CsvColumnMapping>;

/** Who published the file and under what terms; kept on every asset it brings. */
export const ImportSource = z.object({
  /** Short code, lowercase letters, digits and hyphens; re-importing under the same code updates. */
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use lowercase letters, digits and hyphens (2–63 characters)'),
  name: z.string().trim().min(1).max(200),
  publisher: z.string().trim().min(1).max(200),
  licence: z.string().trim().min(1).max(200),
  attribution: z.string().trim().min(1).max(500),
  url: z.url().nullable().default(null),
});
export type ImportSource = z.infer<typeof ImportSource>;

/** What became of one input record. `unchanged`: it matched an asset that already says the same. */
export const ImportOutcome = z.enum(['added', 'updated', 'merged', 'unchanged', 'rejected']);
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ImportReportRow = z.object({
  /** Where the record is in the file: "line 12", "feature 3", "service 9f1c…". */
  ref: z.string(),
  /** The file's line number, for CSV and where known. */
  line: z.number().int().positive().nullable(),
  sourceId: z.string().nullable(),
  name: z.string().nullable(),
  outcome: ImportOutcome,
  /** The asset this record added, updated or merged into. */
  assetId: z.string().nullable(),
  /** For merges: the existing asset it matched and how far away it is. */
  matched: z
    .object({ id: z.string(), name: z.string(), distanceMetres: z.number(), rule: z.enum(['source-id', 'name-and-place']) })
    .nullable(),
  /** Why a record was rejected (or what was noticed about an accepted one): the field and a sentence. */
  issues: z.array(z.object({ field: z.string().nullable(), message: z.string() })),
});
export type ImportReportRow = z.infer<typeof ImportReportRow>;

export const ImportReport = z.object({
  dryRun: z.boolean(),
  format: ImportFormat,
  source: ImportSource,
  counts: z.object({
    total: z.number().int(),
    added: z.number().int(),
    updated: z.number().int(),
    merged: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
  }),
  rows: z.array(ImportReportRow),
});
export type ImportReport = z.infer<typeof ImportReport>;
