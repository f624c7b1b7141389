import { describe, expect, it } from 'vitest';
import { normalisePostcode, parsePostcodeQuery } from './postcodes.js';

describe('normalisePostcode', () => {
  it.each([
    ['gl1 2tg', 'GL1 2TG'],
    ['S63BS', 'S6 3BS'],
    [' SW1A 0AA ', 'SW1A 0AA'],
    ['m60  2la', 'M60 2LA'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it.each(['', 'WA154 1HF', 'ABC 1234', 'GL1'])('rejects %s', (input) => {
    expect(normalisePostcode(input)).toBeNull();
  });
});

describe('parsePostcodeQuery', () => {
  it.each([
    ['gl1 2tg', { kind: 'postcode', value: 'GL1 2TG' }],
    ['gl1 2', { kind: 'sector', value: 'GL1 2' }],
    ['GL1', { kind: 'district', value: 'GL1' }],
    ['sw1a', { kind: 'district', value: 'SW1A' }],
  ])('reads %s', (input, expected) => {
    expect(parsePostcodeQuery(input)).toEqual(expected);
  });

  it('rejects what is no postcode', () => {
    expect(parsePostcodeQuery('Gloucester')).toBeNull();
  });
});
