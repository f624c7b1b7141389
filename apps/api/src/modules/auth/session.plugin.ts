import cookie, { type CookieSerializeOptions } from '@fastify/cookie';
import type { User } from '@common-ground/schema';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readSession, SESSION_TTL_SECONDS, type CurrentSession } from './auth.service.js';

export const SESSION_COOKIE = 'cg_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. */
    user: User | null;
    /** The request's live session, or null. */
    session: CurrentSession | null;
  }
  interface FastifyInstance {
    /** Sets the session cookie on a reply (sign-in, register, sliding expiry). */
    setSessionCookie(reply: FastifyReply, token: string): void;
    clearSessionCookie(reply: FastifyReply): void;
  }
}

/** Paths whose requests never need a person: public tiles and the web app's files. */
function needsSession(method: string, url: string): boolean {
  return url.startsWith('/api/') || (method !== 'GET' && method !== 'HEAD');
}

/**
 * Reads the `cg_session` cookie on each request into `request.session` and `request.user`.
 * The session lives in PostgreSQL only (the API keeps no state between requests); the
 * cookie holds a random token whose SHA-256 is the session's key. The cookie is HttpOnly,
 * SameSite=Lax, Path=/, and Secure when the app is behind HTTPS.
 */
export async function registerSessions(app: FastifyInstance, options: { secureCookies: boolean }): Promise<void> {
  await app.register(cookie);
  const cookieOptions: CookieSerializeOptions = {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: options.secureCookies,
  };
  app.decorate('setSessionCookie', (reply: FastifyReply, token: string) => {
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_TTL_SECONDS });
  });
  app.decorate('clearSessionCookie', (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
  });
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !needsSession(request.method, request.url)) return;
    const found = await readSession(app.pg, token);
    if (!found) {
      // Unknown or expired: stop the browser sending it.
      app.clearSessionCookie(reply);
      return;
    }
    const { slid, ...session } = found;
    request.session = session;
    request.user = session.user;
    if (slid) app.setSessionCookie(reply, token);
  });
}
