import {
  AccountExport,
  AdminUser,
  AdminUserList,
  Annotation,
  AnnotationList,
  Asset,
  AssetWriteResult,
  Category,
  History,
  Me,
  ModerationQueue,
  SubmissionList,
  WorkerAsset,
  WorkerAssetList,
  type AnnotationVisibility,
  type CategoryInput,
  type CategoryPatch,
  type Submission,
  type AssetInputDraft,
  type ReportKind,
  type Role,
} from '@common-ground/schema';
import { z } from 'zod';
import { api, ApiError } from './api-client.js';

/**
 * The write side of the API (accounts, contributions, moderation, notes, history), on top of
 * the one client, which holds the CSRF token. Every answer is parsed with the shared schemas.
 */

/** The public asset as the asset page reads it; `freshness` says how recently it was checked. */
export const PublicAsset = Asset;
export type PublicAsset = Asset;

const enc = encodeURIComponent;

// Accounts ---------------------------------------------------------------------------

/**
 * Whether this browser has signed in (and not out) since. The session cookie is HttpOnly, so
 * the page cannot see it; without this hint every anonymous visit would ask /api/auth/me and
 * get a 401, which browsers log as an error. It only decides whether to ask: the server's
 * answer decides who is signed in.
 */
const SESSION_HINT = 'cg:signed-in';

function rememberSession(me: Me | null): Me | null {
  api.setCsrfToken(me?.csrfToken ?? null);
  try {
    if (me) window.localStorage.setItem(SESSION_HINT, '1');
    else window.localStorage.removeItem(SESSION_HINT);
  } catch {
    // Storage may be off (private modes): then we simply always ask.
  }
  return me;
}

function mayBeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(SESSION_HINT) !== null;
  } catch {
    return true;
  }
}

/** The signed-in person, or null when signed out (the API answers 401, or this browser never signed in). */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  if (!mayBeSignedIn()) return null;
  try {
    return rememberSession(await api.get('/api/auth/me', Me, signal));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return rememberSession(null);
    throw error;
  }
}

export async function signIn(body: { email: string; password: string }): Promise<Me> {
  return rememberSession(await api.send('/api/auth/sign-in', { method: 'POST', body }, Me))!;
}

export async function register(body: { email: string; password: string; displayName: string }): Promise<Me> {
  return rememberSession(await api.send('/api/auth/register', { method: 'POST', body }, Me))!;
}

export async function signOut(): Promise<void> {
  await api.send('/api/auth/sign-out', { method: 'POST' }, null);
  rememberSession(null);
}

export const ACCOUNT_EXPORT_URL = '/api/account/export';

export function exportAccount(signal?: AbortSignal): Promise<AccountExport> {
  return api.get(ACCOUNT_EXPORT_URL, AccountExport, signal);
}

export async function deleteAccount(password: string): Promise<void> {
  await api.send('/api/account', { method: 'DELETE', body: { password } }, null);
  rememberSession(null);
}

// Assets -----------------------------------------------------------------------------

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

const AnyWriteAnswer = z.unknown();

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

// Proposals and moderation -------------------------------------------------------------

export async function mySubmissions(signal?: AbortSignal): Promise<Submission[]> {
  return (await api.get('/api/me/submissions', SubmissionList, signal)).submissions;
}

export async function withdrawSubmission(id: string): Promise<void> {
  await api.send(`/api/submissions/${enc(id)}/withdraw`, { method: 'POST' }, AnyWriteAnswer);
}

export function moderationQueue(signal?: AbortSignal): Promise<ModerationQueue> {
  return api.get('/api/moderation/queue', ModerationQueue, signal);
}

export async function reviewSubmission(id: string, decision: 'approve' | 'reject' | 'request_changes', reason?: string): Promise<void> {
  const body = reason?.trim() ? { decision, reason } : { decision };
  await api.send(`/api/submissions/${enc(id)}/review`, { method: 'POST', body }, AnyWriteAnswer);
}

export async function resolveReport(id: string, status: 'resolved' | 'dismissed', note?: string): Promise<void> {
  const body = note?.trim() ? { status, note } : { status };
  await api.send(`/api/reports/${enc(id)}/resolve`, { method: 'POST', body }, AnyWriteAnswer);
}


// Annotations ------------------------------------------------------------------------

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

// Admin ------------------------------------------------------------------------------

/** People whose email or name contains `q` (all when empty), with `role` if given. */
export async function listUsers(filter: { q?: string; role?: Role | '' }, signal?: AbortSignal): Promise<AdminUser[]> {
  const params = new URLSearchParams();
  if (filter.q?.trim()) params.set('q', filter.q.trim());
  if (filter.role) params.set('role', filter.role);
  const query = params.toString();
  return (await api.get(`/api/admin/users${query ? `?${query}` : ''}`, AdminUserList, signal)).users;
}

/** A 409 (`last_admin`) says the site would be left without an admin. */
export function setUserRole(id: string, role: Role): Promise<AdminUser> {
  return api.send(`/api/admin/users/${enc(id)}/role`, { method: 'PUT', body: { role } }, AdminUser);
}

/** Replaces a worker's area limits (LSOA, ward or local authority codes); none: anywhere. */
export function setAreaLimits(id: string, areaCodes: string[]): Promise<AdminUser> {
  return api.send(`/api/admin/users/${enc(id)}/areas`, { method: 'PUT', body: { areaCodes } }, AdminUser);
}

/** A taken code is a 409, an unknown parent a 400, both with an issue on their field. */
export function createCategory(input: z.input<typeof CategoryInput>): Promise<Category> {
  return api.send('/api/categories', { method: 'POST', body: input }, Category);
}

export function editCategory(code: string, patch: z.input<typeof CategoryPatch>): Promise<Category> {
  return api.send(`/api/categories/${enc(code)}`, { method: 'PATCH', body: patch }, Category);
}
