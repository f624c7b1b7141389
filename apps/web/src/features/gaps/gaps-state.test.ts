import { describe, expect, it } from 'vitest';
import { csvPath, DEFAULT_GAPS_STATE, gapsHref, layerPath, listPath, parseGapsState, toggleSort } from './gaps-state.js';

describe('Gaps view address', () => {
  it('is /gaps with nothing else for the defaults, and parses back to them', () => {
    expect(gapsHref(DEFAULT_GAPS_STATE)).toBe('/gaps');
    expect(parseGapsState('')).toEqual(DEFAULT_GAPS_STATE);
  });

  it('round-trips every setting, the order, the page and the open LSOA', () => {
    const state = {
      ...DEFAULT_GAPS_STATE,
      category: 'food-bank',
      domain: 'income',
      area: 'Sheffield',
      measure: 'count_800' as const,
      deprivedDeciles: 3,
      worstFraction: 0.25,
      noneWithin: 1200,
      sort: 'nearest' as const,
      order: 'desc' as const,
      page: 2,
      lsoa: 'E01007321',
    };
    const href = gapsHref(state);
    expect(href).toBe(
      '/gaps?category=food-bank&domain=income&area=Sheffield&measure=count_800&deprived_deciles=3&worst_fraction=0.25&none_within=1200&sort=nearest&order=desc&page=3&lsoa=E01007321',
    );
    expect(parseGapsState(href.slice('/gaps'.length))).toEqual(state);
  });

  it('falls back to the defaults for malformed values instead of failing', () => {
    const state = parseGapsState('?measure=count_900&deprived_deciles=0&worst_fraction=2&none_within=abc&sort=colour&order=up&page=-1');
    expect(state).toEqual(DEFAULT_GAPS_STATE);
  });

  it('asks the API for one page in the chosen order, the CSV of every row, and the layer without paging', () => {
    const state = { ...DEFAULT_GAPS_STATE, category: 'library', area: 'E08000019', sort: 'population' as const, order: 'desc' as const, page: 1 };
    expect(listPath(state)).toBe('/api/gaps?category=library&area=E08000019&sort=population&order=desc&limit=100&offset=100');
    expect(csvPath(state)).toBe('/api/gaps?category=library&area=E08000019&sort=population&order=desc&format=csv');
    expect(layerPath(state)).toBe('/api/gaps/layer?category=library&area=E08000019');
    expect(layerPath(DEFAULT_GAPS_STATE)).toBe('/api/gaps/layer');
  });
});

describe('toggleSort', () => {
  it('starts a new column at its worst end and back on the first page', () => {
    const base = { ...DEFAULT_GAPS_STATE, page: 4 };
    expect(toggleSort(base, 'nearest')).toMatchObject({ sort: 'nearest', order: 'desc', page: 0 });
    expect(toggleSort(base, 'count_800')).toMatchObject({ sort: 'count_800', order: 'asc' });
    expect(toggleSort(base, 'population')).toMatchObject({ sort: 'population', order: 'desc' });
  });

  it('flips the order of the column already sorted by', () => {
    const once = toggleSort(DEFAULT_GAPS_STATE, 'nearest');
    expect(toggleSort(once, 'nearest')).toMatchObject({ sort: 'nearest', order: 'asc' });
    expect(toggleSort(DEFAULT_GAPS_STATE, 'priority')).toMatchObject({ sort: 'priority', order: 'desc' });
  });
});
