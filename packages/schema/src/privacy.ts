/*
 * How long personal data is kept, for the API's housekeeping and the privacy notice
 * alike (one number, two readers).
 */

/**
 * Audit-log entries (sign-ins and failed sign-ins with their address, sign-outs, role and
 * area changes, password resets, account deletions) are deleted after this many days.
 */
export const AUDIT_LOG_RETENTION_DAYS = 730;
