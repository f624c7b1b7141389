import { Asset, AssetWriteResult, History, WorkerAsset, WorkerAssetList, type AssetInputDraft, type ReportKind } from '@common-ground/schema';
import { AnyWriteAnswer, api } from './api-client.js';

/** Assets: reading (public and worker views), adding, editing, checking, reverting, history and reports. Every answer is parsed with the shared schemas. */

const enc = encodeURIComponent;

/** The public asset as the asset page reads it; `freshness` says how recently it was checked. */
export const PublicAsset = Asset;
export type PublicAsset = Asset;

export function getPublicAsset(id: string, signal?: AbortSignal): Promise<PublicAsset> {
  return api.get(`/api/assets/${enc(id)}`, PublicAsset, signal);
}

/** Everything a worker may see (sensitive and pending assets included). */
export function getWorkerAsset(id: string, signal?: AbortSignal): Promise<WorkerAsset> {
  return api.get(`/api/worker/assets/${enc(id)}`, WorkerAsset, signal);
}

/** Published places in the worker's areas, the longest since anyone checked them first. */
export function staleAssets(limit: number, signal?: AbortSignal): Promise<WorkerAssetList> {
  return api.get(`/api/worker/assets?order=stale&state=published&limit=${limit}`, WorkerAssetList, signal);
}

export function createAsset(asset: AssetInputDraft): Promise<AssetWriteResult> {
  return api.send('/api/assets', { method: 'POST', body: asset }, AssetWriteResult);
}

/** A 409 (someone changed it meanwhile) throws an ApiError whose `body` is a VersionConflictBody. */
export function editAsset(id: string, asset: AssetInputDraft, baseVersion: number): Promise<AssetWriteResult> {
  return api.send(`/api/assets/${enc(id)}`, { method: 'PUT', body: { asset, baseVersion } }, AssetWriteResult);
}

export async function verifyAsset(id: string, baseVersion: number): Promise<void> {
  await api.send(`/api/assets/${enc(id)}/verify`, { method: 'POST', body: { baseVersion } }, AnyWriteAnswer);
}

export async function revertAsset(id: string, toVersion: number, baseVersion: number): Promise<void> {
  await api.send(`/api/assets/${enc(id)}/revert`, { method: 'POST', body: { toVersion, baseVersion } }, AnyWriteAnswer);
}

export function getHistory(id: string, asWorker: boolean, signal?: AbortSignal): Promise<History> {
  return api.get(asWorker ? `/api/worker/assets/${enc(id)}/history` : `/api/assets/${enc(id)}/history`, History, signal);
}

export async function reportAsset(id: string, kind: ReportKind, message: string): Promise<void> {
  const body = message.trim() ? { kind, message } : { kind };
  await api.send(`/api/assets/${enc(id)}/reports`, { method: 'POST', body }, AnyWriteAnswer);
}
