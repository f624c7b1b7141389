import {
  CustomArea,
  CustomAreaConflictBody,
  CustomAreaInput,
  CustomAreaList,
  CustomAreaParams,
  CustomAreaPatch,
  CustomAreaProfile,
  CustomAreaQuery,
  ErrorBody,
  ShareResult,
} from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole, requireUser } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly, signedInOnly } from '../access/guards.js';
import {
  createCustomArea,
  customAreaProfile,
  deleteCustomArea,
  getCustomArea,
  myCustomAreas,
  shareCustomArea,
  unshareCustomArea,
  updateCustomArea,
} from './custom-areas.service.js';

const READ_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;
const WRITE_ERRORS = { ...READ_ERRORS, 413: ErrorBody, 429: ErrorBody } as const;

/*
 * Every answer here is someone's own area (or one shared with the link holder), so none
 * is ever stored by a browser or shared cache.
 */
export const customAreasRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database;

  app.get(
    '/api/custom-areas',
    {
      preValidation: signedInOnly,
      schema: { summary: 'Your saved custom areas, last changed first', response: { 200: CustomAreaList, ...READ_ERRORS } },
    },
    async (request, reply) => {
      const user = requireUser(request);
      noStore(reply);
      return { areas: await myCustomAreas(app.database.db, user) };
    },
  );

  app.post(
    '/api/custom-areas',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Save a custom area: a drawn polygon (its LSOAs: those whose residence point is inside) or picked LSOAs',
        description:
          'geometry: a GeoJSON Polygon or MultiPolygon in WGS84, closed rings, valid (no self-intersection: 400 invalid_geometry with the reason), ' +
          'in England (400 outside_england), 0.001–500 km², at most 1,000 vertices. Or lsoaCodes: English LSOA codes, at most 1,000.',
        body: CustomAreaInput,
        response: { 201: CustomArea, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const area = await createCustomArea(db, user, request.body);
      noStore(reply);
      return reply.code(201).send(area);
    },
  );

  app.get(
    '/api/custom-areas/:id',
    {
      schema: {
        summary: 'A custom area: to its owner, or to anyone with share=<token> while it is shared by link (others: 404)',
        params: CustomAreaParams,
        querystring: CustomAreaQuery,
        response: { 200: CustomArea, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const area = await getCustomArea(app.database.db, request.user, request.params.id, request.query.share);
      noStore(reply);
      return area;
    },
  );

  app.get(
    '/api/custom-areas/:id/profile',
    {
      schema: {
        summary: 'A custom area’s profile: population, IMD mix, public assets inside by category, gaps of all assets, notes on its LSOAs',
        params: CustomAreaParams,
        querystring: CustomAreaQuery,
        response: { 200: CustomAreaProfile, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const profile = await customAreaProfile(db, request.user, request.params.id, request.query.share, request.query.category);
      noStore(reply);
      return profile;
    },
  );

  app.patch(
    '/api/custom-areas/:id',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Change your custom area (name, description, outline) against the version you saw (stale: 409 with it as it is now)',
        params: CustomAreaParams,
        body: CustomAreaPatch,
        response: { 200: CustomArea, ...WRITE_ERRORS, 409: CustomAreaConflictBody },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const area = await updateCustomArea(db, user, request.params.id, request.body);
      noStore(reply);
      return area;
    },
  );

  app.delete(
    '/api/custom-areas/:id',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: { summary: 'Delete your custom area', params: CustomAreaParams, response: { 204: z.null(), ...WRITE_ERRORS } },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await deleteCustomArea(db, user, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/custom-areas/:id/share',
    {
      preValidation: roleOnly('worker'),
      ...WRITE_ROUTE,
      schema: {
        summary: 'Workers: share your custom area by an unguessable link (sharing again keeps the same link)',
        params: CustomAreaParams,
        response: { 200: ShareResult, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return shareCustomArea(db, worker, request.params.id);
    },
  );

  app.delete(
    '/api/custom-areas/:id/share',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Stop sharing your custom area: its link stops working for good',
        params: CustomAreaParams,
        response: { 204: z.null(), ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await unshareCustomArea(db, user, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
