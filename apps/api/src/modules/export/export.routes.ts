import { ErrorBody, EXPORT_MAX_ASSETS, ExportFeatureCollection, ExportQuery, HsdsService } from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assetsCsv, assetsGeoJson, assetsHsds, assetsInView } from './export.service.js';
import { sendPublic } from './public-download.js';

const FORMATS = {
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8; header=present' },
  geojson: { extension: 'geojson', contentType: 'application/geo+json; charset=utf-8' },
  hsds: { extension: 'hsds.json', contentType: 'application/json; charset=utf-8' },
} as const;

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/export/assets',
    {
      schema: {
        summary: 'Download every public asset a search finds, as CSV, GeoJSON or Open Referral (HSDS 3.0) JSON',
        description:
          `The same filters as /api/search, without paging: all matching public assets in the search's order, ` +
          `at most ${EXPORT_MAX_ASSETS} (more is a 400 asking for a narrower search). Each row carries its ` +
          'licence and attribution; share_alike is true where a source is ODbL (OpenStreetMap) or CC BY-SA. ' +
          'CSV is RFC 4180 (UTF-8, CRLF), cells that could start a spreadsheet formula prefixed with an apostrophe. ' +
          'Public and cacheable; the ETag is a hash of the file, send it as If-None-Match for a 304.',
        querystring: ExportQuery,
        response: {
          200: z.union([z.string(), ExportFeatureCollection, z.array(HsdsService)]),
          304: z.null(),
          400: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const assets = await assetsInView(app.pg, request.query);
      const body =
        format === 'csv'
          ? assetsCsv(assets)
          : JSON.stringify(format === 'geojson' ? assetsGeoJson(assets) : await assetsHsds(app.pg, assets));
      const { extension, contentType } = FORMATS[format];
      return sendPublic(request, reply, body, {
        contentType,
        licences: assets.flatMap((a) => a.sources.map((s) => s.licence)),
        filename: `common-ground-assets-${new Date().toISOString().slice(0, 10)}.${extension}`,
      });
    },
  );
};
