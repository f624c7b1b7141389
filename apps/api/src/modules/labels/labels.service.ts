import type { PlaceLabels } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { placeLabelRows } from './labels.repository.js';

/** Map labels as GeoJSON points, from the table the loader fills. */
export async function placeLabels(db: Queryable): Promise<PlaceLabels> {
  const rows = await placeLabelRows(db);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { name: r.name, kind: r.kind, population: r.population },
    })),
  };
}
