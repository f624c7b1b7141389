import type { WorkerAsset, WorkerAssetListQuery } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { ASSET_COLUMNS, toAsset, type AssetRow } from './assets.repository.js';

/*
 * Workers' reads: every asset, drafts and sensitive ones included, straight from
 * `assets`. Only worker routes (which answer uncacheable) and write results use these.
 */

const person = (alias: string) =>
  `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE json_build_object('id', ${alias}.id, 'displayName', ${alias}.display_name) END`;

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

/** A page of assets by review state and sensitivity, most recently changed first, one extra to tell if there are more. */
export async function listWorkerAssets(db: Queryable, query: WorkerAssetListQuery): Promise<WorkerAsset[]> {
  const { rows } = await db.query<WorkerAssetRow>(
    `${WORKER_ASSET_SELECT}
     WHERE ($1::text IS NULL OR a.review_state = $1) AND ($2::boolean IS NULL OR a.sensitive = $2)
     ORDER BY a.updated_at DESC, a.id
     LIMIT $3 OFFSET $4`,
    [query.state ?? null, query.sensitive ?? null, query.limit + 1, query.offset],
  );
  return rows.map(toAsset);
}
