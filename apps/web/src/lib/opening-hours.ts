import { londonWallClock } from '@common-ground/geo/opening-hours';
import OpeningHours from 'opening_hours';
import { timeInWords } from './hours-in-words.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function clock(date: Date): string {
  const hhmm = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return timeInWords(hhmm) ?? hhmm;
}

/** "at 5pm" today, "tomorrow at 9am", or "Monday at 9am" for a change within a week. */
function when(change: Date, now: Date): string {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.floor((change.getTime() - startOfToday.getTime()) / 86_400_000);
  if (days <= 0) return `at ${clock(change)}`;
  if (days === 1) return `tomorrow at ${clock(change)}`;
  return `${DAY_NAMES[change.getDay()]} at ${clock(change)}`;
}

/**
 * Whether a place is open at `instant`, in words, reading OpenStreetMap opening hours in
 * Europe/London time. Null when the rules cannot be read (we never guess).
 * @example openingStatus('Mo-Fr 09:00-17:00', new Date('2026-11-23T10:00:00Z')) // 'Open now, closes at 5pm'
 */
export function openingStatus(hours: string, instant: Date = new Date()): string | null {
  let oh: OpeningHours;
  try {
    oh = new OpeningHours(hours);
  } catch {
    return null;
  }
  const now = londonWallClock(instant);
  const week = new Date(now.getTime() + 8 * 86_400_000);
  if (oh.getUnknown(now)) {
    const comment = oh.getComment(now);
    return comment ? `Opening times vary: ${comment}` : null;
  }
  const open = oh.getState(now);
  const next = oh.getNextChange(now, week);
  if (open) return next ? `Open now, closes ${when(next, now)}` : 'Open now';
  return next ? `Closed now, opens ${when(next, now)}` : 'Closed now';
}
