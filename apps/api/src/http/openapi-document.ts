import { ErrorBody, type RouteAccess } from '@common-ground/schema';
import { z } from 'zod';
import type { RegisteredRoute } from './route-table.js';

/**
 * Completes the OpenAPI document @fastify/swagger builds from the routes' zod schemas, so
 * that it tells a client the whole truth (checked by Redocly's recommended rules and by the
 * fuzz test, which compares every live answer with it):
 * - licence, servers, and the two security schemes: the session cookie and the CSRF header
 *   (every state-changing request with a session must send the session's token);
 * - an operationId for each operation, from its method and path;
 * - the error statuses every route of a kind can answer (400 for bad input, 404 and 414 for
 *   an id in the path, 403 for a cross-site or tokenless write, 413, 415, 429, 503), with the
 *   one error body;
 * - the media types answers really come in (CSV, GeoJSON, vector tiles), and 304s with no body;
 * - `nullable` made effective beside `anyOf` (OpenAPI 3.0.3 reads it only next to `type`).
 * Statuses and types a route declares itself are kept as they are.
 */
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: { url: string; description?: string }[];
  components?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string; schema?: Record<string, unknown> }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }>; headers?: unknown }>;
  security?: Record<string, string[]>[];
  description?: string;
  [key: string]: unknown;
}

const SAFE = new Set(['get', 'head', 'options']);
const ERROR_SCHEMA = z.toJSONSchema(ErrorBody, { target: 'openapi-3.0' });

/** Answers other than JSON, by path: the `format` (or the file) decides which is sent. */
const MORE_TYPES: Record<string, Record<string, Record<string, unknown>>> = {
  '/api/export/assets': { 'text/csv': { type: 'string' }, 'application/geo+json': { type: 'object' } },
  '/api/custom-areas/{id}/assets': { 'text/csv': { type: 'string' }, 'application/geo+json': { type: 'object' } },
  '/api/gaps': { 'text/csv': { type: 'string' } },
  '/api/gaps/equity': { 'text/csv': { type: 'string' } },
  '/api/streets/{id}': { 'application/geo+json': { type: 'object' }, 'application/json': { type: 'object' } },
  '/api/search': { 'application/geo+json': { type: 'object' } },
};
const TILE = { 'application/vnd.mapbox-vector-tile': { schema: { type: 'string', format: 'binary' } } };

const STATUS_TEXT: Record<string, string> = {
  '400': 'The request is malformed; `issues` names each wrong field',
  '401': 'Sign in first: this needs a session',
  '403': 'Refused: a cross-site request, a missing or wrong CSRF token, or a role that may not do this',
  '404': 'No such object (or not one you may see)',
  '413': 'The body is larger than this route accepts',
  '414': 'A path segment is longer than any id (200 characters)',
  '415': 'The body is not in a media type this route reads (JSON, or the file types an import takes)',
  '429': 'Too many requests from your address or account; Retry-After says when to try again',
  '503': 'The database cannot be reached, is busy, or the server is overloaded; Retry-After says when to try again',
};

/** `GET /api/assets/{id}/history` → `getApiAssetsIdHistory`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split(/[/{}_.-]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return `${method.toLowerCase()}${words.join('') || 'Root'}`;
}

function errorResponse(status: string) {
  return { description: STATUS_TEXT[status]!, content: { 'application/json': { schema: ERROR_SCHEMA } } };
}

/** What each access level means, as an operation's description opens. */
const ACCESS_WORDS: Record<Exclude<RouteAccess, 'anyone'>, string> = {
  signed_in: 'Who: anyone signed in (401 otherwise).',
  worker: 'Who: community workers and admins (401 signed out, 403 for residents).',
  admin: 'Who: admins only (401 signed out, 403 for anyone else).',
};

/** `/api/coverage/:category/:lad` → `/api/coverage/{category}/{lad}`. */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

/**
 * `routes`: the app's route table, whose `access` (from each route's guard) becomes the
 * operation's `x-access` (anyone, signed_in, worker, admin), its security requirement (a
 * session, and for a write its CSRF token, where one is needed) and the first line of its
 * description.
 */
export function completeOpenApiDocument(doc: OpenApiDocument, routes: readonly Pick<RegisteredRoute, 'method' | 'url' | 'access'>[] = []): OpenApiDocument {
  const accessOf = new Map(routes.map((r) => [`${r.method.toLowerCase()} ${openApiPath(r.url)}`, r.access]));
  doc.info = {
    ...doc.info,
    license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
    description:
      `${typeof doc.info.description === 'string' ? doc.info.description : ''}\n\n` +
      'Reading public data needs no account. Signing in (`POST /api/auth/sign-in`) sets the `cg_session` cookie; ' +
      "with a session, every request that changes something must send the session's CSRF token (from `GET /api/auth/me`) " +
      'in `x-csrf-token`. Who may call an operation is its `x-access` (anyone, signed_in, worker or admin; admins may do what workers may) ' +
      'and the first line of its description; without it the answer is 401 (no session) or 403. Owning an object (a custom area, a draft) ' +
      "is checked on top, and is said in the description. The data's own licences travel with it (`/api/sources`, `x-data-licences`).",
  };
  doc.servers = [{ url: '/', description: 'This server' }];
  doc.components = {
    ...doc.components,
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'cg_session', description: 'The session cookie set by sign-in or registration (HttpOnly).' },
      csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: "The session's CSRF token, from GET /api/auth/me." },
    },
  };
  const usedIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      let id = op.operationId ?? operationIdOf(method, path);
      while (usedIds.has(id)) id = `${id}_`;
      usedIds.add(id);
      op.operationId = id;
      const access = accessOf.get(`${method} ${path}`) ?? 'anyone';
      op['x-access'] = access;
      if (access === 'anyone') {
        // Anyone may call; a session is read when sent, and a write with one carries its CSRF token.
        op.security = SAFE.has(method) ? [{}, { session: [] }] : [{}, { session: [], csrf: [] }];
      } else {
        op.security = SAFE.has(method) ? [{ session: [] }] : [{ session: [], csrf: [] }];
        op.description = op.description ? `${ACCESS_WORDS[access]}\n\n${op.description}` : ACCESS_WORDS[access];
        op.responses['401'] ??= errorResponse('401');
        if (access !== 'signed_in') op.responses['403'] ??= errorResponse('403');
      }
      completeResponses(path, method, op);
    }
  }
  tidySchemas(doc);
  return doc;
}

function completeResponses(path: string, method: string, op: Operation): void {
  const responses = op.responses;
  const add = (status: string) => {
    responses[status] ??= errorResponse(status);
  };
  const usesDatabase = /^\/(api|tiles|openreferral)(\/|$)/.test(path);
  const hasInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
  if (hasInput) add('400');
  if (op.parameters?.some((p) => p.in === 'path')) {
    add('404');
    add('414');
  }
  if (!SAFE.has(method)) {
    add('403');
    add('415');
    add('429');
    if (op.requestBody !== undefined) add('413');
  }
  if (usesDatabase) add('503');
  // A 304 has no body (RFC 9110 §15.4.5).
  if (responses['304']) responses['304'] = { description: 'Not modified: your copy (If-None-Match) is current' };
  for (const [status, response] of Object.entries(responses)) {
    if (response.description === 'Default Response') response.description = status.startsWith('2') ? 'OK' : (STATUS_TEXT[status] ?? response.description);
  }
  const ok = responses['200'];
  if (path.startsWith('/tiles/')) {
    responses['200'] = { description: 'A Mapbox Vector Tile (gzipped when the client accepts gzip)', content: TILE };
    responses['304'] = { description: 'Not modified: your copy (If-None-Match) is current' };
    const y = op.parameters?.find((p) => p.name === 'y');
    if (y) y.schema = { ...y.schema, example: '331.mvt', description: 'The tile row with the `.mvt` extension' };
  } else if (ok && MORE_TYPES[path]) {
    ok.content ??= {};
    for (const [type, schema] of Object.entries(MORE_TYPES[path])) ok.content[type] ??= { schema };
  }
}

/**
 * Duplicate `anyOf` alternatives dropped; `nullable` beside `anyOf` without `type` given the
 * alternatives' one type, or a null alternative.
 */
function tidySchemas(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) tidySchemas(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  // A tuple ([lon, lat]) arrives as items: anyOf [number, number]: one schema is enough.
  if (Array.isArray(schema.anyOf)) {
    const unique = [...new Map((schema.anyOf as unknown[]).map((alternative) => [JSON.stringify(alternative), alternative])).values()];
    if (unique.length === 1 && Object.keys(schema).length === 1) {
      delete schema.anyOf;
      Object.assign(schema, unique[0]);
    } else schema.anyOf = unique;
  }
  if (schema.nullable === true && Array.isArray(schema.anyOf) && schema.type === undefined) {
    const types = new Set((schema.anyOf as { type?: unknown }[]).map((alternative) => alternative.type));
    if (types.size === 1 && typeof [...types][0] === 'string') schema.type = [...types][0];
    else {
      delete schema.nullable;
      (schema.anyOf as unknown[]).push({ type: 'string', nullable: true, enum: [null] });
    }
  }
  for (const value of Object.values(schema)) tidySchemas(value);
}
