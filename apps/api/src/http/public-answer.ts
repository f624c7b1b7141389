import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { attachment } from './caching.js';
import { notModified } from './conditional.js';

/**
 * Sends an answer that is the same for everyone (public assets only): shared caches may keep
 * it a minute, and its ETag, a hash of the bytes, lets a client revalidate for a 304 without
 * the body. The hash covers everything the answer depends on, so it never outlives it.
 */
export function sendPublic(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  options: { contentType: string; licences: readonly string[]; filename?: string },
): FastifyReply {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  reply.header('cache-control', 'public, max-age=60').header('etag', etag);
  licencesHeader(reply, options.licences);
  if (options.filename) attachment(reply, options.filename);
  if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
  // Already serialised (for the hash): sent as it is rather than serialised twice.
  return reply
    .type(options.contentType)
    .serializer((payload: unknown) => payload as string)
    .send(body);
}

/** The licences the rows come under, for whoever reads headers rather than bodies (codes are ASCII). */
export function licencesHeader(reply: FastifyReply, licences: readonly string[]): void {
  reply.header('x-data-licences', [...new Set(licences)].sort().join(', '));
}
