import { TileParams } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabaseKind } from '../../db/sql.js';
import { notModified } from '../../http/conditional.js';
import { getTile } from './tiles.service.js';

const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/**
 * Public tiles: identical for every caller and never dependent on a session, so an
 * HTTP cache may hold them; ETags let clients and caches revalidate cheaply. Anything
 * only workers may see will be served from separate, `private, no-store` URLs.
 */
export const tilesRoutes: FastifyPluginAsyncZod<{ databaseKind: DatabaseKind }> = async (app, options) => {
  const layers = [
    { layer: 'areas', maxAge: 86400, summary: 'LSOA polygons with IoD2025 deciles (IMD and the seven domains)' },
    {
      layer: 'assets',
      maxAge: 300,
      summary:
        'Public community assets as points; up to zoom 10, nearby assets of one top-level group ' +
        '(and alike in being closed for good or not) as one point with a `count` and no `uuid`',
    },
  ] as const;
  for (const { layer, maxAge, summary } of layers) {
    app.get(
      `/tiles/${layer}/:z/:x/:y`,
      {
        schema: { summary: `${summary} (Mapbox Vector Tile)`, params: TileParams },
        // Tiles are gzipped once when built; compressing per request would cost more CPU
        // than building them.
        compress: false,
      },
      async (request, reply) => {
        const { z, x, y } = request.params;
        const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
        const tile = await getTile(app.database.db, options.databaseKind, { layer, z, x, y }, acceptsGzip);
        const etag = tile.etag;
        reply
          .header('content-type', MVT_TYPE)
          .header('cache-control', `public, max-age=${maxAge}, stale-while-revalidate=60`)
          .header('etag', etag)
          .header('vary', 'accept-encoding');
        if (notModified(request.headers['if-none-match'], etag)) return reply.status(304).send();
        if (tile.gzip) reply.header('content-encoding', 'gzip');
        return reply.send(tile.body);
      },
    );
  }
};
