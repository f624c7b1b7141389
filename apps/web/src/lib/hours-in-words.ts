/**
 * OpenStreetMap opening hours in plain English, for residents: "Mo,Tu,Th 09:00-19:00"
 * becomes "Monday, Tuesday and Thursday, 9am to 7pm". Only the plain forms most records
 * use are read (days, day ranges, times, "off", "24/7", public holidays); a rule in any
 * other form is shown as written, since a wrong reading is worse than code.
 * No parsing library: this runs on every asset page and must not weigh on first load.
 */

/** OpenStreetMap's day codes in words (the hours editor names its days with these too). */
export const DAY_NAMES = {
  Mo: 'Monday',
  Tu: 'Tuesday',
  We: 'Wednesday',
  Th: 'Thursday',
  Fr: 'Friday',
  Sa: 'Saturday',
  Su: 'Sunday',
} as const;

const DAYS: Record<string, string> = { ...DAY_NAMES, PH: 'public holidays' };

/** "9am", "9:30am", "12 noon", "midnight" from "09:00", "09:30", "12:00", "24:00". */
export function timeInWords(hhmm: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 24 || minutes > 59) return null;
  if ((hours === 0 || hours === 24) && minutes === 0) return 'midnight';
  if (hours === 12 && minutes === 0) return '12 noon';
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const suffix = hours < 12 || hours === 24 ? 'am' : 'pm';
  return minutes === 0 ? `${h12}${suffix}` : `${h12}:${String(minutes).padStart(2, '0')}${suffix}`;
}

/** "a, b and c" */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function daysInWords(spec: string): string | null {
  const parts = spec.split(',').map((p) => p.trim());
  const words: string[] = [];
  for (const part of parts) {
    const range = /^([A-Z][a-z])-([A-Z][a-z])$/.exec(part);
    if (range) {
      const [from, to] = [DAYS[range[1]!], DAYS[range[2]!]];
      if (!from || !to) return null;
      words.push(`${from} to ${to}`);
    } else if (DAYS[part]) words.push(DAYS[part]);
    else return null;
  }
  return list(words);
}

function timesInWords(spec: string): string | null {
  const spans: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part);
    const from = m && timeInWords(m[1]!);
    const to = m && timeInWords(m[2]!);
    if (!from || !to) return null;
    spans.push(`${from} to ${to}`);
  }
  return list(spans);
}

/** One rule in words, or null when it is not in a form read here. */
export function ruleInWords(rule: string): string | null {
  const r = rule.trim();
  if (r === '24/7') return 'Open all day, every day';
  const m = /^([A-Za-z,\- ]+?)\s+(off|closed|[\d:,\- ]+)$/.exec(r);
  if (!m) {
    // Times alone apply every day.
    const times = timesInWords(r);
    return times ? `Every day, ${times}` : null;
  }
  const days = daysInWords(m[1]!.replace(/\s+/g, ''));
  if (!days) return null;
  const capital = days.charAt(0).toUpperCase() + days.slice(1);
  if (m[2] === 'off' || m[2] === 'closed') return `${capital}: closed`;
  const times = timesInWords(m[2]!.replace(/\s+/g, ''));
  return times ? `${capital}, ${times}` : null;
}

/**
 * Every rule of an opening-hours value, each in words where it can be read, else as written
 * (`plain: false`, so it can be shown as code).
 * @example hoursInWords('Mo,Tu,Th 09:00-19:00; Sa 10:00-12:00') // [{ text: 'Monday, Tuesday and Thursday, 9am to 7pm', plain: true }, { text: 'Saturday, 10am to 12 noon', plain: true }]
 */
export function hoursInWords(hours: string): { text: string; plain: boolean }[] {
  return hours
    .split(';')
    .map((rule) => rule.trim())
    .filter((rule) => rule.length > 0)
    .map((rule) => {
      const words = ruleInWords(rule);
      return words ? { text: words, plain: true } : { text: rule, plain: false };
    });
}
