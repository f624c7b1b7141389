import { VectorTile } from '@mapbox/vector-tile';
import Protobuf from 'pbf';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, number | string | boolean>;
  /** Geometry rings/points in tile units, as the reader gives them. */
  rings: { x: number; y: number }[][];
}

/**
 * Decodes a tile with @mapbox/vector-tile: an independent reader, not the encoder
 * either backend used.
 */
export function decodeTile(body: Buffer | Uint8Array): Record<string, { extent: number; features: DecodedFeature[] }> {
  const tile = new VectorTile(new Protobuf(body));
  const out: Record<string, { extent: number; features: DecodedFeature[] }> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({ id: f.id, type: f.type, properties: f.properties, rings: f.loadGeometry() });
    }
    out[name] = { extent: layer.extent, features };
  }
  return out;
}
