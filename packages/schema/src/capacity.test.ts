import { describe, expect, it } from 'vitest';
import { Capacity, capacityInWords, CsvColumnMapping } from './index.js';

describe('Capacity', () => {
  it('takes whole counts and fractional hours, 0 included (known to have none now)', () => {
    expect(Capacity.parse({ value: 8123, unit: 'registered patients' })).toEqual({ value: 8123, unit: 'registered patients' });
    expect(Capacity.parse({ value: 52.5, unit: 'opening hours per week' }).value).toBe(52.5);
    expect(Capacity.parse({ value: 0, unit: 'places' }).value).toBe(0);
  });

  it.each([
    [{ value: -1, unit: 'places' }, /0 or more/],
    [{ value: 1_000_001, unit: 'beds' }, /at most 1,000,000/],
    [{ value: Number.POSITIVE_INFINITY, unit: 'beds' }, /./],
    [{ value: Number.NaN, unit: 'beds' }, /number/],
    [{ value: 169, unit: 'opening hours per week' }, /168/],
    [{ value: 2.5, unit: 'places' }, /whole number of places/],
    [{ value: 3, unit: 'chairs' }, /say what it counts/],
    [{ value: '12', unit: 'places' }, /number/],
  ])('refuses %j', (input, message) => {
    const result = Capacity.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(message);
  });
});

describe('capacityInWords', () => {
  it('says a capacity in plain words', () => {
    expect(capacityInWords({ value: 8123, unit: 'registered patients' })).toBe('8,123 registered patients');
    expect(capacityInWords({ value: 44.83333333, unit: 'opening hours per week' })).toBe('44.8 opening hours a week');
    expect(capacityInWords({ value: 1, unit: 'beds' })).toBe('1 bed');
    expect(capacityInWords({ value: 0, unit: 'places' })).toBe('No places at the moment');
  });
});

describe('CsvColumnMapping', () => {
  it('needs a unit for a capacity column: a unit column or one unit for every row', () => {
    const base = { name: 'Name', postcode: 'Postcode', defaultCategory: 'community-group' };
    expect(CsvColumnMapping.safeParse({ ...base, capacity: 'Places' }).success).toBe(false);
    expect(CsvColumnMapping.safeParse({ ...base, capacity: 'Places', capacityUnit: 'Unit' }).success).toBe(true);
    expect(CsvColumnMapping.safeParse({ ...base, capacity: 'Places', defaultCapacityUnit: 'places' }).success).toBe(true);
    expect(CsvColumnMapping.safeParse({ ...base, capacity: 'Places', defaultCapacityUnit: 'chairs' }).success).toBe(false);
  });
});
