import { AccountExport, DeleteAccountBody, ErrorBody } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RATE_LIMITS, WRITE_BODY_LIMIT } from '../../http/route-limits.js';
import { requireUser } from '../access/access.js';
import { attachment, noStore } from '../../http/caching.js';
import { signedInOnly } from '../access/guards.js';
import { deleteAccount, exportAccount } from './account.service.js';
import { purgeExpiredPersonalData } from './retention.js';

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database;

  // Personal data past its keeping time goes whenever the app starts (see retention.ts).
  app.addHook('onReady', async () => {
    const purged = await purgeExpiredPersonalData(app.database.db);
    app.log.info({ purged }, 'deleted personal data past its keeping time');
  });

  app.get(
    '/api/account/export',
    {
      preValidation: signedInOnly,
      schema: {
        summary: 'Download everything kept about you (JSON attachment)',
        response: { 200: AccountExport, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      noStore(reply);
      attachment(reply, 'common-ground-account.json');
      return exportAccount(app.database.db, user);
    },
  );

  app.delete(
    '/api/account',
    {
      // It checks a password, so it is limited like sign-in rather than like other writes.
      bodyLimit: WRITE_BODY_LIMIT,
      config: { rateLimit: RATE_LIMITS.signIn },
      preValidation: signedInOnly,
      schema: {
        summary: 'Delete your account (password re-checked); your notes are erased, your other contributions stay unattributed',
        body: DeleteAccountBody,
        response: { 204: z.null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await deleteAccount(db, user, request.body.password, request.ip);
      app.clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );
};
