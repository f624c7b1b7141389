import { readCsv } from './data-files.js';

export const MAPPINGS_FILE = 'category-mappings.csv';

export interface CategoryMapping {
  source: string;
  tagKey: string;
  tagValue: string;
  categoryCode: string;
  /** The plain descriptive name an unnamed feature gets; blank means skip unnamed ones. */
  unnamedName: string | null;
}

export async function readMappings(dataDir: string): Promise<CategoryMapping[]> {
  return (await readCsv(dataDir, MAPPINGS_FILE)).map((r) => ({
    source: r.source!,
    tagKey: r.tag_key!,
    tagValue: r.tag_value!,
    categoryCode: r.category_code!,
    unnamedName: r.unnamed_name?.trim() ? r.unnamed_name.trim() : null,
  }));
}

/**
 * The first mapping of a source (in file order) whose tag matches a record's
 * properties; `*,*` matches every record of the source.
 */
export function matchMapping(mappings: readonly CategoryMapping[], source: string, properties: Record<string, unknown>): CategoryMapping | undefined {
  return mappings.find((m) => m.source === source && (m.tagKey === '*' || (properties[m.tagKey] !== undefined && String(properties[m.tagKey]) === m.tagValue)));
}
