import type { FastifyRequest } from 'fastify';

/** Writes count per person when signed in (many people can share one address), else per address. */
const byPerson = (request: FastifyRequest): string => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`);

/**
 * Limits for the routes people could abuse, per client IP. Sign-in is tightest (password
 * guessing), then registration and password resets. Routes opt in with
 * `config: { rateLimit: RATE_LIMITS.signIn }`; plugins/rate-limit.ts counts them.
 */
export const RATE_LIMITS = {
  signIn: { max: 10, timeWindow: 15 * 60_000 },
  register: { max: 5, timeWindow: 60 * 60_000 },
  resetPassword: { max: 10, timeWindow: 60 * 60_000 },
  /** Reports come from anyone, signed in or not. */
  report: { max: 10, timeWindow: 60 * 60_000, keyGenerator: byPerson },
  /** Adding and editing assets and notes: generous for a busy worker, a wall for a script. */
  write: { max: 120, timeWindow: 60 * 60_000, keyGenerator: byPerson },
} as const;

/** Largest JSON body a form write accepts (an asset with every field full is ~12 KB). */
export const WRITE_BODY_LIMIT = 64 * 1024;

/** Route options every state-changing form route shares: a body limit and the write rate limit. */
export const WRITE_ROUTE = { bodyLimit: WRITE_BODY_LIMIT, config: { rateLimit: RATE_LIMITS.write } } as const;
