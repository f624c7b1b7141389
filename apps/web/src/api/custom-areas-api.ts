import { CustomArea, CustomAreaList, CustomAreaProfile, ShareResult, type AreaShape, type CustomAreaSummary, type ExportFormat } from '@common-ground/schema';
import { api } from './api-client.js';

/** Saved custom areas (issue 5): the owner's list, one area or its profile, and the writes (CSRF through `send`). */

const enc = encodeURIComponent;

export async function getMyAreas(signal?: AbortSignal): Promise<CustomAreaSummary[]> {
  return (await api.get('/api/custom-areas', CustomAreaList, signal)).areas;
}

export function getCustomAreaProfile(id: string, share: string | null, signal?: AbortSignal, category: string | null = null): Promise<CustomAreaProfile> {
  const query = new URLSearchParams();
  if (share) query.set('share', share);
  if (category) query.set('category', category);
  const text = query.toString();
  return api.get(`/api/custom-areas/${enc(id)}/profile${text ? `?${text}` : ''}`, CustomAreaProfile, signal);
}

export type NewAreaOutline = { geometry: AreaShape } | { lsoaCodes: string[] };

export function createCustomArea(body: { name: string; description?: string | null } & NewAreaOutline): Promise<CustomArea> {
  return api.send('/api/custom-areas', { method: 'POST', body }, CustomArea);
}

export function deleteCustomArea(id: string): Promise<void> {
  return api.send(`/api/custom-areas/${enc(id)}`, { method: 'DELETE' }, null);
}

export function shareCustomArea(id: string): Promise<ShareResult> {
  return api.send(`/api/custom-areas/${enc(id)}/share`, { method: 'PUT' }, ShareResult);
}

export function unshareCustomArea(id: string): Promise<void> {
  return api.send(`/api/custom-areas/${enc(id)}/share`, { method: 'DELETE' }, null);
}

/** The gaps of the area, as the API ranks them (JSON or CSV), with the link's token when it has one. */
export function gapsUrl(id: string, share: string | null, format: 'json' | 'csv'): string {
  const params = new URLSearchParams({ area: `custom:${id}` });
  if (format === 'csv') params.set('format', 'csv');
  if (share) params.set('share', share);
  return `/api/gaps?${params.toString()}`;
}

/** The public assets inside the area as a file (the export's formats), with the link's token when it has one. */
export function assetsExportUrl(id: string, share: string | null, format: ExportFormat): string {
  const params = new URLSearchParams({ format });
  if (share) params.set('share', share);
  return `/api/custom-areas/${enc(id)}/assets?${params.toString()}`;
}
