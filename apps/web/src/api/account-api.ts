import { AccountExport, Me } from '@common-ground/schema';
import { api, ApiError } from './api-client.js';

/** Accounts: who is signed in, signing in and out, registering, exporting and deleting an account. Every answer is parsed with the shared schemas. */

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
