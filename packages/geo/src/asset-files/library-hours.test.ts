import { describe, expect, it } from 'vitest';
import { libraryHoursToOsm, weeklyHours } from './library-hours.js';

describe('libraryHoursToOsm', () => {
  it('groups consecutive days with the same hours into a range', () => {
    expect(libraryHoursToOsm(['09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '', ''])).toBe('Mo-Fr 09:00-17:00');
  });

  it('keeps split sessions and lists non-adjacent days with the same hours together', () => {
    expect(libraryHoursToOsm(['09:00-19:00', '09:00-17:00', '09:00-19:00', '09:00-17:00', '09:00-17:00', '10:00-13:00,14:00-17:00', ''])).toBe(
      'Mo,We 09:00-19:00; Tu,Th,Fr 09:00-17:00; Sa 10:00-13:00,14:00-17:00',
    );
  });

  it('treats 00:00-00:00 as closed and says "off" when every known day is closed', () => {
    expect(libraryHoursToOsm(['00:00-00:00', '10:00-12:00', '', '', '', '', ''])).toBe('Tu 10:00-12:00');
    expect(libraryHoursToOsm(['00:00-00:00', '00:00-00:00', '', '', '', '', ''])).toBe('off');
  });

  it('returns null when no day is known or a value does not parse, inventing nothing', () => {
    expect(libraryHoursToOsm(['', '', '', '', '', '', ''])).toBeNull();
    expect(libraryHoursToOsm(['9am-5pm', '', '', '', '', '', ''])).toBeNull();
  });

  it('requires seven days', () => {
    expect(() => libraryHoursToOsm(['09:00-17:00'])).toThrow(RangeError);
  });
});

describe('weeklyHours', () => {
  it('adds up the week, blank days closed once any day is known, as the opening_hours written for them says', () => {
    expect(weeklyHours(['09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '10:00-13:00,14:00-17:00', ''])).toBe(46);
    expect(weeklyHours(['00:00-00:00', '09:30-12:00', '', '', '', '', ''])).toBe(2.5);
  });

  it('is null when no day is known or a value does not parse', () => {
    expect(weeklyHours(['', '', '', '', '', '', ''])).toBeNull();
    expect(weeklyHours(['9am-5pm', '', '', '', '', '', ''])).toBeNull();
  });
});
