import type { Annotation, AnnotationVisibility } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';

/** What a note is attached to. */
export type AnnotationTarget = { type: 'asset'; assetId: string } | { type: 'area'; areaCode: string };

/** A note as stored, with what the rules about it need to know. */
export interface AnnotationRecord extends Annotation {
  authorId: string | null;
  deleted: boolean;
  deletedAt: string | null;
  /** Whether the public may see what it is attached to (an area always; an asset if in public_assets). */
  targetPublic: boolean;
  /** The LSOA of what it is attached to, for workers' area limits. */
  lsoaCode: string | null;
}

/** Who is reading: workers see workers-only and hidden notes; anyone sees their own. */
export interface Viewer {
  userId: string | null;
  worker: boolean;
}

const SELECT_ANNOTATION = `
  SELECT n.id,
         CASE WHEN n.asset_id IS NOT NULL THEN json_build_object('type', 'asset', 'assetId', n.asset_id)
              ELSE json_build_object('type', 'area', 'areaCode', n.area_code) END AS target,
         n.body, n.visibility,
         CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END AS author,
         n.version,
         n.hidden_at IS NOT NULL AS hidden,
         n.hidden_reason AS "hiddenReason",
         ${isoTime('n.created_at')} AS "createdAt",
         ${isoTime('n.updated_at')} AS "updatedAt",
         n.author_id AS "authorId",
         n.deleted_at IS NOT NULL AS deleted,
         ${isoTime('n.deleted_at')} AS "deletedAt",
         (n.asset_id IS NULL OR EXISTS (SELECT 1 FROM public_assets p WHERE p.id = n.asset_id)) AS "targetPublic",
         coalesce(a.lsoa_code, n.area_code) AS "lsoaCode"
    FROM annotations n
    LEFT JOIN users u ON u.id = n.author_id
    LEFT JOIN assets a ON a.id = n.asset_id`;

/** The public shape of a stored note. */
export function toAnnotation(record: AnnotationRecord): Annotation {
  const { authorId: _a, deleted: _d, deletedAt: _da, targetPublic: _t, lsoaCode: _l, ...annotation } = record;
  return annotation;
}

/** One note, deleted or not; `forUpdate` locks it for the rest of the transaction. */
export async function findAnnotation(db: Queryable, id: string, forUpdate = false): Promise<AnnotationRecord | null> {
  const { rows } = await db.query<AnnotationRecord>(`${SELECT_ANNOTATION} WHERE n.id = $1 ${forUpdate ? 'FOR UPDATE OF n' : ''}`, [id]);
  return rows[0] ?? null;
}

/**
 * The notes on a target that `viewer` may read, oldest first: never deleted ones; public
 * and shown ones to everyone; workers-only and hidden ones to workers; their own to authors.
 */
export async function listAnnotations(db: Queryable, target: AnnotationTarget, viewer: Viewer): Promise<Annotation[]> {
  const column = target.type === 'asset' ? 'n.asset_id' : 'n.area_code';
  const { rows } = await db.query<AnnotationRecord>(
    `${SELECT_ANNOTATION}
      WHERE ${column} = $1 AND n.deleted_at IS NULL
        AND ($2::boolean OR (n.visibility = 'public' AND n.hidden_at IS NULL) OR n.author_id = $3::uuid)
      ORDER BY n.created_at, n.id`,
    [target.type === 'asset' ? target.assetId : target.areaCode, viewer.worker, viewer.userId],
  );
  return rows.map(toAnnotation);
}

/**
 * The notes on any of these LSOAs that `viewer` may read (the rule of listAnnotations),
 * newest first, at most `limit`: a custom area's profile.
 */
export async function listAnnotationsOnAreas(db: Queryable, areaCodes: readonly string[], viewer: Viewer, limit: number): Promise<Annotation[]> {
  const { rows } = await db.query<AnnotationRecord>(
    `${SELECT_ANNOTATION}
      WHERE n.area_code = ANY($1::text[]) AND n.deleted_at IS NULL
        AND ($2::boolean OR (n.visibility = 'public' AND n.hidden_at IS NULL) OR n.author_id = $3::uuid)
      ORDER BY n.created_at DESC, n.id
      LIMIT $4`,
    [areaCodes, viewer.worker, viewer.userId, limit],
  );
  return rows.map(toAnnotation);
}

/** Every note a person wrote, deleted ones too (with when), oldest first: for their data export. */
export async function listAnnotationsByAuthor(db: Queryable, authorId: string): Promise<(Annotation & { deletedAt: string | null })[]> {
  const { rows } = await db.query<AnnotationRecord>(`${SELECT_ANNOTATION} WHERE n.author_id = $1 ORDER BY n.created_at, n.id`, [authorId]);
  return rows.map((row) => ({ ...toAnnotation(row), deletedAt: row.deletedAt }));
}

export async function insertAnnotation(
  db: Queryable,
  note: { target: AnnotationTarget; body: string; visibility: AnnotationVisibility; authorId: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO annotations (asset_id, area_code, body, visibility, author_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      note.target.type === 'asset' ? note.target.assetId : null,
      note.target.type === 'area' ? note.target.areaCode : null,
      note.body,
      note.visibility,
      note.authorId,
    ],
  );
  return rows[0]!.id;
}

/** Rewrites a note's words and visibility, one version on. */
export async function updateAnnotationBody(db: Queryable, id: string, change: { body: string; visibility: AnnotationVisibility }): Promise<void> {
  await db.query(`UPDATE annotations SET body = $2, visibility = $3, version = version + 1, updated_at = now() WHERE id = $1`, [
    id,
    change.body,
    change.visibility,
  ]);
}

export async function softDeleteAnnotation(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE annotations SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
}

/** Hides a note (with the worker and their reason) or shows it again. */
export async function setAnnotationHidden(db: Queryable, id: string, hide: { hidden: true; by: string; reason: string } | { hidden: false }): Promise<void> {
  if (hide.hidden) {
    await db.query(
      `UPDATE annotations SET hidden_at = coalesce(hidden_at, now()), hidden_by = $2, hidden_reason = $3, updated_at = now()
        WHERE id = $1`,
      [id, hide.by, hide.reason],
    );
  } else {
    await db.query(`UPDATE annotations SET hidden_at = NULL, hidden_by = NULL, hidden_reason = NULL, updated_at = now() WHERE id = $1`, [id]);
  }
}

/** An asset a note may be attached to: whether it exists, and whether the public may see it. */
export async function findAssetForNotes(db: Queryable, assetId: string): Promise<{ public: boolean } | null> {
  const { rows } = await db.query<{ public: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM public_assets p WHERE p.id = a.id) AS public FROM assets a WHERE a.id = $1`,
    [assetId],
  );
  return rows[0] ?? null;
}

/** Whether the public may see this asset (the public_assets view decides). */
export async function isPublicAsset(db: Queryable, assetId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM public_assets WHERE id = $1`, [assetId]);
  return rows.length > 0;
}

export async function areaExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM areas WHERE code = $1`, [code]);
  return rows.length > 0;
}
