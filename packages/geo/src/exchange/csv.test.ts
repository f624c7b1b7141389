import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile, sniffImportFormat } from './parse.js';
import { baseOptions, total, utf8 } from './test-support.js';
import { ImportFileError, type ImportIssue, type ParseImportOptions } from './types.js';

let base: Omit<ParseImportOptions, 'format'>;
beforeAll(async () => {
  base = await baseOptions();
});

const mapping = { name: 'Name', lat: 'Lat', lon: 'Lon', postcode: 'Postcode', category: 'Type', id: 'Ref' };

function parse(csv: string | Uint8Array, extra: Partial<ParseImportOptions> = {}) {
  return parseImportFile(typeof csv === 'string' ? utf8(csv) : csv, { ...base, format: 'csv', mapping, ...extra });
}

function fileError(fn: () => unknown): ImportFileError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

describe('CSV import', () => {
  it('reads capacity through the mapping: a unit column, or one unit for every row; a bad value is left out with a note', () => {
    const csv = [
      'Ref,Name,Postcode,Type,Places,Unit',
      'c1,Lunch Club,GL1 2TG,community-group,"1,200",places',
      'c2,Day Centre,GL1 2TG,community-group,ten,places',
      'c3,Hall,GL1 2TG,community-group,,',
    ].join('\n');
    const withUnits = parse(csv, { mapping: { name: 'Name', postcode: 'Postcode', category: 'Type', id: 'Ref', capacity: 'Places', capacityUnit: 'Unit' } });
    expect(withUnits.records.map((r) => r.capacity)).toEqual([{ value: 1200, unit: 'places' }, null, null]);
    expect(withUnits.records[1]!.issues).toEqual([{ field: 'Places', message: 'capacity "ten" is not a number: left empty' }]);
    const oneUnit = parse(csv, {
      mapping: { name: 'Name', postcode: 'Postcode', category: 'Type', id: 'Ref', capacity: 'Places', defaultCapacityUnit: 'beds' },
    });
    expect(oneUnit.records[0]!.capacity).toEqual({ value: 1200, unit: 'beds' });
  });

  it('reads rows with coordinates, postcodes and categories by code or name, with physical line numbers', () => {
    const csv = [
      'Ref,Name,Lat,Lon,Postcode,Type,Notes',
      'a1,Hall One,51.8642,-2.2382,,community-centre,',
      'a2,"Food, Glorious Food",,,gl1 2tg,Food banks and pantries,"two',
      'lines"',
      'a3,Park Three,51.86,-2.24,GL1 2TG,GREEN SPACE,',
    ].join('\n');
    const parsed = parse(csv);
    expect(parsed.format).toBe('csv');
    expect(parsed.columns).toEqual(['Ref', 'Name', 'Lat', 'Lon', 'Postcode', 'Type', 'Notes']);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.records.map((r) => [r.ref, r.line, r.sourceId, r.categoryCode, r.precision, r.postcode])).toEqual([
      ['line 2', 2, 'a1', 'community-centre', 'exact', null],
      ['line 3', 3, 'a2', 'food-bank', 'postcode', 'GL1 2TG'],
      ['line 5', 5, 'a3', 'green-space', 'exact', 'GL1 2TG'],
    ]);
    expect(parsed.records[0]).toMatchObject({ lon: -2.2382, lat: 51.8642, name: 'Hall One' });
  });

  it('reads back a cell an export protected from spreadsheets ("\'+44 …" is "+44 …")', () => {
    const csv = ['Ref,Name,Lat,Lon,Postcode,Type,Phone', "a1,'=Hall One,51.8642,-2.2382,,community-centre,'+44 117 496 0000"].join('\r\n');
    const parsed = parse(csv, { mapping: { ...mapping, phone: 'Phone' } });
    expect(parsed.records[0]).toMatchObject({ name: '=Hall One', phone: '+44 117 496 0000' });
  });

  it('strips a UTF-8 byte-order mark and reads UTF-16 with a BOM', () => {
    const csv = 'Ref,Name,Lat,Lon,Postcode,Type\nx,Café Ünïcode,51.5,-0.1,,community\n';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv)]);
    expect(parse(bom).records[0]!.name).toBe('Café Ünïcode');
    expect(parse(bom).columns![0]).toBe('Ref');
    const utf16 = new Uint8Array(2 + csv.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < csv.length; i++) utf16[2 + i * 2] = csv.charCodeAt(i) & 0xff;
    expect(parse(utf16).records[0]!.name).toBe('Café Ünïcode');
  });

  it('reads a Windows-1252 file (auto), warning with the exact byte and line; refuses it when told it is UTF-8, saying how to save it', () => {
    const head = utf8('Ref,Name,Lat,Lon,Postcode,Type\ny,Hall,51.5,-0.1,,community\nx,Caf');
    const latin1 = new Uint8Array([...head, 0xe9, ...utf8(',51.5,-0.1,,community\n')]);
    const auto = parse(latin1);
    expect(auto.records.map((r) => r.name)).toEqual(['Hall', 'Café']);
    expect(auto.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining(`not UTF-8 (first at byte ${head.length}, line 3): read as Windows-1252`) as string }),
    ]);
    const err = fileError(() => parse(latin1, { encoding: 'utf-8' }));
    expect(err.message).toMatch(new RegExp(`not UTF-8 text \\(at byte ${head.length}, line 3\\)`));
    expect(err.message).toMatch(/CSV UTF-8/);
    expect(() => sniffImportFormat(latin1, 'x.csv', 'utf-8')).toThrow(ImportFileError);
    // Said outright: no warning; ISO-8859-1 reads the same letters.
    expect(parse(latin1, { encoding: 'windows-1252' }).warnings).toEqual([]);
    expect(parse(latin1, { encoding: 'iso-8859-1' }).records[1]!.name).toBe('Café');
  });

  it('warns about UTF-8 text that was misread upstream ("CafÃ©"), naming the records', () => {
    const parsed = parse(utf8('Ref,Name,Lat,Lon,Postcode,Type\nx,CafÃ© hall,51.5,-0.1,,community\ny,Plain hall,51.5,-0.1,,community\n'));
    expect(parsed.records[0]!.issues.some((i) => /misread from UTF-8/.test(i.message))).toBe(true);
    expect(parsed.records[1]!.issues).toEqual([]);
    expect(parsed.warnings).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^1 record looks like UTF-8 text misread as Windows-1252 \("CafÃ©"\): line 2\./) as string }),
    ]);
  });

  it('names the mapped columns missing from the file and lists the ones present', () => {
    const err = fileError(() => parse('Title,Latitude,Longitude\nA,51,-2\n'));
    expect(err.message).toContain('"Name"');
    expect(err.message).toContain('Title, Latitude, Longitude');
    expect(err.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['mapping.name', 'mapping.lat', 'mapping.lon']));
  });

  it('without a mapping, says one is needed and lists the columns', () => {
    const err = fileError(() => parseImportFile(utf8('Name,Postcode\nA,GL1 2TG\n'), { ...base, format: 'csv' }));
    expect(err.message).toMatch(/needs a column mapping/);
    expect(err.message).toContain('Name, Postcode');
  });

  it('rejects rows with an empty name, bad or swapped coordinates, or a point outside England, naming the field', () => {
    const csv = [
      'Ref,Name,Lat,Lon,Postcode,Type',
      'r1,,51.5,-0.1,,community',
      'r2,Bad Lat,north,-0.1,,community',
      'r3,Too Far,95,-0.1,,community',
      'r4,Swapped,-2.24,51.86,,community',
      'r5,Paris,48.8566,2.3522,,community',
      'r6,Edinburgh,55.9533,-3.1883,,community',
      'r10,Aberdeen,57.1497,-2.0943,,community',
      'r7,Nowhere,,,,community',
      'r8,Unknown Type,51.5,-0.1,,bowling alley',
      'r9,Good,51.5,-0.1,,community',
    ].join('\n');
    const parsed = parse(csv);
    expect(total(parsed)).toBe(10);
    // Edinburgh is inside the generous box around England; the API's exact PostGIS check rejects it.
    expect(parsed.records.map((r) => r.sourceId)).toEqual(['r6', 'r9']);
    const why: Record<string, ImportIssue[]> = Object.fromEntries(parsed.rejected.map((r) => [r.sourceId ?? '', r.issues] as const));
    expect(why.r1).toEqual([{ field: 'Name', message: 'the name is empty' }]);
    expect(why.r2![0]).toEqual({ field: 'Lat', message: 'latitude "north" is not a number' });
    expect(why.r3![0]!.field).toBe('Lat');
    expect(why.r3![0]!.message).toMatch(/out of range/);
    expect(why.r4![0]!.message).toMatch(/look swapped/);
    expect(why.r5![0]!.message).toMatch(/outside England/);
    expect(why.r10![0]!.message).toMatch(/outside England/);
    expect(why.r7![0]!.message).toMatch(/no place/);
    expect(why.r8![0]).toMatchObject({ field: 'Type' });
    expect(why.r8![0]!.message).toMatch(/not a known category; use a code or name such as community, food/);
  });

  it('reads decimal commas in a semicolon-separated file', () => {
    const parsed = parse('Ref;Name;Lat;Lon;Postcode;Type\ns1;Hall;51,8642;-2,2382;;community\n');
    expect(parsed.records[0]).toMatchObject({ lat: 51.8642, lon: -2.2382 });
  });

  it('uses the default category for unknown or empty cells and says the category was guessed', () => {
    const parsed = parse('Ref,Name,Lat,Lon,Postcode,Type\nq,Thing,51.5,-0.1,,bowling alley\nw,Other,51.5,-0.1,,\n', {
      mapping: { ...mapping, defaultCategory: 'community-group' },
    });
    expect(parsed.records.map((r) => r.categoryCode)).toEqual(['community-group', 'community-group']);
    expect(parsed.records[0]!.issues[0]!.message).toMatch(/category guessed/);
  });

  it('reads register codes from a mapped column, the register from a column or the default, and notes a scheme it cannot keep', () => {
    const csv =
      'Ref,Name,Lat,Lon,Postcode,Type,ODS,Register\ng1,Surgery,51.5,-0.1,,health,y02625,\ng2,Charity,51.5,-0.1,,community,1234567,GB-CHC\ng3,Odd,51.5,-0.1,,community,77,no scheme!\ng4,None,51.5,-0.1,,community,,\n';
    const withDefault = parse(csv, { mapping: { ...mapping, registerCode: 'ODS', registerScheme: 'Register', defaultRegisterScheme: 'GB-NHS' } });
    expect(withDefault.records.map((r) => r.identifiers)).toEqual([[{ scheme: 'GB-NHS', value: 'Y02625' }], [{ scheme: 'GB-CHC', value: '1234567' }], [], []]);
    expect(withDefault.records[2]!.issues).toEqual([
      { field: 'Register', message: '"no scheme!" is not a register scheme code (such as GB-NHS): the code "77" is not kept' },
    ]);
    // Without a scheme for a row and no default, the code is noted and left out.
    const noDefault = parse(csv, { mapping: { ...mapping, registerCode: 'ODS', registerScheme: 'Register' } });
    expect(noDefault.records[0]!.identifiers).toEqual([]);
    expect(noDefault.records[0]!.issues[0]!.message).toBe('the register code "y02625" has no register scheme: not kept');
  });

  it('finds the postcode in an address column and hashes rows without an id column', () => {
    const csv = 'Name,Address,Kind\nHall,"1 High St, Gloucester GL1 2TG",community\nHall,"2 High St, Gloucester GL1 2TH",community\n';
    const parsed = parse(csv, { mapping: { name: 'Name', address: 'Address', category: 'Kind' } });
    expect(parsed.records.map((r) => r.postcode)).toEqual(['GL1 2TG', 'GL1 2TH']);
    expect(parsed.records[0]!.address).toBe('1 High St, Gloucester GL1 2TG');
    const [a, b] = parsed.records.map((r) => r.sourceId);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    // Stable between uploads.
    expect(parse(csv, { mapping: { name: 'Name', address: 'Address', category: 'Kind' } }).records[0]!.sourceId).toBe(a);
  });

  it('rejects a row whose id repeats an earlier row', () => {
    const parsed = parse('Ref,Name,Lat,Lon,Postcode,Type\nd,One,51.5,-0.1,,community\nd,Two,51.5,-0.1,,community\n');
    expect(parsed.records).toHaveLength(1);
    expect(parsed.rejected[0]!.issues[0]!.message).toBe('the id "d" is also on line 2');
  });

  it('refuses a file with more rows than maxRecords, changing nothing', () => {
    const rows = Array.from({ length: 11 }, (_, i) => `id${i},Name ${i},51.5,-0.1,,community`);
    const err = fileError(() => parse(['Ref,Name,Lat,Lon,Postcode,Type', ...rows].join('\n'), { maxRecords: 10 }));
    expect(err.message).toMatch(/one import takes at most 10/);
  });

  it('refuses a 200,000-row file quickly, reading only as far as the limit', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `id${i},Name ${i},51.5,-0.1,,community`);
    const started = performance.now();
    const err = fileError(() => parse(['Ref,Name,Lat,Lon,Postcode,Type', ...rows].join('\n'), { maxRecords: 50_000 }));
    expect(err.message).toMatch(/more than 50000 rows \(row 50001 is on line 50002\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
