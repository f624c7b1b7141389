import type { FiguresFreshness } from '@common-ground/schema';
import { formatCount } from './format.js';

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'Europe/London' });
const dayKey = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/London' });

/** An instant as people read it here: the time in London today, else the day and time. */
function whenText(at: Date, now: Date): string {
  const time = timeFormat.format(at);
  return dayKey.format(at) === dayKey.format(now) ? time : `${dayFormat.format(at)}, ${time}`;
}

/**
 * How current the provision figures on screen are, in one sentence. The API applies asset
 * changes to its stored figures in the background a few seconds after they are made; until
 * then answers use the last complete figures, and this says so.
 * @example freshnessText({ figuresAsOf: '2025-05-01T10:42:00.000Z', pendingChanges: 3 }, now) // 'Figures as of 11:42; 3 recent changes not yet included.'
 * @example freshnessText({ figuresAsOf: null, pendingChanges: 0 }) // 'Figures worked out just now from the places as they are.'
 */
export function freshnessText(freshness: FiguresFreshness, now: Date = new Date()): string {
  if (freshness.figuresAsOf === null) return 'Figures worked out just now from the places as they are.';
  const at = new Date(freshness.figuresAsOf);
  const when = Number.isNaN(at.getTime()) ? freshness.figuresAsOf : whenText(at, now);
  const { pendingChanges: n } = freshness;
  if (n === 0) return `Figures as of ${when}; no changes to places since.`;
  return `Figures as of ${when}; ${formatCount(n)} recent ${n === 1 ? 'change' : 'changes'} not yet included.`;
}
