import { AreaParams, AreaProvision, ErrorBody, ProvisionQuery } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFoundError } from '../../errors.js';
import { areaProvision } from './provision.service.js';

export const provisionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas/:code/provision',
    {
      schema: {
        summary:
          "An LSOA's provision per category and for all assets: counts and assets per 1,000 residents within walking bands, nearest distance, E2SFCA score",
        description:
          "Distances are from the mean position of the LSOA's live postcodes (British National Grid metres), to public assets that are not defunct. " +
          'Defaults: bands 400,800,1600 m; E2SFCA catchment 1600 m with Gaussian decay; these are stored and kept current by a background worker, which applies asset changes a few seconds after they are made: ' +
          'figuresAsOf says up to when the stored figures are complete and pendingChanges how many changes since are not in them yet (no request waits for them). Other settings are computed on request (figuresAsOf null). ' +
          'postcodeMeanNearestMetres is the postcode-level (AHAH-style) measure: the distance from each live postcode of the LSOA to its nearest asset, averaged; computed for each request. ' +
          "A category no source covers in the LSOA's local authority is 'no_data', without figures.",
        params: AreaParams,
        querystring: ProvisionQuery,
        response: { 200: AreaProvision, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const result = await areaProvision(app.database.db, request.params.code, request.query);
      if (!result) throw new NotFoundError('area', request.params.code);
      // Figures move whenever an asset is published or edited nearby.
      reply.header('cache-control', 'public, max-age=60');
      return result;
    },
  );
};
