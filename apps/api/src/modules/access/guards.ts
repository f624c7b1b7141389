import type { Role } from '@common-ground/schema';
import type { FastifyRequest } from 'fastify';
import { requireRole, requireUser } from './access.js';

/*
 * Route hooks that ask "who are you?" before the request is validated, so the anonymous
 * get a 401 and the wrong role a 403 whatever they sent, and a stranger learns nothing
 * about a route's body from its 400s. Handlers still call requireUser/requireRole for the
 * typed person.
 */

/** `preValidation: signedInOnly`: 401 unless someone is signed in. */
export async function signedInOnly(request: FastifyRequest): Promise<void> {
  requireUser(request);
}

/** `preValidation: roleOnly('worker')`: 401 signed out, 403 below the role. */
export function roleOnly(role: Role): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    requireRole(request, role);
  };
}
