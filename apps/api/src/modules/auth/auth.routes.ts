import { ErrorBody, Me, RegisterBody, ResetPasswordBody, SignInBody } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnauthorizedError } from '../../errors.js';
import { RATE_LIMITS } from '../../http/route-limits.js';
import { register, resetPassword, signIn, signOut } from './auth.service.js';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database;

  app.post(
    '/api/auth/register',
    {
      config: { rateLimit: RATE_LIMITS.register },
      schema: {
        summary: 'Create a resident account and sign in',
        body: RegisterBody,
        response: { 201: Me, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { token, ...me } = await register(db, request.body, request.ip);
      app.setSessionCookie(reply, token);
      return reply.code(201).send(me);
    },
  );

  app.post(
    '/api/auth/sign-in',
    {
      config: { rateLimit: RATE_LIMITS.signIn },
      schema: {
        summary: 'Sign in with email and password',
        body: SignInBody,
        response: { 200: Me, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { token, ...me } = await signIn(db, request.body, request.ip, request.session);
      app.setSessionCookie(reply, token);
      return me;
    },
  );

  app.post('/api/auth/sign-out', { schema: { summary: 'End this session', response: { 204: z.null(), 403: ErrorBody } } }, async (request, reply) => {
    await signOut(db, request.session, request.ip);
    app.clearSessionCookie(reply);
    return reply.code(204).send(null);
  });

  app.get(
    '/api/auth/me',
    { schema: { summary: 'Who is signed in, and the CSRF token for this session', response: { 200: Me, 401: ErrorBody } } },
    async (request) => {
      const session = request.session;
      if (!session) throw new UnauthorizedError('signed_out', 'You are not signed in.');
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/reset-password',
    {
      config: { rateLimit: RATE_LIMITS.resetPassword },
      schema: {
        summary: 'Set a new password with a one-time token from `pnpm admin:reset-token`; ends every session of that account',
        body: ResetPasswordBody,
        response: { 204: z.null(), 400: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      await resetPassword(db, request.body, request.ip);
      return reply.code(204).send(null);
    },
  );
};
