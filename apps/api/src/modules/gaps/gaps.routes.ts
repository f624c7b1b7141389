import { EquityQuery, EquityResult, ErrorBody, GapsLayer, GapsLayerQuery, GapsQuery, GapsResult } from '@common-ground/schema';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BusyError, TooManyRequestsError } from '../../errors.js';
import { noStore } from '../../http/caching.js';
import { CUSTOM_PREFIX } from '../custom-areas/custom-area-access.js';
import { needDomainOrBadRequest } from '../need-measures/need-domain.js';
import { parseIfNoneMatch } from '../../http/conditional.js';
import { answerGaps, type GapAnswerKind } from './gap-answers.service.js';

const ERRORS = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody };

export const gapsRoutes: FastifyPluginAsyncZod = async (app) => {
  /**
   * Answers a gap request through answerGaps (cache, limits) and sends it: bytes stored
   * gzipped are sent as they are, so these routes skip the compress plugin.
   */
  async function send(request: FastifyRequest, reply: FastifyReply, kind: GapAnswerKind, query: GapsQuery | GapsLayerQuery | EquityQuery) {
    const need = await needDomainOrBadRequest(app.database.db, query.domain, request.user, 'querystring.domain');
    // An answer ranked by a workers-only measure, or for a custom area (its owner's or a
    // link holder's), is never shared: not cached here, and never in a shared HTTP cache.
    const shared = need.public && !query.area?.startsWith(CUSTOM_PREFIX);
    try {
      const answer = await answerGaps(app.database.db, app.gapComputations, {
        kind,
        query,
        domainLabel: need.label,
        shared,
        user: request.user,
        address: request.ip,
        ifNoneMatch: parseIfNoneMatch(request.headers['if-none-match']),
        acceptsGzip: /\bgzip\b/.test(request.headers['accept-encoding'] ?? ''),
      });
      // Figures move whenever the worker applies an asset change, so caches check back after a minute.
      if (shared) reply.header('cache-control', 'public, max-age=60');
      else noStore(reply);
      reply.header('etag', answer.etag).header('vary', 'accept-encoding');
      if (answer.notModified) return reply.code(304).send(null);
      reply.type(answer.contentType);
      if (answer.contentDisposition) reply.header('content-disposition', answer.contentDisposition);
      if (answer.gzip) reply.header('content-encoding', 'gzip');
      // Already serialised when computed (tests parse it with the response schema); a Buffer is sent as it is.
      return reply.send(answer.body);
    } catch (error) {
      if ((error instanceof BusyError || error instanceof TooManyRequestsError) && error.retryAfterSeconds !== undefined) {
        reply.header('retry-after', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }

  app.get(
    '/api/gaps',
    {
      compress: false,
      schema: {
        summary: 'Ranked priority list: where provision of a category is thin in deprived LSOAs of an area (England by default), as JSON or CSV',
        description:
          "Flag = coverage 'complete' AND deprived (domain decile ≤ deprived_deciles) AND (in the worst worst_fraction of England's LSOAs of the same rural-urban class on the measure " +
          '(national cuts per class in `thresholds`; exact ⌈f × n⌉, ties in; at a floor of 0, nearest distance breaks the tie) OR, opt-in, nothing within none_within m). ' +
          "'partial' LSOAs show known assets only and are never flagged; 'no_data' ones have no figures. The response's `method` explains the rule in plain words. " +
          'area=custom:<id> ranks within a saved custom area (its owner, or anyone with share=<its link token>; others 404). ' +
          'Figures are the stored ones; any not stored are computed in memory for the answer. format=csv returns every row (or limit/offset) as text/csv. ' +
          'figuresAsOf and pendingChanges say how current the stored figures are (a background worker applies asset changes; no request waits for it). ' +
          'Public answers are cached per settings and data version and carry an ETag (If-None-Match gives a 304). New answers are computed a few at a time: ' +
          '503 busy with Retry-After when none can start within a few seconds; without signing in, 60 new answers per 10 minutes per address (429 with Retry-After beyond).',
        querystring: GapsQuery,
        // domain: an IoD domain or a loaded need measure (need:<slug>); a workers-only one is a
        // 400 to others, exactly as one that does not exist, and its answers are private, no-store.
        response: { 200: GapsResult, 304: z.null(), ...ERRORS },
      },
    },
    async (request, reply) => send(request, reply, request.query.format === 'csv' ? 'csv' : 'list', request.query),
  );

  app.get(
    '/api/gaps/layer',
    {
      compress: false,
      schema: {
        summary:
          "The gap map: each LSOA's bivariate class (deprivation 1–3 × provision 1–3; 0 = no decile / no data) and flag, for the same settings as GET /api/gaps",
        description:
          '`classes` maps LSOA code → [deprivation class, provision class, flag 0|1], to join onto the `areas` vector tiles by code (MapLibre feature-state). ' +
          'Deprivation: 3 = deciles 1..deprived_deciles, 2 = the more deprived half of the other deciles, 1 = the rest. ' +
          'Provision: 3 = thin (worst worst_fraction or nothing within none_within), 2 = the worse half of the area, 1 = the better half. ' +
          'Cell (3, 3) is exactly the flagged LSOAs. The ETag is a hash of the answer; send it as If-None-Match for a 304, which a cached answer gives without computing anything. ' +
          'Caching, limits, figuresAsOf and pendingChanges as for GET /api/gaps.',
        querystring: GapsLayerQuery,
        response: { 200: GapsLayer, 304: z.null(), ...ERRORS },
      },
    },
    async (request, reply) => send(request, reply, 'layer', request.query),
  );

  app.get(
    '/api/gaps/equity',
    {
      compress: false,
      schema: {
        summary: 'The equity gradient: the access measure by decile of deprivation for a category in an area (England by default), as JSON or CSV',
        description:
          'Over the LSOAs of the area whose coverage of the category is complete: per decile, LSOAs, residents, median and IQR of the measure (unweighted, nearest-rank quantiles), ' +
          "share of residents beyond 800 m and 1,600 m of the nearest asset; and Wagstaff's population-weighted concentration index, ranked most deprived first, with its sign in words " +
          '(|CI| < 0.05: no clear gradient). `method` says it in full. format=csv (or Accept: text/csv) gives one row per decile. Caching and limits as for GET /api/gaps.',
        querystring: EquityQuery,
        response: { 200: EquityResult, 304: z.null(), ...ERRORS },
      },
    },
    async (request, reply) => {
      const csv = request.query.format === 'csv' || /^text\/csv\b/.test(request.headers.accept ?? '');
      return send(request, reply, csv ? 'equity_csv' : 'equity', { ...request.query, format: csv ? 'csv' : 'json' });
    },
  );
};
