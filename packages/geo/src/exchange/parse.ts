import type { ImportFormat } from '@common-ground/schema';
import { parseCsv } from './csv.js';
import { geoJsonFeatures, looksLikeOsmGeoJson, parseGeoJsonFeatures } from './geojson.js';
import { openReferralShape, parseOpenReferral } from './open-referral.js';
import { parseOsmXml } from './osm-xml.js';
import { jsonErrorOffset } from './json-position.js';
import { decodeImportFile, looksLikeMojibake } from './text.js';
import { ImportFileError, type ParseImportOptions, type ParsedImport } from './types.js';

/**
 * How deep JSON may nest. Every format read here is a few levels deep (a collection, a
 * feature, its properties, a geometry's rings); a document nested thousands deep is hostile
 * and would overflow the stack of whatever walks it later (JSON.stringify, a hash).
 */
export const MAX_JSON_DEPTH = 64;

/** The line and column of a character offset, for messages. */
function lineColumn(source: string, offset: number): string {
  const before = source.slice(0, offset);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before parsing it: one pass over the text
 * counting brackets outside strings, with no recursion of its own.
 */
export function checkJsonDepth(source: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \\ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > max) {
        throw new ImportFileError(`The JSON nests deeper than ${max} levels (at ${lineColumn(source, i)}); no import format needs that.`, [
          { field: null, message: `nested deeper than ${max} levels at ${lineColumn(source, i)}` },
        ]);
      }
    } else if (ch === 125 || ch === 93) depth--;
  }
}

/** Parses JSON, turning a syntax error into a file error with a line and column. */
export function parseJsonText(source: string): unknown {
  checkJsonDepth(source);
  try {
    return JSON.parse(source);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = jsonErrorOffset(source);
    let where = '';
    if (offset >= 0) {
      const before = source.slice(0, offset);
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new ImportFileError(`The file is not valid JSON${where}: ${message}`, [{ field: null, message: `not valid JSON${where}` }]);
  }
}

/** Which JSON format a parsed document is in, or null. */
function jsonFormat(json: unknown): ImportFormat | null {
  const features = geoJsonFeatures(json);
  if (features) return looksLikeOsmGeoJson(features) ? 'osm-geojson' : 'geojson';
  return openReferralShape(json)?.format ?? null;
}

function sniffText(source: string, fileName: string | undefined): { format: ImportFormat; json?: unknown } {
  const head = source.slice(0, 2000).trimStart();
  const ext = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (head.startsWith('<')) {
    if (/<osm[\s>]/.test(source.slice(0, 5000))) return { format: 'osm-xml' };
    throw new ImportFileError('The file is XML but not OpenStreetMap XML (no <osm> element); other XML is not read.');
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    const json = parseJsonText(source);
    const format = jsonFormat(json);
    if (!format) {
      throw new ImportFileError(
        'The JSON is neither GeoJSON (a FeatureCollection or Features) nor Open Referral (services, organisations, a page of them or HSDS tables).',
      );
    }
    return { format, json };
  }
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv' || /^[^\n]*[,;\t][^\n]*\n/.test(head)) return { format: 'csv' };
  throw new ImportFileError('Cannot tell what kind of file this is. Upload CSV (with a header row), GeoJSON, OpenStreetMap XML or Open Referral JSON.');
}

/**
 * Tells an import file's format from its content (the file name only breaks ties for CSV).
 * Throws ImportFileError when it cannot tell or the bytes are not UTF-8 text.
 * @example sniffImportFormat(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}')) // 'geojson'
 */
export function sniffImportFormat(bytes: Uint8Array, fileName?: string, encoding: ParseImportOptions['encoding'] = 'auto'): ImportFormat {
  return sniffText(decodeImportFile(bytes, encoding).text, fileName).format;
}

/**
 * Reads an import file into usable records and rejections, one per input record (every
 * record lands in exactly one list, with reasons), without touching a database. Whole-file
 * problems (not UTF-8, not JSON, wrong CSV columns, more than `maxRecords`) throw
 * ImportFileError. Records are not yet geocoded, de-duplicated or checked against
 * England's boundary (only against a box around it): that is the import pipeline's job.
 * @example parseImportFile(bytes, { format: 'auto', categories, osmTags, taxonomy, defaultCategory: 'community-group' })
 */
export function parseImportFile(bytes: Uint8Array, options: ParseImportOptions): ParsedImport {
  const { text: source, warnings } = decodeImportFile(bytes, options.encoding ?? 'auto');
  if (source.trim() === '') throw new ImportFileError('The file is empty.');
  const sniffed = options.format === 'auto' ? sniffText(source, options.fileName) : { format: options.format };
  const json = (): unknown => ('json' in sniffed ? sniffed.json : parseJsonText(source));
  const parsed = parseAs(sniffed.format, source, json, options);
  if (parsed.records.length + parsed.rejected.length === 0) {
    throw new ImportFileError('The file holds no records to import.');
  }
  // UTF-8 read as a single-byte set before it reached us ("CafÃ©"): say which records, to fix at the source.
  const misread = parsed.records.filter((r) => looksLikeMojibake(r.name) || looksLikeMojibake(r.description) || looksLikeMojibake(r.address));
  for (const r of misread)
    r.issues.push({ field: 'name', message: `"${r.name}" looks like text misread from UTF-8 (such as "CafÃ©" for "Café"): check the file's encoding` });
  if (misread.length > 0) {
    const refs = misread
      .slice(0, 10)
      .map((r) => r.ref)
      .join(', ');
    warnings.push({
      field: null,
      message: `${misread.length} record${misread.length === 1 ? '' : 's'} look${misread.length === 1 ? 's' : ''} like UTF-8 text misread as Windows-1252 ("CafÃ©"): ${refs}${misread.length > 10 ? ', …' : ''}. Check the file's encoding.`,
    });
  }
  return { ...parsed, warnings: [...(parsed.warnings ?? []), ...warnings] };
}

function parseAs(format: ImportFormat, source: string, json: () => unknown, options: ParseImportOptions): ParsedImport {
  switch (format) {
    case 'csv':
      return parseCsv(source, options);
    case 'osm-xml':
      return parseOsmXml(source, options);
    case 'geojson':
    case 'osm-geojson': {
      const features = geoJsonFeatures(json());
      if (!features) throw new ImportFileError('The file is not GeoJSON: it needs a FeatureCollection, a Feature or a list of Features.');
      return parseGeoJsonFeatures(features, options, format === 'osm-geojson');
    }
    case 'hsds':
    case 'oruk':
      // The two are read the same way; the chosen label stands.
      return { ...parseOpenReferral(json(), options), format };
  }
}
