import type { Capacity, CsvColumnMapping, ImportFormat, LocationPrecision, Wheelchair } from '@common-ground/schema';

/** A note on a record or a file: which field (null for the whole record) and a sentence. */
export interface ImportIssue {
  field: string | null;
  message: string;
}

/** One usable record from an import file, before geocoding and de-duplication. */
export interface ImportCandidate {
  /** Where the record is, as shown to users: "line 12", "feature 3", "service <id>", "node 123". */
  ref: string;
  /** The file's physical line, where known (CSV rows). */
  line: number | null;
  /**
   * Stable per record within its source: the CSV id column or a hash of the row; the
   * feature id; "node/123"; the HSDS service id (+ "@" + location id when a service has
   * several locations); "<source>:<source_id>" for our own exports.
   */
  sourceId: string;
  name: string;
  /** One of the category codes passed in. */
  categoryCode: string;
  /** WGS84; null when only a postcode (or an address holding one) places the record. */
  lon: number | null;
  lat: number | null;
  precision: LocationPrecision | null;
  /** Normalised ("GL1 2TG"), from a postcode field or found in the address. */
  postcode: string | null;
  description?: string | null;
  organisation?: string | null;
  tags?: string[];
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  /** OpenStreetMap `opening_hours` syntax. */
  openingHours?: string | null;
  openingHoursNote?: string | null;
  wheelchair?: Wheelchair | null;
  /** How much it offers (HSDS service_capacity); null when the file does not say. */
  capacity?: Capacity | null;
  /**
   * Our own asset id, when the file is one of our exports coming back (its `id`, or the
   * HSDS service id): matched before anything else, whatever source code the file is under.
   */
  assetId?: string | null;
  /**
   * Codes in a register (an NHS ODS code, scheme `GB-NHS`; a charity number, `GB-CHC`):
   * two records with the same code are the same place, however far apart their pins.
   */
  identifiers?: { scheme: string; value: string }[];
  /** Notes on an accepted record, e.g. that its category was guessed. */
  issues: ImportIssue[];
}

/** An input record that cannot be imported, and why. */
export interface ImportRejection {
  ref: string;
  line: number | null;
  sourceId: string | null;
  name: string | null;
  issues: ImportIssue[];
}

/** Every input record lands in exactly one of `records` and `rejected`. */
export interface ParsedImport {
  format: ImportFormat;
  /** The CSV header (so a screen can offer a mapping); null for other formats. */
  columns: string[] | null;
  records: ImportCandidate[];
  rejected: ImportRejection[];
  /** Notes on the whole file (read as Windows-1252; text that looks misread), for the report. */
  warnings?: ImportIssue[];
}

/** A row of `data/osm-tag-categories.csv`: the first matching row in file order wins; value `*` matches any value. */
export interface OsmTagMapping {
  key: string;
  value: string;
  categoryCode: string;
}

/**
 * A row of `data/taxonomy-categories.csv`. `vocabulary` names a taxonomy (e.g. `esd-services`)
 * matched against a term's `taxonomy`/vocabulary, `*` for any; `keyword:` rows match a word
 * or phrase in the service's name or the term's name instead.
 */
export interface TaxonomyMapping {
  vocabulary: string;
  term: string;
  categoryCode: string;
}

export interface KnownCategory {
  code: string;
  name: string;
}

export interface ParseImportOptions {
  format: ImportFormat | 'auto';
  fileName?: string;
  /** Required for CSV. */
  mapping?: CsvColumnMapping;
  categories: readonly KnownCategory[];
  osmTags: readonly OsmTagMapping[];
  taxonomy: readonly TaxonomyMapping[];
  /** For records whose category cannot be read or mapped; such records carry a "category guessed" issue. */
  defaultCategory?: string;
  /** More records than this makes the whole file an error (a huge file). */
  maxRecords?: number;
  /** The file's character set; `auto` (the default): UTF-8, else Windows-1252 with a warning. */
  encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-1';
}

/** The whole file is unusable: nothing in it is imported. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly issues: ImportIssue[] = [{ field: null, message }],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}
