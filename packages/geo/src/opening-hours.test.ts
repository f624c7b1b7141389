import { describe, expect, it } from 'vitest';
import { londonMinuteOfWeek, weeklyIntervals } from './opening-hours.js';

describe('weeklyIntervals', () => {
  it('turns OSM opening_hours into minutes from Monday 00:00', () => {
    expect(weeklyIntervals('Mo-Fr 09:00-17:00')).toEqual([0, 1, 2, 3, 4].map((d) => [d * 1440 + 540, d * 1440 + 1020]));
  });

  it('keeps split sessions and weekends', () => {
    expect(weeklyIntervals('Sa 10:00-13:00,14:00-17:00; Su off')).toEqual([
      [5 * 1440 + 600, 5 * 1440 + 780],
      [5 * 1440 + 840, 5 * 1440 + 1020],
    ]);
  });

  it('runs hours past midnight into the next day, and Sunday nights into Monday', () => {
    expect(weeklyIntervals('Fr 22:00-02:00')).toEqual([[4 * 1440 + 1320, 5 * 1440 + 120]]);
    expect(weeklyIntervals('Su 22:00-02:00')).toEqual([
      [0, 120],
      [6 * 1440 + 1320, 7 * 1440],
    ]);
  });

  it('handles 24/7, reads lenient English the library understands, and rejects the rest', () => {
    expect(weeklyIntervals('24/7')).toEqual([[0, 7 * 1440]]);
    expect(weeklyIntervals('Wednesday 10am - 4pm')).toEqual([[2 * 1440 + 600, 2 * 1440 + 960]]);
    expect(weeklyIntervals('see our website')).toBeNull();
  });
});

describe('londonMinuteOfWeek', () => {
  it('reads the time in Europe/London, in winter (GMT) and summer (BST)', () => {
    // Monday 6 January 2025 12:00 UTC = 12:00 GMT.
    expect(londonMinuteOfWeek(new Date('2025-01-06T12:00:00Z'))).toBe(720);
    // Wednesday 2 July 2025 08:30 UTC = 09:30 BST.
    expect(londonMinuteOfWeek(new Date('2025-07-02T08:30:00Z'))).toBe(2 * 1440 + 570);
    // Sunday 23:30 UTC in summer is Monday 00:30 in London.
    expect(londonMinuteOfWeek(new Date('2025-07-06T23:30:00Z'))).toBe(30);
  });
});
