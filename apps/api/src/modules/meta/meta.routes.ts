import { ClientConfig, SourceList } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listSources } from './meta.service.js';

/** The map always credits these, whatever the basemap. */
const MAP_ATTRIBUTIONS = [
  'Contains public sector information licensed under the Open Government Licence v3.0',
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0',
  'Contains OS data © Crown copyright and database right 2025',
  'Indices of Deprivation 2025: MHCLG',
  '© OpenStreetMap contributors (ODbL)',
];

export const metaRoutes: FastifyPluginAsyncZod<{ basemapStyleUrl: string }> = async (app, options) => {
  app.get(
    '/api/sources',
    { schema: { summary: 'Every data source: publisher, licence, date, coverage', response: { 200: SourceList } } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { sources: await listSources(app.database.db) };
    },
  );
  app.get('/api/config', { schema: { summary: 'Settings for the web client', response: { 200: ClientConfig } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return { basemapStyleUrl: options.basemapStyleUrl || null, attributions: MAP_ATTRIBUTIONS };
  });
};
