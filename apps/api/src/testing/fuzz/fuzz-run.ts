import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import {
  injectOptions,
  operationOf,
  requestArbitrary,
  sweepRequests,
  targetsOf,
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
} from './fuzz-requests.js';
import { EVERYONE, fuzzWorld, type Who } from './fuzz-world.js';

export interface FuzzOptions {
  seed: number;
  /** Requests per route and role, and as many again for every four fields the route takes. */
  runs: number;
  /** False: the random requests only, without the sweep of every field's hostile classes. */
  sweep?: boolean;
  /** Called now and then with a line of progress. */
  log?: (line: string) => void;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  /** How many answers had each status. */
  statuses: Record<number, number>;
  /** Per kind of request, how many were sent and how many got through validation (any status below 400). */
  byKind: Record<string, { requests: number; passed: number }>;
  /** Requests answered 503 with Retry-After (load shed) and sent again once. */
  retried: number;
  /** Requests the API failed: any 5xx, or a 4xx that does not say what is wrong. */
  failures: string[];
  /**
   * Answers the OpenAPI document does not describe: a status the operation does not list, or
   * a media type its status does not list (`METHOD path → status type`, each once).
   */
  undocumented: string[];
  /** The routes that took longest in all, for keeping the run's time in check. */
  slowest: { route: string; ms: number }[];
  ms: number;
}

/** A stable number per route, so a route's requests do not change when another route is added. */
function routeSeed(seed: number, route: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The answer's text, unpacked when it was compressed for an Accept-Encoding the request sent. */
function bodyOf(res: LightMyRequestResponse): string {
  const unpack = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync }[String(res.headers['content-encoding'])];
  if (!unpack) return res.body;
  try {
    return unpack(res.rawPayload).toString('utf8');
  } catch {
    return res.body;
  }
}

/** A 4xx must be `{ code, message }` saying what is wrong. */
function saysWhatIsWrong(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    return typeof parsed.code === 'string' && typeof parsed.message === 'string' && parsed.message.length > 0;
  } catch {
    return false;
  }
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/** Writes a person may send in an hour are limited (120): a new person well before that. */
const WRITES_PER_PERSON = 90;

/**
 * Sends `runs` generated requests per route in the registry and per role (anonymous,
 * resident, worker, admin) and reports every status, and every request answered with a
 * 5xx (or an unclear 4xx) with the request written out. The same seed sends the same
 * requests on every database.
 */
export async function fuzzApp(app: FastifyInstance, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  await app.ready();
  const doc = app.swagger() as unknown as OpenApiDocument;
  const world = await fuzzWorld(app);
  const report: FuzzReport = { seed: options.seed, requests: 0, statuses: {}, byKind: {}, retried: 0, failures: [], undocumented: [], slowest: [], ms: 0 };
  const writes: Record<Who, number> = { anonymous: 0, resident: 0, worker: 0, admin: 0 };
  const timeByRoute = new Map<string, number>();
  try {
    for (const route of app.routeTable) {
      const name = `${route.method} ${route.url}`;
      const routeStarted = performance.now();
      // Routes that take more fields get more requests: each field is a target.
      const perRole = options.runs * (1 + Math.ceil(targetsOf(operationOf(doc, route), route).length / 4));
      const random: FuzzRequest[] = fc.sample(requestArbitrary(doc, route), { seed: routeSeed(options.seed, name), numRuns: perRole * EVERYONE.length });
      // The sweep goes as an admin, whom no role guard stops, so its values reach the handlers.
      const planned: [Who, FuzzRequest][] = [
        ...random.map((r, i): [Who, FuzzRequest] => [EVERYONE[i % EVERYONE.length]!, r]),
        ...(options.sweep === false ? [] : sweepRequests(doc, route, routeSeed(options.seed + 1, name)).map((r): [Who, FuzzRequest] => ['admin', r])),
      ];
      for (const [who, request] of planned) {
        const inject = injectOptions(request, (r) => world.lookup(who, r));
        let res = await world.send(who, inject);
        if (res.statusCode === 503 && res.headers['retry-after']) {
          // Shed load (a busy machine, the embedded database holding the event loop) says when
          // to come back: once, then the answer counts. A second 503 is a failure like any 5xx.
          report.retried++;
          await new Promise((resolve) => setTimeout(resolve, Math.min(Number(res.headers['retry-after']), 5) * 1000));
          res = await world.send(who, inject);
        }
        const body = bodyOf(res);
        report.requests++;
        report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
        const kind = (report.byKind[request.kind] ??= { requests: 0, passed: 0 });
        kind.requests++;
        if (res.statusCode < 400) kind.passed++;
        if (res.statusCode >= 500 || (res.statusCode >= 400 && !saysWhatIsWrong(body))) {
          report.failures.push(
            `${res.statusCode} for ${who}: ${inject.method} ${clip(JSON.stringify(inject.url), 500)} (${request.kind})` +
              `${inject.payload === undefined ? '' : ` body ${clip(JSON.stringify(inject.payload), 800)}`} → ${clip(body, 400)}`,
          );
        }
        const problem = undocumentedAnswer(operationOf(doc, route), res.statusCode, res.headers['content-type']);
        if (problem && !report.undocumented.includes(`${name} → ${problem}`)) report.undocumented.push(`${name} → ${problem}`);
        if (name === 'POST /api/auth/register' && res.statusCode === 201) world.adopt((JSON.parse(body) as { user: { id: string } }).user.id);
        if (who === 'anonymous') continue;
        if (route.method !== 'GET') writes[who]++;
        const gone =
          res.statusCode === 429 ||
          (res.statusCode < 300 && (name === 'DELETE /api/account' || name === 'POST /api/auth/sign-out')) ||
          (res.statusCode === 401 && !route.url.startsWith('/api/auth/') && name !== 'DELETE /api/account');
        if (gone || writes[who] >= WRITES_PER_PERSON) {
          await world.replace(who);
          writes[who] = 0;
        }
      }
      timeByRoute.set(name, performance.now() - routeStarted);
      options.log?.(`${name}: ${planned.length} requests, ${Math.round(performance.now() - routeStarted)} ms`);
    }
  } finally {
    await world.cleanUp();
  }
  report.slowest = [...timeByRoute]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([route, ms]) => ({ route, ms: Math.round(ms) }));
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** What of an answer its operation in the document does not describe, or null when all is. */
function undocumentedAnswer(op: Operation | undefined, status: number, contentType: string | string[] | number | undefined): string | null {
  if (!op) return null; // not in the document (the web app's files, /docs)
  const response = op.responses?.[String(status)];
  if (!response) return String(status);
  const type = String(contentType ?? '')
    .split(';')[0]!
    .trim();
  if (!type || status === 204 || status === 304) return null;
  const types = Object.keys(response.content ?? {});
  return types.includes(type) ? null : `${status} ${type}`;
}
