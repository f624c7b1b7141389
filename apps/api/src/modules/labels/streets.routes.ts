import { gunzipSync } from 'node:zlib';
import { StreetLayerList, StreetLayerParams } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../errors.js';
import { StreetLayers } from './streets.service.js';

export const streetsRoutes: FastifyPluginAsyncZod<{ streetsDir: string }> = async (app, options) => {
  const streets = new StreetLayers(options.streetsDir);
  app.get(
    '/api/streets',
    { schema: { summary: 'The street layers this deployment ships (drawn with no basemap), with their extents', response: { 200: StreetLayerList } } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { layers: await streets.list() };
    },
  );
  app.get(
    '/api/streets/:id',
    {
      schema: { summary: 'One street layer as GeoJSON LineStrings (`class`: major | minor; `name` where known)', params: StreetLayerParams },
      // Stored gzipped; sent as stored to clients that take gzip.
      compress: false,
    },
    async (request, reply) => {
      const body = await streets.gzipped(request.params.id);
      if (!body) throw new NotFoundError('street layer', request.params.id);
      reply.header('content-type', 'application/geo+json').header('cache-control', 'public, max-age=86400').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(body);
      return reply.send(gunzipSync(body));
    },
  );
};
