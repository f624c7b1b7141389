import type { Suggestion } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { areaLabel, isAreaSuggestion, withArea, withoutArea } from './area-limits.js';

const place = (placeKind: 'postcode' | 'ward' | 'lsoa' | 'local_authority' | 'district'): Suggestion => ({
  kind: 'place',
  placeKind,
  value: 'E05010950',
  label: 'Westgate',
  detail: null,
  location: { type: 'Point', coordinates: [-2.25, 51.86] },
});

describe('area limits', () => {
  it('takes wards, councils and LSOAs, not postcodes, categories or assets', () => {
    expect(isAreaSuggestion(place('ward'))).toBe(true);
    expect(isAreaSuggestion(place('lsoa'))).toBe(true);
    expect(isAreaSuggestion(place('local_authority'))).toBe(true);
    expect(isAreaSuggestion(place('postcode'))).toBe(false);
    expect(isAreaSuggestion(place('district'))).toBe(false);
    expect(isAreaSuggestion({ kind: 'category', code: 'food', label: 'Food', detail: null })).toBe(false);
  });

  it('adds an area once and removes it', () => {
    const limits = [{ code: 'E05010950', name: 'Westgate' }];
    expect(withArea(limits, 'E07000081')).toEqual(['E05010950', 'E07000081']);
    expect(withArea(limits, 'E05010950')).toEqual(['E05010950']);
    expect(withoutArea(limits, 'E05010950')).toEqual([]);
  });

  it('reads an area by name and code, or by code when it has no name', () => {
    expect(areaLabel({ code: 'E05010950', name: 'Westgate' })).toBe('Westgate (E05010950)');
    expect(areaLabel({ code: 'E05010950', name: 'E05010950' })).toBe('E05010950');
  });
});
