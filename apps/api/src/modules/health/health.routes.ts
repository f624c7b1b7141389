import { ErrorBody, Health, HealthUnavailable } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { databaseFaultOf } from '../../db/faults.js';
import { healthCounts } from './health.service.js';

/** How long health waits for the database: a load balancer's check must not hang. */
const HEALTH_QUERY_MS = 2_000;

export const healthRoutes: FastifyPluginAsyncZod<{ databaseKind: 'embedded' | 'server' }> = async (app, options) => {
  const unavailable = (since: Date | undefined): HealthUnavailable => ({
    status: 'unavailable',
    database: options.databaseKind,
    code: 'database_unavailable',
    message: 'The database cannot be reached; this instance answers 503 until it is back.',
    since: since?.toISOString() ?? null,
  });

  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Is the service up, and what does it hold? 503 while the database cannot be reached.',
        // 503: the database is away (HealthUnavailable), or the instance is shedding load (ErrorBody).
        response: { 200: Health, 503: z.union([HealthUnavailable, ErrorBody]), 500: ErrorBody },
      },
    },
    async (_request, reply) => {
      const availability = app.databaseAvailability;
      if (availability.isDown) return reply.code(503).header('retry-after', '5').send(unavailable(availability.outage?.since));
      try {
        const counts = await healthCounts(app.database.db, HEALTH_QUERY_MS);
        return { status: 'ok' as const, database: options.databaseKind, ...counts };
      } catch (error) {
        if (!databaseFaultOf(error)) throw error;
        await availability.suspect();
        return reply
          .code(503)
          .header('retry-after', '5')
          .send(unavailable(availability.outage?.since ?? new Date()));
      }
    },
  );
};
