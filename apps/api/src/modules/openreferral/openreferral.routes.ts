import {
  ErrorBody,
  HsdsApiInfo,
  HsdsPaging,
  HsdsService,
  HsdsServiceAtLocationItem,
  HsdsServiceAtLocationPage,
  HsdsServicePage,
  HsdsServicesQuery,
  HsdsTaxonomy,
  HsdsTaxonomyPage,
  HsdsTaxonomyTerm,
  HsdsTaxonomyTermPage,
} from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendPublic } from '../../http/public-answer.js';
import {
  apiInfo,
  serviceById,
  serviceAtLocationById,
  serviceAtLocationPage,
  servicePage,
  taxonomyById,
  taxonomyPage,
  taxonomyTermById,
  taxonomyTermPage,
} from './openreferral.service.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const IdParams = z.object({ id: z.string().min(1).max(100) });
const TAGS = ['Open Referral (HSDS 3.0)'];
const SERVICES_FILTERS =
  'page, per_page (≤ 100); words as search or text; taxonomy_term_id (a term id or category code, narrower terms included); ' +
  "the profile's filters: taxonomy_id (ours is the only taxonomy: another finds nothing), minimum_age (services whose minimum age is at least this), " +
  'maximum_age (whose maximum age is at most this; services without the bound are left out), day (MO…SU or Monday…), start_time and end_time ' +
  '(a regular opening on that day starting at or after / ending at or before, London time), modified_after, organization_id, ' +
  'postcode with proximity (metres); and /api/search filters (category, area, postcode, near, radius, bbox, open_now, open_at, wheelchair, free, age). ' +
  'Any other parameter is a 400 naming it.';

/**
 * A read-only Open Referral UK (HSDS 3.0) API over the public assets: each asset is a
 * service, our categories are the `common-ground-categories` taxonomy. Licences travel in
 * `x_provenance` on each service, in `x_licences` at `/openreferral/` and in the
 * `x-data-licences` header. Public (published, non-sensitive assets only) and cacheable.
 */
export const openReferralRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/openreferral',
    {
      schema: {
        tags: TAGS,
        summary: 'Which HSDS version and profile this API follows, and the licences of its data',
        response: { 200: HsdsApiInfo, 304: z.null() },
      },
    },
    async (request, reply) => {
      const info = await apiInfo(app.database.db);
      return sendPublic(request, reply, JSON.stringify(info), { contentType: JSON_TYPE, licences: info.x_licences.map((l) => l.licence) });
    },
  );

  app.get(
    '/openreferral/services',
    {
      schema: {
        tags: TAGS,
        summary: 'A page of public services (full HSDS services), filtered as /api/search is',
        description: SERVICES_FILTERS,
        querystring: HsdsServicesQuery,
        response: { 200: HsdsServicePage, 304: z.null(), 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const page = await servicePage(app.database.db, request.query);
      return sendPublic(request, reply, JSON.stringify(page), {
        contentType: JSON_TYPE,
        licences: page.contents.map((s) => s.x_provenance.licence),
      });
    },
  );

  app.get(
    '/openreferral/services/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One public service in full',
        params: IdParams,
        response: { 200: HsdsService, 304: z.null(), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const service = await serviceById(app.database.db, request.params.id);
      return sendPublic(request, reply, JSON.stringify(service), { contentType: JSON_TYPE, licences: [service.x_provenance.licence] });
    },
  );

  app.get(
    '/openreferral/service_at_locations',
    {
      schema: {
        tags: TAGS,
        summary: 'A page of public services at their locations (each asset is one service at one location)',
        description: SERVICES_FILTERS,
        querystring: HsdsServicesQuery,
        response: { 200: HsdsServiceAtLocationPage, 304: z.null(), 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const page = await serviceAtLocationPage(app.database.db, request.query);
      return sendPublic(request, reply, JSON.stringify(page), {
        contentType: JSON_TYPE,
        licences: page.contents.map((s) => s.service.x_provenance.licence),
      });
    },
  );

  app.get(
    '/openreferral/service_at_locations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One service at its location, with the service in full',
        params: IdParams,
        response: { 200: HsdsServiceAtLocationItem, 304: z.null(), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const item = await serviceAtLocationById(app.database.db, request.params.id);
      return sendPublic(request, reply, JSON.stringify(item), { contentType: JSON_TYPE, licences: [item.service.x_provenance.licence] });
    },
  );

  app.get(
    '/openreferral/taxonomies',
    {
      schema: {
        tags: TAGS,
        summary: 'The taxonomies services are classified by',
        querystring: HsdsPaging,
        response: { 200: HsdsTaxonomyPage, 304: z.null(), 400: ErrorBody },
      },
    },
    async (request, reply) => sendPublic(request, reply, JSON.stringify(taxonomyPage(request.query)), { contentType: JSON_TYPE, licences: [] }),
  );

  app.get(
    '/openreferral/taxonomies/:id',
    { schema: { tags: TAGS, summary: 'One taxonomy', params: IdParams, response: { 200: HsdsTaxonomy, 304: z.null(), 404: ErrorBody } } },
    async (request, reply) => sendPublic(request, reply, JSON.stringify(taxonomyById(request.params.id)), { contentType: JSON_TYPE, licences: [] }),
  );

  app.get(
    '/openreferral/taxonomy_terms',
    {
      schema: {
        tags: TAGS,
        summary: 'Our categories as taxonomy terms (parent_id links a term to its broader one)',
        querystring: HsdsPaging,
        response: { 200: HsdsTaxonomyTermPage, 304: z.null(), 400: ErrorBody },
      },
    },
    async (request, reply) =>
      sendPublic(request, reply, JSON.stringify(await taxonomyTermPage(app.database.db, request.query)), { contentType: JSON_TYPE, licences: [] }),
  );

  app.get(
    '/openreferral/taxonomy_terms/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One taxonomy term, by id or category code',
        params: IdParams,
        response: { 200: HsdsTaxonomyTerm, 304: z.null(), 404: ErrorBody },
      },
    },
    async (request, reply) =>
      sendPublic(request, reply, JSON.stringify(await taxonomyTermById(app.database.db, request.params.id)), { contentType: JSON_TYPE, licences: [] }),
  );
};
