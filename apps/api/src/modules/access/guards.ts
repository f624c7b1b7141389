import type { RouteAccess } from '@common-ground/schema';
import type { FastifyRequest } from 'fastify';
import { requireRole, requireUser } from './access.js';

/*
 * Route hooks that ask "who are you?" before the request is validated, so the anonymous
 * get a 401 and the wrong role a 403 whatever they sent, and a stranger learns nothing
 * about a route's body from its 400s. Handlers still call requireUser/requireRole for the
 * typed person.
 */

/*
 * A route's RouteAccess is read from its guard itself (app.ts's route table), so the OpenAPI
 * document states each operation's requirement from the code that enforces it.
 */

type Guard = ((request: FastifyRequest) => Promise<void>) & { access: Exclude<RouteAccess, 'anyone'> };

/** `preValidation: signedInOnly`: 401 unless someone is signed in. */
export const signedInOnly: Guard = Object.assign(
  async (request: FastifyRequest) => {
    requireUser(request);
  },
  { access: 'signed_in' as const },
);

/** `preValidation: roleOnly('worker')`: 401 signed out, 403 below the role. */
export function roleOnly(role: 'worker' | 'admin'): Guard {
  return Object.assign(
    async (request: FastifyRequest) => {
      requireRole(request, role);
    },
    { access: role },
  );
}

/** The access a route's preValidation hook (or hooks) asks for; 'anyone' without a guard. */
export function accessOf(preValidation: unknown): RouteAccess {
  for (const hook of [preValidation].flat()) {
    const access = (hook as Partial<Guard> | undefined)?.access;
    if (access) return access;
  }
  return 'anyone';
}
