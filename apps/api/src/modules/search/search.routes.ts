import { SearchFeatureCollection, SearchQuery, SearchResults } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { search } from './search.service.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/search',
    {
      schema: {
        summary: 'Search public assets by words, category, place (point, postcode), opening time and access',
        querystring: SearchQuery,
        response: { 200: z.union([SearchResults, SearchFeatureCollection]) },
      },
    },
    async (request) => {
      const found = await search(app.database.db, request.query);
      if (request.query.format === 'json') return found;
      return {
        type: 'FeatureCollection' as const,
        total: found.total,
        page: found.page,
        pageSize: found.pageSize,
        features: found.results.map(({ location, ...properties }) => ({
          type: 'Feature' as const,
          id: properties.id,
          geometry: location,
          properties,
        })),
      };
    },
  );
};
