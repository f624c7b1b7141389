import type { ErrorCode } from '@common-ground/schema';

/**
 * The error catalogue: every error the API means to send has a code, an HTTP status
 * and a message that says exactly what is wrong.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** More fields for the error body, beside code and message (a 409's current version). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(404, 'not_found', `No ${what} with id ${id}`);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, issues?: { path: string; message: string }[]) {
    super(400, 'bad_request', message, issues);
  }

  /** A 400 about one parameter, shaped like a schema validation error. */
  static forParam(path: string, message: string): BadRequestError {
    return new BadRequestError(`${path}: ${message}`, [{ path, message }]);
  }
}

/** 401: the request needs a signed-in person, or the credentials were wrong. */
export class UnauthorizedError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(401, code, message);
  }
}

/** 403: who is asking is known, or does not matter; the request is refused. */
export class ForbiddenError extends AppError {
  constructor(code: ErrorCode, message: string) {
    super(403, code, message);
  }
}

/** 409: the request clashes with what is already stored. */
export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, issues?: { path: string; message: string }[], extra?: Record<string, unknown>) {
    super(409, code, message, issues, extra);
  }
}

/** 429: too many requests of this kind from this client; try again later (after `retryAfterSeconds`, when known). */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(429, 'rate_limited', message);
  }
}

/**
 * 503: nothing wrong with the request; the service cannot answer it now. `Retry-After`
 * says when to try again (the error handler sends it).
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, code, message);
  }
}

/** The database cannot be reached (down, restarting, failing over, network gone). */
export class DatabaseUnavailableError extends ServiceUnavailableError {
  constructor() {
    super('database_unavailable', 'The database cannot be reached just now. Nothing was changed; try again in a few seconds.', 5);
  }
}

/** The database is reachable but did not answer in time, or is out of connections or locks. */
export class DatabaseBusyError extends ServiceUnavailableError {
  constructor() {
    super('database_busy', 'The database is too busy to answer this in time. Nothing was changed; try again in a moment.', 2);
  }
}

/** 503: the server is doing as much of this kind of work as it allows at once; try again after `retryAfterSeconds`. */
export class BusyError extends ServiceUnavailableError {
  constructor(message: string, retryAfterSeconds: number) {
    super('busy', message, retryAfterSeconds);
  }
}

/** Thrown outside HTTP: a second process asked for the embedded database. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly purpose: string,
  ) {
    super(
      `The embedded database at ${dataDir} is in use by process ${pid} (${purpose}). ` +
        'It accepts one process at a time. Stop that process first (Ctrl+C in its terminal), then run this again; ' +
        'or set DATABASE_URL to use a PostgreSQL server, which many processes can share.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}
