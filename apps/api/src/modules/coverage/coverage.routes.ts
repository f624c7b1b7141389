import { CoverageOverrideBody, CoverageOverrideParams, CoverageOverrideResult, ErrorBody } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RATE_LIMITS } from '../../http/route-limits.js';
import { requireRole } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly } from '../access/guards.js';
import { setCoverageOverride } from './coverage.service.js';

const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody } as const;

export const coverageRoutes: FastifyPluginAsyncZod = async (app) => {
  const transact = app.database.transact;

  app.put(
    '/api/coverage/:category/:lad',
    {
      config: { rateLimit: RATE_LIMITS.write },
      preValidation: roleOnly('worker'),
      schema: {
        summary:
          "Workers: set a category's coverage in a local authority (complete, partial or no_data) with a reason, over what the sources say. " +
          'Audited (history kept, and in the audit log). Parents of the category read the new value; gap answers move with it.',
        params: CoverageOverrideParams,
        body: CoverageOverrideBody,
        response: { 200: CoverageOverrideResult, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return setCoverageOverride(app.database.db, transact, worker, request.params, request.body, request.ip);
    },
  );
};
