import {
  ErrorBody,
  NEED_MEASURE_BODY_LIMIT,
  NeedMeasure,
  NeedMeasureCreated,
  NeedMeasureDryRun,
  NeedMeasureList,
  NeedMeasureParams,
  NeedMeasureUpload,
} from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RATE_LIMITS, WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly } from '../access/guards.js';
import { deleteMeasure, getMeasure, listMeasures, uploadMeasure } from './need-measures.service.js';
import type { Db } from '../../db/db.js';

const READ_ERRORS = { 400: ErrorBody, 404: ErrorBody } as const;
const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 429: ErrorBody } as const;

export const needMeasuresRoutes: FastifyPluginAsyncZod = async (app) => {
  // A measure file is up to 8 MiB (every LSOA): written as a long job, not a request.
  const db: Db = { ...app.database, transact: app.database.transactJob };

  app.post(
    '/api/need-measures',
    {
      // The one route above the 64 KiB form limit: a measure for every LSOA in England is
      // 33,755 rows, about 0.7 MB of CSV (JSON-escaped inside the body). 8 MiB leaves room
      // for long codes and values with many digits, and still stops a runaway upload.
      bodyLimit: NEED_MEASURE_BODY_LIMIT,
      config: { rateLimit: RATE_LIMITS.write },
      preValidation: roleOnly('worker'),
      schema: {
        summary:
          'Workers: load a need measure from CSV text (a header row; LSOA code and value columns, found by name). ' +
          'All or nothing: any unknown LSOA code, repeated code or non-number refuses the file with a 400 naming line and column. ' +
          'dryRun: true checks it and answers with the summary, storing nothing. Workers-only by default.',
        body: NeedMeasureUpload,
        response: { 200: NeedMeasureDryRun, 201: NeedMeasureCreated, ...WRITE_ERRORS, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      const result = await uploadMeasure(db, worker, request.body, request.ip);
      return result.dryRun ? result : reply.code(201).send(result);
    },
  );

  app.get(
    '/api/need-measures',
    {
      schema: {
        summary: 'Need measures loaded from CSV that you may use as a domain (need:<slug>): public ones, and for workers workers-only ones too',
        response: { 200: NeedMeasureList },
      },
    },
    async (request, reply) => {
      // Depends on who asks (workers see workers-only measures): never stored.
      noStore(reply);
      return { measures: await listMeasures(app.database.db, request.user) };
    },
  );

  app.get(
    '/api/need-measures/:slug',
    {
      schema: {
        summary: 'One loaded need measure (404 when it does not exist or is workers-only and you are not a worker)',
        params: NeedMeasureParams,
        response: { 200: NeedMeasure, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return getMeasure(app.database.db, request.user, request.params.slug);
    },
  );

  app.delete(
    '/api/need-measures/:slug',
    {
      ...WRITE_ROUTE,
      preValidation: roleOnly('worker'),
      schema: {
        summary: 'Delete a need measure and its values: the worker who loaded it, or an admin (audited)',
        params: NeedMeasureParams,
        response: { 204: z.null(), ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'worker');
      noStore(reply);
      await deleteMeasure(db, user, request.params.slug, request.ip);
      return reply.code(204).send(null);
    },
  );
};
