import type { PlaceLabels } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { placeLabelRows } from './labels.repository.js';

/**
 * Map labels as GeoJSON. Built from the loaded geography, which changes only when the
 * data loader runs, so one build is kept per process: the query reads every LSOA (seconds
 * on the embedded database), and every first page view asks for the labels. After a few
 * minutes the next request still gets the kept build while a fresh one is made.
 */
const KEEP_MS = 10 * 60 * 1000;
const built = new WeakMap<Queryable, { at: number; labels: Promise<PlaceLabels> }>();

export function placeLabels(db: Queryable, now = Date.now()): Promise<PlaceLabels> {
  const kept = built.get(db);
  if (kept && now - kept.at < KEEP_MS) return kept.labels;
  const fresh = build(db, now);
  if (!kept) return fresh;
  // Stale while revalidating: swap in the fresh build only once it has succeeded.
  void fresh.then(
    () => undefined,
    () => built.set(db, kept),
  );
  return kept.labels;
}

function build(db: Queryable, now: number): Promise<PlaceLabels> {
  const labels = placeLabelRows(db).then((rows) => ({
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] as [number, number] },
      properties: { name: r.name, kind: r.kind, population: r.population },
    })),
  }));
  // A failed first build is not kept: the next request tries again.
  labels.catch(() => {
    if (built.get(db)?.labels === labels) built.delete(db);
  });
  built.set(db, { at: now, labels });
  return labels;
}
