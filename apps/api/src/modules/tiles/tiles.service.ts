import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { DatabaseKind } from '../../db/sql.js';
import type { Queryable } from '../../db/queryable.js';
import { encodeMvtLayer } from './mvt-encode.js';
import { cachedTile, mvtTile, storeTile, tileFeatureRows, type StoredTile, type TileAddress } from './tiles.repository.js';

/** A tile, also gzipped, with an ETag of its content. */
export type EncodedTile = StoredTile;

/**
 * A public tile from the shared tile cache, else built and stored. Triggers empty a
 * layer's cached tiles whenever its data changes (migrations/003_tile_cache.sql).
 */
export async function getTile(db: Queryable, kind: DatabaseKind, address: TileAddress): Promise<EncodedTile> {
  const cached = await cachedTile(db, address);
  if (cached) return cached;
  const tile = await buildTile(db, kind, address);
  await storeTile(db, address, tile);
  return tile;
}

/**
 * Builds a public vector tile. On a PostGIS server ST_AsMVT encodes it; on the embedded
 * database (no protobuf in its PostGIS) SQL prepares the same geometry and Node encodes.
 */
export async function buildTile(db: Queryable, kind: DatabaseKind, address: TileAddress): Promise<EncodedTile> {
  const body =
    kind === 'server'
      ? await mvtTile(db, address)
      : encodeMvtLayer(address.layer, await tileFeatureRows(db, address));
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, gzip: gzipSync(body, { level: 6 }), etag };
}
