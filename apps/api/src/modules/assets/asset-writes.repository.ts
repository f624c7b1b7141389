import { randomUUID } from 'node:crypto';
import { CONTRIBUTION_SOURCE, type ReviewState } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { AssetContent, AssetSnapshot } from './asset-snapshot.js';
import type { WeeklyInterval } from '@common-ground/geo/opening-hours';

/** No contributor licence is defined elsewhere; ODbL keeps contributions as open as OSM data. */
export const CONTRIBUTION_LICENCE = 'ODbL-1.0';

/** What a write needs to know about an asset before it changes it. */
export interface AssetState {
  id: string;
  version: number;
  reviewState: ReviewState;
  sensitive: boolean;
  lsoaCode: string | null;
  createdBy: string | null;
}

/**
 * The asset row locked for this transaction (SELECT … FOR UPDATE), so two writers with
 * the same base version queue here and the second one sees the first one's version.
 */
export async function lockAsset(tx: Queryable, id: string): Promise<AssetState | undefined> {
  const { rows } = await tx.query<AssetState>(
    `SELECT id, version, review_state AS "reviewState", sensitive, lsoa_code AS "lsoaCode", created_by AS "createdBy"
     FROM assets WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
}

/** The English LSOA a point stands in, or null outside England (the rule the assets_set_lsoa trigger applies). */
export async function lsoaAt(db: Queryable, [lon, lat]: [number, number]): Promise<string | null> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM areas WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY code LIMIT 1`,
    [lon, lat],
  );
  return rows[0]?.code ?? null;
}

/** The columns an edit sets, in the order of contentValues, starting at $2 ($1 is the id). */
const CONTENT_COLUMNS = [
  'name',
  'category_code',
  'abcd_type',
  'description',
  'organisation',
  'location_precision',
  'address',
  'postcode',
  'phone',
  'email',
  'website',
  'opening_hours',
  'wheelchair',
  'accessibility_note',
  'is_free',
  'cost_note',
  'age_min',
  'age_max',
  'languages',
  'carers_welcome',
  'volunteers_wanted',
  'lifecycle_status',
  'sensitive',
  'capacity',
  'capacity_unit',
] as const;
const LON = CONTENT_COLUMNS.length + 2;
const LAT = LON + 1;
const GEOM = `ST_SetSRID(ST_MakePoint($${LON}, $${LAT}), 4326)`;

function contentValues(c: AssetContent): unknown[] {
  return [
    c.name,
    c.categoryCode,
    c.abcdType,
    c.description,
    c.organisation,
    c.locationPrecision,
    c.address,
    c.postcode,
    c.phone,
    c.email,
    c.website,
    c.openingHours,
    c.wheelchair,
    c.accessibilityNote,
    c.free,
    c.costNote,
    c.ageMin,
    c.ageMax,
    c.languages,
    c.carersWelcome,
    c.volunteersWanted,
    c.lifecycleStatus,
    c.sensitive,
    // A snapshot from before capacity existed has none: restoring it restores "not known".
    c.capacity?.value ?? null,
    c.capacity?.unit ?? null,
    c.location.coordinates[0],
    c.location.coordinates[1],
  ];
}

export interface NewAsset {
  reviewState: ReviewState;
  createdBy: string;
}

/** Inserts a contributed asset with its provenance row; returns its id and LSOA. */
export async function insertAsset(tx: Queryable, content: AssetContent, meta: NewAsset): Promise<{ id: string; lsoaCode: string | null }> {
  // The asset is its own record in its source, so provenance lists it like an imported one.
  const id = randomUUID();
  const placeholders = CONTENT_COLUMNS.map((_, i) => `$${i + 2}`).join(', ');
  const { rows } = await tx.query<{ lsoaCode: string | null }>(
    `INSERT INTO assets (id, ${CONTENT_COLUMNS.join(', ')}, geom, review_state, created_by, source, source_id, source_date, licence)
     VALUES ($1::uuid, ${placeholders}, ${GEOM}, $${LAT + 1}, $${LAT + 2}, $${LAT + 3}, $1::uuid::text, current_date, $${LAT + 4})
     RETURNING lsoa_code AS "lsoaCode"`,
    [id, ...contentValues(content), meta.reviewState, meta.createdBy, CONTRIBUTION_SOURCE, CONTRIBUTION_LICENCE],
  );
  await tx.query(`INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence) VALUES ($1::uuid, $2, $1::uuid::text, current_date, $3)`, [
    id,
    CONTRIBUTION_SOURCE,
    CONTRIBUTION_LICENCE,
  ]);
  return { id, lsoaCode: rows[0]!.lsoaCode };
}

/** Writes new content as the next version; returns the version and LSOA it now has. */
export async function updateAssetContent(tx: Queryable, id: string, content: AssetContent): Promise<{ version: number; lsoaCode: string | null }> {
  const sets = CONTENT_COLUMNS.map((column, i) => `${column} = $${i + 2}`).join(', ');
  const { rows } = await tx.query<{ version: number; lsoaCode: string | null }>(
    `UPDATE assets SET ${sets}, geom = ${GEOM}, version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING version, lsoa_code AS "lsoaCode"`,
    [id, ...contentValues(content)],
  );
  return rows[0]!;
}

/**
 * Moves an asset through review. Publishing is a new version (what the public sees
 * changes); a rejection or a request for changes only labels a draft, so the resident's
 * next edit still applies to the version they hold.
 */
export async function setReviewState(tx: Queryable, id: string, state: ReviewState, newVersion: boolean): Promise<number> {
  const { rows } = await tx.query<{ version: number }>(
    `UPDATE assets SET review_state = $2, version = version + $3::int, updated_at = now() WHERE id = $1 RETURNING version`,
    [id, state, newVersion ? 1 : 0],
  );
  return rows[0]!.version;
}

/** A worker checked the asset today: a new version, dated and attributed. */
export async function markVerified(tx: Queryable, id: string, workerId: string): Promise<number> {
  const { rows } = await tx.query<{ version: number }>(
    `UPDATE assets SET last_verified_at = now(), verified_by = $2, version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING version`,
    [id, workerId],
  );
  return rows[0]!.version;
}

/** Replaces the asset's weekly open intervals (for "open now" search), as the loader writes them. */
export async function replaceOpenIntervals(tx: Queryable, id: string, intervals: readonly WeeklyInterval[]): Promise<void> {
  await tx.query('DELETE FROM asset_open_intervals WHERE asset_id = $1', [id]);
  if (intervals.length === 0) return;
  await tx.query(
    `INSERT INTO asset_open_intervals (asset_id, opens, closes)
     SELECT $1, * FROM unnest($2::smallint[], $3::smallint[])`,
    [id, intervals.map(([opens]) => opens), intervals.map(([, closes]) => closes)],
  );
}

/**
 * The asset as change history records it (see AssetSnapshot): a SQL expression over the
 * `assets` row in scope, so one write and a bulk write (imports) record the same shape.
 */
export const ASSET_SNAPSHOT_SQL = `json_build_object(
       'name', name, 'categoryCode', category_code, 'abcdType', abcd_type, 'description', description,
       'location', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(geom), ST_Y(geom))),
       'locationPrecision', location_precision, 'postcode', postcode, 'address', address, 'phone', phone,
       'email', email, 'website', website, 'openingHours', opening_hours, 'wheelchair', wheelchair,
       'accessibilityNote', accessibility_note, 'free', is_free, 'costNote', cost_note, 'ageMin', age_min,
       'ageMax', age_max, 'languages', languages, 'organisation', organisation, 'carersWelcome', carers_welcome,
       'volunteersWanted', volunteers_wanted, 'lifecycleStatus', lifecycle_status, 'sensitive', sensitive,
       'capacity', CASE WHEN capacity IS NULL THEN NULL ELSE json_build_object('value', capacity, 'unit', capacity_unit) END,
       'reviewState', review_state, 'version', version,
       'lastVerifiedAt', to_char(last_verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
     )`;

/** The asset as change history records it (see AssetSnapshot). */
export async function assetSnapshot(db: Queryable, id: string): Promise<AssetSnapshot> {
  const { rows } = await db.query<{ snapshot: AssetSnapshot }>(`SELECT ${ASSET_SNAPSHOT_SQL} AS snapshot FROM assets WHERE id = $1`, [id]);
  return rows[0]!.snapshot;
}

/** Snapshots of many assets at once (bulk writes record history as single writes do). */
export async function assetSnapshots(db: Queryable, ids: readonly string[]): Promise<Map<string, AssetSnapshot>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; snapshot: AssetSnapshot }>(
    `SELECT id::text AS id, ${ASSET_SNAPSHOT_SQL} AS snapshot FROM assets WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.snapshot]));
}

/**
 * Records one history entry per asset for a bulk write, each with the asset's snapshot
 * after the change read in the same statement (recordChange, many at once). Call it in
 * the write's transaction, after the write.
 */
export async function recordBulkAssetChanges(
  tx: Queryable,
  changes: readonly { id: string; action: string; before: AssetSnapshot | null }[],
  actorId: string | null,
  note: string,
): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO change_history (entity_type, entity_id, version, action, actor_id, before, after, note)
     SELECT 'asset', assets.id::text, assets.version, c.action, $2::uuid, c.before, ${ASSET_SNAPSHOT_SQL}::jsonb, $3
     FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, action text, before jsonb, ord int)
     JOIN assets ON assets.id = c.id
     ORDER BY c.ord`,
    [JSON.stringify(changes.map((c, ord) => ({ ...c, ord }))), actorId, note],
  );
}

/** Replaces the weekly open intervals of many assets at once (replaceOpenIntervals, in bulk). */
export async function replaceOpenIntervalsBulk(tx: Queryable, byAsset: readonly { id: string; intervals: readonly WeeklyInterval[] }[]): Promise<void> {
  if (byAsset.length === 0) return;
  await tx.query('DELETE FROM asset_open_intervals WHERE asset_id = ANY($1::uuid[])', [byAsset.map((a) => a.id)]);
  const flat = byAsset.flatMap((a) => a.intervals.map(([opens, closes]) => ({ id: a.id, opens, closes })));
  if (flat.length === 0) return;
  await tx.query(
    `INSERT INTO asset_open_intervals (asset_id, opens, closes)
     SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::smallint[])`,
    [flat.map((f) => f.id), flat.map((f) => f.opens), flat.map((f) => f.closes)],
  );
}

/**
 * The asset as it was at `version`: the record of the change that made that version, or
 * else the `before` of the change that followed it (an imported asset's first version is
 * recorded only there, by its first edit).
 */
export async function snapshotAtVersion(db: Queryable, id: string, version: number): Promise<AssetSnapshot | undefined> {
  const { rows } = await db.query<{ snapshot: AssetSnapshot }>(
    `SELECT snapshot FROM (
       SELECT after AS snapshot, 0 AS preference, id FROM change_history
       WHERE entity_type = 'asset' AND entity_id = $1 AND version = $2 AND after IS NOT NULL
       UNION ALL
       SELECT before, 1, id FROM change_history
       WHERE entity_type = 'asset' AND entity_id = $1 AND (before ->> 'version')::int = $2
     ) s
     ORDER BY preference, id DESC LIMIT 1`,
    [id, version],
  );
  return rows[0]?.snapshot;
}
