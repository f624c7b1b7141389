import type { User, WorkerAsset, WorkerAssetListQuery } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { curatesInSql } from '../access/access.repository.js';
import { ASSET_COLUMNS, toAsset, type AssetRow } from './assets.repository.js';

/*
 * Workers' reads: every asset, drafts and sensitive ones included, straight from
 * `assets`. Only worker routes (which answer uncacheable) and write results use these.
 */

const person = (alias: string) => `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name) END`;

const WORKER_ASSET_SELECT = `
  SELECT ${ASSET_COLUMNS}, a.sensitive,
    ${person('cb')} AS "createdBy", ${person('vb')} AS "verifiedBy",
    (SELECT count(*)::int FROM asset_submissions s WHERE s.asset_id = a.id AND s.status = 'pending') AS "openSubmissions",
    (SELECT count(*)::int FROM asset_reports r WHERE r.asset_id = a.id AND r.status = 'open') AS "openReports"
  FROM assets a
  JOIN categories c ON c.code = a.category_code
  LEFT JOIN areas ar ON ar.code = a.lsoa_code
  LEFT JOIN users cb ON cb.id = a.created_by
  LEFT JOIN users vb ON vb.id = a.verified_by`;

type WorkerAssetRow = AssetRow & Omit<WorkerAsset, keyof AssetRow | 'freshness'>;

export async function findWorkerAsset(db: Queryable, id: string): Promise<WorkerAsset | undefined> {
  const { rows } = await db.query<WorkerAssetRow>(`${WORKER_ASSET_SELECT} WHERE a.id = $1`, [id]);
  return rows[0] && toAsset(rows[0]);
}

/**
 * A page of assets by review state and sensitivity, one extra to tell if there are more:
 * most recently changed first, or (`stale`) the running ones `curator` may curate, the
 * longest unchecked first (never checked: by their source's date).
 */
export async function listWorkerAssets(db: Queryable, query: WorkerAssetListQuery, curator: User): Promise<WorkerAsset[]> {
  const stale = query.order === 'stale';
  const where = ['($1::text IS NULL OR a.review_state = $1)', '($2::boolean IS NULL OR a.sensitive = $2)'];
  if (stale) {
    where.push(`a.lifecycle_status <> 'defunct'`);
    // Admins are not limited to areas; a worker sees the areas they curate.
    if (curator.role !== 'admin') where.push(curatesInSql('$5', 'a.lsoa_code'));
  }
  const order = stale ? 'coalesce(a.last_verified_at, a.source_date::timestamptz) ASC NULLS FIRST, a.id' : 'a.updated_at DESC, a.id';
  const params: unknown[] = [query.state ?? null, query.sensitive ?? null, query.limit + 1, query.offset];
  if (stale && curator.role !== 'admin') params.push(curator.id);
  const { rows } = await db.query<WorkerAssetRow>(
    `${WORKER_ASSET_SELECT}
     WHERE ${where.join(' AND ')}
     ORDER BY ${order}
     LIMIT $3 OFFSET $4`,
    params,
  );
  return rows.map(toAsset);
}
