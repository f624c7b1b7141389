import { Category, CategoryCode, CategoryInput, CategoryList, CategoryPatch, ErrorBody } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly } from '../access/guards.js';
import { createCategory, listCategories, patchCategory } from './categories.service.js';

const CategoryParams = z.object({ code: CategoryCode });
const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 429: ErrorBody } as const;

export const categoriesRoutes: FastifyPluginAsyncZod = async (app) => {
  const transact = app.database.transact;

  app.get(
    '/api/categories',
    { schema: { summary: 'The category taxonomy (parents and children)', response: { 200: CategoryList } } },
    async (_request, reply) => {
      // Admins edit categories: a cached copy would hide their change after a reload. The
      // list is a few kilobytes, so always asking again costs little.
      reply.header('cache-control', 'no-cache');
      return { categories: await listCategories(app.database.db) };
    },
  );

  app.post(
    '/api/categories',
    {
      ...WRITE_ROUTE,
      preValidation: roleOnly('admin'),
      schema: {
        summary: 'Admins: add a category (its parent must exist; a taken code is a 409)',
        body: CategoryInput,
        response: { 201: Category, ...WRITE_ERRORS, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      const created = await createCategory(transact, admin, request.body);
      noStore(reply);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/categories/:code',
    {
      ...WRITE_ROUTE,
      preValidation: roleOnly('admin'),
      schema: {
        summary: 'Admins: change a category (a parent inside it would make a loop: 400)',
        params: CategoryParams,
        body: CategoryPatch,
        response: { 200: Category, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      noStore(reply);
      return patchCategory(transact, admin, request.params.code, request.body);
    },
  );
};
