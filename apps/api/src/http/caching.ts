import type { FastifyReply } from 'fastify';

/**
 * Answers that depend on who asks (drafts, sensitive assets, workers-only notes) must
 * never be stored by a browser or a shared cache.
 */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'private, no-store');
  reply.header('vary', 'Cookie');
}

/** The Content-Disposition that offers an answer as a file to save, named `filename` (ASCII: the names are ours). */
export function attachmentHeader(filename: string): string {
  return `attachment; filename="${filename}"`;
}

/** Offers the answer as a file to save, named `filename`. */
export function attachment(reply: FastifyReply, filename: string): void {
  reply.header('content-disposition', attachmentHeader(filename));
}
