import { describe, expect, it } from 'vitest';
import {
  ageRangeText,
  decileWords,
  displayUrl,
  formatCount,
  formatDate,
  licenceName,
  openingHoursLines,
  plural,
  precisionText,
  rankText,
  safeWebUrl,
  telHref,
} from './format.js';

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(33755)).toBe('33,755');
  });
});

describe('formatDate', () => {
  it('writes an ISO date in British order with the month in words', () => {
    expect(formatDate('2025-10-30')).toBe('30 October 2025');
  });

  it('does not shift a date across midnight in any time zone', () => {
    expect(formatDate('2021-12-01')).toBe('1 December 2021');
  });

  it('writes a year-month as month and year', () => {
    expect(formatDate('2024-03')).toBe('March 2024');
  });

  it('accepts a full timestamp', () => {
    expect(formatDate('2025-06-01T12:00:00.000Z')).toBe('1 June 2025');
  });

  it('returns text it cannot read unchanged', () => {
    expect(formatDate('spring 2024')).toBe('spring 2024');
  });
});

describe('decileWords and rankText', () => {
  it('say deciles the way MHCLG does', () => {
    expect(decileWords(1)).toBe('Most deprived 10%');
    expect(decileWords(3)).toBe('20–30% most deprived');
    expect(decileWords(10)).toBe('Least deprived 10%');
  });

  it('say "No data" for a missing decile', () => {
    expect(decileWords(null)).toBe('No data');
  });

  it('give a rank out of the number of areas', () => {
    expect(rankText(1203, 33755)).toBe('1,203 of 33,755');
    expect(rankText(5, null)).toBe('5');
    expect(rankText(null, 33755)).toBeNull();
  });
});

describe('precisionText', () => {
  it('tells a postcode-centroid pin apart from an exact one', () => {
    expect(precisionText('postcode')).toContain('postcode centroid');
    expect(precisionText('exact')).toContain('site itself');
  });
});

describe('openingHoursLines', () => {
  it('splits OSM rules onto lines without rewriting them', () => {
    expect(openingHoursLines('Mo-Fr 09:00-17:00; Sa 10:00-12:00;')).toEqual(['Mo-Fr 09:00-17:00', 'Sa 10:00-12:00']);
  });
});

describe('safeWebUrl', () => {
  it('keeps an https address', () => {
    expect(safeWebUrl('https://example.org/food')).toBe('https://example.org/food');
  });

  it('adds https to a bare host', () => {
    expect(safeWebUrl('www.example.org')).toBe('https://www.example.org/');
  });

  it('refuses script and other non-web schemes', () => {
    expect(safeWebUrl('javascript:alert(1)')).toBeNull();
    expect(safeWebUrl('mailto:a@b.org')).toBeNull();
  });

  it('refuses text that is not an address', () => {
    expect(safeWebUrl('see our leaflet')).toBeNull();
    expect(safeWebUrl(null)).toBeNull();
  });
});

describe('displayUrl', () => {
  it('drops the scheme, www and trailing slash', () => {
    expect(displayUrl('https://www.example.org/')).toBe('example.org');
  });
});

describe('telHref', () => {
  it('keeps digits and a leading plus', () => {
    expect(telHref('+44 (0)1452 123 456')).toBe('tel:+4401452123456');
    expect(telHref('01452 123456')).toBe('tel:01452123456');
  });
});

describe('licenceName', () => {
  it('names known licences and passes others through', () => {
    expect(licenceName('OGL-UK-3.0')).toBe('Open Government Licence v3.0');
    expect(licenceName('Custom-1')).toBe('Custom-1');
  });
});

describe('plural and ageRangeText', () => {
  it('pluralises counts', () => {
    expect(plural(1, 'asset')).toBe('1 asset');
    expect(plural(1200, 'asset')).toBe('1,200 assets');
  });

  it('describes age limits', () => {
    expect(ageRangeText(16, 25)).toBe('Ages 16–25');
    expect(ageRangeText(65, null)).toBe('Ages 65 and over');
    expect(ageRangeText(null, 11)).toBe('Ages up to 11');
    expect(ageRangeText(null, null)).toBeNull();
  });
});
