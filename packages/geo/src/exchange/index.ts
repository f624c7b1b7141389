/**
 * `@common-ground/geo/exchange`: reading other people's files for import (CSV through a
 * column mapping, GeoJSON, OpenStreetMap XML and GeoJSON, Open Referral HSDS 3.0 and the
 * older ORUK list format). Pure parsing, no Node APIs, so the API, the CLI and the
 * browser's upload screen can all use it; the tables it needs are read by
 * `@common-ground/geo/asset-files` (readOsmTagMappings, readTaxonomyMappings).
 */
export * from './types.js';
export { parseImportFile, sniffImportFormat, parseJsonText } from './parse.js';
export { csvColumns, useCsvParser, type CsvParse } from './csv.js';
export {
  decodeImportFile,
  decodeImportText,
  firstInvalidUtf8,
  htmlToText,
  findPostcode,
  looksLikeMojibake,
  matchCategory,
  type ImportEncoding,
} from './text.js';
export { categoryForTags } from './osm-tags.js';
export { categoryForTerms, guessCategory, type TaxonomyGuess } from './open-referral.js';
export { schedulesToHours } from './schedules.js';
export { ENGLAND_BOX } from './place.js';
export { countByReason, reasonOf, reportCsv } from './report-text.js';
