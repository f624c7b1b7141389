import { describe, expect, it } from 'vitest';
import { pharmacyDayRanges, pharmacyHoursToOsm } from './pharmacy-hours.js';

const day = (hours: string, total: string) => ({ hours, total });
const closed = day('CLOSED', '');

describe('pharmacyDayRanges', () => {
  it('reads the list’s usual form, checked against the day’s total', () => {
    expect(pharmacyDayRanges(day('09:00-13:00,14:00-17:30', '7.5'))).toBe('09:00-13:00,14:00-17:30');
    expect(pharmacyDayRanges(day('09:00-13:30,13:50-17:30', '8.166666667'))).toBe('09:00-13:30,13:50-17:30');
  });

  it('reads the looser forms the list also uses when they add up to the total', () => {
    expect(pharmacyDayRanges(day('09:00-13:00; 14:00-18:00', '8'))).toBe('09:00-13:00,14:00-18:00');
    expect(pharmacyDayRanges(day('09:00-13:00 14:00-18:00', '8'))).toBe('09:00-13:00,14:00-18:00');
    expect(pharmacyDayRanges(day('09:00-13:00:14:00-18:00', '8'))).toBe('09:00-13:00,14:00-18:00');
    expect(pharmacyDayRanges(day('09:00-18.30', '9.5'))).toBe('09:00-18:30');
  });

  it('ends a session at 00:00 at midnight', () => {
    expect(pharmacyDayRanges(day('08:00-00:00', '16'))).toBe('08:00-24:00');
  });

  it('says closed for CLOSED, or a blank day with a total of 0, and unknown for a blank day', () => {
    expect(pharmacyDayRanges(closed)).toBe('00:00-00:00');
    expect(pharmacyDayRanges(day('', '0'))).toBe('00:00-00:00');
    expect(pharmacyDayRanges(day('', ''))).toBeNull();
  });

  it('guesses nothing: a time without its colon, a garbled time, or hours that do not add up', () => {
    expect(pharmacyDayRanges(day('09:00-1700', '8'))).toBeUndefined();
    expect(pharmacyDayRanges(day('11:00-13:30,14-30-16:00', '4'))).toBeUndefined();
    expect(pharmacyDayRanges(day('09:00-18.30', '10'))).toBeUndefined();
    expect(pharmacyDayRanges(day('CLOSED', '4'))).toBeUndefined();
    expect(pharmacyDayRanges(day('13:00-09:00', '4'))).toBeUndefined();
  });
});

describe('pharmacyHoursToOsm', () => {
  it('writes the week in OpenStreetMap syntax, days with the same hours together', () => {
    const week = [...Array<ReturnType<typeof day>>(5).fill(day('09:00-13:00,14:00-17:30', '7.5')), day('09:00-12:00', '3'), closed];
    expect(pharmacyHoursToOsm(week)).toEqual({ openingHours: 'Mo-Fr 09:00-13:00,14:00-17:30; Sa 09:00-12:00', note: null });
  });

  it('keeps the list’s words as a note when any day cannot be read with certainty', () => {
    const week = [...Array<ReturnType<typeof day>>(5).fill(day('09:00-17:00', '8')), day('09:00-1700', '8'), closed];
    expect(pharmacyHoursToOsm(week)).toEqual({
      openingHours: null,
      note: 'Monday 09:00-17:00; Tuesday 09:00-17:00; Wednesday 09:00-17:00; Thursday 09:00-17:00; Friday 09:00-17:00; Saturday 09:00-1700; Sunday CLOSED',
    });
  });
});
