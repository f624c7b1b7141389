import {
  CustomAreaExportQuery,
  CustomAreaParams,
  ErrorBody,
  EXPORT_MAX_ASSETS,
  ExportFeatureCollection,
  ExportQuery,
  HsdsService,
} from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachment, noStore } from '../../http/caching.js';
import { assetsCsv, assetsGeoJson, assetsHsds, assetsInCustomArea, assetsInView } from './export.service.js';
import { licencesHeader, sendPublic } from '../../http/public-answer.js';

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
      const assets = await assetsInView(app.database.db, request.query);
      const body = await exportBody(assets, format);
      const { extension, contentType } = FORMATS[format];
      return sendPublic(request, reply, body, {
        contentType,
        licences: assets.flatMap((a) => a.sources.map((s) => s.licence)),
        filename: `common-ground-assets-${new Date().toISOString().slice(0, 10)}.${extension}`,
      });
    },
  );

  app.get(
    '/api/custom-areas/:id/assets',
    {
      schema: {
        summary: 'Download the public assets inside a custom area, as CSV, GeoJSON or Open Referral (HSDS 3.0) JSON',
        description:
          'The same files as /api/export/assets, for the public assets inside the area’s own shape (as its profile counts them). ' +
          'Readable by the area’s owner, or with share=<token> while it is shared by link; anyone else gets 404. Never cached.',
        params: CustomAreaParams,
        querystring: CustomAreaExportQuery,
        response: { 200: z.union([z.string(), ExportFeatureCollection, z.array(HsdsService)]), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { format, share } = request.query;
      const { area, assets } = await assetsInCustomArea(app.database.db, request.user, request.params.id, share);
      const body = await exportBody(assets, format);
      const { extension, contentType } = FORMATS[format];
      // The area may be private: the file names it, so it is no one's to keep.
      noStore(reply);
      const slug =
        area.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'area';
      licencesHeader(
        reply,
        assets.flatMap((a) => a.sources.map((s) => s.licence)),
      );
      attachment(reply, `${slug}-assets-${new Date().toISOString().slice(0, 10)}.${extension}`);
      return reply
        .type(contentType)
        .serializer((payload: unknown) => payload as string)
        .send(body);
    },
  );

  /** The file in one of the export formats. */
  async function exportBody(assets: Parameters<typeof assetsCsv>[0], format: keyof typeof FORMATS): Promise<string> {
    if (format === 'csv') return assetsCsv(assets);
    return JSON.stringify(format === 'geojson' ? assetsGeoJson(assets) : await assetsHsds(app.database.db, assets));
  }
};
