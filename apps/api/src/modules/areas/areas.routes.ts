import { AreaParams, AreaProfile, DeprivationParams, DeprivationTable, ErrorBody, IOD_VINTAGE } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../errors.js';
import { noStore } from '../../http/caching.js';
import { resolveNeedDomain } from '../need-measures/need-domain.js';
import { deprivationTable, findAreaProfile, measureTable } from './areas.service.js';

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
      const profile = await findAreaProfile(app.database.db, request.params.code);
      if (!profile) throw new NotFoundError('area', request.params.code);
      reply.header('cache-control', 'public, max-age=300');
      return profile;
    },
  );

  app.get(
    '/api/deprivation/:domain',
    {
      schema: {
        summary:
          'One IoD2025 measure (IMD or a domain) for every LSOA in England: score, rank, decile; or a loaded need measure (need:<slug>) ' +
          "for the LSOAs it covers: its value as score, rank and decile among them (vintage 'custom'). A workers-only one is a 404 to others and never cached.",
        params: DeprivationParams,
        response: { 200: DeprivationTable, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { domain } = request.params;
      const need = await resolveNeedDomain(app.database.db, domain, request.user);
      if (!need) throw new NotFoundError('need measure', domain);
      if (need.measureId !== null) {
        if (need.public) reply.header('cache-control', 'public, max-age=60');
        else noStore(reply);
        return { measure: domain, label: need.label, vintage: 'custom', areas: await measureTable(app.database.db, need.measureId) };
      }
      const table = await deprivationTable(app.database.db, domain, IOD_VINTAGE);
      if (!table) throw new NotFoundError('measure', domain);
      reply.header('cache-control', 'public, max-age=3600');
      return { measure: domain, label: table.label, vintage: IOD_VINTAGE, areas: table.areas };
    },
  );
};
