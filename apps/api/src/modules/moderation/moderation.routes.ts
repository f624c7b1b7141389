import {
  AssetParams,
  ErrorBody,
  ModerationQueue,
  Report,
  ReportBody,
  ResolveReportBody,
  ReviewDecisionBody,
  Submission,
  SubmissionList,
  VersionConflictBody,
} from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RATE_LIMITS, WRITE_BODY_LIMIT, WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole, requireUser } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly, signedInOnly } from '../access/guards.js';
import { fileReport, listSubmissionsBy, moderationQueue, resolveReport, reviewSubmission, withdrawSubmission } from './moderation.service.js';

const SubmissionParams = z.object({ id: z.uuid({ message: 'must be a submission id (a UUID)' }) });
const ReportParams = z.object({ id: z.uuid({ message: 'must be a report id (a UUID)' }) });
const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody } as const;

/** Proposals and their review, reports and their resolution, and the moderation queue. */
export const moderationRoutes: FastifyPluginAsyncZod = async (app) => {
  const transact = app.database.transact;

  app.post(
    '/api/submissions/:id/review',
    {
      preValidation: roleOnly('worker'),
      ...WRITE_ROUTE,
      schema: {
        summary: "A worker approves a resident's proposal, rejects it, or asks for changes (with a reason)",
        params: SubmissionParams,
        body: ReviewDecisionBody,
        response: { 200: Submission, ...ERRORS, 409: z.union([VersionConflictBody, ErrorBody]) },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return reviewSubmission(transact, worker, request.params.id, request.body);
    },
  );

  app.post(
    '/api/submissions/:id/withdraw',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'The person who made a proposal withdraws it',
        params: SubmissionParams,
        response: { 200: Submission, ...ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      noStore(reply);
      return withdrawSubmission(transact, user, request.params.id);
    },
  );

  app.get(
    '/api/me/submissions',
    {
      preValidation: signedInOnly,
      schema: {
        summary: 'Your own proposals, newest first, with their status and any reason',
        response: { 200: SubmissionList, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      noStore(reply);
      return { submissions: await listSubmissionsBy(app.database.db, user.id) };
    },
  );

  app.get(
    '/api/moderation/queue',
    {
      preValidation: roleOnly('worker'),
      schema: {
        summary: 'Workers: proposals waiting and open reports, within the areas you curate',
        response: { 200: ModerationQueue, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return moderationQueue(app.database.db, worker);
    },
  );

  app.post(
    '/api/assets/:id/reports',
    {
      bodyLimit: WRITE_BODY_LIMIT,
      config: { rateLimit: RATE_LIMITS.report },
      schema: {
        summary: 'Anyone reports a public asset as closed or its details as wrong',
        params: AssetParams,
        body: ReportBody,
        response: { 201: Report, ...ERRORS },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await fileReport(app.database.db, request.user, request.params.id, request.body));
    },
  );

  app.post(
    '/api/reports/:id/resolve',
    {
      preValidation: roleOnly('worker'),
      ...WRITE_ROUTE,
      schema: {
        summary: 'A worker resolves or dismisses a report',
        params: ReportParams,
        body: ResolveReportBody,
        response: { 200: Report, ...ERRORS },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return resolveReport(transact, worker, request.params.id, request.body);
    },
  );
};
