import { readOsmTagMappings, readTaxonomyMappings } from '@common-ground/geo/asset-files';
import type { OsmTagMapping, TaxonomyMapping } from '@common-ground/geo/exchange';

/*
 * The mapping tables in data/ (OSM tag → category, Open Referral taxonomy term → category),
 * read once per process: they ship with the product and change only with a release.
 */

let cached: Promise<{ osmTags: OsmTagMapping[]; taxonomy: TaxonomyMapping[] }> | undefined;
let cachedDir: string | undefined;

export function importTables(dataDir: string): Promise<{ osmTags: OsmTagMapping[]; taxonomy: TaxonomyMapping[] }> {
  if (!cached || cachedDir !== dataDir) {
    cachedDir = dataDir;
    cached = Promise.all([readOsmTagMappings(dataDir), readTaxonomyMappings(dataDir)]).then(([osmTags, taxonomy]) => ({
      osmTags: [...osmTags],
      taxonomy: [...taxonomy],
    }));
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}
