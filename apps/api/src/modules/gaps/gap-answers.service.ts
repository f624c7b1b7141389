import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { EquityQuery, GapsLayerQuery, GapsQuery, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { TooManyRequestsError } from '../../errors.js';
import { attachmentHeader } from '../../http/caching.js';
import { countRequest } from '../../http/rate-limit.repository.js';
import { cachedAnswer, gapDataVersion, pruneGapCache, storeAnswer, type CachedAnswer, type GapDataVersion } from './gap-cache.repository.js';
import type { GapComputations } from './gap-computations.js';
import { equity, equityCsv, gaps, gapsCsv, gapsLayer, resolveGapQuery, type ScopedArea } from './gaps.service.js';
import type { IfNoneMatch } from '../../http/conditional.js';

/** Which answer: the ranked list as JSON or CSV, the gap map's classes, or the equity gradient as JSON or CSV. */
export type GapAnswerKind = 'list' | 'csv' | 'layer' | 'equity' | 'equity_csv';

export interface GapAnswerRequest {
  kind: GapAnswerKind;
  query: GapsQuery | GapsLayerQuery | EquityQuery;
  /** The need domain in words (resolved and checked by the route). */
  domainLabel: string;
  /**
   * Whether the answer is the same for everyone and may be shared: not a custom area (its
   * owner's or a link holder's) and not ranked by a workers-only measure. Only those are cached.
   */
  shared: boolean;
  user: User | null;
  /** The client's address: anonymous computations are counted per address. */
  address: string;
  /** The ETags the client already has (If-None-Match, parsed: http/conditional.ts). */
  ifNoneMatch: IfNoneMatch;
  acceptsGzip: boolean;
}

export interface GapAnswer {
  /** The client's copy is current: answer 304 with no body. */
  notModified: boolean;
  etag: string;
  contentType: string;
  contentDisposition: string | null;
  /** The bytes, gzipped when `gzip`; null when notModified. */
  body: Buffer | null;
  gzip: boolean;
}

// In libuv's thread pool, not on the event loop: an England-wide CSV is ~9 MB.
const gzip = promisify(gzipCallback);

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';

/**
 * How answers are written. Stored answers outlive a deployment (the cache is keyed on the
 * data, not the code): bump this when the bytes of an answer change for the same data, as
 * when the CSVs began rounding their figures (2), so no old form is served after an upgrade.
 */
export const GAP_ANSWER_FORMAT = 2;

/** One cache key per answer kind and settings (the query as validated, defaults filled in), key order aside. */
export function gapCacheKey(kind: GapAnswerKind, query: GapsQuery | GapsLayerQuery | EquityQuery): string {
  const settings = Object.entries(query)
    .filter(([name, value]) => value !== undefined && name !== 'share')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([GAP_ANSWER_FORMAT, kind, settings]))
    .digest('base64url');
}

function fromCache(hit: CachedAnswer, gzipped: boolean): GapAnswer {
  return {
    notModified: hit.body === null,
    etag: hit.etag,
    contentType: hit.contentType,
    contentDisposition: hit.contentDisposition,
    body: hit.body,
    gzip: gzipped,
  };
}

/** The answer's bytes and headers, computed now from the figures as they are stored. */
async function computeAnswer(
  db: Queryable,
  request: GapAnswerRequest,
  named: ScopedArea | null,
  data: GapDataVersion,
): Promise<{ body: Buffer; contentType: string; contentDisposition: string | null }> {
  if (request.kind === 'equity' || request.kind === 'equity_csv') {
    const { result, categorySlug, areaSlug } = await equity(db, request.query as EquityQuery, named, request.domainLabel, data.freshness);
    if (request.kind === 'equity') return { body: Buffer.from(JSON.stringify(result)), contentType: JSON_TYPE, contentDisposition: null };
    const filename = `equity-${categorySlug}-${areaSlug}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
    return { body: Buffer.from(equityCsv(result)), contentType: CSV_TYPE, contentDisposition: attachmentHeader(filename) };
  }
  if (request.kind === 'layer') {
    const layer = await gapsLayer(db, request.query as GapsLayerQuery, named, request.domainLabel, data.freshness);
    return { body: Buffer.from(JSON.stringify(layer)), contentType: JSON_TYPE, contentDisposition: null };
  }
  const listQuery = request.query as GapsQuery;
  const { result, categorySlug, areaSlug } = await gaps(db, listQuery, named, request.domainLabel, data.freshness);
  if (request.kind === 'list') return { body: Buffer.from(JSON.stringify(result)), contentType: JSON_TYPE, contentDisposition: null };
  const filename = `gaps-${categorySlug}-${areaSlug}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
  return { body: Buffer.from(gapsCsv(result)), contentType: CSV_TYPE, contentDisposition: attachmentHeader(filename) };
}

/**
 * A gap answer (/api/gaps as JSON or CSV, /api/gaps/layer), bounded in cost:
 * 1. a shared answer is served from gap_cache when it was computed at the current data
 *    version (gapDataVersion: anything it depends on moves the version, so a stored answer
 *    is never out of date), and not even read when the client's ETag matches (304);
 * 2. otherwise the query is checked (400/404 cost nothing to count), an anonymous caller's
 *    computation is counted against its address (429 over the limit), and the answer is
 *    computed under the computation limit (GapComputations: 503 busy when no turn comes
 *    free in time), then stored if shared.
 */
export async function answerGaps(db: Queryable, computations: GapComputations, request: GapAnswerRequest): Promise<GapAnswer> {
  const data = await gapDataVersion(db);
  const key = gapCacheKey(request.kind, request.query);
  const acceptsGzip = request.acceptsGzip;
  const lookUp = async () => {
    const hit = await cachedAnswer(db, key, data.version, request.ifNoneMatch, acceptsGzip);
    return hit && fromCache(hit, acceptsGzip);
  };
  if (request.shared) {
    const hit = await lookUp();
    if (hit) return hit;
  }

  const named = await resolveGapQuery(db, request.query, request.user);
  if (!request.user) await countAnonymousComputation(db, computations, request.address);

  return computations.run<GapAnswer>({
    key: request.shared ? key : null,
    cached: lookUp,
    compute: async (session) => {
      const answer = await computeAnswer(session, request, named, data);
      const etag = `"${createHash('sha1').update(answer.body).digest('base64url')}"`;
      const bodyGzip = request.shared || acceptsGzip ? await gzip(answer.body, { level: 6 }) : null;
      if (request.shared) await storeAnswer(session, { ...answer, key, version: data.version, etag, bodyGzip: bodyGzip! });
      const notModified = request.ifNoneMatch.any || request.ifNoneMatch.tags.includes(etag);
      return {
        notModified,
        etag,
        contentType: answer.contentType,
        contentDisposition: answer.contentDisposition,
        body: notModified ? null : acceptsGzip ? bodyGzip : answer.body,
        gzip: acceptsGzip,
      };
    },
  });
}

/** Counts one computation for an anonymous address; 429 with Retry-After over the limit. */
async function countAnonymousComputation(db: Queryable, computations: GapComputations, address: string): Promise<void> {
  const { anonymousPerWindow, windowMs } = computations.limits;
  const hit = await countRequest(db, `gap computations|ip:${address}`, windowMs);
  if (hit.current <= anonymousPerWindow) return;
  const seconds = Math.max(1, Math.ceil(hit.ttl / 1000));
  throw new TooManyRequestsError(
    `Too many new gap answers asked for from your address (at most ${anonymousPerWindow} in ${Math.round(windowMs / 60_000)} minutes without signing in): ` +
      `try again in ${seconds} seconds. Answers already computed are still served.`,
    seconds,
  );
}

/** Stored answers are kept a day at most, and 256 MB in all (an England-wide layer is ~0.8 MB, its CSV ~9 MB). */
const CACHE_MAX_AGE_MS = 24 * 60 * 60_000;
const CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** Forgets stored answers of past data versions, old ones, and the oldest beyond the size limit. Returns how many. */
export async function pruneGapAnswers(db: Queryable): Promise<number> {
  const { version } = await gapDataVersion(db);
  return pruneGapCache(db, version, CACHE_MAX_AGE_MS, CACHE_MAX_BYTES);
}
