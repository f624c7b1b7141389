import { AreaParams, AreaProfile, DeprivationParams, DeprivationTable, IOD_VINTAGE } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../errors.js';
import { deprivationTable, findAreaProfile } from './areas.repository.js';

export const areasRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas/:code',
    {
      schema: {
        summary: "An LSOA's profile: population, deprivation (IMD 2025 and its domains), public assets",
        params: AreaParams,
        response: { 200: AreaProfile },
      },
    },
    async (request, reply) => {
      const profile = await findAreaProfile(app.pg, request.params.code);
      if (!profile) throw new NotFoundError('area', request.params.code);
      reply.header('cache-control', 'public, max-age=300');
      return profile;
    },
  );

  app.get(
    '/api/deprivation/:domain',
    {
      schema: {
        summary: 'One IoD2025 measure (IMD or a domain) for every LSOA in England: score, rank, decile',
        params: DeprivationParams,
        response: { 200: DeprivationTable },
      },
    },
    async (request, reply) => {
      const table = await deprivationTable(app.pg, request.params.domain, IOD_VINTAGE);
      if (!table) throw new NotFoundError('measure', request.params.domain);
      reply.header('cache-control', 'public, max-age=3600');
      return { measure: request.params.domain, label: table.label, vintage: IOD_VINTAGE, areas: table.areas };
    },
  );
};
