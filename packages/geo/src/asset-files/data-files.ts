/**
 * Reading the shipped data files (`data/`): the one place that decides how a file's text is
 * read and parsed, shared by the API's loader and this package's reference computations, so
 * both see exactly the same records.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

/** Reads a data file as text, gunzipping `.gz` files. */
export async function readText(dataDir: string, file: string): Promise<string> {
  const buffer = await readFile(path.join(dataDir, file));
  return (file.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8');
}

export async function readJson<T>(dataDir: string, file: string): Promise<T> {
  return JSON.parse(await readText(dataDir, file)) as T;
}

/** Parses a CSV with a header row into records keyed by column name (values as strings). */
export async function readCsv(dataDir: string, file: string): Promise<Record<string, string>[]> {
  const text = await readText(dataDir, file);
  return parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, bom: true });
}

/** Parses a CSV without a header row (the NHS ODS extracts have none) into rows of cells. */
export async function readCsvRows(dataDir: string, file: string): Promise<string[][]> {
  const text = await readText(dataDir, file);
  return parse(text, { skip_empty_lines: true, bom: true });
}

/** Trims, and turns empty strings and the sources' "NA" into null. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === 'NA' ? null : trimmed;
}
