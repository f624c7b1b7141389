import type { CapacityUnit, ImportFormat, ImportSource, LocationPrecision, Wheelchair } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';

/*
 * The SQL of imports. Reads are set-based (one statement per step for the whole file, in
 * batches), so a file of thousands of records costs a handful of round trips, which is
 * what keeps an import quick on the embedded database.
 */

/** Rows per statement: parameters travel as one JSON document, so this only bounds its size. */
export const BATCH = 2000;

export function batches<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An asset as an import compares against and fills: the fields an import can set. */
export interface ExistingAsset extends ImportedContent {
  /** The asset's primary source: an import owns (may overwrite) only the assets it added. */
  source: string;
  lsoaCode: string | null;
}

const EXISTING = `a.id::text AS id, a.name, a.category_code AS "categoryCode", ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
  a.location_precision AS precision, a.postcode, a.description, a.organisation, a.address, a.phone, a.email,
  a.website, a.opening_hours AS "openingHours", a.opening_hours_note AS "openingHoursNote", a.wheelchair, a.tags,
  a.capacity, a.capacity_unit AS "capacityUnit", a.source, a.lsoa_code AS "lsoaCode"`;

/** Postcode centres for the postcodes given (normalised "GL1 2TG" form); unknown ones are absent. */
export async function postcodePoints(db: Queryable, postcodes: readonly string[]): Promise<Map<string, { lon: number; lat: number }>> {
  const found = new Map<string, { lon: number; lat: number }>();
  for (const batch of batches([...new Set(postcodes)], 5000)) {
    const { rows } = await db.query<{ postcode: string; lon: number; lat: number }>(
      'SELECT postcode, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM postcodes WHERE postcode = ANY($1::text[])',
      [batch],
    );
    for (const r of rows) found.set(r.postcode, { lon: r.lon, lat: r.lat });
  }
  return found;
}

/**
 * The English LSOA each point stands in (null outside England), in the order given: the
 * rule the assets_set_lsoa trigger applies to every stored asset.
 */
export async function lsoasAt(db: Queryable, points: readonly { lon: number; lat: number }[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const batch of batches(points)) {
    const { rows } = await db.query<{ code: string | null }>(
      `SELECT (SELECT a.code FROM areas a WHERE ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
               ORDER BY a.code LIMIT 1) AS code
       FROM jsonb_to_recordset($1::jsonb) AS p(lon float8, lat float8, i int)
       ORDER BY p.i`,
      [JSON.stringify(batch.map((p, i) => ({ lon: p.lon, lat: p.lat, i })))],
    );
    out.push(...rows.map((r) => r.code));
  }
  return out;
}

/** The assets the source's records were stored in before, by source id. */
export async function assetsBySourceId(db: Queryable, source: string, sourceIds: readonly string[]): Promise<Map<string, ExistingAsset>> {
  const found = new Map<string, ExistingAsset>();
  for (const batch of batches(sourceIds, 5000)) {
    const { rows } = await db.query<ExistingAsset & { sourceId: string }>(
      `SELECT s.source_id AS "sourceId", ${EXISTING}
       FROM asset_sources s JOIN assets a ON a.id = s.asset_id
       WHERE s.source = $1 AND s.source_id = ANY($2::text[])`,
      [source, batch],
    );
    for (const { sourceId, ...asset } of rows) found.set(sourceId, asset);
  }
  return found;
}

/**
 * For each point, the assets of its category within `radius` metres that could be the
 * same place (the data loader's rule decides; see imports.service). Assets that already
 * hold a record of this source are left out: a source lists each of its places once, so
 * two of its records are never one asset. Rejected drafts are left out too.
 */
export async function assetsNear(
  db: Queryable,
  source: string,
  points: readonly { i: number; lon: number; lat: number; categoryCode: string }[],
  radius: number,
): Promise<Map<number, ExistingAsset[]>> {
  const near = new Map<number, ExistingAsset[]>();
  for (const batch of batches(points)) {
    const { rows } = await db.query<ExistingAsset & { i: number }>(
      `SELECT p.i, ${EXISTING}
       FROM jsonb_to_recordset($1::jsonb) AS p(i int, lon float8, lat float8, "categoryCode" text)
       JOIN assets a
         ON a.category_code = p."categoryCode"
        AND ST_DWithin(a.geom_bng, ST_Transform(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), 27700), $3)
       WHERE a.review_state <> 'rejected'
         AND NOT EXISTS (SELECT 1 FROM asset_sources s WHERE s.asset_id = a.id AND s.source = $2)
       ORDER BY p.i, a.id`,
      [JSON.stringify(batch), source, radius],
    );
    for (const { i, ...asset } of rows) near.set(i, [...(near.get(i) ?? []), asset]);
  }
  return near;
}

/** Records the file's publisher and terms (re-importing under the same code updates them). */
export async function upsertSource(tx: Queryable, s: ImportSource): Promise<void> {
  await tx.query(
    `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, url, covers_england)
     VALUES ($1, $2, $3, $4, $5, current_date, $6, false)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, publisher = EXCLUDED.publisher,
       licence = EXCLUDED.licence, attribution = EXCLUDED.attribution, source_date = EXCLUDED.source_date,
       url = EXCLUDED.url`,
    [s.code, s.name, s.publisher, s.licence, s.attribution, s.url],
  );
}

/**
 * Whether the code names a source that did not come by import: one the data loader
 * recorded (assets, boundaries, statistics) with no import under it, or one with records
 * that came in otherwise (the loader, contributions made here). An import must not
 * rewrite such a source's terms or overwrite its assets.
 */
export async function isNonImportSource(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query<{ taken: boolean }>(
    `SELECT (EXISTS (SELECT 1 FROM sources WHERE code = $1) AND NOT EXISTS (SELECT 1 FROM imports WHERE source_code = $1))
         OR EXISTS (SELECT 1 FROM asset_sources WHERE source = $1 AND import_id IS NULL) AS taken`,
    [code],
  );
  return rows[0]!.taken;
}

export interface ImportRecordRow {
  sourceCode: string;
  format: ImportFormat;
  fileName: string;
  sha256: string;
  importedBy: string | null;
  counts: { total: number; added: number; updated: number; merged: number; unchanged: number; rejected: number };
}

export async function insertImport(tx: Queryable, r: ImportRecordRow): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO imports (source_code, format, file_name, sha256, imported_by, total, added, updated, merged, unchanged, rejected)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text AS id`,
    [
      r.sourceCode, r.format, r.fileName, r.sha256, r.importedBy, r.counts.total, r.counts.added, r.counts.updated,
      r.counts.merged, r.counts.unchanged, r.counts.rejected,
    ],
  );
  return rows[0]!.id;
}

/** What an import writes into an asset row. */
export interface ImportedContent {
  id: string;
  name: string;
  categoryCode: string;
  lon: number;
  lat: number;
  precision: LocationPrecision;
  postcode: string | null;
  description: string | null;
  organisation: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  openingHours: string | null;
  openingHoursNote: string | null;
  wheelchair: Wheelchair | null;
  tags: string[];
  /** Capacity and its unit, both or neither. */
  capacity: number | null;
  capacityUnit: CapacityUnit | null;
}

const CONTENT_RECORD = `r(id uuid, name text, "categoryCode" text, lon float8, lat float8, precision text, postcode text,
  description text, organisation text, address text, phone text, email text, website text, "openingHours" text,
  "openingHoursNote" text, wheelchair text, tags text[], capacity float8, "capacityUnit" text)`;

/** New published assets, with the import's source as their primary provenance. */
export async function insertAssets(
  tx: Queryable,
  assets: readonly (ImportedContent & { sourceId: string })[],
  meta: { source: string; licence: string; createdBy: string | null },
): Promise<void> {
  for (const batch of batches(assets)) {
    await tx.query(
      `INSERT INTO assets (id, name, category_code, geom, location_precision, postcode, description, organisation,
         address, phone, email, website, opening_hours, opening_hours_note, wheelchair, tags, capacity, capacity_unit,
         review_state, created_by, source, source_id, source_date, licence)
       SELECT r.id, r.name, r."categoryCode", ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.precision, r.postcode,
              r.description, r.organisation, r.address, r.phone, r.email, r.website, r."openingHours",
              r."openingHoursNote", r.wheelchair, coalesce(r.tags, '{}'), r.capacity, r."capacityUnit", 'published',
              $2::uuid, $3, r."sourceId", current_date, $4
       FROM jsonb_to_recordset($1::jsonb) AS ${CONTENT_RECORD.replace(/\)$/, ', "sourceId" text)')}`,
      [JSON.stringify(batch), meta.createdBy, meta.source, meta.licence],
    );
  }
}

/** Overwrites the import-owned fields of assets (an import updating what it added before); a new version each. */
export async function updateAssets(tx: Queryable, assets: readonly ImportedContent[]): Promise<void> {
  for (const batch of batches(assets)) {
    await tx.query(
      `UPDATE assets a SET name = r.name, category_code = r."categoryCode",
         geom = ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), location_precision = r.precision, postcode = r.postcode,
         description = r.description, organisation = r.organisation, address = r.address, phone = r.phone,
         email = r.email, website = r.website, opening_hours = r."openingHours",
         opening_hours_note = r."openingHoursNote", wheelchair = r.wheelchair, tags = coalesce(r.tags, '{}'),
         capacity = r.capacity, capacity_unit = r."capacityUnit", version = a.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS ${CONTENT_RECORD}
       WHERE a.id = r.id`,
      [JSON.stringify(batch)],
    );
  }
}

/** Provenance rows: the record `sourceId` of `source` is (part of) asset `assetId`, written by import `importId`. */
export async function upsertAssetSources(
  tx: Queryable,
  rows: readonly { assetId: string; sourceId: string }[],
  meta: { source: string; licence: string; importId: string },
): Promise<void> {
  for (const batch of batches(rows)) {
    await tx.query(
      `INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence, imported_at, import_id)
       SELECT r."assetId", $2, r."sourceId", current_date, $3, now(), $4::uuid
       FROM jsonb_to_recordset($1::jsonb) AS r("assetId" uuid, "sourceId" text)
       ON CONFLICT (source, source_id) DO UPDATE SET asset_id = EXCLUDED.asset_id, source_date = EXCLUDED.source_date,
         licence = EXCLUDED.licence, imported_at = EXCLUDED.imported_at, import_id = EXCLUDED.import_id`,
      [JSON.stringify(batch), meta.source, meta.licence, meta.importId],
    );
  }
}

/** How many records the source now contributes (as the data loader counts them). */
export async function refreshSourceRecords(tx: Queryable, code: string): Promise<void> {
  await tx.query(`UPDATE sources SET records = (SELECT count(*)::int FROM asset_sources WHERE source = $1) WHERE code = $1`, [code]);
}

/**
 * Fills the fields an asset lacks from a record merged into it (another source's asset:
 * the import never overwrites what is there); a new version each.
 */
export async function fillAssets(tx: Queryable, assets: readonly ImportedContent[]): Promise<void> {
  const fill = (column: string, field: string) => `${column} = coalesce(nullif(a.${column}, ''), r."${field}")`;
  for (const batch of batches(assets)) {
    await tx.query(
      `UPDATE assets a SET ${fill('postcode', 'postcode')}, ${fill('description', 'description')},
         ${fill('organisation', 'organisation')}, ${fill('address', 'address')}, ${fill('phone', 'phone')},
         ${fill('email', 'email')}, ${fill('website', 'website')}, ${fill('opening_hours', 'openingHours')},
         ${fill('opening_hours_note', 'openingHoursNote')}, wheelchair = coalesce(a.wheelchair, r.wheelchair),
         tags = CASE WHEN cardinality(a.tags) = 0 THEN coalesce(r.tags, '{}') ELSE a.tags END,
         capacity = coalesce(a.capacity, r.capacity),
         capacity_unit = CASE WHEN a.capacity IS NULL THEN r."capacityUnit" ELSE a.capacity_unit END,
         version = a.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS ${CONTENT_RECORD}
       WHERE a.id = r.id`,
      [JSON.stringify(batch)],
    );
  }
}

/** Stored opening hours of the given assets (after a fill, to rebuild their weekly intervals). */
export async function openingHoursOf(db: Queryable, ids: readonly string[]): Promise<{ id: string; openingHours: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string; openingHours: string }>(
    `SELECT id::text AS id, opening_hours AS "openingHours" FROM assets WHERE id = ANY($1::uuid[]) AND opening_hours IS NOT NULL`,
    [ids],
  );
  return rows;
}
