import { describe, expect, it } from 'vitest';
import { AssetListQuery, BBox, LsoaCode, TileParams } from './index.js';

describe('TileParams', () => {
  it('parses z/x/y.mvt into numbers', () => {
    expect(TileParams.parse({ z: '6', x: '31', y: '21.mvt' })).toEqual({ z: 6, x: 31, y: 21 });
  });

  it.each([
    [{ z: '6', x: '64', y: '1.mvt' }, 'x'],
    [{ z: '6', x: '1', y: '64.mvt' }, 'y'],
    [{ z: '23', x: '0', y: '0.mvt' }, 'z'],
    [{ z: '6', x: '1', y: '1.png' }, 'y'],
    [{ z: '6', x: '-1', y: '1.mvt' }, 'x'],
  ])('rejects %o, naming %s', (input, path) => {
    const result = TileParams.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toContain(path);
  });
});

describe('BBox', () => {
  it('parses minLon,minLat,maxLon,maxLat', () => {
    expect(BBox.parse('-2.27,51.85,-2.22,51.88')).toEqual([-2.27, 51.85, -2.22, 51.88]);
  });

  it.each(['1,2,3', 'a,b,c,d', '3,2,1,4', '-200,0,0,1', '0,0,0,0'])('rejects %s', (value) => {
    expect(BBox.safeParse(value).success).toBe(false);
  });
});

describe('AssetListQuery', () => {
  it('defaults the page size and caps it at 1000', () => {
    expect(AssetListQuery.parse({}).limit).toBe(200);
    expect(AssetListQuery.safeParse({ limit: '1001' }).success).toBe(false);
  });
});

describe('LsoaCode', () => {
  it('accepts English LSOA codes only', () => {
    expect(LsoaCode.safeParse('E01000001').success).toBe(true);
    expect(LsoaCode.safeParse('W01000001').success).toBe(false);
    expect(LsoaCode.safeParse('E0100001').success).toBe(false);
  });
});
