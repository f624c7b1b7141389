import { describe, expect, it } from 'vitest';
import { hoursInWords, ruleInWords, timeInWords } from './hours-in-words.js';

describe('opening hours in words', () => {
  it('reads times as people say them', () => {
    expect(timeInWords('09:00')).toBe('9am');
    expect(timeInWords('19:00')).toBe('7pm');
    expect(timeInWords('09:30')).toBe('9:30am');
    expect(timeInWords('12:00')).toBe('12 noon');
    expect(timeInWords('00:00')).toBe('midnight');
    expect(timeInWords('24:00')).toBe('midnight');
    expect(timeInWords('25:00')).toBeNull();
  });

  it('reads the rules most records use', () => {
    expect(ruleInWords('Mo,Tu,Th 09:00-19:00')).toBe('Monday, Tuesday and Thursday, 9am to 7pm');
    expect(ruleInWords('Mo-Fr 08:30-12:30,13:30-18:00')).toBe('Monday to Friday, 8:30am to 12:30pm and 1:30pm to 6pm');
    expect(ruleInWords('Su off')).toBe('Sunday: closed');
    expect(ruleInWords('PH off')).toBe('Public holidays: closed');
    expect(ruleInWords('24/7')).toBe('Open all day, every day');
    expect(ruleInWords('10:00-16:00')).toBe('Every day, 10am to 4pm');
  });

  it('leaves any other form as written rather than guess', () => {
    expect(hoursInWords('Mo-Fr 09:00-17:00; Jan-Mar Sa 10:00-12:00')).toEqual([
      { text: 'Monday to Friday, 9am to 5pm', plain: true },
      { text: 'Jan-Mar Sa 10:00-12:00', plain: false },
    ]);
    expect(ruleInWords('Mo[1] 10:00-12:00')).toBeNull();
    expect(ruleInWords('sunrise-sunset')).toBeNull();
  });
});
