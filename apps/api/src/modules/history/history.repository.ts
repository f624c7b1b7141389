import type { HistoryEntry } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

export type EntityType = 'asset' | 'annotation' | 'category';

export interface ChangeRecord {
  entityType: EntityType;
  entityId: string;
  /** The entity's version after the change, where it has one. */
  version: number | null;
  /** What happened: create, edit, approve, reject, request_changes, verify, revert, hide, unhide, delete … */
  action: string;
  actorId: string | null;
  /** For an approved proposal, the resident who made it. */
  proposedBy?: string | null;
  before: object | null;
  after: object | null;
  note?: string | null;
}

/**
 * Records one change. Call it with the transaction's client, in the transaction that
 * makes the change, so a change and its record commit or roll back together.
 */
export async function recordChange(tx: Queryable, change: ChangeRecord): Promise<void> {
  await tx.query(
    `INSERT INTO change_history (entity_type, entity_id, version, action, actor_id, proposed_by, before, after, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
    [
      change.entityType,
      change.entityId,
      change.version,
      change.action,
      change.actorId,
      change.proposedBy ?? null,
      change.before === null ? null : JSON.stringify(change.before),
      change.after === null ? null : JSON.stringify(change.after),
      change.note ?? null,
    ],
  );
}

/** Top-level keys whose values differ (added, removed or changed). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null)).sort();
}

/** An entity's history, oldest first, with the people named by display name. */
export async function listHistory(db: Queryable, entityType: EntityType, entityId: string): Promise<HistoryEntry[]> {
  const { rows } = await db.query<Omit<HistoryEntry, 'changed'>>(
    `SELECT h.id::int AS id, h.version, h.action,
            CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'displayName', a.display_name) END AS actor,
            CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'displayName', p.display_name) END AS "proposedBy",
            to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
            h.before, h.after, h.note
     FROM change_history h
     LEFT JOIN users a ON a.id = h.actor_id
     LEFT JOIN users p ON p.id = h.proposed_by
     WHERE h.entity_type = $1 AND h.entity_id = $2
     ORDER BY h.id`,
    [entityType, entityId],
  );
  return rows.map((row) => ({ ...row, changed: changedFields(row.before, row.after) }));
}
