import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../errors.js';
import { sameSecret } from './tokens.js';

/** Methods that only read; every other method changes state and is checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

export interface CsrfInput {
  method: string;
  /** The request's own host (`host[:port]`), as Fastify reads it (X-Forwarded-Host when trusted). */
  host: string;
  origin: string | undefined;
  referer: string | undefined;
  /** The CSRF token of the request's session; undefined without a (live) session. */
  sessionCsrfToken: string | undefined;
  headerCsrfToken: string | undefined;
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host : null;
  } catch {
    return null;
  }
}

/**
 * The CSRF rule; returns why a request is refused, or null to let it through.
 *
 * 1. Reads (GET, HEAD, OPTIONS) always pass: they must not change state.
 * 2. Every other request that a browser says comes from a page (`Origin`, else `Referer`)
 *    must come from this site's own host; `Origin: null` (sandboxed or privacy-redirected
 *    pages) is refused. Requests with neither header (curl, scripts, the tests) pass this
 *    step: browsers send `Origin` on every cross-origin POST, so a forged one always has it.
 * 3. With a live session, the request must also carry the session's CSRF token in
 *    `x-csrf-token`, which a page on another site cannot read (`GET /api/auth/me` gives it
 *    only to the session's own, same-origin, page).
 *
 * Hosts are compared without the scheme, so an HTTPS proxy that does not forward the
 * scheme does not lock everyone out.
 */
export function csrfProblem(input: CsrfInput): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  const ownHost = hostOf(`http://${input.host}`);
  if (input.origin !== undefined) {
    if (hostOf(input.origin) === null || hostOf(input.origin) !== ownHost) {
      return `Cross-site request refused: Origin ${input.origin} is not this site.`;
    }
  } else if (input.referer !== undefined && hostOf(input.referer) !== ownHost) {
    return 'Cross-site request refused: the Referer is not this site.';
  }
  if (input.sessionCsrfToken !== undefined) {
    if (!input.headerCsrfToken) {
      return `Missing ${CSRF_HEADER} header: signed-in requests that change anything must send the CSRF token from GET /api/auth/me.`;
    }
    if (!sameSecret(input.headerCsrfToken, input.sessionCsrfToken)) {
      return `Wrong ${CSRF_HEADER} header: send the CSRF token of this session, from GET /api/auth/me.`;
    }
  }
  return null;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One onRequest hook, registered after the session is read and before any route, so
 * every state-changing route (present and future, and unknown URLs) is covered.
 */
export function registerCsrf(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const problem = csrfProblem({
      method: request.method,
      host: request.host,
      origin: header(request, 'origin'),
      referer: header(request, 'referer'),
      sessionCsrfToken: request.session?.csrfToken,
      headerCsrfToken: header(request, CSRF_HEADER),
    });
    if (problem) throw new ForbiddenError('csrf_failed', problem);
  });
}
