import { describe, expect, it } from 'vitest';
import { modelToOpeningHours, openingHoursToModel, rowProblem, type HoursRow } from './opening-hours-rows.js';

const row = (from: HoursRow['from'], to: HoursRow['to'], opens: string, closes: string): HoursRow => ({ from, to, opens, closes });

describe('modelToOpeningHours', () => {
  it('writes day ranges and single days as OSM rules', () => {
    expect(modelToOpeningHours({ kind: 'rows', rows: [row('Mo', 'Fr', '09:00', '17:00'), row('Sa', 'Sa', '10:00', '12:00')] })).toBe(
      'Mo-Fr 09:00-17:00; Sa 10:00-12:00',
    );
  });

  it('joins two times on the same days into one rule, earliest first', () => {
    expect(modelToOpeningHours({ kind: 'rows', rows: [row('Mo', 'Fr', '13:00', '17:00'), row('Mo', 'Fr', '09:00', '12:00')] })).toBe(
      'Mo-Fr 09:00-12:00,13:00-17:00',
    );
  });

  it('writes 24/7 for "open all the time"', () => {
    expect(modelToOpeningHours({ kind: 'always' })).toBe('24/7');
  });

  it('gives null for no rows or an incomplete row', () => {
    expect(modelToOpeningHours({ kind: 'rows', rows: [] })).toBeNull();
    expect(modelToOpeningHours({ kind: 'rows', rows: [row('Mo', 'Mo', '09:00', '')] })).toBeNull();
  });
});

describe('openingHoursToModel', () => {
  it('reads simple rules back into rows', () => {
    expect(openingHoursToModel('Mo-Fr 09:00-17:00; Sa 10:00-12:00')).toEqual({
      kind: 'rows',
      rows: [row('Mo', 'Fr', '09:00', '17:00'), row('Sa', 'Sa', '10:00', '12:00')],
    });
  });

  it('splits several times and day lists into rows', () => {
    expect(openingHoursToModel('Mo,We 09:00-12:00,13:00-16:00')).toEqual({
      kind: 'rows',
      rows: [row('Mo', 'Mo', '09:00', '12:00'), row('Mo', 'Mo', '13:00', '16:00'), row('We', 'We', '09:00', '12:00'), row('We', 'We', '13:00', '16:00')],
    });
  });

  it('reads 24/7 and empty', () => {
    expect(openingHoursToModel('24/7')).toEqual({ kind: 'always' });
    expect(openingHoursToModel('')).toEqual({ kind: 'rows', rows: [] });
    expect(openingHoursToModel(null)).toEqual({ kind: 'rows', rows: [] });
  });

  it('gives null for what the editor cannot show, so the text is kept as it is', () => {
    expect(openingHoursToModel('Mo-Fr 09:00-17:00; PH off')).toBeNull();
    expect(openingHoursToModel('Jan-Mar Mo 10:00-12:00')).toBeNull();
    expect(openingHoursToModel('Mo 09:00-17:00 "by appointment"')).toBeNull();
    expect(openingHoursToModel('Mo 17:00-09:00')).toBeNull();
  });

  it('round-trips what it writes', () => {
    const value = 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-24:00';
    const model = openingHoursToModel(value);
    expect(model).not.toBeNull();
    expect(modelToOpeningHours(model!)).toBe(value);
  });
});

describe('rowProblem', () => {
  it('explains a row that cannot be written', () => {
    expect(rowProblem(row('Mo', 'Fr', '9am', '17:00'))).toMatch(/opening time/);
    expect(rowProblem(row('Mo', 'Fr', '17:00', '09:00'))).toMatch(/after the opening/);
    expect(rowProblem(row('Fr', 'Mo', '09:00', '17:00'))).toMatch(/last day/);
    expect(rowProblem(row('Mo', 'Fr', '09:00', '17:00'))).toBeNull();
  });
});
