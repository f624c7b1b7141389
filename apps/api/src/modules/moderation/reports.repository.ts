import type { Report, ReportBody, ResolveReportBody, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { curatesInSql } from '../access/access.repository.js';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const REPORT_SELECT = `
  SELECT r.id, r.asset_id AS "assetId", a.name AS "assetName", r.kind, r.message, r.status,
         to_char(r.created_at AT TIME ZONE 'UTC', ${ISO}) AS "createdAt",
         CASE WHEN rb.id IS NULL THEN NULL ELSE json_build_object('id', rb.id, 'displayName', rb.display_name) END AS "resolvedBy",
         to_char(r.resolved_at AT TIME ZONE 'UTC', ${ISO}) AS "resolvedAt", r.resolution_note AS "resolutionNote"
  FROM asset_reports r
  JOIN assets a ON a.id = r.asset_id
  LEFT JOIN users rb ON rb.id = r.resolved_by`;

/**
 * Files a report on a public asset, in one statement that reads `public_assets`: no row
 * when the asset is not public (sensitive or unpublished), so nobody learns it exists.
 */
export async function insertReportOnPublicAsset(db: Queryable, assetId: string, body: ReportBody, reporterId: string | null): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO asset_reports (asset_id, kind, message, reporter_id)
     SELECT id, $2, $3, $4 FROM public_assets WHERE id = $1
     RETURNING id`,
    [assetId, body.kind, body.message ? body.message : null, reporterId],
  );
  return rows[0]?.id;
}

export async function findReport(db: Queryable, id: string): Promise<Report | undefined> {
  const { rows } = await db.query<Report>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
  return rows[0];
}

export async function lockReport(tx: Queryable, id: string): Promise<{ status: Report['status']; lsoaCode: string | null } | undefined> {
  const { rows } = await tx.query<{ status: Report['status']; lsoaCode: string | null }>(
    `SELECT r.status, a.lsoa_code AS "lsoaCode" FROM asset_reports r JOIN assets a ON a.id = r.asset_id WHERE r.id = $1 FOR UPDATE OF r`,
    [id],
  );
  return rows[0];
}

export async function resolve(tx: Queryable, id: string, body: ResolveReportBody, workerId: string): Promise<void> {
  await tx.query(`UPDATE asset_reports SET status = $2, resolution_note = $3, resolved_by = $4, resolved_at = now() WHERE id = $1`, [
    id,
    body.status,
    body.note ? body.note : null,
    workerId,
  ]);
}

/** Open reports, oldest first, limited to the assets the worker curates. */
export async function listOpenReportsFor(db: Queryable, worker: User): Promise<Report[]> {
  const { rows } = await db.query<Report>(
    `${REPORT_SELECT}
     WHERE r.status = 'open' AND ($2::boolean OR ${curatesInSql('$1', 'a.lsoa_code')})
     ORDER BY r.created_at, r.id LIMIT 500`,
    [worker.id, worker.role === 'admin'],
  );
  return rows;
}
