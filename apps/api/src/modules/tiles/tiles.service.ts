import { createHash } from 'node:crypto';
import type { DatabaseKind } from '../../db/sql.js';
import type { Queryable } from '../../db/queryable.js';
import { encodeMvtLayer } from './mvt-encode.js';
import { cachedTile, mvtTile, storeTile, tileFeatureRows, type TileLayerName } from './tiles.repository.js';

export interface EncodedTile {
  body: Buffer;
  etag: string;
}

/** Layers whose tiles change only when the loader runs, so they are cached in the database. */
const CACHED_LAYERS: ReadonlySet<TileLayerName> = new Set(['areas']);

/**
 * A public tile, from the shared tile cache when the layer allows, else built and stored.
 */
export async function getTile(
  db: Queryable,
  kind: DatabaseKind,
  layer: TileLayerName,
  z: number,
  x: number,
  y: number,
): Promise<EncodedTile> {
  if (!CACHED_LAYERS.has(layer)) return buildTile(db, kind, layer, z, x, y);
  const cached = await cachedTile(db, layer, z, x, y);
  if (cached) return cached;
  const tile = await buildTile(db, kind, layer, z, x, y);
  await storeTile(db, layer, z, x, y, tile);
  return tile;
}

/**
 * Builds a public vector tile. On a PostGIS server ST_AsMVT encodes it; on the embedded
 * database (no protobuf in its PostGIS) SQL prepares the same geometry and Node encodes.
 */
export async function buildTile(
  db: Queryable,
  kind: DatabaseKind,
  layer: TileLayerName,
  z: number,
  x: number,
  y: number,
): Promise<EncodedTile> {
  const body =
    kind === 'server'
      ? await mvtTile(db, layer, z, x, y)
      : encodeMvtLayer(layer, await tileFeatureRows(db, layer, z, x, y));
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, etag };
}
