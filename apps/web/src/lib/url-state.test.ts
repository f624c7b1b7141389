import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, mapHash, parseMapHash, parseRoute, parseSearch, searchToApiParams, searchToQueryString } from './url-state.js';

describe('url state', () => {
  it('reads the page from the path', () => {
    expect(parseRoute('/')).toEqual({ page: 'map' });
    expect(parseRoute('/assets/f5ea4ea0-d7cc-5128-b384-c505bce2939c')).toEqual({ page: 'asset', id: 'f5ea4ea0-d7cc-5128-b384-c505bce2939c' });
    expect(parseRoute('/embed')).toEqual({ page: 'embed' });
    expect(parseRoute('/nowhere/else')).toEqual({ page: 'map' });
  });

  it('round-trips a search through the query string', () => {
    const state = { ...EMPTY_SEARCH, q: 'food', place: 'M1', category: 'food', openNow: true, free: true };
    const text = searchToQueryString(state);
    expect(text).toBe('?q=food&place=M1&category=food&open=1&free=1');
    expect(parseSearch(text)).toEqual(state);
    expect(searchToQueryString(EMPTY_SEARCH)).toBe('');
  });

  it('ignores a malformed bbox', () => {
    expect(parseSearch('?bbox=1,2,x,4').bbox).toBeNull();
    expect(parseSearch('?bbox=-2.3,53.4,-2.2,53.5').bbox).toEqual([-2.3, 53.4, -2.2, 53.5]);
  });

  it('maps the search onto the API’s parameters', () => {
    const params = searchToApiParams({ ...EMPTY_SEARCH, q: 'food', place: 'M1', wheelchair: true }, 50);
    expect(params.toString()).toBe('q=food&postcode=M1&wheelchair=yes&page_size=50');
  });

  it('round-trips the map view through the hash and rejects junk', () => {
    expect(parseMapHash(mapHash({ zoom: 12.5, lat: 53.4775, lon: -2.2362 }))).toEqual({ zoom: 12.5, lat: 53.4775, lon: -2.2362 });
    expect(parseMapHash('#map=abc')).toBeNull();
    expect(parseMapHash('')).toBeNull();
  });
});
