import vtpbf from 'vt-pbf';
import type { TileFeatureRow } from './tiles.repository.js';
import { TILE_BUFFER, TILE_EXTENT } from './tiles.repository.js';

type Position = [number, number];
type TileGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

interface VtFeature {
  id: number;
  type: 1 | 2 | 3;
  geometry: Position[] | Position[][];
  tags: Record<string, unknown>;
}

/** Points outside the buffered tile are dropped, as ST_AsMVTGeom drops them. */
const inBuffer = ([x, y]: Position) => x >= -TILE_BUFFER && x <= TILE_EXTENT + TILE_BUFFER && y >= -TILE_BUFFER && y <= TILE_EXTENT + TILE_BUFFER;

/** GeoJSON (already in tile units, rings oriented by SQL) → the geojson-vt feature shape vt-pbf encodes. */
function toVtFeature(row: TileFeatureRow): VtFeature | null {
  const { id, geojson, ...tags } = row;
  const geometry = JSON.parse(geojson) as TileGeometry;
  const base = { id: Number(id), tags };
  switch (geometry.type) {
    case 'Point':
      return inBuffer(geometry.coordinates) ? { ...base, type: 1, geometry: [geometry.coordinates] } : null;
    case 'MultiPoint': {
      const kept = geometry.coordinates.filter(inBuffer);
      return kept.length > 0 ? { ...base, type: 1, geometry: kept } : null;
    }
    case 'LineString':
      return { ...base, type: 2, geometry: [geometry.coordinates] };
    case 'MultiLineString':
      return { ...base, type: 2, geometry: geometry.coordinates };
    case 'Polygon':
      return { ...base, type: 3, geometry: geometry.coordinates };
    case 'MultiPolygon':
      return { ...base, type: 3, geometry: geometry.coordinates.flat() };
  }
}

/**
 * Encodes one layer of features whose geometry SQL already put in tile space. Like
 * ST_AsMVT, a tile with no features is empty (zero bytes).
 */
export function encodeMvtLayer(layer: string, rows: readonly TileFeatureRow[]): Buffer {
  const features = rows.map(toVtFeature).filter((f): f is VtFeature => f !== null);
  if (features.length === 0) return Buffer.alloc(0);
  const bytes = vtpbf.fromGeojsonVt({ [layer]: { features } }, { version: 2, extent: TILE_EXTENT });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
