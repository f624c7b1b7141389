/**
 * The structured opening-hours editor's model, and its conversion to and from
 * OpenStreetMap `opening_hours`. Only the common, simple form is structured: rules of a
 * day or day range and one or more time ranges (`Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-12:00`),
 * or `24/7`. Anything richer (public holidays, months, comments) reads back as null, and the
 * form offers it as plain text rather than losing part of it.
 */

import { DAY_NAMES as DAY_WORDS } from '../../lib/hours-in-words.js';

export const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
export type Day = (typeof DAYS)[number];

export const DAY_NAMES: Record<Day, string> = DAY_WORDS;

/** One row of the editor: from one day to another (the same day for one day), open from–to. */
export interface HoursRow {
  from: Day;
  to: Day;
  /** HH:MM, 24-hour. */
  opens: string;
  /** HH:MM, 24-hour; 24:00 for midnight at the end of the day. */
  closes: string;
}

export type HoursModel = { kind: 'always' } | { kind: 'rows'; rows: HoursRow[] };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSING_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A problem with a row, in words, or null when it is fine. */
export function rowProblem(row: HoursRow): string | null {
  if (!TIME.test(row.opens)) return 'give an opening time such as 09:00';
  if (!CLOSING_TIME.test(row.closes)) return 'give a closing time such as 17:00';
  if (row.closes !== '24:00' && row.closes <= row.opens) return 'the closing time must be after the opening time';
  if (DAYS.indexOf(row.to) < DAYS.indexOf(row.from)) return 'the last day must not come before the first';
  return null;
}

function daySelector(row: HoursRow): string {
  return row.from === row.to ? row.from : `${row.from}-${row.to}`;
}

/**
 * The OSM value the rows describe; rows on the same days share one rule, in the order first
 * given. Null when there is nothing to say or a row is incomplete.
 * @example modelToOpeningHours({ kind: 'rows', rows: [{ from: 'Mo', to: 'Fr', opens: '09:00', closes: '17:00' }] }) // 'Mo-Fr 09:00-17:00'
 */
export function modelToOpeningHours(model: HoursModel): string | null {
  if (model.kind === 'always') return '24/7';
  if (model.rows.length === 0 || model.rows.some((row) => rowProblem(row) !== null)) return null;
  const rules = new Map<string, string[]>();
  for (const row of model.rows) {
    const days = daySelector(row);
    const times = rules.get(days) ?? [];
    times.push(`${row.opens}-${row.closes}`);
    rules.set(days, times);
  }
  return [...rules].map(([days, times]) => `${days} ${times.sort().join(',')}`).join('; ');
}

function isDay(value: string): value is Day {
  return (DAYS as readonly string[]).includes(value);
}

/**
 * The rows an OSM value describes, or null when it uses more than the editor can show.
 * @example openingHoursToModel('Mo-Fr 09:00-17:00; Sa 10:00-12:00')
 * // { kind: 'rows', rows: [{ from: 'Mo', to: 'Fr', opens: '09:00', closes: '17:00' }, { from: 'Sa', to: 'Sa', opens: '10:00', closes: '12:00' }] }
 */
export function openingHoursToModel(value: string | null | undefined): HoursModel | null {
  const text = (value ?? '').trim();
  if (text === '') return { kind: 'rows', rows: [] };
  if (text === '24/7') return { kind: 'always' };
  const rows: HoursRow[] = [];
  for (const rule of text
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z,-]+)\s+([\d:,\s-]+)$/.exec(rule);
    if (!match) return null;
    const dayParts = match[1]!.split(',');
    const times = match[2]!.split(',').map((t) => t.trim());
    for (const part of dayParts) {
      const [from = '', to = from, extra] = part.split('-');
      if (extra !== undefined || !isDay(from) || !isDay(to)) return null;
      for (const time of times) {
        const [opens, closes, more] = time.split('-');
        if (more !== undefined || !opens || !closes) return null;
        const row: HoursRow = { from, to, opens, closes };
        if (rowProblem(row) !== null) return null;
        rows.push(row);
      }
    }
  }
  return { kind: 'rows', rows };
}
