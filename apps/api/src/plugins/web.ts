import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where Vite puts hashed build files; chosen so it cannot clash with app routes like /assets/:id. */
export const WEB_BUILD_PREFIX = '/_app/';

/** Paths that belong to the API, never to the single-page app. */
const API_PATHS = /^\/(api|tiles|docs)(\/|$)/;

/**
 * Serves the built web app: hashed files under /_app/ with a year's caching, and
 * index.html for every other GET that accepts HTML, so client routes deep-link.
 */
export async function registerWeb(app: FastifyInstance, webDist: string): Promise<boolean> {
  const index = path.join(webDist, 'index.html');
  if (!existsSync(index)) {
    app.log.warn(`No web build at ${webDist}: serving the API only (run pnpm build)`);
    return false;
  }
  await app.register(fastifyStatic, {
    root: path.join(webDist, WEB_BUILD_PREFIX.slice(1, -1)),
    prefix: WEB_BUILD_PREFIX,
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
  });
  // index.html names the current hashed files, so it must be revalidated on every load.
  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', webDist, { cacheControl: false });
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/favicon.svg', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').sendFile('favicon.svg', webDist, { cacheControl: false }),
  );
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (API_PATHS.test(request.url) || !request.headers.accept?.includes('text/html')) {
      return reply.callNotFound();
    }
    return sendIndex(reply);
  });
  return true;
}
