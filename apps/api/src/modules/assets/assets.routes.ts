import { Asset, AssetFeatureCollection, AssetListQuery, AssetParams } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { assertCategoryExists } from '../categories/categories.service.js';
import { findPublicAsset, listPublicAssetFeatures } from './asset-reads.service.js';
import { notModified } from '../../http/conditional.js';

export const assetsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/assets',
    {
      schema: {
        summary: 'Public assets as GeoJSON, filtered by map area and category (with its children)',
        querystring: AssetListQuery,
        response: { 200: AssetFeatureCollection },
      },
    },
    async (request) => {
      const { bbox, category, limit } = request.query;
      await assertCategoryExists(app.database.db, category, 'querystring.category');
      const features = await listPublicAssetFeatures(app.database.db, { bbox, category, limit });
      const truncated = features.length > limit;
      return {
        type: 'FeatureCollection' as const,
        features: truncated ? features.slice(0, limit) : features,
        truncated,
        limit,
      };
    },
  );

  app.get(
    '/api/assets/:id',
    {
      schema: {
        summary: 'One public asset, with everything known about it',
        description: "ETag is the asset's version: send it as If-None-Match for a 304, or as If-Match when editing.",
        params: AssetParams,
        response: { 200: Asset, 304: z.null() },
      },
    },
    async (request, reply) => {
      const asset = await findPublicAsset(app.database.db, request.params.id);
      if (!asset) throw new NotFoundError('asset', request.params.id);
      const etag = `"${asset.version}"`;
      // Revalidate every time: an edit or an unpublish must show at once.
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return asset;
    },
  );
};
