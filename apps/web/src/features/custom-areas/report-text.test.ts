import type { DataSource } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { creditedSources, labelLines } from './report-text.js';

describe('labelLines', () => {
  it('keeps a short label on one line', () => {
    expect(labelLines('Health')).toEqual(['Health']);
    expect(labelLines('Community groups and spaces'.slice(0, 26))).toHaveLength(1);
  });

  it('breaks a long label between words, never cutting its start', () => {
    expect(labelLines('Community groups and spaces and more')).toEqual(['Community groups and', 'spaces and more']);
    expect(labelLines('Money, debt and benefits advice')).toEqual(['Money, debt and benefits', 'advice']);
  });

  it('ends a second line that is still too long with an ellipsis', () => {
    const [first, second] = labelLines('Aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll');
    expect(first).toBe('Aaaa bbbb cccc dddd eeee');
    expect(second).toHaveLength(26);
    expect(second?.endsWith('…')).toBe(true);
  });
});

describe('creditedSources', () => {
  const source = (code: string, records: number | null): DataSource => ({
    code,
    name: code,
    publisher: 'p',
    licence: records === null ? 'OGL-UK-3.0' : 'unknown',
    attribution: '',
    sourceDate: '2026-01-01',
    url: null,
    coverage: { england: true, localAuthorities: [], categories: records === null ? [] : ['library'], completeness: 'partial' },
    records,
  });

  it('credits the area data always and a list of places only when it gives an asset inside', () => {
    const sources = [source('mhclg-iod2025', null), source('osm-gloucestershire', 3455), source('test-import', 4), source('libraries-register', 3337)];
    const credited = creditedSources(sources, [
      { code: 'osm-gloucestershire', assets: 12 },
      { code: 'common-ground', assets: 1 },
    ]);
    expect(credited.map((s) => s.code)).toEqual(['mhclg-iod2025', 'osm-gloucestershire']);
  });
});
