import type { FastifyRequest } from 'fastify';
import { requireRole, requireUser } from './access.js';

/*
 * Route options that check who is asking before the body is even read (preValidation), so
 * a signed-out caller gets 401 and a resident 403 whatever they sent, and learns nothing
 * from validation errors. Handlers still call requireUser/requireRole for the typed user.
 */

export const SIGNED_IN_FIRST = {
  preValidation: async (request: FastifyRequest): Promise<void> => {
    requireUser(request);
  },
};

export const WORKERS_FIRST = {
  preValidation: async (request: FastifyRequest): Promise<void> => {
    requireRole(request, 'worker');
  },
};
