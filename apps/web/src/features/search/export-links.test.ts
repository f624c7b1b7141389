import { EXPORT_MAX_ASSETS } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, searchToApiParams } from '../../lib/url-state.js';
import { areaExportHref, exportHref, exportLinks } from './export-links.js';

describe('exportHref', () => {
  it('asks for the search on screen, every page of it, in the format chosen', () => {
    const search = { ...EMPTY_SEARCH, q: ' food bank ', place: 'GL1 2TG', category: 'food', openNow: true, wheelchair: true, free: true, pages: 3 };
    const href = exportHref(search, 'geojson');
    expect(href).toBe('/api/export/assets?q=food+bank&postcode=GL1+2TG&category=food&open_now=true&wheelchair=yes&free=true&format=geojson');
    // The same filters as the list's own requests, without paging.
    const listed = searchToApiParams(search, { page: 2, pageSize: 20 });
    listed.delete('page');
    listed.delete('page_size');
    expect(new URLSearchParams(href.split('?')[1]).toString()).toBe(`${listed.toString()}&format=geojson`);
  });

  it('exports an area or a map box as searched', () => {
    expect(exportHref({ ...EMPTY_SEARCH, area: 'E08000019', place: 'S1' }, 'csv')).toBe('/api/export/assets?area=E08000019&format=csv');
    expect(exportHref({ ...EMPTY_SEARCH, bbox: [-2.3, 51.8, -2.2, 51.9] }, 'hsds')).toBe('/api/export/assets?bbox=-2.3%2C51.8%2C-2.2%2C51.9&format=hsds');
  });
});

describe('exportLinks', () => {
  it('offers CSV, GeoJSON and Open Referral for a search with results', () => {
    const links = exportLinks({ ...EMPTY_SEARCH, category: 'library' }, 12);
    expect(links.map((l) => l.format)).toEqual(['csv', 'geojson', 'hsds']);
    expect(links[0]!.href).toBe('/api/export/assets?category=library&format=csv');
  });

  it('offers nothing for no results or more than one export holds', () => {
    expect(exportLinks({ ...EMPTY_SEARCH, category: 'library' }, 0)).toEqual([]);
    expect(exportLinks(EMPTY_SEARCH, EXPORT_MAX_ASSETS + 1)).toEqual([]);
  });
});

describe('areaExportHref', () => {
  it('exports an area by its code, as a search of that area would', () => {
    expect(areaExportHref('E01000001', 'csv')).toBe('/api/export/assets?area=E01000001&format=csv');
    expect(areaExportHref('E05012345', 'hsds')).toBe('/api/export/assets?area=E05012345&format=hsds');
  });
});
