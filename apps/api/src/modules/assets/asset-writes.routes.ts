import {
  AssetEditBody,
  AssetInput,
  AssetParams,
  AssetWriteResult,
  ErrorBody,
  History,
  RevertBody,
  VerifyBody,
  VersionConflictBody,
  WorkerAsset,
  WorkerAssetList,
  WorkerAssetListQuery,
} from '@common-ground/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { WRITE_ROUTE } from '../../http/route-limits.js';
import { requireRole, requireUser } from '../access/access.js';
import { noStore } from '../../http/caching.js';
import { roleOnly, signedInOnly } from '../access/guards.js';
import { findWorkerAsset, listWorkerAssets, publicAssetHistory, workerAssetHistory } from './asset-reads.service.js';
import { createAsset, editAsset, revertAsset, verifyAsset } from './asset-writes.service.js';

/** A 409 is either a version conflict (both versions) or a plain clash. */
const Conflict = z.union([VersionConflictBody, ErrorBody]);
const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: Conflict, 429: ErrorBody } as const;
const READ_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;

/**
 * Adding and editing assets, verifying and reverting them, their history, and workers'
 * views (drafts and sensitive assets on their own uncacheable URLs).
 */
export const assetWritesRoutes: FastifyPluginAsyncZod = async (app) => {
  const transact = app.database.transact;

  app.post(
    '/api/assets',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: "Add an asset: a worker's publishes at once, a resident's waits for review",
        body: AssetInput,
        response: { 201: AssetWriteResult, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      noStore(reply);
      return reply.code(201).send(await createAsset(transact, user, request.body));
    },
  );

  app.put(
    '/api/assets/:id',
    {
      preValidation: signedInOnly,
      ...WRITE_ROUTE,
      schema: {
        summary: "Edit an asset (a resident's edit of a published asset is a proposal: 202)",
        description: 'Send the version you edited as baseVersion (and optionally If-Match: "<version>"); a stale one is a 409 with both versions.',
        params: AssetParams,
        body: AssetEditBody,
        response: { 200: AssetWriteResult, 202: AssetWriteResult, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      noStore(reply);
      const { status, result } = await editAsset(transact, user, request.params.id, request.body, request.headers['if-match']);
      return reply.code(status).header('etag', `"${result.asset.version}"`).send(result);
    },
  );

  app.post(
    '/api/assets/:id/verify',
    {
      preValidation: roleOnly('worker'),
      ...WRITE_ROUTE,
      schema: {
        summary: 'A worker confirms the details are still right today',
        params: AssetParams,
        body: VerifyBody,
        response: { 200: WorkerAsset, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'worker');
      noStore(reply);
      return verifyAsset(transact, user, request.params.id, request.body);
    },
  );

  app.post(
    '/api/assets/:id/revert',
    {
      preValidation: roleOnly('worker'),
      ...WRITE_ROUTE,
      schema: {
        summary: "A worker returns an asset's details to an earlier version, as a new version",
        params: AssetParams,
        body: RevertBody,
        response: { 200: WorkerAsset, ...WRITE_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'worker');
      noStore(reply);
      return revertAsset(transact, user, request.params.id, request.body);
    },
  );

  app.get(
    '/api/assets/:id/history',
    {
      schema: {
        summary: "A public asset's changes, oldest first: who, when, before and after",
        params: AssetParams,
        response: { 200: History, 404: ErrorBody },
      },
    },
    async (request) => {
      return publicAssetHistory(app.database.db, request.params.id);
    },
  );

  app.get(
    '/api/worker/assets',
    {
      preValidation: roleOnly('worker'),
      schema: {
        summary: 'Workers: assets by review state and sensitivity, drafts and sensitive ones included; order=stale lists places to re-check',
        querystring: WorkerAssetListQuery,
        response: { 200: WorkerAssetList, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'worker');
      noStore(reply);
      const rows = await listWorkerAssets(app.database.db, request.query, user);
      return { assets: rows.slice(0, request.query.limit), more: rows.length > request.query.limit };
    },
  );

  app.get(
    '/api/worker/assets/:id',
    {
      preValidation: roleOnly('worker'),
      schema: {
        summary: 'Workers: any asset, drafts and sensitive ones included',
        params: AssetParams,
        response: { 200: WorkerAsset, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      requireRole(request, 'worker');
      noStore(reply);
      const asset = await findWorkerAsset(app.database.db, request.params.id);
      if (!asset) throw new NotFoundError('asset', request.params.id);
      return reply.header('etag', `"${asset.version}"`).send(asset);
    },
  );

  app.get(
    '/api/worker/assets/:id/history',
    {
      preValidation: roleOnly('worker'),
      schema: {
        summary: "Workers: any asset's changes, oldest first",
        params: AssetParams,
        response: { 200: History, ...READ_ERRORS },
      },
    },
    async (request, reply) => {
      requireRole(request, 'worker');
      noStore(reply);
      return workerAssetHistory(app.database.db, request.params.id);
    },
  );
};
