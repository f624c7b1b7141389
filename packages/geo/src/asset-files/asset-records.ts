/**
 * Every asset record of the shipped source files, as the data loader stores them before
 * de-duplication: read by each source's reader (in priority order), repeated source ids
 * numbered, and exact pins that sit on their postcode's centroid marked as placed by
 * postcode. The loader writes these to the database; the reference provision computation
 * (`shipped-provision.ts`) reads the same records, so both start from one set of rules.
 */
import type { AssetCandidate, ReadResult } from './candidate.js';
import { distanceMetres } from './dedupe.js';
import { SOURCE_READERS, type ReaderContext } from './readers.js';

/** A pin this close to its postcode's centroid was placed by postcode, not on the site. */
export const POSTCODE_CENTROID_METRES = 5;

/**
 * Some files list the same id twice (a library register row repeated, an OSM id in two
 * layers); number the repeats so every record keeps its own provenance row.
 */
export function uniqueSourceIds(candidates: AssetCandidate[]): void {
  const seen = new Map<string, number>();
  for (const c of candidates) {
    const n = (seen.get(c.sourceId) ?? 0) + 1;
    seen.set(c.sourceId, n);
    if (n > 1) c.sourceId = `${c.sourceId}#${n}`;
  }
}

/**
 * Reads every source with `SOURCE_READERS`, then marks postcode-centroid pins.
 * `onSource` hears each source's result as it is read (the loader logs it).
 */
export async function readAssetRecords(context: ReaderContext, onSource?: (source: string, result: ReadResult) => void): Promise<ReadResult> {
  const candidates: AssetCandidate[] = [];
  const skipped: ReadResult['skipped'] = [];
  for (const reader of SOURCE_READERS) {
    const result = await reader.read(context);
    uniqueSourceIds(result.candidates);
    candidates.push(...result.candidates);
    skipped.push(...result.skipped);
    onSource?.(reader.source, result);
  }

  // Sources with coordinates often placed them on the postcode centroid: say so.
  const centroids = await context.postcodes(candidates.filter((c) => c.precision === 'exact' && c.postcode).map((c) => c.postcode!));
  for (const c of candidates) {
    const centroid = c.postcode ? centroids.get(c.postcode) : undefined;
    if (c.precision === 'exact' && centroid && distanceMetres(c, centroid) <= POSTCODE_CENTROID_METRES) {
      c.precision = 'postcode';
    }
  }
  return { candidates, skipped };
}
