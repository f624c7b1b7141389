import { AdminUser, AdminUserList, Category, type CategoryInput, type CategoryPatch, type Role } from '@common-ground/schema';
import type { z } from 'zod';
import { api } from './api-client.js';

/** Admin: people, their roles and areas, and categories. Every answer is parsed with the shared schemas. */

const enc = encodeURIComponent;

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
