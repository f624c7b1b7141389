import { AdminUser, AdminUserList, AreaLimitsBody, ErrorBody, Role, RoleBody } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly } from '../access/guards.js';
import { listUsers, setAreaLimits, setRole } from './admin.service.js';

const UserParams = z.object({ id: z.uuid({ message: 'must be a person id (a UUID)' }) });
const UserListQuery = z.object({
  /** Part of an email address or name. */
  q: z.string().trim().max(200, 'q must be at most 200 characters').optional(),
  role: Role.optional(),
});

const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 429: ErrorBody } as const;

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database;

  app.get(
    '/api/admin/users',
    {
      preValidation: roleOnly('admin'),
      schema: {
        summary: 'Admins: people, by part of their email or name and by role, with the areas workers are limited to',
        querystring: UserListQuery,
        response: { 200: AdminUserList, ...ERRORS },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      noStore(reply);
      return { users: await listUsers(app.database.db, request.query) };
    },
  );

  app.put(
    '/api/admin/users/:id/role',
    {
      ...WRITE_ROUTE,
      preValidation: roleOnly('admin'),
      schema: {
        summary: "Admins: set a person's role (audited; the last admin cannot be demoted: 409)",
        params: UserParams,
        body: RoleBody,
        response: { 200: AdminUser, ...ERRORS, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      noStore(reply);
      return setRole(db, admin, request.params.id, request.body.role, request.ip);
    },
  );

  app.put(
    '/api/admin/users/:id/areas',
    {
      ...WRITE_ROUTE,
      preValidation: roleOnly('admin'),
      schema: {
        summary: 'Admins: limit a worker to LSOAs, wards or local authorities (none: anywhere); audited',
        params: UserParams,
        body: AreaLimitsBody,
        response: { 200: AdminUser, ...ERRORS },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      noStore(reply);
      return setAreaLimits(db, admin, request.params.id, request.body.areaCodes, request.ip);
    },
  );
};
