import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { DatabaseKind } from '../../db/sql.js';
import type { Queryable } from '../../db/queryable.js';
import { encodeMvtLayer } from './mvt-encode.js';
import { cachedTile, mvtTile, storeTile, tileFeatureRows, type StoredTile, type TileAddress, type TileRepresentation } from './tiles.repository.js';

/** A tile, also gzipped, with an ETag of its content. */
export type EncodedTile = StoredTile;

/**
 * A public tile in the encoding the client takes (gzip or plain), from the shared tile
 * cache, else built and stored. Triggers empty a layer's cached tiles whenever its data
 * changes (migrations/003_tile_cache.sql). Each encoding has its own ETag.
 */
export async function getTile(db: Queryable, kind: DatabaseKind, address: TileAddress, acceptsGzip: boolean): Promise<TileRepresentation & { gzip: boolean }> {
  const tile = (await cachedTile(db, address, acceptsGzip)) ?? (await buildAndStore(db, kind, address, acceptsGzip));
  // An empty tile stays empty in both encodings: nothing to compress.
  const gzip = acceptsGzip && tile.body.length > 0;
  return { body: tile.body, etag: gzip ? `${tile.etag.slice(0, -1)}-gz"` : tile.etag, gzip };
}

async function buildAndStore(db: Queryable, kind: DatabaseKind, address: TileAddress, gzip: boolean): Promise<TileRepresentation> {
  const built = await buildTile(db, kind, address);
  await storeTile(db, address, built);
  return { body: gzip ? built.gzip : built.body, etag: built.etag };
}

/**
 * Builds a public vector tile. On a PostGIS server ST_AsMVT encodes it; on the embedded
 * database (no protobuf in its PostGIS) SQL prepares the same geometry and Node encodes.
 */
export async function buildTile(db: Queryable, kind: DatabaseKind, address: TileAddress): Promise<EncodedTile> {
  const body = kind === 'server' ? await mvtTile(db, address) : encodeMvtLayer(address.layer, await tileFeatureRows(db, address));
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { body, gzip: body.length > 0 ? gzipSync(body, { level: 6 }) : body, etag };
}
