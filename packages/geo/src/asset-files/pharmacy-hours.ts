import { libraryHoursToOsm } from './library-hours.js';

/** One day of the NHSBSA consolidated pharmaceutical list: its hours as written, and its total. */
export interface PharmacyDay {
  /** `09:00-13:00,14:00-17:30`, `CLOSED`, or blank. */
  hours: string | null | undefined;
  /** Hours open that day as the list totals them (`7.5`, `8.166666667`); blank when closed. */
  total: string | null | undefined;
}

export interface PharmacyHours {
  /** OpenStreetMap `opening_hours`, or null when a day could not be read with certainty. */
  openingHours: string | null;
  /** The list's own words, kept when they could not be structured (so nothing is lost). */
  note: string | null;
}

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** A time as the list writes it: `09:00`, now and then `18.30`. */
const TIME = /(\d{1,2})[:.](\d{2})/g;
/** What may stand between times: dashes, commas, semicolons, colons and spaces. */
const SEPARATORS = /^[\s,;:\-–]*$/;

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * One day's hours as `HH:MM-HH:MM,…` (`00:00-00:00` when closed, null when blank), or
 * undefined when the text cannot be read with certainty. Besides the usual
 * `09:00-13:00,14:00-17:30` the list also writes `09:00-13:00; 14:00-18:00`,
 * `09:00-13:00 14:00-18:00`, `09:00-13:00:14:00-18:00` and `09:00-18.30`: the times are
 * paired in order, a session ending at `00:00` ends at midnight (`24:00`), and the result
 * must add up to the day's published total (to the minute), which is what makes reading
 * the looser forms safe. Anything else (`09:00-1700`, `14-30`) is not guessed at.
 */
export function pharmacyDayRanges(day: PharmacyDay): string | null | undefined {
  const text = (day.hours ?? '').trim();
  const total = (day.total ?? '').trim();
  const totalMinutes = total === '' ? 0 : Math.round(Number(total) * 60);
  if (!Number.isFinite(totalMinutes)) return undefined;
  // A blank day with no total is unknown; with a total of 0 it is closed.
  if (text === '') return total === '' ? null : totalMinutes === 0 ? '00:00-00:00' : undefined;
  if (/^closed$/i.test(text)) return totalMinutes === 0 ? '00:00-00:00' : undefined;

  const times = [...text.matchAll(TIME)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (!SEPARATORS.test(text.replace(TIME, '')) || times.length === 0 || times.length % 2 !== 0) return undefined;
  const ranges: [number, number][] = [];
  for (let i = 0; i < times.length; i += 2) {
    const opens = times[i]!;
    const closes = times[i + 1] === 0 ? 24 * 60 : times[i + 1]!;
    if (opens >= 24 * 60 || closes > 24 * 60 || opens >= closes) return undefined;
    if (ranges.length > 0 && opens < ranges[ranges.length - 1]![1]) return undefined;
    ranges.push([opens, closes]);
  }
  const minutes = ranges.reduce((sum, [opens, closes]) => sum + closes - opens, 0);
  if (Math.abs(minutes - totalMinutes) > 1) return undefined;
  return ranges.map(([opens, closes]) => `${hhmm(opens)}-${hhmm(closes)}`).join(',');
}

/**
 * A pharmacy's week (Monday first) from the NHSBSA list as OpenStreetMap `opening_hours`,
 * so "open now" search works for pharmacies. When any day cannot be read with certainty
 * (see pharmacyDayRanges) the hours are left unstructured and the list's words are kept
 * as a note instead: nothing is invented.
 * @example pharmacyHoursToOsm([...Array(5).fill({ hours: '09:00-17:30', total: '8.5' }), { hours: 'CLOSED', total: '' }, { hours: 'CLOSED', total: '' }])
 *   // { openingHours: 'Mo-Fr 09:00-17:30', note: null }
 */
export function pharmacyHoursToOsm(days: readonly PharmacyDay[]): PharmacyHours {
  if (days.length !== 7) throw new RangeError('need seven days, Monday first');
  const ranges = days.map(pharmacyDayRanges);
  if (ranges.every((r) => r !== undefined)) {
    return { openingHours: libraryHoursToOsm(ranges), note: null };
  }
  const words = days.map((d, i) => (d.hours?.trim() ? `${DAY_NAMES[i]} ${d.hours.trim()}` : null)).filter((w): w is string => w !== null);
  return { openingHours: null, note: words.length > 0 ? words.join('; ') : null };
}
