import { describe, expect, it } from 'vitest';
import type { AssetCandidate } from './candidate.js';
import { distanceMetres, groupDuplicates, isSameAsset, mergeGroup } from './dedupe.js';
import { namesMatch, nameSimilarity, normaliseName, sameName } from './names.js';

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

describe('namesMatch', () => {
  it('matches a register that names a library by its place alone ("Marple" and "Marple Library")', () => {
    expect(nameSimilarity('Marple', 'Marple Library')).toBeLessThan(0.5);
    expect(namesMatch('Marple', 'Marple Library', 'library')).toBe(true);
    expect(namesMatch('Hyde', 'Hyde Library', 'library')).toBe(true);
  });

  it('matches when one name’s distinctive words are all in the other', () => {
    expect(namesMatch('Partington', 'Partington Library and Wellbeing Centre', 'library')).toBe(true);
    expect(namesMatch('Old Trafford', 'Old Trafford Library at Limelight', 'library')).toBe(true);
  });

  it('keeps different places apart', () => {
    expect(namesMatch('Hale', 'Sale Library', 'library')).toBe(false);
    expect(namesMatch('Sale', 'Trafford Local Studies Centre', 'library')).toBe(false);
    expect(namesMatch('Castle Surgery', 'Riverside Surgery', 'gp-practice')).toBe(false);
  });

  it('says which names are the very same once the category’s words are left out', () => {
    expect(sameName('Bolton Central Library', 'BOLTON CENTRAL LIBRARY', 'library')).toBe(true);
    expect(sameName('Tyldesley', 'Tyldesley Library', 'library')).toBe(true);
    expect(sameName('Library', 'Library', 'library')).toBe(false);
    // A category's generic words are its own: a community centre called "Tyldesley Library" is another name.
    expect(sameName('Tyldesley', 'Tyldesley Library', 'community-centre')).toBe(false);
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

  it('matches the same postcode at any distance when either is a postcode pin', () => {
    const far = { ...north(base, 740), source: 'b', precision: 'postcode' as const, postcode: 'SK14 6NT' };
    expect(isSameAsset({ ...base, postcode: 'SK14 6NT' }, far)).toBe(true);
    expect(isSameAsset({ ...base, postcode: 'SK14 3EQ' }, far)).toBe(false);
  });

  it('allows 500 m for the very same name when neither is a chain’s (the loader knows which names are unique)', () => {
    const pin = { ...north(base, 420), source: 'b', precision: 'postcode' as const };
    const unique = { uniqueName: () => true };
    expect(isSameAsset(base, pin)).toBe(false);
    expect(isSameAsset(base, pin, unique)).toBe(true);
    expect(isSameAsset(base, pin, { uniqueName: () => false })).toBe(false);
    expect(isSameAsset(base, { ...north(base, 520), source: 'b', precision: 'postcode' }, unique)).toBe(false);
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

  it('gives a group the record that fits it best, not the first one read: the open site before the closed one', () => {
    const gm = { ...base, source: 'gm', sourceId: 'Hattersley Library', name: 'Hattersley Library', postcode: 'SK14 6NT' };
    const closedSite = {
      ...north(base, 420),
      source: 'register',
      sourceId: 'old',
      name: 'Hattersley',
      precision: 'postcode' as const,
      postcode: 'SK14 3EQ',
      lifecycleStatus: 'defunct' as const,
    };
    const openSite = { ...north(base, 740), source: 'register', sourceId: 'new', name: 'Hattersley', precision: 'postcode' as const, postcode: 'SK14 6NT' };
    const groups = groupDuplicates([gm, closedSite, openSite]);
    expect(groups.map((g) => g.map((c) => c.sourceId))).toEqual([['Hattersley Library', 'new'], ['old']]);
  });

  it('does not stretch to 500 m for a chain’s name', () => {
    const ods = (id: string, metres: number) => ({
      ...north(base, metres),
      source: 'ods',
      sourceId: id,
      name: 'ROWLANDS PHARMACY',
      categoryCode: 'pharmacy',
      precision: 'postcode' as const,
    });
    const osm = { ...base, source: 'osm', sourceId: 'node/1', name: 'Rowlands Pharmacy', categoryCode: 'pharmacy' };
    expect(groupDuplicates([ods('FA1', 400), ods('FA2', 5000), osm])).toHaveLength(3);
    expect(groupDuplicates([ods('FA1', 400), osm])).toHaveLength(1);
  });

  it('keeps the most exact location and fills fields from later sources', () => {
    const merged = mergeGroup([
      { ...base, precision: 'postcode', lat: 53.6, email: 'a@example.org' },
      { ...base, source: 'b', lat: 53.5945, openingHours: 'Mo 09:00-17:00', email: 'b@example.org' },
    ]);
    expect(merged).toMatchObject({ source: 'a', lat: 53.5945, precision: 'exact', openingHours: 'Mo 09:00-17:00', email: 'a@example.org' });
    const withCapacity = mergeGroup([
      { ...base, nationalId: { scheme: 'GB-NHS', id: 'FA002' } },
      { ...base, source: 'b', capacity: { value: 40.5, unit: 'opening hours per week' } },
    ]);
    expect(withCapacity).toMatchObject({ capacity: { value: 40.5, unit: 'opening hours per week' }, nationalId: { scheme: 'GB-NHS', id: 'FA002' } });
  });

  it('measures distances in metres', () => {
    expect(distanceMetres(base, north(base, 100))).toBeCloseTo(100, 0);
  });
});
