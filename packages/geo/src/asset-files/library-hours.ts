const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

/**
 * Converts per-day hours as the public library register writes them
 * (`09:00-17:00`, `10:00-13:00,14:00-17:00`, `00:00-00:00` for closed, blank for
 * unknown) into OpenStreetMap `opening_hours` syntax. Days with the same hours are
 * grouped into ranges. Returns null when no day is known or a value does not parse,
 * so nothing is invented.
 * @example libraryHoursToOsm(['09:00-17:00','09:00-17:00','','','','10:00-13:00',''])
 *   // 'Mo,Tu 09:00-17:00; Sa 10:00-13:00'
 */
export function libraryHoursToOsm(perDay: readonly (string | null | undefined)[]): string | null {
  if (perDay.length !== 7) throw new RangeError('need seven days, Monday first');
  const spans: (string | null)[] = [];
  let anyKnown = false;
  for (const raw of perDay) {
    const value = (raw ?? '').replace(/\s+/g, '');
    if (value === '') {
      spans.push(null);
      continue;
    }
    anyKnown = true;
    const ranges = value.split(',').filter((r) => r !== '00:00-00:00');
    if (!ranges.every((r) => RANGE.test(r))) return null;
    spans.push(ranges.length === 0 ? 'off' : ranges.join(','));
  }
  if (!anyKnown) return null;
  // Group consecutive days with equal hours: "Mo-Fr 09:00-17:00".
  const parts: string[] = [];
  let i = 0;
  while (i < 7) {
    const span = spans[i];
    if (span === null || span === 'off') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < 7 && spans[j + 1] === span) j++;
    const days = j === i ? DAYS[i] : j === i + 1 ? `${DAYS[i]},${DAYS[j]}` : `${DAYS[i]}-${DAYS[j]}`;
    parts.push(`${days} ${span}`);
    i = j + 1;
  }
  return parts.length === 0 ? 'off' : mergeSameHours(parts);
}

/** "Mo 09:00-17:00; We 09:00-17:00" → "Mo,We 09:00-17:00". */
function mergeSameHours(parts: string[]): string {
  const byHours = new Map<string, string[]>();
  for (const part of parts) {
    const [days, hours] = part.split(' ') as [string, string];
    byHours.set(hours, [...(byHours.get(hours) ?? []), days]);
  }
  return [...byHours.entries()].map(([hours, days]) => `${days.join(',')} ${hours}`).join('; ');
}

/**
 * Hours open in the week, from per-day hours as libraryHoursToOsm reads them: a blank day
 * counts as closed once any day is known, as the `opening_hours` written for the same days
 * says (days it leaves out are closed). Null when no day is known or a value does not parse.
 * @example weeklyHours(['09:00-17:00','09:00-17:00','09:00-17:00','09:00-17:00','09:00-17:00','10:00-13:00,14:00-17:00','']) // 46
 */
export function weeklyHours(perDay: readonly (string | null | undefined)[]): number | null {
  if (perDay.length !== 7) throw new RangeError('need seven days, Monday first');
  let minutes = 0;
  let anyKnown = false;
  for (const raw of perDay) {
    const value = (raw ?? '').replace(/\s+/g, '');
    if (value === '') continue;
    anyKnown = true;
    for (const range of value.split(',')) {
      if (range === '00:00-00:00') continue;
      if (!RANGE.test(range)) return null;
      const [from, to] = range.split('-').map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))) as [number, number];
      if (to <= from) return null;
      minutes += to - from;
    }
  }
  return anyKnown ? minutes / 60 : null;
}
