import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors.js';
import { MAX_ISSUES, readNeedCsv } from './need-csv.js';
import { slugOf } from './need-measures.service.js';

const codes = Array.from({ length: 12 }, (_, i) => `E01${String(i + 1).padStart(6, '0')}`);
const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadRequestError) return { message: error.message, issues: error.issues ?? [] };
    throw error;
  }
  throw new Error('expected a 400');
};

describe('readNeedCsv', () => {
  it('numbers lines from the header, skips blank and all-empty rows, and trims and upper-cases codes', () => {
    const text = `code,value\n\n${codes.map((c, i) => ` ${c.toLowerCase()} ,${i}`).join('\n')}\n,,\n`;
    const file = readNeedCsv(text);
    expect(file.lsoaColumn).toBe('code');
    expect(file.rows[0]).toEqual({ line: 3, code: 'E01000001', value: 0 });
    expect(file.rows).toHaveLength(12);
  });

  it('reads a quoted value spanning lines as one row, numbered by the line it ends on', () => {
    const text = `lsoa21cd,note,value\n"${codes[0]}","two\nlines",1\n${codes
      .slice(1)
      .map((c) => `${c},x,2`)
      .join('\n')}`;
    const file = readNeedCsv(text);
    expect(file.valueColumn).toBe('value');
    expect(file.rows[0]).toMatchObject({ line: 3, value: 1 });
    expect(file.rows[1]).toMatchObject({ line: 4, code: codes[1] });
  });

  it('accepts plain numbers with signs and exponents, refusing thousands separators and words', () => {
    const values = ['-1', '+2.5', '.5', '1e3', '7.', '0', '3', '4', '5', '6', '8', '9'];
    expect(readNeedCsv(`lsoa,v\n${codes.map((c, i) => `${c},${values[i]}`).join('\n')}`).rows.map((r) => r.value)).toEqual([
      -1, 2.5, 0.5, 1000, 7, 0, 3, 4, 5, 6, 8, 9,
    ]);
    const bad = problems(() => readNeedCsv(`lsoa,v\n${codes.map((c, i) => `${c},${i === 0 ? '"1,000"' : i === 1 ? 'Infinity' : i}`).join('\n')}`));
    expect(bad.issues.map((i) => i.path)).toEqual(['body.csv line 2, column "v"', 'body.csv line 3, column "v"']);
  });

  it(`lists at most ${MAX_ISSUES} problems and says how many there were`, () => {
    const many = Array.from({ length: 30 }, (_, i) => `E01${String(i + 1).padStart(6, '0')},x`);
    const bad = problems(() => readNeedCsv(`lsoa21cd,value\n${many.join('\n')}`));
    expect(bad.issues).toHaveLength(MAX_ISSUES);
    expect(bad.message).toMatch(/^30 problems in the file \(the first 20 are listed\)/);
  });
});

describe('slugOf', () => {
  it('makes a short name from a name', () => {
    expect(slugOf('Community Needs Index 2023')).toBe('community-needs-index-2023');
    expect(slugOf('  Bien-être & santé ')).toBe('bien-etre-sante');
    expect(slugOf('A')).toBe('measure-a');
    expect(slugOf('!!!')).toBe('measure');
    expect(slugOf('x'.repeat(80))).toHaveLength(60);
  });
});
