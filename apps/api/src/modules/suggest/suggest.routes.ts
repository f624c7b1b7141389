import { SuggestQuery, SuggestResults } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { suggest } from './suggest.service.js';

export const suggestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/suggest',
    {
      schema: {
        summary: 'Suggestions as someone types: categories, postcodes and named areas, public assets',
        querystring: SuggestQuery,
        response: { 200: SuggestResults },
      },
    },
    async (request, reply) => {
      // Same answer for everyone until the data changes: let browsers reuse it briefly.
      void reply.header('cache-control', 'public, max-age=60');
      return suggest(app.database.db, request.query);
    },
  );
};
