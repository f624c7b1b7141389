import { describe, expect, it } from 'vitest';
import type { AssetCandidate } from './candidate.js';
import { distanceMetres, groupDuplicates, isSameAsset, mergeGroup } from './dedupe.js';
import { nameSimilarity, normaliseName } from './names.js';

const base: AssetCandidate = {
  source: 'a',
  sourceId: '1',
  name: 'Blackrod Library',
  categoryCode: 'library',
  lon: -2.58651,
  lat: 53.594458,
  precision: 'exact',
};

/** A point `metres` north of another. */
const north = (c: AssetCandidate, metres: number): AssetCandidate => ({ ...c, lat: c.lat + metres / 111_195 });

describe('name matching', () => {
  it('normalises case, punctuation, "&" and "Saint"', () => {
    expect(normaliseName("St. Mary's Church & Hall")).toBe('st mary s church and hall');
    expect(normaliseName('Saint Mary’s church and hall')).toBe('st mary s church and hall');
  });

  it('scores identical names 1 and unrelated names near 0, like pg_trgm', () => {
    expect(nameSimilarity('Blackrod Library', 'BLACKROD LIBRARY')).toBe(1);
    expect(nameSimilarity('Blackrod Library', 'Salford Foodbank')).toBeLessThan(0.2);
    expect(nameSimilarity('Bolton Central Library', 'Central Library, Bolton')).toBeGreaterThan(0.8);
  });
});

describe('isSameAsset', () => {
  it('matches similar names of one category within 50 m', () => {
    expect(isSameAsset(base, { ...north(base, 40), source: 'b', name: 'Blackrod library' })).toBe(true);
    expect(isSameAsset(base, { ...north(base, 60), source: 'b' })).toBe(false);
  });

  it('allows 250 m when either is only a postcode centroid', () => {
    expect(isSameAsset(base, { ...north(base, 200), source: 'b', precision: 'postcode' })).toBe(true);
    expect(isSameAsset(base, { ...north(base, 300), source: 'b', precision: 'postcode' })).toBe(false);
  });

  it('never matches across categories or dissimilar names', () => {
    expect(isSameAsset(base, { ...base, source: 'b', categoryCode: 'community-centre' })).toBe(false);
    expect(isSameAsset(base, { ...base, source: 'b', name: 'Horwich Library' })).toBe(false);
  });
});

describe('groupDuplicates and mergeGroup', () => {
  it('merges records from different sources, never two records of one source', () => {
    const groups = groupDuplicates([
      base,
      { ...base, sourceId: '2' },
      { ...north(base, 10), source: 'b', sourceId: 'x', precision: 'postcode', openingHours: 'Mo 09:00-17:00' },
    ]);
    expect(groups.map((g) => g.map((c) => `${c.source}:${c.sourceId}`))).toEqual([['a:1', 'b:x'], ['a:2']]);
  });

  it('keeps the most exact location and fills fields from later sources', () => {
    const merged = mergeGroup([
      { ...base, precision: 'postcode', lat: 53.6, email: 'a@example.org' },
      { ...base, source: 'b', lat: 53.5945, openingHours: 'Mo 09:00-17:00', email: 'b@example.org' },
    ]);
    expect(merged).toMatchObject({ source: 'a', lat: 53.5945, precision: 'exact', openingHours: 'Mo 09:00-17:00', email: 'a@example.org' });
  });

  it('measures distances in metres', () => {
    expect(distanceMetres(base, north(base, 100))).toBeCloseTo(100, 0);
  });
});
