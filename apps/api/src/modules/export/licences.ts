import type { ExportLicence } from '@common-ground/schema';
import type { ExportAsset } from './export.repository.js';

/**
 * Whether a licence obliges whoever uses the data to share what they make from it alike:
 * the Open Database Licence (OpenStreetMap) and Creative Commons BY-SA.
 * @example isShareAlike('ODbL-1.0') // true
 * @example isShareAlike('OGL-UK-3.0') // false
 */
export function isShareAlike(licence: string): boolean {
  return /\bodbl\b|by-sa|share-?alike/i.test(licence);
}

/** Every contributing source's attribution, in order, each once. */
export function attributionOf(asset: Pick<ExportAsset, 'sources'>): string {
  return [...new Set(asset.sources.map((s) => s.attribution))].join('; ');
}

/** The licences an export's rows draw on, with how many rows draw on each. */
export function licenceSummary(assets: readonly Pick<ExportAsset, 'sources'>[]): ExportLicence[] {
  const found = new Map<string, ExportLicence>();
  for (const asset of assets) {
    for (const source of asset.sources) {
      const key = `${source.licence}\n${source.attribution}`;
      const entry = found.get(key) ?? { licence: source.licence, attribution: source.attribution, shareAlike: isShareAlike(source.licence), rows: 0 };
      entry.rows += 1;
      found.set(key, entry);
    }
  }
  return [...found.values()].sort((a, b) => b.rows - a.rows || a.licence.localeCompare(b.licence));
}
