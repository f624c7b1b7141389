import { libraryHoursToOsm } from '../asset-files/library-hours.js';
import { text } from './text.js';

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The parts of an HSDS 3 schedule this reads (iCalendar-style recurrence). */
export interface HsdsSchedule {
  freq?: unknown;
  /** ORUK v1 `regular_schedules`: one weekday per row ("Monday", "MO"). */
  weekday?: unknown;
  interval?: unknown;
  byday?: unknown;
  opens_at?: unknown;
  closes_at?: unknown;
  valid_to?: unknown;
  description?: unknown;
  notes?: unknown;
}

function hhmm(value: unknown): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?/.exec(text(value) ?? '');
  if (!m) return null;
  const h = Number(m[1]);
  return h > 24 ? null : `${String(h).padStart(2, '0')}:${m[2]}`;
}

/**
 * Translates weekly HSDS schedules (`byday` "MO,TU", `opens_at`/`closes_at`) into OSM
 * `opening_hours`. Anything else (monthly, "the first Monday", no times) cannot be said
 * in that syntax without inventing, so it comes back as a note made of the schedules'
 * own descriptions instead.
 * @example schedulesToHours([{ freq: 'WEEKLY', byday: 'MO,TU', opens_at: '09:00', closes_at: '17:00' }])
 *   // { openingHours: 'Mo,Tu 09:00-17:00', note: null }
 */
export function schedulesToHours(schedules: readonly HsdsSchedule[]): { openingHours: string | null; note: string | null } {
  const notes = [...new Set(schedules.flatMap((s) => [text(s.description), text(s.notes)]).filter((t): t is string => !!t))];
  const note = notes.length > 0 ? notes.join(' ') : null;
  if (schedules.length === 0) return { openingHours: null, note: null };
  const perDay: string[][] = BYDAY.map(() => []);
  for (const s of schedules) {
    const freq = (text(s.freq) ?? 'WEEKLY').toUpperCase();
    const interval = s.interval === undefined || s.interval === null ? 1 : Number(s.interval);
    const opens = hhmm(s.opens_at);
    const closes = hhmm(s.closes_at);
    const days = (text(s.byday) ?? text(s.weekday)?.slice(0, 2) ?? '')
      .toUpperCase()
      .split(',')
      .map((d) => d.trim());
    if (freq !== 'WEEKLY' || interval !== 1 || !opens || !closes || days.some((d) => !BYDAY.includes(d as (typeof BYDAY)[number]))) {
      return { openingHours: null, note };
    }
    for (const d of days) perDay[BYDAY.indexOf(d as (typeof BYDAY)[number])]!.push(`${opens}-${closes}`);
  }
  const hours = libraryHoursToOsm(perDay.map((ranges) => [...new Set(ranges)].sort().join(',')));
  return hours ? { openingHours: hours, note: null } : { openingHours: null, note };
}
