import { Annotation, AnnotationList, type AnnotationVisibility } from '@common-ground/schema';
import { AnyWriteAnswer, api } from './api-client.js';

/** Notes on assets and areas. Every answer is parsed with the shared schemas. */

const enc = encodeURIComponent;

export type AnnotationTarget = { type: 'asset'; assetId: string } | { type: 'area'; areaCode: string };

function annotationsPath(target: AnnotationTarget): string {
  return target.type === 'asset' ? `/api/assets/${enc(target.assetId)}/annotations` : `/api/areas/${enc(target.areaCode)}/annotations`;
}

/** Workers read an asset's notes on their own uncacheable URL, which also covers sensitive and unpublished assets. */
export async function listAnnotations(target: AnnotationTarget, asWorker: boolean, signal?: AbortSignal): Promise<Annotation[]> {
  const path = asWorker && target.type === 'asset' ? `/api/worker/assets/${enc(target.assetId)}/annotations` : annotationsPath(target);
  return (await api.get(path, AnnotationList, signal)).annotations;
}

export function addAnnotation(target: AnnotationTarget, body: string, visibility: AnnotationVisibility): Promise<Annotation> {
  return api.send(annotationsPath(target), { method: 'POST', body: { body, visibility } }, Annotation);
}

export async function editAnnotation(id: string, body: string, visibility: AnnotationVisibility, baseVersion: number): Promise<void> {
  await api.send(`/api/annotations/${enc(id)}`, { method: 'PATCH', body: { body, visibility, baseVersion } }, AnyWriteAnswer);
}

export async function deleteAnnotation(id: string): Promise<void> {
  await api.send(`/api/annotations/${enc(id)}`, { method: 'DELETE' }, null);
}

export async function hideAnnotation(id: string, hidden: boolean, reason?: string): Promise<void> {
  const body = reason?.trim() ? { hidden, reason } : { hidden };
  await api.send(`/api/annotations/${enc(id)}/hidden`, { method: 'PUT', body }, AnyWriteAnswer);
}
