import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '@common-ground/schema';
import { AppError } from '../errors.js';
import { dataErrorOf } from './data-error.js';

/**
 * The one error handler: a caller's mistake is a 4xx `{ code, message, issues }` that
 * says what is wrong; anything else is a 500 with a generic message, logged in full
 * with the request id.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A client that went away (MapLibre cancels tiles it no longer needs) is not our error.
    // Its socket tells, not the request stream: Node destroys that once a body has been read,
    // so a PUT's 409 would otherwise turn into a 499 (API tests inject, with no socket to see it).
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE' || request.raw.socket.destroyed) {
      request.log.info({ code: error.code }, 'client closed the request');
      return reply.status(499).send({ code: 'client_closed', message: 'The client closed the request.' });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const issues = error.validation.map((v) => ({
        path: [where, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is invalid',
      }));
      const body: ErrorBody = {
        code: 'invalid_request',
        message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        issues,
      };
      return reply.status(400).send(body);
    }
    if (error instanceof AppError) {
      const body: ErrorBody = { ...error.extra, code: error.code, message: error.message };
      if (error.issues) body.issues = error.issues;
      return reply.status(error.statusCode).send(body);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, 'response did not match its schema');
      return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on our side.' });
    }
    const dataError = dataErrorOf(error);
    if (dataError) {
      // The caller's value, not our fault: a warning with the database's own words, no stack.
      request.log.warn({ sqlState: error.code, detail: error.message }, 'request value refused by the database');
      return reply.status(400).send(dataError);
    }
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Say the limit, so the sender knows how much smaller to make it.
      const limit = request.routeOptions.bodyLimit;
      const body: ErrorBody = {
        code: 'body_too_large',
        message: `The request body is larger than this route accepts (${limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${Math.round(limit / 1024)} KiB`}). Send a smaller file, or split it.`,
      };
      return reply.status(413).send(body);
    }
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx (malformed JSON, body too large, unsupported media type …).
      const body: ErrorBody = { code: error.code ? error.code.toLowerCase() : 'bad_request', message: error.message };
      return reply.status(status).send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on our side.' });
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` };
    return reply.status(404).send(body);
  });
}
