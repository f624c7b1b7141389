import { ErrorBody, GapsQuery, GapsResult } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { poolTransact } from '../../db/transaction.js';
import { noStore } from '../access/access.js';
import { needDomainOrBadRequest } from '../need-measures/need-domain.js';
import { CUSTOM_PREFIX } from '../custom-areas/custom-area-access.js';
import { gaps, gapsCsv } from './gaps.service.js';

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
};
