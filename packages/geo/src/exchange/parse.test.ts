import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile, sniffImportFormat } from './parse.js';
import { schedulesToHours } from './schedules.js';
import { baseOptions, utf8 } from './test-support.js';
import type { ParseImportOptions } from './types.js';

let base: Omit<ParseImportOptions, 'format'>;
beforeAll(async () => {
  base = await baseOptions();
});

describe('parseImportFile', () => {
  it('refuses JSON nested deeper than any import format needs, before parsing it, naming where', () => {
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`;
    expect(() => parseImportFile(utf8(deep), { ...base, format: 'auto' })).toThrow(/nests deeper than 64 levels \(at line 1, column \d+\)/);
    // Brackets inside strings are text, not nesting.
    const inText = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-2.24, 53.48] }, properties: { name: `Hall ${'['.repeat(500)}`, category: 'community' } },
      ],
    });
    expect(parseImportFile(utf8(inText), { ...base, format: 'auto' }).records).toHaveLength(1);
  });

  it('names the cell count of a row whose values spilled into extra columns, instead of a shifted value', () => {
    const csv = 'Name,Address,Lat,Lon\nHall,1 High St, Brentford,51.48,-0.30\nRoom,2 Low St,51.48,-0.30,,\n';
    const parsed = parseImportFile(utf8(csv), {
      ...base,
      format: 'csv',
      mapping: { name: 'Name', address: 'Address', lat: 'Lat', lon: 'Lon', defaultCategory: 'community' },
    });
    expect(parsed.rejected[0]!.issues[0]).toEqual({
      field: null,
      message: '5 cells where the header has 4: its values are in the wrong columns (an unquoted comma or quote?)',
    });
    expect(parsed.records[0]!.issues).toContainEqual({ field: null, message: '6 cells where the header has 4' });
  });

  it('refuses empty files and files with no records', () => {
    expect(() => parseImportFile(utf8('  \n'), { ...base, format: 'auto' })).toThrow('The file is empty.');
    expect(() => parseImportFile(utf8('{"type":"FeatureCollection","features":[]}'), { ...base, format: 'auto' })).toThrow(
      'The file holds no records to import.',
    );
    expect(() =>
      parseImportFile(utf8('Name,Postcode\n'), { ...base, format: 'csv', mapping: { name: 'Name', postcode: 'Postcode', defaultCategory: 'community' } }),
    ).toThrow('The file holds no records to import.');
  });

  it('reads semicolon- and tab-separated spreadsheets exported as CSV', () => {
    const mapping = { name: 'Name', postcode: 'Postcode', defaultCategory: 'community' as const };
    for (const sep of [';', '\t']) {
      const bytes = utf8(`Name${sep}Postcode\nHall${sep}GL1 2TG\n`);
      expect(sniffImportFormat(bytes)).toBe('csv');
      const parsed = parseImportFile(bytes, { ...base, format: 'auto', mapping });
      expect(parsed.columns).toEqual(['Name', 'Postcode']);
      expect(parsed.records[0]).toMatchObject({ name: 'Hall', postcode: 'GL1 2TG', precision: 'postcode' });
    }
  });

  it('reads ORUK v1 regular_schedules (one weekday per row)', () => {
    expect(
      schedulesToHours([
        { weekday: 'Monday', opens_at: '09:00', closes_at: '12:00' },
        { weekday: 'Monday', opens_at: '13:00', closes_at: '17:00' },
        { weekday: 'Tuesday', opens_at: '09:00', closes_at: '12:00' },
      ]),
    ).toEqual({ openingHours: 'Mo 09:00-12:00,13:00-17:00; Tu 09:00-12:00', note: null });
  });

  it('maps OSM tags and taxonomy terms only to categories that exist', () => {
    const codes = new Set(base.categories.map((c) => c.code));
    expect(base.osmTags.length).toBeGreaterThan(40);
    expect(base.taxonomy.length).toBeGreaterThan(40);
    expect([...base.osmTags, ...base.taxonomy].filter((m) => !codes.has(m.categoryCode))).toEqual([]);
  });

  it('keeps the exchange entry point free of Node APIs, so the browser can use it', () => {
    const dir = new URL('./', import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-support.ts');
    for (const file of sources) {
      const imports = [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^fs$|^path$|data-files|asset-files\/(index|readers|exchange-tables)/);
      }
    }
  });
});
