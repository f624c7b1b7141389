/**
 * SQL that renders a timestamptz column as an ISO 8601 UTC string with milliseconds
 * (`2025-03-01T09:30:00.000Z`), the form every API date-time takes.
 */
export const isoTime = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
