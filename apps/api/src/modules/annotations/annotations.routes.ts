import {
  Annotation,
  AnnotationBody,
  AnnotationConflictBody,
  AnnotationEditBody,
  AnnotationList,
  AreaParams,
  AssetParams,
  ErrorBody,
  HideAnnotationBody,
} from '@common-ground/schema';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole, requireUser } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly, signedInOnly } from '../access/guards.js';
import { addNote, deleteNote, editNote, notesOnAnyAsset, notesOnArea, notesOnPublicAsset, setNoteHidden } from './annotations.service.js';

const AnnotationParams = z.object({ id: z.uuid({ message: 'must be a note id (a UUID)' }) });

const READ_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;
const WRITE_ERRORS = { ...READ_ERRORS, 413: ErrorBody, 429: ErrorBody } as const;

/**
 * A list of notes depends on who asks (their own hidden notes, workers-only notes), so a
 * signed-in answer is never stored; the public's answer may be, briefly.
 */
function cacheFor(request: FastifyRequest, reply: FastifyReply): void {
  if (request.user) {
    noStore(reply);
  } else {
    reply.header('cache-control', 'public, max-age=60');
    reply.header('vary', 'Cookie');
  }
}

export const annotationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database;

  app.get(
    '/api/assets/:id/annotations',
    {
      schema: {
        summary: 'Notes on a public asset: public ones, plus your own and (for workers) workers-only and hidden ones',
        params: AssetParams,
        response: { 200: AnnotationList, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const annotations = await notesOnPublicAsset(app.database.db, request.user, request.params.id);
      cacheFor(request, reply);
      return { annotations };
    },
  );

  app.get(
    '/api/worker/assets/:id/annotations',
    {
      preValidation: roleOnly('worker'),
      schema: {
        summary: 'Workers: every note on any asset, sensitive and unpublished ones included (never cached)',
        params: AssetParams,
        response: { 200: AnnotationList, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return { annotations: await notesOnAnyAsset(app.database.db, worker, request.params.id) };
    },
  );

  app.post(
    '/api/assets/:id/annotations',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Add a note to an asset (residents: public assets; workers-only notes: workers)',
        params: AssetParams,
        body: AnnotationBody,
        response: { 201: Annotation, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const note = await addNote(db, user, { type: 'asset', assetId: request.params.id }, request.body);
      noStore(reply);
      return reply.code(201).send(note);
    },
  );

  app.get(
    '/api/areas/:code/annotations',
    {
      schema: {
        summary: 'Notes on an LSOA: public ones, plus your own and (for workers) workers-only and hidden ones',
        params: AreaParams,
        response: { 200: AnnotationList, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const annotations = await notesOnArea(app.database.db, request.user, request.params.code);
      cacheFor(request, reply);
      return { annotations };
    },
  );

  app.post(
    '/api/areas/:code/annotations',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Add a note to an LSOA (workers-only notes: workers)',
        params: AreaParams,
        body: AnnotationBody,
        response: { 201: Annotation, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const note = await addNote(db, user, { type: 'area', areaCode: request.params.code }, request.body);
      noStore(reply);
      return reply.code(201).send(note);
    },
  );

  app.patch(
    '/api/annotations/:id',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Rewrite your own note, against the version you saw (stale: 409 with the note as it is now)',
        params: AnnotationParams,
        body: AnnotationEditBody,
        response: { 200: Annotation, ...WRITE_ERRORS, 409: AnnotationConflictBody },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const note = await editNote(db, user, request.params.id, request.body);
      noStore(reply);
      return note;
    },
  );

  app.delete(
    '/api/annotations/:id',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: 'Delete your own note (kept for history, shown to nobody); workers hide others’ notes instead',
        params: AnnotationParams,
        response: { 204: z.null(), ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await deleteNote(db, user, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/annotations/:id/hidden',
    {
      preValidation: roleOnly('worker'),
      ...WRITE_ROUTE,
      schema: {
        summary: 'Workers: hide a note (with a reason its author sees) or show it again, within your areas',
        params: AnnotationParams,
        body: HideAnnotationBody,
        response: { 200: Annotation, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      const note = await setNoteHidden(db, worker, request.params.id, request.body);
      noStore(reply);
      return note;
    },
  );
};
