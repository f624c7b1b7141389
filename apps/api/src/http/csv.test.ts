import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['Tea, cake', '"Tea, cake"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+44 117', "'+44 117"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('writes %j as %s', (value, expected) => expect(csvCell(value)).toBe(expected));

  it('writes numbers, yes/no and nothing plainly (a negative longitude is not a formula)', () => {
    expect([csvCell(-2.5), csvCell(true), csvCell(false), csvCell(null)]).toEqual(['-2.5', 'true', 'false', '']);
  });
});

describe('toCsv', () => {
  it('parses back to the same cells, with CRLF line ends', () => {
    const rows = [
      { a: 'x, "y"\nz', b: 1 },
      { a: 'café £3', b: null },
    ];
    const text = toCsv(['a', 'b'] as const, rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('a,b');
    expect(parse(text, { columns: true })).toEqual([
      { a: 'x, "y"\nz', b: '1' },
      { a: 'café £3', b: '' },
    ]);
  });
});
