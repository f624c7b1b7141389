import { describe, expect, it } from 'vitest';
import {
  EMPTY_SEARCH,
  MAX_RESULT_PAGES,
  hasSearch,
  mapHash,
  parseMapHash,
  isPage,
  parseRoute,
  parseSearch,
  searchKey,
  searchToApiParams,
  searchToQueryString,
} from './url-state.js';

describe('url state', () => {
  it('reads the page from the path', () => {
    expect(parseRoute('/')).toEqual({ page: 'map' });
    expect(parseRoute('/gaps')).toEqual({ page: 'gaps' });
    expect(parseRoute('/gaps/')).toEqual({ page: 'gaps' });
    expect(parseRoute('/areas/mine')).toEqual({ page: 'my-areas' });
    expect(parseRoute('/areas/new')).toEqual({ page: 'new-area' });
    expect(parseRoute('/areas/custom/f5ea4ea0-d7cc-5128-b384-c505bce2939c')).toEqual({ page: 'custom-area', id: 'f5ea4ea0-d7cc-5128-b384-c505bce2939c' });
    expect(parseRoute('/areas/custom/f5ea4ea0-d7cc-5128-b384-c505bce2939c/report')).toEqual({
      page: 'area-report',
      id: 'f5ea4ea0-d7cc-5128-b384-c505bce2939c',
    });
    expect(parseRoute('/assets/f5ea4ea0-d7cc-5128-b384-c505bce2939c')).toEqual({ page: 'asset', id: 'f5ea4ea0-d7cc-5128-b384-c505bce2939c' });
    expect(parseRoute('/embed')).toEqual({ page: 'embed' });
    expect(parseRoute('/nowhere/else')).toEqual({ page: 'map' });
  });

  it('reads the contribute and account pages, with or without a trailing slash', () => {
    expect(parseRoute('/add')).toEqual({ page: 'add' });
    expect(parseRoute('/account/')).toEqual({ page: 'account' });
    expect(parseRoute('/me/submissions')).toEqual({ page: 'submissions' });
    expect(parseRoute('/moderation')).toEqual({ page: 'moderation' });
    expect(parseRoute('/admin/')).toEqual({ page: 'admin' });
    expect(parseRoute('/privacy')).toEqual({ page: 'privacy' });
    expect(isPage(parseRoute('/privacy'))).toBe(true);
    expect(isPage(parseRoute('/embed'))).toBe(false);
  });

  it('round-trips a search through the query string', () => {
    const state = { ...EMPTY_SEARCH, q: 'food', place: 'M1', category: 'food', openNow: true, free: true };
    const text = searchToQueryString(state);
    expect(text).toBe('?q=food&place=M1&category=food&open=1&free=1');
    expect(parseSearch(text)).toEqual(state);
    expect(searchToQueryString(EMPTY_SEARCH)).toBe('');
  });

  it('round-trips an area search, by code or by name', () => {
    for (const area of ['E05011234', 'Sheffield 001A']) {
      const state = { ...EMPTY_SEARCH, q: 'youth', area };
      expect(parseSearch(searchToQueryString(state))).toEqual(state);
      expect(hasSearch({ ...EMPTY_SEARCH, area })).toBe(true);
    }
    expect(searchToQueryString({ ...EMPTY_SEARCH, area: 'E08000019' })).toBe('?area=E08000019');
  });

  it('keeps one place: an area in the address wins over a postcode', () => {
    expect(parseSearch('?place=M1&area=E08000003')).toMatchObject({ place: '', area: 'E08000003' });
    expect(searchToQueryString({ ...EMPTY_SEARCH, place: 'M1', area: 'E08000003' })).toBe('?area=E08000003');
  });

  it('keeps the pages shown in the address, leaving out the first and capping junk', () => {
    expect(searchToQueryString({ ...EMPTY_SEARCH, q: 'food', pages: 1 })).toBe('?q=food');
    expect(searchToQueryString({ ...EMPTY_SEARCH, q: 'food', pages: 3 })).toBe('?q=food&pages=3');
    expect(parseSearch('?q=food&pages=3').pages).toBe(3);
    expect(parseSearch('?q=food').pages).toBe(1);
    for (const junk of ['0', '-2', '1.5', 'x', '']) expect(parseSearch(`?q=food&pages=${junk}`).pages).toBe(1);
    expect(parseSearch('?q=food&pages=9999').pages).toBe(MAX_RESULT_PAGES);
  });

  it('gives the same key to a search however many pages it shows', () => {
    const search = { ...EMPTY_SEARCH, q: 'food', area: 'E05011234' };
    expect(searchKey({ ...search, pages: 4 })).toBe(searchKey(search));
    expect(searchKey({ ...search, q: 'foods' })).not.toBe(searchKey(search));
  });

  it('ignores a malformed bbox', () => {
    expect(parseSearch('?bbox=1,2,x,4').bbox).toBeNull();
    expect(parseSearch('?bbox=-2.3,53.4,-2.2,53.5').bbox).toEqual([-2.3, 53.4, -2.2, 53.5]);
  });

  it('maps the search onto the API’s parameters', () => {
    const params = searchToApiParams({ ...EMPTY_SEARCH, q: 'food', place: 'M1', wheelchair: true }, { pageSize: 50 });
    expect(params.toString()).toBe('q=food&postcode=M1&wheelchair=yes&page_size=50');
  });

  it('round-trips what residents say of a place and sends it to the API (issue 17)', () => {
    const state = { ...EMPTY_SEARCH, place: 'GL1', carers: true, volunteers: true, language: 'Urdu' };
    const text = searchToQueryString(state);
    expect(text).toBe('?place=GL1&carers=1&volunteers=1&language=Urdu');
    expect(parseSearch(text)).toEqual(state);
    expect(hasSearch({ ...EMPTY_SEARCH, language: 'Polish' })).toBe(true);
    expect(searchToApiParams(state, { pageSize: 20 }).toString()).toBe('postcode=GL1&carers_welcome=true&volunteers_wanted=true&language=Urdu&page_size=20');
  });

  it('sends an area as area= and asks for the page wanted', () => {
    const params = searchToApiParams({ ...EMPTY_SEARCH, area: 'E05011234', pages: 3 }, { page: 2, pageSize: 20 });
    expect(params.toString()).toBe('area=E05011234&page=2&page_size=20');
  });

  it('round-trips the map view through the hash and rejects junk', () => {
    expect(parseMapHash(mapHash({ zoom: 12.5, lat: 53.4775, lon: -2.2362 }))).toEqual({ zoom: 12.5, lat: 53.4775, lon: -2.2362 });
    expect(parseMapHash('#map=abc')).toBeNull();
    expect(parseMapHash('')).toBeNull();
  });
});

describe('a place that is not a postcode', () => {
  it('is searched as a named area, so /embed?place=Sheffield works', async () => {
    const { searchToApiParams, parseSearch, looksLikePostcode } = await import('./url-state.js');
    expect(['GL1 2TG', 'GL1 2', 'GL1', 'sw1a1aa', 'M1'].every(looksLikePostcode)).toBe(true);
    expect(['Sheffield', 'Gloucester 005A', 'E01022288'].some(looksLikePostcode)).toBe(false);
    expect(searchToApiParams(parseSearch('?place=Sheffield'), { pageSize: 20 }).get('area')).toBe('Sheffield');
    expect(searchToApiParams(parseSearch('?place=GL1+2TG'), { pageSize: 20 }).get('postcode')).toBe('GL1 2TG');
  });
});
