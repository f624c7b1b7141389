import type { ParsedImport } from '@common-ground/geo/exchange';
import { IMPORT_MAX_RECORDS, type ImportRequest } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { AppError, BadRequestError } from '../../errors.js';
import { listCategories } from '../categories/categories.repository.js';
import { parseOffThread } from './import-parse-pool.js';
import { importTables } from './import-tables.js';

/*
 * Reading: the request's file becomes records and reader rejections (the exchange readers
 * in packages/geo do the work, in the reader thread: import-parse-pool); whole-file
 * problems are a 400 naming them.
 */

export function fileError(message: string, issues: readonly { field: string | null; message: string }[]): AppError {
  return new AppError(
    400,
    'import_file_invalid',
    message,
    issues.map((i) => ({ path: i.field ? `file.${i.field}` : 'file', message: i.message })),
  );
}

/**
 * Reads the file with the exchange readers, off the event loop; whole-file problems are a 400
 * naming them. `content`: the file's base64 as bytes, when the route took it out of the body
 * in the reader thread (see ImportContext.content); else input.contentBase64.
 */
export async function readFile(
  deps: { db: Queryable; dataDir: string },
  input: ImportRequest,
  content?: Uint8Array,
): Promise<{ parsed: ParsedImport; sha256: string; bytes: number }> {
  const categories = await listCategories(deps.db);
  const known = new Set(categories.map((c) => c.code));
  const defaultCategory = input.defaultCategory ?? input.mapping?.defaultCategory;
  if (defaultCategory && !known.has(defaultCategory)) {
    throw BadRequestError.forParam(input.defaultCategory ? 'body.defaultCategory' : 'body.mapping.defaultCategory', `no category ${defaultCategory}`);
  }
  const tables = await importTables(deps.dataDir);
  const outcome = await parseOffThread({
    contentBase64: content ?? input.contentBase64,
    fileName: input.fileName,
    format: input.format,
    ...(input.mapping && { mapping: input.mapping }),
    encoding: input.encoding,
    categories: categories.map((c) => ({ code: c.code, name: c.name })),
    osmTags: tables.osmTags,
    taxonomy: tables.taxonomy,
    ...(defaultCategory && { defaultCategory }),
    maxRecords: IMPORT_MAX_RECORDS,
  });
  switch (outcome.kind) {
    case 'parsed':
      return outcome;
    case 'empty':
      throw BadRequestError.forParam('body.contentBase64', 'the file is empty');
    case 'file-error':
      throw fileError(outcome.message, outcome.issues);
    case 'mapping-required':
      throw new AppError(
        400,
        'mapping_required',
        `This is a CSV file: say which columns hold the name and the place (lat and lon, a postcode or an address), ` +
          `and the category. Its columns are: ${outcome.columns.join(', ')}.`,
        [{ path: 'body.mapping', message: 'required for a CSV file' }],
        { format: outcome.format, columns: outcome.columns },
      );
    case 'too-deep':
      throw new AppError(400, 'import_file_invalid', 'The file is nested too deeply to read.', [{ path: 'file', message: 'nested too deeply' }]);
  }
}
