import path from 'node:path';
import { ErrorBody, IMPORT_BODY_LIMIT, ImportErrorBody, ImportProgressStatus, ImportReport, ImportRequest, ImportUndoResult } from '@common-ground/schema';
import { z } from 'zod';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { REPO_ROOT } from '../../env.js';
import { RATE_LIMITS } from '../../http/route-limits.js';
import { requireRole } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly } from '../access/guards.js';
import { parseJsonOffThread } from './import-parse-pool.js';
import { importDraft, importProgress, reportStream, undoImport, type ImportDeps } from './imports.service.js';

const ImportParams = z.object({ id: z.uuid() });
/** What the schema checks in place of a file taken out of the body (valid base64: the file went to the handler as bytes). */
const TAKEN = 'AA==';
const ERRORS = { 400: ImportErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody } as const;

export const importsRoutes: FastifyPluginAsyncZod<{ dataDir?: string }> = async (app, options) => {
  // The mapping tables (OSM tags, Open Referral taxonomy → categories) ship in data/.
  const deps: ImportDeps = { db: app.database.db, transact: app.database.transactJob, dataDir: options.dataDir ?? path.join(REPO_ROOT, 'data') };

  // The file route reads its JSON body in the reader thread: parsing 32 MiB of JSON on the
  // event loop held every other request for a few hundred milliseconds (see import-parse-pool).
  await app.register(async (scope) => {
    const routes = scope.withTypeProvider<ZodTypeProvider>();
    /** Each request's file, as the bytes of its base64, taken out of the body off the event loop. */
    const files = new WeakMap<object, Uint8Array>();
    routes.removeContentTypeParser('application/json');
    routes.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      parseJsonOffThread(body as Buffer, 'contentBase64').then(
        ({ value, taken }) => {
          // The file comes back as bytes (checked as base64 in the thread); the schema sees a
          // stand-in and the handler takes the bytes (ImportContext.content).
          if (taken && value !== null && typeof value === 'object') {
            files.set(request, taken);
            (value as Record<string, unknown>).contentBase64 = TAKEN;
          }
          done(null, value);
        },
        (error: Error) => done(error, undefined),
      );
    });
    routes.post(
      '/api/imports',
      {
        // Files are bigger than forms: its own limit, said in the 413 (see the error handler).
        bodyLimit: IMPORT_BODY_LIMIT,
        config: { rateLimit: RATE_LIMITS.write },
        preValidation: roleOnly('worker'),
        schema: {
          summary:
            'Workers: import assets from a file (CSV with a column mapping, GeoJSON, OpenStreetMap XML or GeoJSON, ' +
            'Open Referral / HSDS JSON, the older Open Referral UK list), sent as base64. dryRun (the default) answers ' +
            'with what would be added, updated, merged, left unchanged or rejected, per record, and writes nothing. ' +
            'Applying is all or nothing in one transaction; rejected records refuse it (400 records_rejected with the ' +
            'report) unless skipRejected. A CSV without a mapping is a 400 mapping_required listing its columns.',
          body: ImportRequest,
          response: { 200: ImportReport, 201: ImportReport, ...ERRORS },
        },
      },
      async (request, reply) => {
        const worker = requireRole(request, 'worker');
        noStore(reply);
        const content = files.get(request);
        files.delete(request);
        const report = await importDraft(deps, request.body, { user: worker, ip: request.ip, ...(content && { content }) });
        // Streamed as JSON a slice at a time (reportStream), not by the schema's serializer in one go.
        // (A stream is sent as it is, past the schema's serializer: the type provider knows only the report's type.)
        return reply
          .code(report.head.dryRun ? 200 : 201)
          .type('application/json; charset=utf-8')
          .send(reportStream(report) as never);
      },
    );
  });

  app.post(
    '/api/imports/:id/undo',
    {
      config: { rateLimit: RATE_LIMITS.write },
      preValidation: roleOnly('worker'),
      schema: {
        summary:
          'Workers (the one who applied it) and admins: undo an applied import in one transaction. Assets it added are ' +
          'withdrawn (hidden, history kept); assets it updated, merged into or retired get back their fields, provenance ' +
          'and status; each change is in history. 409 when a later import of the source is in place, when it was undone ' +
          'already, or when an asset it touched changed since.',
        params: ImportParams,
        response: { 200: ImportUndoResult, 404: ErrorBody, ...ERRORS },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return undoImport(deps, request.params.id, { user: worker, ip: request.ip });
    },
  );

  app.get(
    '/api/import-progress/:id',
    {
      preValidation: roleOnly('worker'),
      schema: {
        summary:
          'Workers: how far a long import check or apply has got, recorded under the progressId its request gave ' +
          '(stage reading, checking or writing, then done or failed; records done of total). The worker who started ' +
          'it or an admin; stage waiting before its first record, and for anyone else.',
        params: ImportParams,
        response: { 200: ImportProgressStatus, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, 'worker');
      noStore(reply);
      return importProgress(deps, request.params.id, worker);
    },
  );
};
