import type { OsmTagMapping, TaxonomyMapping } from '../exchange/types.js';
import { readCsv } from './data-files.js';

export const OSM_TAG_CATEGORIES_FILE = 'osm-tag-categories.csv';
export const TAXONOMY_CATEGORIES_FILE = 'taxonomy-categories.csv';

function required(file: string, row: Record<string, string>, index: number, column: string): string {
  const value = row[column]?.trim();
  if (!value) throw new Error(`${file}: row ${index + 2} has no ${column}`);
  return value;
}

/** The OSM tag → category table for imports (`data/osm-tag-categories.csv`), in file order: the first match wins. */
export async function readOsmTagMappings(dataDir: string): Promise<OsmTagMapping[]> {
  const file = OSM_TAG_CATEGORIES_FILE;
  return (await readCsv(dataDir, file)).map((r, i) => ({
    key: required(file, r, i, 'tag_key'),
    value: required(file, r, i, 'tag_value'),
    categoryCode: required(file, r, i, 'category_code'),
  }));
}

/** The Open Referral taxonomy term → category table (`data/taxonomy-categories.csv`), in file order. */
export async function readTaxonomyMappings(dataDir: string): Promise<TaxonomyMapping[]> {
  const file = TAXONOMY_CATEGORIES_FILE;
  return (await readCsv(dataDir, file)).map((r, i) => ({
    vocabulary: required(file, r, i, 'vocabulary'),
    term: required(file, r, i, 'term_code_or_name'),
    categoryCode: required(file, r, i, 'category_code'),
  }));
}
