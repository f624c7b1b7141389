import OpeningHours from 'opening_hours';

export const MINUTES_PER_WEEK = 7 * 24 * 60;

/** [opens, closes) in minutes from Monday 00:00, local wall-clock time. */
export type WeeklyInterval = [opens: number, closes: number];

/**
 * A week with no clock change, used as the template week. Its Monday is 1 January 2024; no
 * country is given to the parser, so public holidays play no part.
 */
const TEMPLATE_MONDAY = new Date(2024, 0, 1);

function minuteOfTemplateWeek(date: Date): number {
  const days = Math.round((new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() - TEMPLATE_MONDAY.getTime()) / 86_400_000);
  return days * 1440 + date.getHours() * 60 + date.getMinutes();
}

/**
 * The weekly open intervals of an OpenStreetMap `opening_hours` value, parsed with the
 * maintained opening_hours library. Null when the value does not parse (the raw text is
 * still shown to people; it just cannot answer "open now?"). Times the library marks as
 * unknown ("by appointment") do not count as open.
 * @example weeklyIntervals('Mo-Fr 09:00-17:00')?.[0] // [540, 1020]
 */
export function weeklyIntervals(value: string): WeeklyInterval[] | null {
  let hours: OpeningHours;
  try {
    hours = new OpeningHours(value);
  } catch {
    return null;
  }
  const end = new Date(TEMPLATE_MONDAY.getTime() + 7 * 86_400_000);
  const intervals: WeeklyInterval[] = [];
  for (const [from, to, unknown] of hours.getOpenIntervals(TEMPLATE_MONDAY, end)) {
    if (unknown) continue;
    const opens = minuteOfTemplateWeek(from);
    const closes = to.getTime() >= end.getTime() ? MINUTES_PER_WEEK : minuteOfTemplateWeek(to);
    if (closes > opens) intervals.push([opens, closes]);
  }
  return intervals;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Minute of the week (Monday 00:00 = 0) of an instant in Europe/London, whatever the
 * server's own time zone, so "open now" means open in England now.
 */
export function londonMinuteOfWeek(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(get('weekday'));
  return day * 1440 + Number(get('hour')) * 60 + Number(get('minute'));
}
