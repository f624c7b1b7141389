import { PlaceLabels } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { placeLabels } from './labels.service.js';

export const labelsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/place-labels',
    {
      schema: {
        summary:
          'Names to draw on the map without a basemap: local authorities and wards (at the residence point of their most central LSOA) and postcode districts',
        response: { 200: PlaceLabels },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600, stale-while-revalidate=600');
      return placeLabels(app.database.db);
    },
  );
};
