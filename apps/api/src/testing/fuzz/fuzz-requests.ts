import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { fieldHints, pathHints, tileParams } from './fuzz-hints.js';
import { HOSTILE_BODIES, HOSTILE_QUERIES, hostileClasses, hostileValue, type RawBody } from './hostile-values.js';
import { fieldValue, Ref, type JsonSchema, type ValueOptions } from './schema-values.js';

/*
 * Requests generated from the app's own OpenAPI document (itself generated from the zod
 * schemas), one route at a time. Five kinds, so that many requests get past validation and
 * reach services and SQL while the rest attack validation itself:
 *
 * - valid: every parameter and body field valid for its schema, real codes and the fuzzer's
 *   own ids where a field names something (fuzz-hints.ts);
 * - mutated: a valid request with one field, chosen from the schema (present or not), set to a
 *   hostile value for it (hostile-values.ts): the rest stays valid, so the value goes as far
 *   into the code as validation lets it;
 * - noisy: a valid request with about one field in five hostile;
 * - garbage: a whole part hostile: every path parameter, the query string or the body;
 * - swept (sweepRequests): valid requests with each field in turn set to one value of each
 *   hostile class, so every field meets its worst cases whatever the random draws.
 */

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  /** The statuses the document says the operation answers, and their media types. */
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** A route as the registry lists it. */
export interface FuzzRoute {
  method: string;
  url: string;
}

/** A generated request, before the Refs in it are looked up. */
export interface FuzzRequest {
  method: string;
  route: string;
  kind: 'valid' | 'mutated' | 'noisy' | 'garbage' | 'swept';
  params: Record<string, unknown>;
  query: { fields: Record<string, unknown> } | { raw: string };
  body: { json: unknown } | RawBody | null;
  /** Send `Origin: <this site>`, as a browser does on a state-changing request. */
  origin: boolean;
  /** Conditional and negotiation headers some routes read (If-Match, If-None-Match, Accept-Encoding). */
  headers: Record<string, string>;
}

const HEADER_VALUES = ['"1"', '"2147483648"', 'W/"99999999999999999999"', '*', '"abc"', '', '"', 'x'.repeat(2000), 'gzip;q=1e400, br;q=-1', 'identity;q=0'];
const headersArbitrary: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        'if-match': fc.constantFrom(...HEADER_VALUES),
        'if-none-match': fc.constantFrom(...HEADER_VALUES),
        'accept-encoding': fc.constantFrom(...HEADER_VALUES),
      },
      { requiredKeys: [] },
    ),
  },
);

/** `/api/assets/:id` → `/api/assets/{id}`, as @fastify/swagger writes it. */
const openApiPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');

export function operationOf(doc: OpenApiDocument, route: FuzzRoute): Operation | undefined {
  return doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
}

const pathNames = (url: string): string[] => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!).concat(url.endsWith('*') ? ['*'] : []);
const isTileRoute = (url: string) => url.startsWith('/tiles/');

function paramsArbitrary(route: FuzzRoute, op: Operation | undefined, options: ValueOptions, hostile: boolean): fc.Arbitrary<Record<string, unknown>> {
  const schemas = new Map((op?.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}]));
  const hints = pathHints(route.url, route.method);
  const model = Object.fromEntries(
    pathNames(route.url).map((name) => {
      const schema = schemas.get(name) ?? { type: 'string' };
      if (hostile) return [name, hostileValue(schema)];
      const hint = hints(name);
      // A write names only the fuzzer's own objects: no generated ids there (see pathHints).
      if (route.method !== 'GET' && hint) return [name, options.noise > 0 ? fc.oneof({ weight: 6, arbitrary: hint }, hostileValue(schema)) : hint];
      return [name, fieldValue(schema, { ...options, hints }, name)];
    }),
  );
  const generated = fc.record(model);
  if (hostile || !isTileRoute(route.url)) return generated;
  return fc.oneof({ weight: 3, arbitrary: tileParams }, { weight: 1, arbitrary: generated });
}

function queryArbitrary(op: Operation | undefined, options: ValueOptions, hostile: boolean): fc.Arbitrary<FuzzRequest['query']> {
  if (hostile) {
    return fc.oneof(
      fc.constantFrom(...HOSTILE_QUERIES).map((raw) => ({ raw })),
      fc.dictionary(fc.string({ maxLength: 8 }), hostileValue({})).map((fields) => ({ fields })),
    );
  }
  // An optional parameter comes one time in three: search's sixteen, half of them at once,
  // would mostly clash (two places to search from) and never reach the database.
  const query = (op?.parameters ?? []).filter((p) => p.in === 'query');
  const model = Object.fromEntries(
    query.map((p) => {
      const value = fieldValue(p.schema ?? {}, options, p.name);
      return [p.name, p.required ? value : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value })];
    }),
  );
  return fc.record(model).map((fields) => ({ fields }));
}

function bodyArbitrary(op: Operation | undefined, options: ValueOptions, hostile: boolean): fc.Arbitrary<FuzzRequest['body']> {
  const schema = op?.requestBody?.content?.['application/json']?.schema;
  if (!schema) return hostile ? fc.constantFrom<FuzzRequest['body']>(null, ...HOSTILE_BODIES) : fc.constant(null);
  if (hostile)
    return fc.oneof(
      fc.constantFrom(...HOSTILE_BODIES),
      hostileValue(schema).map((json) => ({ json })),
    );
  return fieldValue(schema, options).map((json) => ({ json }));
}

/** A field a mutation can aim at: where it is in the request, and its schema. */
interface Target {
  path: (string | number)[];
  schema: JsonSchema;
}

/** Every field of a schema, nested ones too (an array's first item stands for its items); objects and arrays are targets themselves. */
function fieldsOf(schema: JsonSchema, path: (string | number)[], out: Target[], depth = 0): Target[] {
  if (depth > 6) return out;
  const object = [schema, ...(schema.anyOf ?? schema.oneOf ?? [])].find((s) => s.properties);
  if (object?.properties) {
    for (const [key, child] of Object.entries(object.properties)) {
      out.push({ path: [...path, key], schema: child });
      fieldsOf(child, [...path, key], out, depth + 1);
    }
  } else if (schema.items) {
    out.push({ path: [...path, 0], schema: schema.items });
    fieldsOf(schema.items, [...path, 0], out, depth + 1);
  }
  return out;
}

/** Every field of a route's request: path parameters, query parameters, body fields (and the body as a whole). */
export function targetsOf(op: Operation | undefined, route: FuzzRoute): Target[] {
  const declared = new Map((op?.parameters ?? []).map((p) => [`${p.in}:${p.name}`, p.schema ?? {}]));
  const targets: Target[] = pathNames(route.url).map((name) => ({ path: ['params', name], schema: declared.get(`path:${name}`) ?? { type: 'string' } }));
  for (const p of op?.parameters ?? []) if (p.in === 'query') targets.push({ path: ['query', 'fields', p.name], schema: p.schema ?? {} });
  const body = op?.requestBody?.content?.['application/json']?.schema;
  if (body) fieldsOf(body, ['body', 'json'], targets);
  return targets;
}

/** A copy of `value` with `replacement` at `path`, making the objects and arrays on the way where they are missing. */
function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path;
  if (typeof key === 'number') {
    const copy = Array.isArray(value) ? [...(value as unknown[])] : [];
    copy[Math.min(key, copy.length)] = setAt(copy[key], rest, replacement);
    return copy;
  }
  const copy = typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Ref) ? { ...value } : {};
  (copy as Record<string, unknown>)[key!] = setAt((copy as Record<string, unknown>)[key!], rest, replacement);
  return copy;
}

/** Requests of one kind for a route: `noise` in 100 fields hostile, or one part hostile as a whole. */
function requestsOf(
  route: FuzzRoute,
  op: Operation | undefined,
  kind: FuzzRequest['kind'],
  noise: number,
  garbage: 'params' | 'query' | 'body' | null,
): fc.Arbitrary<FuzzRequest> {
  const options: ValueOptions = { hints: fieldHints, noise };
  return fc.record({
    method: fc.constant(route.method),
    route: fc.constant(route.url),
    kind: fc.constant(kind),
    params: paramsArbitrary(route, op, options, garbage === 'params'),
    query: queryArbitrary(op, options, garbage === 'query'),
    body: bodyArbitrary(op, options, garbage === 'body'),
    origin: fc.boolean(),
    headers: headersArbitrary,
  });
}

/** Every kind of request for one route, at random. */
export function requestArbitrary(doc: OpenApiDocument, route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const op = operationOf(doc, route);
  const targets = targetsOf(op, route);
  const mutated =
    targets.length === 0
      ? requestsOf(route, op, 'mutated', 0, null)
      : fc
          .tuple(
            requestsOf(route, op, 'mutated', 0, null),
            fc.constantFrom(...targets).chain((t) => fc.tuple(fc.constant(t), hostileValue(t.schema))),
          )
          .map(([request, [target, value]]) => setAt(request, target.path, value) as FuzzRequest);
  return fc.oneof(
    { weight: 3, arbitrary: requestsOf(route, op, 'valid', 0, null) },
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: requestsOf(route, op, 'noisy', 20, null) },
    { weight: 1, arbitrary: fc.constantFrom('params' as const, 'query' as const, 'body' as const).chain((part) => requestsOf(route, op, 'garbage', 0, part)) },
  );
}

/** For each field of the route, valid requests with that field set to each of its hostile classes in turn. */
export function sweepRequests(doc: OpenApiDocument, route: FuzzRoute, seed: number): FuzzRequest[] {
  const op = operationOf(doc, route);
  const cases = targetsOf(op, route).flatMap((target) => hostileClasses(target.schema).map((value) => ({ target, value })));
  if (cases.length === 0) return [];
  const bases = fc.sample(requestsOf(route, op, 'swept', 0, null), { seed, numRuns: Math.min(cases.length, 16) });
  return cases.map(({ target, value }, i) => setAt(bases[i % bases.length], target.path, value) as FuzzRequest);
}

/** Replaces each Ref with its value; Refs sit in generated values only, a few levels down. */
export function resolveRefs(value: unknown, lookup: (r: Ref) => unknown, depth = 0): unknown {
  if (value instanceof Ref) return lookup(value);
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, lookup, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, lookup, depth + 1)]));
}

/** Percent-encodes like encodeURIComponent; a lone surrogate goes as its (invalid) UTF-8 bytes, as a careless client would send it. */
function encode(text: string): string {
  let out = '';
  for (const ch of text) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
  }
  return out;
}

/** How a value is written in a URL: text as it is, other JSON as JSON. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

function queryString(query: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) && value.length > 0 ? value : [value]) pairs.push(`${encode(key)}=${encode(asText(item))}`);
  }
  return pairs.join('&');
}

/** The request as `app.inject` takes it, its Refs looked up; `url` is also what a failure message shows. */
export function injectOptions(request: FuzzRequest, lookup: (r: Ref) => unknown): InjectOptions & { url: string } {
  const params = resolveRefs(request.params, lookup) as Record<string, unknown>;
  const path = request.route.replace(/:(\w+)|\*$/g, (_whole, name: string | undefined) => encode(asText(params[name ?? '*'] ?? '')));
  const query = 'raw' in request.query ? request.query.raw : queryString(resolveRefs(request.query.fields, lookup) as Record<string, unknown>);
  const headers: Record<string, string> = { ...request.headers, ...(request.origin && { origin: 'http://localhost' }) };
  let payload: string | undefined;
  if (request.body && 'json' in request.body) {
    payload = JSON.stringify(resolveRefs(request.body.json, lookup)) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (request.body) {
    payload = request.body.payload;
    if (request.body.contentType) headers['content-type'] = request.body.contentType;
  }
  return { method: request.method, url: query ? `${path}?${query}` : path, headers, ...(payload !== undefined && { payload }) };
}
