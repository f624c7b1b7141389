/**
 * Which database errors are the database's trouble rather than the request's: they are
 * answered 503 with Retry-After (never 500), and an `unavailable` one makes the API check
 * whether the database can be reached at all.
 */
export type DatabaseFault =
  /** The database cannot be reached or the connection broke (restart, failover, network). */
  | 'unavailable'
  /** It is there but did not answer in time, or is out of connections or locks. */
  | 'busy';

/** SQLSTATEs: class 08 connection exceptions, operator intervention, resources. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '57P04', '57P05', '53100', '53200', '58030']);
const BUSY_STATES = new Set([
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '40P01', // deadlock_detected
  '40001', // serialization_failure
  '25P03', // idle_in_transaction_session_timeout
]);

/** Socket errors from Node when the server is gone or unreachable. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOENT']);

/**
 * node-postgres and pg-pool say these in words only (no code): a broken or timed-out
 * connection, a pool that could not hand out a client in time, a server that did not
 * answer a query at all (frozen).
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Query read timeout/,
  /^timeout expired$/,
];
const BUSY_MESSAGES = [/^timeout exceeded when trying to connect/];

export function databaseFaultOf(error: unknown): DatabaseFault | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || SOCKET_CODES.has(code)) return 'unavailable';
    if (BUSY_STATES.has(code)) return 'busy';
  }
  if (UNAVAILABLE_MESSAGES.some((m) => m.test(error.message))) return 'unavailable';
  if (BUSY_MESSAGES.some((m) => m.test(error.message))) return 'busy';
  return undefined;
}
