/**
 * The error catalogue: every error the API means to send has a code, an HTTP status
 * and a message that says exactly what is wrong.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
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
