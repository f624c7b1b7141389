import { CategoryList } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listCategories } from './categories.repository.js';

export const categoriesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/categories',
    { schema: { summary: 'The category taxonomy (parents and children)', response: { 200: CategoryList } } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { categories: await listCategories(app.pg) };
    },
  );
};
