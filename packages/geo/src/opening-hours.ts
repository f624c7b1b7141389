/*
 * OpenStreetMap opening hours against the clock of England, for the API (the weekly
 * intervals "open now" searches use) and the web app ("Open now, closes at 5pm"). Its own
 * entry point, `@common-ground/geo/opening-hours`, so the parser loads only where needed.
 */
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

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/**
 * A Date whose *local* fields read as London's wall clock at `instant`, whatever the time
 * zone of the server or browser. opening_hours evaluates rules in a Date's local time, so
 * this makes it answer for England.
 */
export function londonWallClock(instant: Date): Date {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  return new Date(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/**
 * Minute of the week (Monday 00:00 = 0) of an instant in Europe/London, so "open now"
 * means open in England now.
 */
export function londonMinuteOfWeek(instant: Date): number {
  const wall = londonWallClock(instant);
  const day = (wall.getDay() + 6) % 7; // getDay: Sunday 0; here Monday 0
  return day * 1440 + wall.getHours() * 60 + wall.getMinutes();
}
