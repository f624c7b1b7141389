import { createHash } from 'node:crypto';
import { parse as nodeCsvParse } from 'csv-parse/sync';
import {
  csvColumns,
  decodeImportFile,
  ImportFileError,
  parseImportFile,
  sniffImportFormat,
  type OsmTagMapping,
  type ParsedImport,
  type TaxonomyMapping,
  useCsvParser,
} from '@common-ground/geo/exchange';
import type { ImportFormat, ImportRequest } from '@common-ground/schema';

/*
 * The CPU-heavy half of reading a file, with no database and nothing but plain data in and
 * out, so it can run in a worker thread (import-parse-pool): base64 → bytes → SHA-256 →
 * format → records. A 24 MiB CSV takes seconds here; on the event loop that would stall
 * every other request for as long.
 */

// csv-parse's Node build, not the browser build the exchange readers default to: a 24 MiB CSV
// took 6.1 s and 550 MB with the latter, 1.1 s and 90 MB with this (see useCsvParser).
useCsvParser(nodeCsvParse);

export interface ParseJob {
  /** The file as base64: the text, or its bytes (one per character; handed to the reader thread). */
  contentBase64: string | Uint8Array;
  fileName: string;
  format: ImportRequest['format'];
  mapping?: ImportRequest['mapping'];
  encoding: ImportRequest['encoding'];
  categories: { code: string; name: string }[];
  osmTags: OsmTagMapping[];
  taxonomy: TaxonomyMapping[];
  defaultCategory?: string;
  maxRecords: number;
}

/** What came of it: records, or why not (the caller turns these into 400s). Plain data only: it crosses threads. */
export type ParseOutcome =
  | { kind: 'parsed'; parsed: ParsedImport; sha256: string; bytes: number }
  | { kind: 'empty' }
  | { kind: 'file-error'; message: string; issues: { field: string | null; message: string }[] }
  | { kind: 'mapping-required'; format: ImportFormat; columns: string[] }
  | { kind: 'too-deep' };

/** A CSV's header, to answer "which columns are there?" when no mapping was sent; null when unreadable (the reader says why). */
function headerOf(bytes: Uint8Array, encoding: ImportRequest['encoding']): string[] | null {
  try {
    return csvColumns(decodeImportFile(bytes, encoding).text);
  } catch {
    return null;
  }
}

const fileError = (error: ImportFileError): ParseOutcome => ({ kind: 'file-error', message: error.message, issues: error.issues });

/** Decodes and parses a file; whole-file problems come back as outcomes, not exceptions. */
export function parseJob(job: ParseJob): ParseOutcome {
  const text = typeof job.contentBase64 === 'string' ? job.contentBase64 : Buffer.from(job.contentBase64).toString('latin1');
  // (Node's base64 decoding skips line breaks and spaces: no copy of the text without them.)
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) return { kind: 'empty' };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let format: ImportFormat;
  try {
    format = job.format === 'auto' ? sniffImportFormat(bytes, job.fileName, job.encoding) : job.format;
  } catch (error) {
    if (error instanceof ImportFileError) return fileError(error);
    throw error;
  }
  if (format === 'csv' && !job.mapping) {
    const columns = headerOf(bytes, job.encoding);
    if (columns) return { kind: 'mapping-required', format, columns };
  }
  try {
    const parsed = parseImportFile(bytes, {
      format,
      fileName: job.fileName,
      ...(job.mapping && { mapping: job.mapping }),
      categories: job.categories,
      osmTags: job.osmTags,
      taxonomy: job.taxonomy,
      ...(job.defaultCategory && { defaultCategory: job.defaultCategory }),
      maxRecords: job.maxRecords,
      encoding: job.encoding,
    });
    return { kind: 'parsed', parsed, sha256, bytes: bytes.length };
  } catch (error) {
    if (error instanceof ImportFileError) return fileError(error);
    // A hostile document can still exhaust the stack somewhere in a reader: a 400, not a 500.
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { kind: 'too-deep' };
    throw error;
  }
}
