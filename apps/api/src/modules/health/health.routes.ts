import { Health } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const healthRoutes: FastifyPluginAsyncZod<{ databaseKind: 'embedded' | 'server' }> = async (app, options) => {
  app.get(
    '/api/health',
    { schema: { summary: 'Is the service up, and what does it hold?', response: { 200: Health } } },
    async () => {
      const { rows } = await app.pg.query<{ areas: number; assets: number }>(
        `SELECT (SELECT count(*)::int FROM areas) AS areas,
                (SELECT count(*)::int FROM public_assets) AS assets`,
      );
      const counts = rows[0]!;
      return { status: 'ok' as const, database: options.databaseKind, areas: counts.areas, assets: counts.assets };
    },
  );
};
