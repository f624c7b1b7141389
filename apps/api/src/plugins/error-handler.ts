import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '@common-ground/schema';
import { databaseFaultOf } from '../db/faults.js';
import { dataErrorOf } from './data-error.js';
import { OVERLOADED_RETRY_AFTER_SECONDS } from './load-shedding.js';
import { AppError, DatabaseBusyError, DatabaseUnavailableError, ServiceUnavailableError } from '../errors.js';

/** Fastify's own 4xx codes, as the API's (ErrorCode). */
const FASTIFY_CODES: Partial<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/**
 * The one error handler: a caller's mistake is a 4xx `{ code, message, issues }` that
 * says what is wrong; a database that is unreachable or too slow is a 503 with
 * Retry-After; anything else is a 500 with a generic message, logged in full with the
 * request id.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A client that went away (MapLibre cancels tiles it no longer needs) is not our error.
    // Its socket tells, not the request stream: Node destroys that once a body has been read,
    // so a PUT's 409 would otherwise turn into a 499 (API tests inject, with no socket to see it).
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE' || request.raw.socket.destroyed) {
      request.log.info({ code: error.code }, 'client closed the request');
      return reply.status(499).send({ code: 'client_closed', message: 'The client closed the request.' } satisfies ErrorBody);
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
    if (error.code === 'FST_UNDER_PRESSURE') {
      request.log.warn('overloaded: request turned away');
      reply.header('retry-after', String(OVERLOADED_RETRY_AFTER_SECONDS));
      return reply.status(503).send({
        code: 'overloaded',
        message: `The server is overloaded just now. Try again in ${OVERLOADED_RETRY_AFTER_SECONDS} seconds.`,
      } satisfies ErrorBody);
    }
    const fault = databaseFaultOf(error);
    if (fault) {
      // The database's trouble, not the caller's: 503 with Retry-After, never a 500. A
      // broken connection makes the API check whether the database is there at all.
      request.log.warn({ err: error, fault }, 'database fault');
      if (fault === 'unavailable' && app.hasDecorator('databaseAvailability')) void app.databaseAvailability.suspect();
      const unavailable = fault === 'unavailable' ? new DatabaseUnavailableError() : new DatabaseBusyError();
      reply.header('retry-after', String(unavailable.retryAfterSeconds));
      return reply.status(503).send({ code: unavailable.code, message: unavailable.message } satisfies ErrorBody);
    }
    if (error instanceof AppError) {
      if (error instanceof ServiceUnavailableError) reply.header('retry-after', String(error.retryAfterSeconds));
      const body: ErrorBody = { ...error.extra, code: error.code, message: error.message };
      if (error.issues) body.issues = error.issues;
      return reply.status(error.statusCode).send(body);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, 'response did not match its schema');
      return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on our side.' } satisfies ErrorBody);
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
      // Fastify's own 4xx (malformed JSON, unsupported media type …), and the import reader's depth limit.
      const body: ErrorBody = { code: FASTIFY_CODES[error.code] ?? 'bad_request', message: error.message };
      return reply.status(status).send(body);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on our side.' } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` };
    return reply.status(404).send(body);
  });
}
