import { z } from 'zod';
import { CapacityUnit } from './capacity.js';
import { CategoryCode } from './category.js';
import { ErrorCode } from './error-code.js';

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
    /** A column of capacities (numbers such as 8123 or 52.5), with capacityUnit saying what they count. */
    capacity: z.string().min(1).optional(),
    /**
     * A column naming each row's capacity unit (registered patients, opening hours per week,
     * places, beds, people per week), or leave it out and give `defaultCapacityUnit`.
     */
    capacityUnit: z.string().min(1).optional(),
    /** The unit of every row's capacity, when the file has no unit column. */
    defaultCapacityUnit: CapacityUnit.optional(),
    /**
     * A column of register codes (an NHS ODS practice code, a charity number): imports match
     * on them before names and places, and keep them on the asset. Needs registerScheme or
     * defaultRegisterScheme to say which register.
     */
    registerCode: z.string().min(1).optional(),
    /** A column naming each row's register (GB-NHS, GB-CHC, …). */
    registerScheme: z.string().min(1).optional(),
    /** The register of every row's code, when the file has no scheme column (e.g. GB-NHS for the GP register). */
    defaultRegisterScheme: z
      .string()
      .regex(/^[A-Za-z0-9-]{2,40}$/, 'a register scheme code such as GB-NHS or GB-CHC (letters, digits, hyphens)')
      .optional(),
  })
  .refine((m) => !m.registerCode || m.registerScheme || m.defaultRegisterScheme, {
    message: 'say which register the codes are from: a registerScheme column or a defaultRegisterScheme such as GB-NHS',
    path: ['defaultRegisterScheme'],
  })
  .refine((m) => (m.lat && m.lon) || m.postcode || m.address, {
    message: 'map lat and lon, a postcode or an address column so each row can be placed',
  })
  .refine((m) => !!m.lat === !!m.lon, { message: 'map both lat and lon, or neither' })
  .refine((m) => m.category || m.defaultCategory, { message: 'map a category column or choose a default category' })
  .refine((m) => !m.capacity || m.capacityUnit || m.defaultCapacityUnit, {
    message: 'map a capacity unit column or choose the unit every capacity is in',
    path: ['capacityUnit'],
  });
export type CsvColumnMapping = z.infer<typeof CsvColumnMapping>;

/** Who published the file and under what terms; kept on every asset it brings. */
export const ImportSource = z.object({
  /** Short code, lowercase letters, digits and hyphens; re-importing under the same code updates. */
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use lowercase letters, digits and hyphens (2–63 characters)'),
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

export const ImportMatchRule = z.enum(['source-id', 'asset-id', 'identifier', 'name-and-place']);
export type ImportMatchRule = z.infer<typeof ImportMatchRule>;

/** An asset of the source that its new file no longer lists, closed by a re-sync (retireMissing). */
export const ImportRetired = z.object({ assetId: z.string(), name: z.string(), sourceId: z.string() });
export type ImportRetired = z.infer<typeof ImportRetired>;

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
  /**
   * The existing asset it matched, how far away, by which rule and why in words. Rules, in
   * the order they are tried: `source-id` (this source's record stored before), `asset-id`
   * (our own export coming back), `identifier` (the same register code, e.g. an NHS ODS
   * code), `name-and-place` (same category, similar name, close enough).
   */
  matched: z
    .object({
      id: z.string(),
      name: z.string(),
      distanceMetres: z.number(),
      rule: ImportMatchRule,
      reason: z.string().default(''),
    })
    .nullable(),
  /**
   * Assets that may be the same place but were not merged (another category with the same
   * or nearly the same name within 50 m, or candidates that fit equally well): the worker decides.
   */
  possibleDuplicates: z
    .array(z.object({ id: z.string(), name: z.string(), categoryCode: z.string(), distanceMetres: z.number(), reason: z.string() }))
    .default([]),
  /** Why a record was rejected (or what was noticed about an accepted one): the field and a sentence. */
  issues: z.array(z.object({ field: z.string().nullable(), message: z.string() })),
});
export type ImportReportRow = z.infer<typeof ImportReportRow>;

export const ImportReport = z.object({
  dryRun: z.boolean(),
  format: ImportFormat,
  source: ImportSource,
  /** The applied import's id (the `imports` row); null for a dry run or an import that changed nothing. */
  importId: z.uuid().nullable().default(null),
  counts: z.object({
    total: z.number().int(),
    added: z.number().int(),
    updated: z.number().int(),
    merged: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    retired: z.number().int().default(0),
  }),
  rows: z.array(ImportReportRow),
  /** Notes on the whole file: read as Windows-1252 (and the first line that is not UTF-8), text that looks misread. */
  warnings: z.array(z.object({ field: z.string().nullable(), message: z.string() })).default([]),
  /** With retireMissing: the source's assets absent from this file, closed (listed first in the dry run). */
  retired: z.array(ImportRetired).default([]),
});
export type ImportReport = z.infer<typeof ImportReport>;

/**
 * The import route's own body limit. A file travels base64-encoded (4 bytes per 3), so
 * 32 MiB of body holds a file of about 24 MiB: a county's OpenStreetMap extract of
 * community places, or an Open Referral feed of several thousand services.
 */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
/** More records than this in one file is refused whole ("huge file"): split it. */
export const IMPORT_MAX_RECORDS = 50_000;

/**
 * One import, checked (dry run, the default) or applied. The file travels as base64 so
 * its bytes reach the reader as they are: a file in the wrong encoding is reported as
 * such, not silently mangled by a text round trip.
 */
export const ImportRequest = z.object({
  fileName: z.string().trim().min(1).max(255),
  contentBase64: z
    .string()
    .min(1, 'the file is empty')
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/, 'must be the file encoded as base64'),
  format: ImportFormat.or(z.literal('auto')).default('auto'),
  /**
   * The file's character set. `auto` (the default): UTF-8 when it is valid UTF-8, else
   * Windows-1252 with a warning naming the first line that is not UTF-8.
   */
  encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'iso-8859-1']).default('auto'),
  /** Needed for CSV; without it a CSV is answered with its columns (400 mapping_required). */
  mapping: CsvColumnMapping.optional(),
  source: ImportSource,
  /** For records with no category of their own (Open Referral services with no mapped taxonomy term). */
  defaultCategory: CategoryCode.optional(),
  /** Check only (the default): answer with what would happen and write nothing. */
  dryRun: z.boolean().default(true),
  /** Apply even though some records are rejected (they are reported, not imported). */
  skipRejected: z.boolean().default(false),
  /**
   * Re-sync: the source's own assets whose records are not in this file are closed
   * (lifecycle `defunct`), listed in the report's `retired` first.
   */
  retireMissing: z.boolean().default(false),
  /** The date the data itself is from (YYYY-MM-DD), kept as each record's data date; freshness reads it. Default: today. */
  sourceDate: z.iso.date().optional(),
  /** Records (by ref) to add as new assets instead of merging them into the asset they matched. */
  declineMerges: z.array(z.string().max(300)).max(IMPORT_MAX_RECORDS).default([]),
  /**
   * A UUID the client made for this request: the server keeps the check's progress under it,
   * for GET /api/import-progress/{id} to answer while the request runs.
   */
  progressId: z.uuid().optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;
/** The request as a client builds it (defaults may be left out). */
export type ImportRequestDraft = z.input<typeof ImportRequest>;

/**
 * A 400 from the import route: an error body, plus the report when records were rejected
 * (apply refused), or the CSV's columns when a mapping is needed, so a client can build
 * the mapping step.
 */
export const ImportErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  format: ImportFormat.optional(),
  columns: z.array(z.string()).optional(),
  report: ImportReport.optional(),
});
export type ImportErrorBody = z.infer<typeof ImportErrorBody>;

/** How far a long import has got (GET /api/import-progress/{id}), as the server last recorded it. */
export const ImportProgressStatus = z.object({
  id: z.uuid(),
  /**
   * waiting: nothing recorded under this id yet (or not for you: someone else's looks the
   * same); then reading the file, checking (matching) records, writing them; done, or failed.
   */
  stage: z.enum(['waiting', 'reading', 'checking', 'writing', 'done', 'failed']),
  /** Records (or for reading, bytes) done so far, of total. */
  done: z.number().int(),
  total: z.number().int(),
  startedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ImportProgressStatus = z.infer<typeof ImportProgressStatus>;

/** What undoing an applied import did (POST /api/imports/{id}/undo). */
export const ImportUndoResult = z.object({
  importId: z.uuid(),
  sourceCode: z.string(),
  /** Assets the import added, now withdrawn (hidden as rejected drafts; their history stays). */
  withdrawn: z.number().int(),
  /** Assets it updated or merged into, with their fields, owners and provenance as before. */
  restored: z.number().int(),
  /** Assets it retired (closed), open again. */
  reopened: z.number().int(),
});
export type ImportUndoResult = z.infer<typeof ImportUndoResult>;
