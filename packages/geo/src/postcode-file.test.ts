import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { lonLatToBng } from './bng.js';
import { readPostcodes, residencePointsFromFile } from './postcode-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'geo-postcodes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The shipped file's layout, with a postcode that has no LSOA and one that has no coordinates.
const csv = [
  'postcode,lat,lon,lsoa21cd,lad24cd,wd24cd,coord_src,codes_src',
  'S1 2HE,53.38110,-1.47010,E01033264,E08000019,E05010863,N,N',
  'S1 2HH,53.38510,-1.46010,E01033264,E08000019,E05010863,N,N',
  'E1W 1BE,51.50516,-0.06997,,E09000030,,N,C',
  'ZZ9 9ZZ,,,E01000001,E09000001,,N,N',
  '',
].join('\n');

describe('readPostcodes', () => {
  it('streams a gzipped file, skipping rows without coordinates', async () => {
    const file = path.join(dir, 'postcodes.csv.gz');
    writeFileSync(file, gzipSync(csv));
    const rows = [];
    for await (const row of readPostcodes(file)) rows.push(row);
    expect(rows).toEqual([
      { postcode: 'S1 2HE', lat: 53.3811, lon: -1.4701, lsoa: 'E01033264' },
      { postcode: 'S1 2HH', lat: 53.3851, lon: -1.4601, lsoa: 'E01033264' },
      { postcode: 'E1W 1BE', lat: 51.50516, lon: -0.06997, lsoa: null },
    ]);
  });

  it('reads plain CSV too, and names a missing column', async () => {
    const file = path.join(dir, 'postcodes.csv');
    writeFileSync(file, csv);
    let count = 0;
    for await (const _row of readPostcodes(file)) count++;
    expect(count).toBe(3);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'postcode,latitude,lon,lsoa21cd\n');
    await expect(async () => {
      for await (const _row of readPostcodes(bad)) count++;
    }).rejects.toThrow('no column lat');
  });
});

describe('residencePointsFromFile', () => {
  it('gives each LSOA the grid mean of its postcodes', async () => {
    const file = path.join(dir, 'postcodes.csv.gz');
    writeFileSync(file, gzipSync(csv));
    const points = await residencePointsFromFile(file, new Map([['E01000001', { e: 530000, n: 180000 }]]));
    const p1 = lonLatToBng(-1.4701, 53.3811);
    const p2 = lonLatToBng(-1.4601, 53.3851);
    expect(points.get('E01033264')).toEqual({ lsoa: 'E01033264', e: (p1.e + p2.e) / 2, n: (p1.n + p2.n) / 2, postcodes: 2, source: 'postcodes' });
    // ZZ9 9ZZ has no coordinates, so its LSOA falls back to the point-on-surface.
    expect(points.get('E01000001')).toMatchObject({ source: 'point-on-surface', postcodes: 0 });
    expect(points.size).toBe(2);
  });
});
