import { NEED_MEASURE_MIN_ROWS } from '@common-ground/schema';
import { CsvError, parse } from 'csv-parse/sync';
import { BadRequestError } from '../../errors.js';

/*
 * Reading a need measure CSV: a header row, then one row per LSOA with its code and value.
 * Everything wrong with a file is a 400 whose issues name the line and the column, so a
 * worker can fix the file in a spreadsheet; the first MAX_ISSUES problems are listed and
 * the message says how many there were.
 */

export interface NeedRow {
  /** The file's line number (1 = the header; a quoted multi-line cell: the line it ends on). */
  line: number;
  code: string;
  value: number;
}

export interface NeedCsv {
  lsoaColumn: string;
  valueColumn: string;
  rows: NeedRow[];
}

export const MAX_ISSUES = 20;

/** Headers that name an LSOA code column, compared without case, spaces, underscores or brackets. */
const LSOA_HEADERS = [
  'lsoa21cd',
  'lsoacode',
  'lsoa21code',
  'lsoacode2021',
  'lsoa',
  'lsoa21',
  'lsoa2021',
  'lsoa2021code',
  'code',
  'areacode',
  'geographycode',
  'featurecode',
];
/** Headers that name the value column of a file with more than two columns. */
const VALUE_HEADERS = ['value', 'score', 'index', 'measure', 'need'];

const normalise = (header: string) => header.toLowerCase().replace(/[\s_()\-.]/g, '');
/** A plain decimal number (no thousands separators, which would be ambiguous). */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const LSOA = /^E01\d{6}$/;

const csvPath = (line: number, column?: string) => `body.csv line ${line}${column === undefined ? '' : `, column "${column}"`}`;

/** A 400 listing problems, the first MAX_ISSUES of them. */
export function fileProblems(summary: string, issues: { path: string; message: string }[]): BadRequestError {
  const shown = issues.slice(0, MAX_ISSUES);
  const more = issues.length > shown.length ? ` (the first ${shown.length} are listed)` : '';
  return new BadRequestError(`${summary}${more}: ${shown[0]?.path ?? 'body.csv'}: ${shown[0]?.message ?? ''}`, shown);
}

function findColumn(headers: string[], wanted: string | undefined, candidates: readonly string[], field: string): number {
  if (wanted !== undefined) {
    const exact = headers.indexOf(wanted);
    const loose = exact >= 0 ? exact : headers.findIndex((h) => normalise(h) === normalise(wanted));
    if (loose < 0) {
      throw BadRequestError.forParam(`body.${field}`, `no column "${wanted}" in the header row (columns: ${headers.map((h) => `"${h}"`).join(', ')})`);
    }
    return loose;
  }
  for (const candidate of candidates) {
    const index = headers.findIndex((h) => normalise(h) === candidate);
    if (index >= 0) return index;
  }
  return -1;
}

/**
 * Reads the CSV text: the BOM, quoted fields (with commas, quotes and line breaks inside)
 * and CRLF or LF line ends are handled; blank lines are skipped. The LSOA column is
 * `lsoaColumn` or found by its usual names; the value column is `valueColumn`, else the
 * other column of a two-column file, else one named value, score, …. Every row must have
 * an LSOA code (E01 and six digits) and a plain number, and no code may appear twice.
 * Whether the codes are real LSOAs is the caller's check (it needs the database).
 */
export function readNeedCsv(text: string, lsoaColumn?: string, valueColumn?: string): NeedCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw fileProblems('The file is not valid CSV', [{ path: line ? csvPath(line) : 'body.csv', message: error.message }]);
    }
    throw error;
  }
  // A row of only empty cells (a spreadsheet's trailing ",,") counts as blank.
  records = records.filter((r) => r.record.some((cell) => cell.trim() !== ''));
  const header = records[0];
  if (!header) throw BadRequestError.forParam('body.csv', 'is empty: give a header row, then one row per LSOA with its code and value');
  const headers = header.record.map((h) => h.trim());

  const codeAt = findColumn(headers, lsoaColumn, LSOA_HEADERS, 'lsoaColumn');
  if (codeAt < 0) {
    throw BadRequestError.forParam(
      'body.lsoaColumn',
      `no LSOA code column found in the header row (columns: ${headers.map((h) => `"${h}"`).join(', ')}): name it lsoa21cd or "LSOA code", or say which column it is`,
    );
  }
  let valueAt = findColumn(headers, valueColumn, VALUE_HEADERS, 'valueColumn');
  if (valueAt < 0 && headers.length === 2) valueAt = 1 - codeAt;
  if (valueAt < 0 || valueAt === codeAt) {
    throw BadRequestError.forParam(
      'body.valueColumn',
      `which column holds the values? (columns: ${headers.map((h) => `"${h}"`).join(', ')}): say which, or name it "value"`,
    );
  }
  const codeName = headers[codeAt]!;
  const valueName = headers[valueAt]!;

  const data = records.slice(1);
  if (data.length < NEED_MEASURE_MIN_ROWS) {
    throw BadRequestError.forParam(
      'body.csv',
      `has ${data.length} data row${data.length === 1 ? '' : 's'}; at least ${NEED_MEASURE_MIN_ROWS} LSOAs are needed for deciles to mean anything`,
    );
  }

  const issues: { path: string; message: string }[] = [];
  const firstLine = new Map<string, number>();
  const rows: NeedRow[] = [];
  for (const { record, info } of data) {
    const line = info.lines;
    const code = (record[codeAt] ?? '').trim().toUpperCase();
    const rawValue = (record[valueAt] ?? '').trim();
    let ok = true;
    if (code === '') {
      issues.push({ path: csvPath(line, codeName), message: 'is empty: every row needs an LSOA code' });
      ok = false;
    } else if (!LSOA.test(code)) {
      issues.push({ path: csvPath(line, codeName), message: `"${code.slice(0, 40)}" is not an LSOA code (E01 and six digits, such as E01000001)` });
      ok = false;
    } else if (firstLine.has(code)) {
      issues.push({ path: csvPath(line, codeName), message: `${code} appears again (first on line ${firstLine.get(code)}): give one value per LSOA` });
      ok = false;
    } else {
      firstLine.set(code, line);
    }
    if (rawValue === '') {
      issues.push({ path: csvPath(line, valueName), message: 'is empty: leave out the row of an LSOA with no value' });
      ok = false;
    } else if (!NUMBER.test(rawValue) || !Number.isFinite(Number(rawValue))) {
      issues.push({ path: csvPath(line, valueName), message: `"${rawValue.slice(0, 40)}" is not a number (write it like 12.5, with no thousands separators)` });
      ok = false;
    }
    if (ok) rows.push({ line, code, value: Number(rawValue) });
  }
  if (issues.length > 0) throw fileProblems(`${issues.length} problem${issues.length === 1 ? '' : 's'} in the file`, issues);
  return { lsoaColumn: codeName, valueColumn: valueName, rows };
}
