// The browser build: self-contained (it carries its own Buffer), so the upload screen can
// read a CSV before sending it; it behaves the same under Node (see useCsvParser).
import { parse as browserParse } from 'csv-parse/browser/esm/sync';
import type { CsvColumnMapping } from '@common-ground/schema';
import { readCapacity } from './capacity.js';
import { Collector } from './collector.js';
import { checkPoint, coordinate, round } from './place.js';
import { assetIdOf, categoryHint, findPostcode, identifiersOf, matchCategory, stableHash, text } from './text.js';
import { normalisePostcode } from '../postcodes.js';
import { ImportFileError, type ImportIssue, type ParseImportOptions, type ParsedImport } from './types.js';

interface CsvRecord {
  record: string[];
  info: { lines: number; raw?: string };
}

/**
 * The separator the header row uses: a comma, or the semicolon that spreadsheets in many
 * European locales write, or a tab (a spreadsheet's "text" export). Quoted text is ignored.
 */
/** csv-parse's synchronous parse, as both its builds export it. */
export type CsvParse = typeof browserParse;

let parse: CsvParse = browserParse;

/**
 * Reads CSV with another build of csv-parse: a Node caller passes csv-parse/sync. The same
 * parser, but under Node the browser build's own Buffer makes it about 5 times slower and 6
 * times hungrier (a 24 MiB CSV of 45,000 rows: 6.1 s and 550 MB, against 1.1 s and 90 MB);
 * the API's import reader plugs in the Node build. This module stays free of Node APIs.
 */
export function useCsvParser(nodeParse: CsvParse): void {
  parse = nodeParse;
}

export function detectDelimiter(source: string): ',' | ';' | '\t' {
  const header = (source.split('\n', 1)[0] ?? '').replace(/"[^"]*"/g, '');
  const count = (c: string) => header.split(c).length - 1;
  const [best] = ([',', ';', '\t'] as const).map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/**
 * The line on which the CSV's row number `limit + 1` starts (after the header), or null
 * when it has no more than `limit` rows: one pass over the text counting line ends outside
 * quotes, with no parsing, so that a huge file is refused in milliseconds.
 */
export function rowBeyondLimit(source: string, limit: number): number | null {
  let inQuotes = false;
  let line = 1;
  let rows = -1; // the header is not a row
  let blank = true;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 34 /* " */) inQuotes = !inQuotes;
    if (ch === 10 /* \n */) {
      if (!inQuotes && !blank) {
        rows++;
        blank = true;
        if (rows > limit) return line;
      }
      line++;
    } else if (!inQuotes && blank && ch !== 13 && ch !== 32 && ch !== 9) blank = false;
  }
  return !blank && rows + 1 > limit ? line : null;
}

/** Parses the CSV text into a header and rows with their physical start lines. */
function readRows(source: string, maxRecords?: number): { header: string[]; rows: { line: number; cells: string[] }[] } {
  if (maxRecords !== undefined) {
    const beyond = rowBeyondLimit(source, maxRecords);
    if (beyond !== null) {
      throw new ImportFileError(
        `The file has more than ${maxRecords} rows (row ${maxRecords + 1} is on line ${beyond}); one import takes at most ${maxRecords}. Split it into smaller files.`,
      );
    }
  }
  let parsed: CsvRecord[];
  try {
    parsed = parse(source, {
      // Stop one record past the limit: a 200,000-row file is refused without parsing it all.
      ...(maxRecords !== undefined && { to: maxRecords + 2 }),
      bom: true,
      delimiter: detectDelimiter(source),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImportFileError(`The file is not a readable CSV: ${message}`);
  }
  const [first, ...rest] = parsed;
  if (!first) throw new ImportFileError('The file is empty: a CSV needs a header row and at least one row.');
  if (maxRecords !== undefined && rest.length > maxRecords) {
    throw new ImportFileError(
      `The file has more than ${maxRecords} rows (row ${maxRecords + 1} is on line ${rest[maxRecords]!.info.lines}); one import takes at most ${maxRecords}. Split it into smaller files.`,
    );
  }
  const header = first.record.map((h) => h.trim());
  // csv-parse's info.lines is the line the record ENDS on; a quoted cell may span lines,
  // so the start is the previous record's end + 1 (blank lines skipped are rare; the end
  // line is a fair pointer for them too).
  const rows: { line: number; cells: string[] }[] = [];
  let previousEnd = first.info.lines;
  for (const r of rest) {
    const newlines = r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    rows.push({ line: Math.max(previousEnd + 1, r.info.lines - newlines), cells: r.record });
    previousEnd = r.info.lines;
  }
  return { header, rows };
}

/**
 * A cell as its author wrote it: CSV exports (ours included) put an apostrophe before a cell
 * that starts like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR), so that opening the
 * file runs nothing; "'+44 117 …" is the phone number "+44 117 …".
 */
export function unneutralised(cell: string | undefined): string | undefined {
  return cell !== undefined && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Just the header, for a screen that offers a column mapping. */
export function csvColumns(source: string): string[] {
  return readRows(source).header;
}

const MAPPED_FIELDS = [
  'name',
  'lat',
  'lon',
  'postcode',
  'address',
  'category',
  'id',
  'description',
  'organisation',
  'phone',
  'email',
  'website',
  'openingHours',
  'capacity',
  'capacityUnit',
  'registerCode',
  'registerScheme',
] as const;

/**
 * Reads a CSV through a column mapping. Without a mapping the file cannot be read (which
 * column is the name?), so it is a file error that lists the columns to map.
 */
export function parseCsv(source: string, options: ParseImportOptions): ParsedImport {
  const { header, rows } = readRows(source, options.maxRecords);
  const mapping = options.mapping;
  if (!mapping) {
    throw new ImportFileError(`A CSV needs a column mapping: say which columns hold the name and the place. Columns: ${header.join(', ')}.`, [
      { field: 'mapping', message: `map the columns; the file has: ${header.join(', ')}` },
    ]);
  }
  const missing = MAPPED_FIELDS.flatMap((f) => {
    const column = mapping[f];
    return column !== undefined && !header.includes(column) ? [{ field: f, column }] : [];
  });
  if (missing.length > 0) {
    throw new ImportFileError(
      `The mapped column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m.column}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in the file. Its columns are: ${header.join(', ')}.`,
      missing.map((m) => ({ field: `mapping.${m.field}`, message: `no column "${m.column}"; the file has: ${header.join(', ')}` })),
    );
  }
  const index = Object.fromEntries(MAPPED_FIELDS.map((f) => [f, mapping[f] === undefined ? -1 : header.indexOf(mapping[f])]));
  const defaultCategory = mapping.defaultCategory ?? options.defaultCategory;
  const out = new Collector(options.maxRecords);
  out.expect(rows.length);
  const seenIds = new Map<string, number>();

  for (const row of rows) {
    const cell = (f: (typeof MAPPED_FIELDS)[number]) => {
      const i = index[f]!;
      return i < 0 ? null : text(unneutralised(row.cells[i]));
    };
    const col = (f: keyof CsvColumnMapping) => String(mapping[f]);
    const byName = (column: string) => {
      const i = header.indexOf(column);
      return i < 0 ? null : text(unneutralised(row.cells[i]));
    };
    /**
     * The row's register code: from the mapped columns (the scheme from its column or the
     * mapping's default), else our CSV export's columns, read by their names. A scheme that
     * is not a scheme code is noted and the code left out (the record is still imported).
     */
    const registerCodes = () => {
      if (!mapping.registerCode) return identifiersOf(byName('national_id_scheme'), byName('national_id'));
      const code = cell('registerCode');
      const scheme = cell('registerScheme') ?? mapping.defaultRegisterScheme ?? null;
      if (!code) return [];
      if (!scheme || !/^[A-Za-z0-9-]{2,40}$/.test(scheme) || code.length > 100) {
        notes.push({
          field: col(scheme && code.length <= 100 ? 'registerScheme' : 'registerCode'),
          message: !scheme
            ? `the register code "${code}" has no register scheme: not kept`
            : code.length > 100
              ? 'the register code is longer than 100 characters: not kept'
              : `"${scheme}" is not a register scheme code (such as GB-NHS): the code "${code}" is not kept`,
        });
        return [];
      }
      return identifiersOf(scheme, code);
    };
    const ref = `line ${row.line}`;
    const name = cell('name');
    const ownId = cell('id');
    const sourceId = ownId ?? stableHash(row.cells.join('\u001f'));
    const issues: ImportIssue[] = [];
    const notes: ImportIssue[] = [];

    // A row with more filled cells than the header (an unquoted comma in an address) has its values in
    // the wrong columns: say so, rather than that the shifted latitude is not a number. Fewer cells
    // (trailing empty ones left out) or extra empty ones are only noted.
    const misshapen = row.cells.slice(header.length).some((v) => v.trim() !== '');
    if (row.cells.length !== header.length) {
      const message = `${row.cells.length} cells where the header has ${header.length}`;
      if (misshapen) issues.push({ field: null, message: `${message}: its values are in the wrong columns (an unquoted comma or quote?)` });
      else notes.push({ field: null, message });
    }
    if (!name) issues.push({ field: col('name'), message: 'the name is empty' });
    if (ownId) {
      const earlier = seenIds.get(ownId);
      if (earlier !== undefined) issues.push({ field: col('id'), message: `the id "${ownId}" is also on line ${earlier}` });
      else seenIds.set(ownId, row.line);
    }

    // Place: lat/lon when given; a postcode column, or a postcode found in the address.
    let lon: number | null = null;
    let lat: number | null = null;
    const address = cell('address');
    const postcodeCell = cell('postcode');
    const postcode = normalisePostcode(postcodeCell) ?? findPostcode(address);
    const badPostcode: ImportIssue | null =
      postcodeCell && !normalisePostcode(postcodeCell) ? { field: col('postcode'), message: `"${postcodeCell}" is not a UK postcode` } : null;
    if (mapping.lat && mapping.lon) {
      const la = coordinate(cell('lat'));
      const lo = coordinate(cell('lon'));
      if (la === 'invalid') issues.push({ field: col('lat'), message: `latitude "${cell('lat')}" is not a number` });
      if (lo === 'invalid') issues.push({ field: col('lon'), message: `longitude "${cell('lon')}" is not a number` });
      if (typeof la === 'number' && typeof lo === 'number') {
        const problems = checkPoint(lo, la, { lon: col('lon'), lat: col('lat') });
        if (problems.length > 0) issues.push(...problems);
        else {
          lon = round(lo);
          lat = round(la);
        }
      } else if ((la === null) !== (lo === null) && la !== 'invalid' && lo !== 'invalid') {
        issues.push({ field: la === null ? col('lat') : col('lon'), message: 'give both latitude and longitude, or neither' });
      }
    }
    if (lon === null && !postcode && badPostcode) issues.push(badPostcode);
    else if (badPostcode) notes.push(badPostcode);
    if (lon === null && !postcode && !badPostcode && !issues.some((i) => i.field === col('lat') || i.field === col('lon'))) {
      const ways = [mapping.lat && 'latitude and longitude', mapping.postcode && 'a postcode', mapping.address && 'an address with a postcode']
        .filter(Boolean)
        .join(' or ');
      issues.push({ field: mapping.lat ? col('lat') : mapping.postcode ? col('postcode') : col('address'), message: `no place: give ${ways}` });
    }

    // Category: the cell when it names a known category; the default otherwise.
    let categoryCode: string | null = null;
    const categoryCell = cell('category');
    if (categoryCell) {
      categoryCode = matchCategory(options.categories, categoryCell);
      if (!categoryCode && defaultCategory) {
        categoryCode = defaultCategory;
        notes.push({ field: col('category'), message: `category guessed: "${categoryCell}" is not a known category, so ${defaultCategory} was used` });
      } else if (!categoryCode) {
        issues.push({
          field: col('category'),
          message: `"${categoryCell}" is not a known category; use a code or name such as ${categoryHint(options.categories)}`,
        });
      }
    } else if (defaultCategory) {
      categoryCode = defaultCategory;
      if (mapping.category) notes.push({ field: col('category'), message: `category guessed: empty, so ${defaultCategory} was used` });
    } else {
      issues.push({ field: mapping.category ? col('category') : 'category', message: 'no category: fill the category column or choose a default category' });
    }

    if (issues.length > 0 || !name || !categoryCode) {
      out.reject({ ref, line: row.line, sourceId, name }, issues);
      continue;
    }
    const { capacity, note: capacityNote } = readCapacity(cell('capacity'), cell('capacityUnit') ?? mapping.defaultCapacityUnit, {
      value: mapping.capacity ?? 'capacity',
      unit: mapping.capacityUnit ?? 'defaultCapacityUnit',
    });
    if (capacityNote) notes.push(capacityNote);
    out.accept({
      ref,
      line: row.line,
      sourceId,
      name,
      categoryCode,
      lon,
      lat,
      precision: lon !== null ? 'exact' : 'postcode',
      postcode,
      address,
      description: cell('description'),
      organisation: cell('organisation'),
      phone: cell('phone'),
      email: cell('email'),
      website: cell('website'),
      openingHours: cell('openingHours'),
      capacity,
      assetId: assetIdOf(ownId),
      identifiers: registerCodes(),
      issues: notes,
    });
  }
  return { format: 'csv', columns: header, records: out.records, rejected: out.rejected };
}
