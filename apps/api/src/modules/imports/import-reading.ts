import {
  csvColumns,
  decodeImportFile,
  ImportFileError,
  parseImportFile,
  sniffImportFormat,
  type ParsedImport,
} from '@common-ground/geo/exchange';
import { IMPORT_MAX_RECORDS, type ImportFormat, type ImportRequest } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { AppError, BadRequestError } from '../../errors.js';
import { listCategories } from '../categories/categories.repository.js';
import { importTables } from './import-tables.js';

/*
 * Reading: the request's file becomes records and reader rejections (the exchange readers
 * in packages/geo do the work); whole-file problems are a 400 naming them.
 */

/** The file's bytes from the request; a 400 when it is not base64 at all. */
export function decodeFile(contentBase64: string): Buffer {
  const bytes = Buffer.from(contentBase64.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0) throw BadRequestError.forParam('body.contentBase64', 'the file is empty');
  return bytes;
}

export function fileError(error: ImportFileError): AppError {
  return new AppError(
    400,
    'import_file_invalid',
    error.message,
    error.issues.map((i) => ({ path: i.field ? `file.${i.field}` : 'file', message: i.message })),
  );
}

/** A CSV's header, to answer "which columns are there?" when no mapping was sent; null when unreadable (the reader says why). */
function headerOf(bytes: Uint8Array, encoding: ImportRequest['encoding']): string[] | null {
  try {
    return csvColumns(decodeImportFile(bytes, encoding).text);
  } catch {
    return null;
  }
}

/** Reads the file with the exchange readers; whole-file problems are a 400 naming them. */
export async function readFile(deps: { db: Queryable; dataDir: string }, input: ImportRequest, bytes: Uint8Array): Promise<ParsedImport> {
  const categories = await listCategories(deps.db);
  const known = new Set(categories.map((c) => c.code));
  const defaultCategory = input.defaultCategory ?? input.mapping?.defaultCategory;
  if (defaultCategory && !known.has(defaultCategory)) {
    throw BadRequestError.forParam(input.defaultCategory ? 'body.defaultCategory' : 'body.mapping.defaultCategory', `no category ${defaultCategory}`);
  }
  let format: ImportFormat;
  try {
    format = input.format === 'auto' ? sniffImportFormat(bytes, input.fileName, input.encoding) : input.format;
  } catch (error) {
    if (error instanceof ImportFileError) throw fileError(error);
    throw error;
  }
  if (format === 'csv' && !input.mapping) {
    const columns = headerOf(bytes, input.encoding);
    if (columns) {
      throw new AppError(
        400,
        'mapping_required',
        `This is a CSV file: say which columns hold the name and the place (lat and lon, a postcode or an address), ` +
          `and the category. Its columns are: ${columns.join(', ')}.`,
        [{ path: 'body.mapping', message: 'required for a CSV file' }],
        { format, columns },
      );
    }
  }
  const tables = await importTables(deps.dataDir);
  try {
    return parseImportFile(bytes, {
      format,
      fileName: input.fileName,
      ...(input.mapping && { mapping: input.mapping }),
      categories: categories.map((c) => ({ code: c.code, name: c.name })),
      osmTags: tables.osmTags,
      taxonomy: tables.taxonomy,
      ...(defaultCategory && { defaultCategory }),
      maxRecords: IMPORT_MAX_RECORDS,
      encoding: input.encoding,
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw fileError(error);
    // A hostile document can still exhaust the stack somewhere in a reader: a 400, not a 500.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new AppError(400, 'import_file_invalid', 'The file is nested too deeply to read.', [{ path: 'file', message: 'nested too deeply' }]);
    }
    throw error;
  }
}
