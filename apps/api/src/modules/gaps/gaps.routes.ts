import { createHash } from 'node:crypto';
import { ErrorBody, GapsLayer, GapsLayerQuery, GapsQuery, GapsResult } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { poolTransact } from '../../db/transaction.js';
import { noStore } from '../access/access.js';
import { ifNoneMatchHas } from '../assets/assets.routes.js';
import { CUSTOM_PREFIX } from '../custom-areas/custom-area-access.js';
import { needDomainOrBadRequest } from '../need-measures/need-domain.js';
import { gaps, gapsCsv, gapsLayer } from './gaps.service.js';

export const gapsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/gaps',
    {
      schema: {
        summary: 'Ranked priority list: where provision of a category is thin in deprived LSOAs of an area (England by default), as JSON or CSV',
        description:
          'Flag = deprived (domain decile ≤ deprived_deciles) AND (in the worst worst_fraction of the area\'s LSOAs on the measure, ties at the cut included, OR nothing within none_within m). ' +
          "LSOAs no source covers for the category are 'no_data' and never flagged. The response's `method` explains the rule in plain words. " +
          'area=custom:<id> ranks within a saved custom area (its owner, or anyone with share=<its link token>; others 404). ' +
          'All of England reads the stored figures: 409 provision_not_computed until `pnpm provision:recompute` has run. format=csv returns every row (or limit/offset) as text/csv.',
        querystring: GapsQuery,
        // domain: an IoD domain or a loaded need measure (need:<slug>); a workers-only one is a
        // 400 to others, exactly as one that does not exist, and its answers are private, no-store.
        response: { 200: GapsResult, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const need = await needDomainOrBadRequest(app.pg, query.domain, request.user, 'querystring.domain');
      const { result, categorySlug, areaSlug } = await gaps(app.pg, poolTransact(app.pg.pool), query, need.label, request.user);
      // Figures move whenever an asset is published or edited nearby. An answer ranked by a
      // workers-only measure, or for a custom area (its owner's or a link holder's), must
      // never sit in a shared cache.
      if (need.public && !query.area?.startsWith(CUSTOM_PREFIX)) reply.header('cache-control', 'public, max-age=60');
      else noStore(reply);
      if (query.format === 'csv') {
        const filename = `gaps-${categorySlug}-${areaSlug}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
        reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
        // A string with a non-JSON content type is sent as it is, not through the JSON serializer.
        return reply.send(gapsCsv(result) as unknown as GapsResult);
      }
      return result;
    },
  );

  app.get(
    '/api/gaps/layer',
    {
      schema: {
        summary: "The gap map: each LSOA's bivariate class (deprivation 1–3 × provision 1–3; 0 = no decile / no data) and flag, for the same settings as GET /api/gaps",
        description:
          '`classes` maps LSOA code → [deprivation class, provision class, flag 0|1], to join onto the `areas` vector tiles by code (MapLibre feature-state). ' +
          'Deprivation: 3 = deciles 1..deprived_deciles, 2 = the more deprived half of the other deciles, 1 = the rest. ' +
          'Provision: 3 = thin (worst worst_fraction or nothing within none_within), 2 = the worse half of the area, 1 = the better half. ' +
          'Cell (3, 3) is exactly the flagged LSOAs. The ETag is a hash of the answer; send it as If-None-Match for a 304.',
        querystring: GapsLayerQuery,
        response: { 200: GapsLayer, 304: z.null(), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const need = await needDomainOrBadRequest(app.pg, query.domain, request.user, 'querystring.domain');
      const layer = await gapsLayer(app.pg, poolTransact(app.pg.pool), query, need.label, request.user);
      /*
       * The answer depends on more than the provision watermark: asset changes (through the
       * stored figures and the change queue), figures computed on request for an area, the
       * category tree, which sources cover what, the loaded deciles. A hash of the answer
       * itself covers them all, so an ETag can never outlive what it names; a cache
       * revalidating gets a 304 without the body (an England-wide answer is ~0.8 MB, ~0.1 MB gzipped).
       */
      const json = JSON.stringify(layer);
      const etag = `"${createHash('sha1').update(json).digest('base64url')}"`;
      // Public and the same for every caller (only public assets count); figures move when
      // an asset nearby is published or edited, so caches check back after a minute. As for
      // the list: a workers-only measure or a custom area is never for a shared cache.
      if (need.public && !query.area?.startsWith(CUSTOM_PREFIX)) reply.header('cache-control', 'public, max-age=60');
      else noStore(reply);
      reply.header('etag', etag);
      if (ifNoneMatchHas(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      // Already serialised for the hash: sent as it is rather than serialised twice.
      return reply
        .type('application/json; charset=utf-8')
        .serializer((payload: unknown) => payload as string)
        .send(json as unknown as GapsLayer);
    },
  );
};
