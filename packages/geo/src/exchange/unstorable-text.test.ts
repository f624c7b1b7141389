import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile } from './parse.js';
import { baseOptions, total, utf8 } from './test-support.js';
import type { ParseImportOptions } from './types.js';

/*
 * Text PostgreSQL cannot store (a NUL, half a surrogate pair) inside a record: every reader's
 * record with it is rejected, naming the field, and the rest of the file is read as usual.
 */

let base: Omit<ParseImportOptions, 'format'>;
beforeAll(async () => {
  base = await baseOptions();
});

const point = '"geometry":{"type":"Point","coordinates":[-2.24,51.86]}';

describe('records with text that cannot be stored', () => {
  it('rejects a CSV row with a NUL byte, naming the field, and keeps the good rows', () => {
    const csv = 'Name,Postcode,Notes\nGood hall,GL1 2TG,fine\nBad\u0000hall,GL1 2TG,fine\nOther hall,GL1 2TG,not\u0000fine\n';
    const parsed = parseImportFile(utf8(csv), {
      ...base,
      format: 'csv',
      mapping: { name: 'Name', postcode: 'Postcode', description: 'Notes', defaultCategory: 'community' },
    });
    expect(parsed.records.map((r) => r.name)).toEqual(['Good hall']);
    expect(parsed.rejected).toMatchObject([
      { ref: 'line 3', line: 3, name: 'Bad\ufffdhall', issues: [{ field: 'name', message: /NUL character/ }] },
      { ref: 'line 4', line: 4, name: 'Other hall', issues: [{ field: 'description', message: /NUL character/ }] },
    ]);
    expect(parsed.rejected.every((r) => r.sourceId !== null && !r.sourceId.includes('\u0000'))).toBe(true);
  });

  it('rejects a GeoJSON feature whose JSON escapes make a lone surrogate or a NUL', () => {
    const file = `{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"a",${point},"properties":{"name":"Hall \\ud800","amenity":"community_centre"}},
      {"type":"Feature","id":"b",${point},"properties":{"name":"Hall","phone":"01452 \\u0000","amenity":"community_centre"}},
      {"type":"Feature","id":"c",${point},"properties":{"name":"Hall 😀","amenity":"community_centre"}}]}`;
    const parsed = parseImportFile(utf8(file), { ...base, format: 'auto', defaultCategory: 'community' });
    expect(total(parsed)).toBe(3);
    expect(parsed.records.map((r) => r.name)).toEqual(['Hall 😀']);
    expect(parsed.rejected.map((r) => [r.name, r.issues.map((i) => i.field)])).toEqual([
      ['Hall \ufffd', ['name']],
      ['Hall', ['phone']],
    ]);
  });

  it('rejects an OpenStreetMap node whose character references make a lone surrogate', () => {
    const xml =
      '<?xml version="1.0"?><osm version="0.6">' +
      '<node id="1" lat="51.86" lon="-2.24"><tag k="name" v="Hall &#xD800;"/><tag k="amenity" v="library"/></node>' +
      '<node id="2" lat="51.86" lon="-2.24"><tag k="name" v="Library &#x1F600;"/><tag k="amenity" v="library"/></node></osm>';
    const parsed = parseImportFile(utf8(xml), { ...base, format: 'auto' });
    expect(parsed.records.map((r) => r.name)).toEqual(['Library 😀']);
    expect(parsed.rejected).toMatchObject([{ name: 'Hall \ufffd', issues: [{ field: 'name' }] }]);
  });

  it('rejects an Open Referral service with a NUL in its description', () => {
    const place = [{ id: 'l1', name: 'Hall', latitude: 51.86, longitude: -2.24 }];
    const file = JSON.stringify([
      { id: 's1', name: 'Advice line', description: 'Call \u0000 us', status: 'active', locations: place },
      { id: 's2', name: 'Food bank', status: 'active', locations: place },
    ]);
    const parsed = parseImportFile(utf8(file), { ...base, format: 'auto', defaultCategory: 'community' });
    expect(parsed.records.map((r) => r.name)).toEqual(['Food bank']);
    expect(parsed.rejected).toMatchObject([{ name: 'Advice line', issues: [{ field: 'description' }] }]);
  });

  it('reads UTF-16 with a lone surrogate as text with a replacement character, not as a rejection', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name,Postcode\nHall \ud800,GL1 2TG\n', 'utf16le')]);
    const parsed = parseImportFile(bytes, { ...base, format: 'csv', mapping: { name: 'Name', postcode: 'Postcode', defaultCategory: 'community' } });
    expect(parsed.records.map((r) => r.name)).toEqual(['Hall \ufffd']);
  });
});
