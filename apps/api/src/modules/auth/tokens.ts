import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: session cookies, CSRF tokens and reset tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored for a bearer token: its SHA-256, hex. A random 256-bit token needs no
 * salt or slow hash; the point is that a database copy cannot be replayed.
 * @example sha256Hex('abc') // 'ba7816bf…'
 */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two secrets in time independent of where they differ (and of their lengths). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
