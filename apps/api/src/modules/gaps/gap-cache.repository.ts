import type { FiguresFreshness } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';
import { PENDING_VISIBLE_CHANGES } from '../provision/provision.repository.js';

/** What a gap answer is computed from, as one comparable string, with how current its figures are. */
export interface GapDataVersion {
  version: string;
  freshness: FiguresFreshness;
}

/**
 * The data version of every gap answer: the provision watermark (and when it last moved,
 * which a full recompute always does), the change queue's head (a queued change alters
 * rows computed on request, and the answer's pendingChanges), and the counter of every
 * table a ranking reads (data_versions, moved by statement triggers: 015). Read before
 * computing, so an answer is stored under a version no newer than its data.
 */
export async function gapDataVersion(db: Queryable): Promise<GapDataVersion> {
  const { rows } = await db.query<{
    watermark: string | null;
    moved: string | null;
    figuresAsOf: string | null;
    pending: number | null;
    head: string;
    tables: string;
  }>(
    `SELECT s.last_change_id::text AS watermark,
            to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS moved,
            ${isoTime('s.figures_as_of')} AS "figuresAsOf",
            ${PENDING_VISIBLE_CHANGES} AS pending,
            (SELECT coalesce(max(id), 0) FROM asset_change_queue)::text AS head,
            (SELECT coalesce(string_agg(name || '=' || version, ',' ORDER BY name), '') FROM data_versions) AS tables
     FROM (SELECT 1) one LEFT JOIN provision_state s ON true`,
  );
  const r = rows[0]!;
  return {
    version: `figures=${r.watermark ?? 'none'}@${r.moved ?? ''};queue=${r.head};${r.tables}`,
    freshness: r.figuresAsOf === null ? { figuresAsOf: null, pendingChanges: 0 } : { figuresAsOf: r.figuresAsOf, pendingChanges: r.pending ?? 0 },
  };
}

/** A stored answer's headers. */
export interface CachedAnswerHead {
  etag: string;
  contentType: string;
  contentDisposition: string | null;
}

/** A stored answer: its headers and, unless the asker already has it, its bytes (gzipped when `gzip`). */
export interface CachedAnswer extends CachedAnswerHead {
  body: Buffer | null;
}

/**
 * The answer stored under `key` at data version `version`; undefined when there is none
 * (or only one of another version, which is never served). The bytes are not read when
 * the asker's If-None-Match (`known`) matches: a 304 needs none.
 */
export async function cachedAnswer(
  db: Queryable,
  key: string,
  version: string,
  known: { any: boolean; tags: readonly string[] },
  gzip: boolean,
): Promise<CachedAnswer | undefined> {
  const { rows } = await db.query<CachedAnswer>(
    `SELECT etag, content_type AS "contentType", content_disposition AS "contentDisposition",
            CASE WHEN $5 OR etag = ANY($3::text[]) THEN NULL WHEN $4 THEN body_gzip ELSE body END AS body
     FROM gap_cache WHERE key = $1 AND version = $2`,
    [key, version, known.tags, gzip, known.any],
  );
  return rows[0];
}

/** Stores an answer under `key`, replacing whatever was there (an older version's answer). */
export async function storeAnswer(db: Queryable, entry: CachedAnswerHead & { key: string; version: string; body: Buffer; bodyGzip: Buffer }): Promise<void> {
  await db.query(
    `INSERT INTO gap_cache (key, version, etag, content_type, content_disposition, body, body_gzip)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, etag = EXCLUDED.etag, content_type = EXCLUDED.content_type,
       content_disposition = EXCLUDED.content_disposition, body = EXCLUDED.body, body_gzip = EXCLUDED.body_gzip, created_at = now()`,
    [entry.key, entry.version, entry.etag, entry.contentType, entry.contentDisposition, entry.body, entry.bodyGzip],
  );
}

/**
 * Forgets answers that can no longer be served (another data version), answers older than
 * `maxAgeMs`, and then the oldest until the rest take at most `maxBytes`. Returns how many.
 */
export async function pruneGapCache(db: Queryable, currentVersion: string, maxAgeMs: number, maxBytes: number): Promise<number> {
  const { rowCount: stale } = await db.query(`DELETE FROM gap_cache WHERE version <> $1 OR created_at < now() - $2 * interval '1 millisecond'`, [
    currentVersion,
    maxAgeMs,
  ]);
  const { rowCount: over } = await db.query(
    `DELETE FROM gap_cache WHERE key IN (
       SELECT key FROM (
         SELECT key, sum(octet_length(body) + octet_length(body_gzip)) OVER (ORDER BY created_at DESC, key) AS running
         FROM gap_cache
       ) t WHERE running > $1)`,
    [maxBytes],
  );
  return (stale ?? 0) + (over ?? 0);
}
