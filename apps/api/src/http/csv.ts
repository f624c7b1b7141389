/** A cell's value before quoting: text, a number, a yes/no, or nothing. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Characters a spreadsheet may read as the start of a formula. A cell starting with one is
 * prefixed with an apostrophe (OWASP "CSV injection"), so opening an export never runs
 * anything; numbers are written as numbers and are never prefixed (-2.5 stays a longitude).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled.
 * @example csvCell('Tea, cake & "chat"') // '"Tea, cake & ""chat"""'
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A whole CSV file: a header row, then one row per record, CRLF line ends (RFC 4180). UTF-8
 * without a byte-order mark: the importers (and most tools) read the first header as `id`,
 * and the response's `charset=utf-8` says the encoding.
 */
export function toCsv<K extends string>(columns: readonly K[], rows: Iterable<Record<K, CsvValue>>): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
