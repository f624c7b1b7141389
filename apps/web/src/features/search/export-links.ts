import { EXPORT_MAX_ASSETS, type ExportFormat } from '@common-ground/schema';
import { searchToApiParams, type SearchState } from '../../lib/url-state.js';

export interface ExportLink {
  format: ExportFormat;
  label: string;
  /** What the file is good for, said after the label. */
  detail: string;
  href: string;
}

const FORMATS: readonly Omit<ExportLink, 'href'>[] = [
  { format: 'csv', label: 'CSV', detail: 'for spreadsheets' },
  { format: 'geojson', label: 'GeoJSON', detail: 'for maps and GIS' },
  { format: 'hsds', label: 'Open Referral (HSDS 3.0) JSON', detail: 'for service directories' },
];

/**
 * The export's address for the search on screen: the same parameters the list asks the
 * search API for (searchToApiParams), without paging, so the file holds every result.
 * @example exportHref({ ...EMPTY_SEARCH, category: 'library' }, 'csv') // '/api/export/assets?category=library&format=csv'
 */
export function exportHref(search: SearchState, format: ExportFormat): string {
  const params = searchToApiParams(search, { pageSize: 1 });
  params.delete('page');
  params.delete('page_size');
  params.set('format', format);
  return `/api/export/assets?${params.toString()}`;
}

/** The export links for a search, or none when it finds too many to export in one file. */
export function exportLinks(search: SearchState, total: number): ExportLink[] {
  if (total === 0 || total > EXPORT_MAX_ASSETS) return [];
  return FORMATS.map((f) => ({ ...f, href: exportHref(search, f.format) }));
}

/**
 * The export of every public asset in an area (an LSOA, ward or council by GSS code): the
 * same file as searching that area and exporting the results.
 * @example areaExportHref('E01000001', 'geojson') // '/api/export/assets?area=E01000001&format=geojson'
 */
export function areaExportHref(code: string, format: ExportFormat): string {
  return `/api/export/assets?${new URLSearchParams({ area: code, format }).toString()}`;
}
