/** Shared set-up for the exchange tests: the real category list and tables from data/. */
import { fileURLToPath } from 'node:url';
import { readCategories } from '../asset-files/categories.js';
import { readOsmTagMappings, readTaxonomyMappings } from '../asset-files/exchange-tables.js';
import type { ParseImportOptions, ParsedImport } from './types.js';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const dataDir = `${repoRoot}data`;

export async function baseOptions(): Promise<Omit<ParseImportOptions, 'format'>> {
  const [categories, osmTags, taxonomy] = await Promise.all([readCategories(dataDir), readOsmTagMappings(dataDir), readTaxonomyMappings(dataDir)]);
  return { categories: categories.map((c) => ({ code: c.code, name: c.name })), osmTags, taxonomy };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every input record is accounted for once. */
export function total(parsed: ParsedImport): number {
  return parsed.records.length + parsed.rejected.length;
}
