import type { PlaceLabelKind } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

export interface PlaceLabelRow {
  kind: PlaceLabelKind;
  name: string;
  lon: number;
  lat: number;
  population: number;
}

/** Every map label (filled by the loader: loader/place-labels.ts), larger places first within each kind. */
export async function placeLabelRows(db: Queryable): Promise<PlaceLabelRow[]> {
  const { rows } = await db.query<PlaceLabelRow>(
    `SELECT kind, name, round(ST_X(geom)::numeric, 5)::float8 AS lon, round(ST_Y(geom)::numeric, 5)::float8 AS lat, population
     FROM place_labels
     ORDER BY kind, population DESC, name`,
  );
  return rows;
}
