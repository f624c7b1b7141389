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
