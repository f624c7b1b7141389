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
  lifecycleStatus: string;
  version: number;
  nationalId: string | null;
  nationalIdScheme: string | null;
}

const EXISTING = `a.id::text AS id, a.name, a.category_code AS "categoryCode", ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat,
  a.location_precision AS precision, a.postcode, a.description, a.organisation, a.address, a.phone, a.email,
  a.website, a.opening_hours AS "openingHours", a.opening_hours_note AS "openingHoursNote", a.wheelchair, a.tags,
  a.capacity, a.capacity_unit AS "capacityUnit", a.source, a.lsoa_code AS "lsoaCode",
  a.lifecycle_status AS "lifecycleStatus", a.version, a.national_id AS "nationalId", a.national_id_scheme AS "nationalIdScheme"`;

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

/** A stored asset near a record, with the record ids this import's source already holds on it. */
export type NearAsset = ExistingAsset & { heldIds: string[] };

/** How many of the nearest assets each record is compared with (besides those of the same name). */
export const NEAREST = 8;

/**
 * For each point (by its `i`), the few assets that could be the same place, whatever their category:
 * the NEAREST nearest within `radius` metres, and up to three of the same name (case and
 * spacing aside) within `nameRadius`. Bounded, so that a record in a dense city centre
 * costs what one in a village does. Rejected drafts are left out.
 */
export async function candidatesNear(
  db: Queryable,
  source: string,
  points: readonly { i: number; lon: number; lat: number; name: string }[],
  radius: number,
  nameRadius: number,
): Promise<(i: number) => NearAsset[]> {
  // Which assets, as ids only; then each asset once, however many records it is near (in a
  // dense area the same assets are near thousands of records: one object each, not one per pair).
  // Each id is kept as one string however many rows name it (half a million rows in a dense
  // area were half a million strings).
  const idsOf = new Map<number, string[]>();
  const unique = new Map<string, string>();
  // 200 points a statement: the plan's cost stays under PostgreSQL's jit_above_cost, so no
  // statement pays ~100 ms of JIT compilation (500 did, and was hash-joined to every asset).
  for (const batch of batches(points, 200)) {
    const { rows } = await db.query<{ i: number; id: string }>(
      `WITH p AS (
         SELECT p.i, p.name, ST_Transform(ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), 27700) AS g
         FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[]) AS p(i, lon, lat, name)
       )
       SELECT p.i, n.id::text AS id FROM p CROSS JOIN LATERAL (
         SELECT a.id FROM assets a
         WHERE ST_DWithin(a.geom_bng, p.g, $5) AND a.review_state <> 'rejected'
         ORDER BY a.geom_bng <-> p.g LIMIT ${NEAREST}) n
       UNION
       SELECT p.i, n.id::text FROM p CROSS JOIN LATERAL (
         SELECT a.id FROM assets a
         WHERE ST_DWithin(a.geom_bng, p.g, $6) AND a.review_state <> 'rejected'
           AND lower(btrim(a.name)) = lower(btrim(p.name))
         ORDER BY a.geom_bng <-> p.g LIMIT 3) n`,
      [batch.map((p) => p.i), batch.map((p) => p.lon), batch.map((p) => p.lat), batch.map((p) => p.name), radius, nameRadius],
    );
    for (const row of rows) {
      const { i } = row;
      let id = unique.get(row.id);
      if (id === undefined) unique.set(row.id, (id = row.id));
      const ids = idsOf.get(i);
      if (ids) ids.push(id);
      else idsOf.set(i, [id]);
    }
  }
  const assets = await assetsById(db, source, [...unique.keys()]);
  unique.clear();
  // Each point's list is made when asked for (the matching loop, which gives the event loop
  // its turns), not all 50,000 here in one go.
  return (i) =>
    (idsOf.get(i) ?? []).sort().flatMap((id) => {
      const a = assets.get(id);
      return a ? [a] : [];
    });
}

/** Assets by our own id (an export of ours coming back), with the ids the source holds on each; rejected drafts left out. */
export async function assetsById(db: Queryable, source: string, ids: readonly string[]): Promise<Map<string, NearAsset>> {
  const found = new Map<string, NearAsset>();
  for (const batch of batches([...new Set(ids)], 5000)) {
    const { rows } = await db.query<NearAsset>(
      `SELECT ${EXISTING},
         coalesce((SELECT array_agg(s.source_id ORDER BY s.source_id) FROM asset_sources s WHERE s.asset_id = a.id AND s.source = $2), '{}') AS "heldIds"
       FROM assets a WHERE a.id = ANY($1::uuid[]) AND a.review_state <> 'rejected'`,
      [batch, source],
    );
    for (const r of rows) found.set(r.id, r);
  }
  return found;
}

export const identifierKey = (scheme: string, value: string) => `${scheme.toUpperCase()}\u0000${value.toUpperCase()}`;

/**
 * Assets carrying each register code: the loader's national id (assets.national_id) or one
 * an import recorded (asset_identifiers). Keyed by identifierKey. Codes compare whatever
 * their case, through the upper() expression indexes of migration 023.
 */
export async function assetsByIdentifier(
  db: Queryable,
  source: string,
  codes: readonly { scheme: string; value: string }[],
): Promise<Map<string, NearAsset[]>> {
  const found = new Map<string, NearAsset[]>();
  const unique = [...new Map(codes.map((c) => [identifierKey(c.scheme, c.value), { scheme: c.scheme.toUpperCase(), value: c.value.toUpperCase() }])).values()];
  for (const batch of batches(unique, 2000)) {
    const { rows } = await db.query<NearAsset & { scheme: string; value: string }>(
      `WITH k AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS k(scheme text, value text)),
       hit AS (
         SELECT k.scheme, k.value, a.id FROM k JOIN assets a
           ON upper(a.national_id_scheme) = k.scheme AND upper(a.national_id) = k.value AND a.national_id IS NOT NULL
         UNION
         SELECT k.scheme, k.value, i.asset_id FROM k JOIN asset_identifiers i ON i.scheme = k.scheme AND upper(i.value) = k.value
       )
       SELECT hit.scheme, hit.value, ${EXISTING},
         coalesce((SELECT array_agg(s.source_id ORDER BY s.source_id) FROM asset_sources s WHERE s.asset_id = a.id AND s.source = $2), '{}') AS "heldIds"
       FROM hit JOIN assets a ON a.id = hit.id
       WHERE a.review_state <> 'rejected'
       ORDER BY hit.scheme, hit.value, a.id`,
      [JSON.stringify(batch), source],
    );
    for (const { scheme, value, ...asset } of rows) {
      const key = identifierKey(scheme, value);
      found.set(key, [...(found.get(key) ?? []), asset]);
    }
  }
  return found;
}

/** For each asset, the fields another source than its own set (see asset_field_owners). */
export async function fieldOwners(db: Queryable, assetIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const batch of batches([...new Set(assetIds)], 5000)) {
    const { rows } = await db.query<{ assetId: string; field: string; source: string }>(
      `SELECT asset_id::text AS "assetId", field, source FROM asset_field_owners WHERE asset_id = ANY($1::uuid[])`,
      [batch],
    );
    for (const r of rows) {
      if (!out.has(r.assetId)) out.set(r.assetId, new Map());
      out.get(r.assetId)!.set(r.field, r.source);
    }
  }
  return out;
}

/** Sets (source given) or clears (null: back to the asset's own source) the owner of fields. */
export async function setFieldOwners(tx: Queryable, rows: readonly { assetId: string; field: string; source: string | null }[]): Promise<void> {
  for (const batch of batches(rows)) {
    await tx.query(
      `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("assetId" uuid, field text, source text)),
       gone AS (DELETE FROM asset_field_owners o USING r WHERE o.asset_id = r."assetId" AND o.field = r.field AND r.source IS NULL)
       INSERT INTO asset_field_owners (asset_id, field, source)
       SELECT r."assetId", r.field, r.source FROM r WHERE r.source IS NOT NULL
       ON CONFLICT (asset_id, field) DO UPDATE SET source = EXCLUDED.source`,
      [JSON.stringify(batch)],
    );
  }
}

/** Register codes a file gave for assets (kept once; an asset may carry several). */
export async function insertIdentifiers(tx: Queryable, rows: readonly { assetId: string; scheme: string; value: string; source: string }[]): Promise<void> {
  for (const batch of batches(rows)) {
    await tx.query(
      `INSERT INTO asset_identifiers (asset_id, scheme, value, source)
       SELECT r."assetId", upper(r.scheme), r.value, r.source FROM jsonb_to_recordset($1::jsonb) AS r("assetId" uuid, scheme text, value text, source text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(batch)],
    );
  }
}

/** Which of the given register codes each asset already carries (to record only what an import adds). */
export async function identifiersOf(db: Queryable, assetIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const batch of batches([...new Set(assetIds)], 5000)) {
    const { rows } = await db.query<{ assetId: string; scheme: string; value: string }>(
      `SELECT asset_id::text AS "assetId", scheme, value FROM asset_identifiers WHERE asset_id = ANY($1::uuid[])`,
      [batch],
    );
    for (const r of rows) out.add(`${r.assetId}\u0000${identifierKey(r.scheme, r.value)}`);
  }
  return out;
}

/** A provenance row as it was, for undo. */
export interface SourceRow {
  sourceId: string;
  sourceDate: string | null;
  licence: string;
  importedAt: string | null;
  importId: string | null;
}

/** The source's provenance rows on each asset. */
export async function sourceRows(db: Queryable, source: string, assetIds: readonly string[]): Promise<Map<string, SourceRow[]>> {
  const out = new Map<string, SourceRow[]>();
  for (const batch of batches([...new Set(assetIds)], 5000)) {
    const { rows } = await db.query<SourceRow & { assetId: string }>(
      `SELECT asset_id::text AS "assetId", source_id AS "sourceId", to_char(source_date, 'YYYY-MM-DD') AS "sourceDate", licence,
              imported_at AS "importedAt", import_id::text AS "importId"
       FROM asset_sources WHERE source = $1 AND asset_id = ANY($2::uuid[])`,
      [source, batch],
    );
    for (const { assetId, ...r } of rows) out.set(assetId, [...(out.get(assetId) ?? []), r]);
  }
  return out;
}

/** Removes provenance rows of a source by record id (a record re-keyed: an edited row of a file without ids). */
export async function deleteAssetSources(tx: Queryable, source: string, sourceIds: readonly string[]): Promise<void> {
  for (const batch of batches(sourceIds, 5000)) {
    await tx.query(`DELETE FROM asset_sources WHERE source = $1 AND source_id = ANY($2::text[])`, [source, batch]);
  }
}

/**
 * The source's own assets (it added them) still open whose records are none of `present`:
 * what a re-sync with retireMissing closes.
 */
export async function missingFromSource(db: Queryable, source: string, present: readonly string[]): Promise<(ExistingAsset & { sourceId: string })[]> {
  const { rows } = await db.query<ExistingAsset & { sourceId: string }>(
    `SELECT min(s.source_id) AS "sourceId", ${EXISTING}
     FROM asset_sources s JOIN assets a ON a.id = s.asset_id
     WHERE s.source = $1 AND a.source = $1 AND a.lifecycle_status <> 'defunct' AND a.review_state <> 'rejected'
       AND NOT EXISTS (SELECT 1 FROM asset_sources s2 WHERE s2.asset_id = a.id AND s2.source = $1 AND s2.source_id = ANY($2::text[]))
     GROUP BY a.id
     ORDER BY a.name, a.id`,
    [source, present],
  );
  return rows;
}

/** Sets the lifecycle status of assets (a re-sync closing them, an undo reopening them); a new version each. */
export async function setLifecycle(tx: Queryable, rows: readonly { id: string; status: string }[]): Promise<void> {
  for (const batch of batches(rows)) {
    await tx.query(
      `UPDATE assets a SET lifecycle_status = r.status, version = a.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, status text) WHERE a.id = r.id`,
      [JSON.stringify(batch)],
    );
  }
}

/** Records the file's publisher and terms (re-importing under the same code updates them). */
export async function upsertSource(tx: Queryable, s: ImportSource, sourceDate: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, url, covers_england)
     VALUES ($1, $2, $3, $4, $5, coalesce($7::date, current_date), $6, false)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, publisher = EXCLUDED.publisher,
       licence = EXCLUDED.licence, attribution = EXCLUDED.attribution, source_date = EXCLUDED.source_date,
       url = EXCLUDED.url`,
    [s.code, s.name, s.publisher, s.licence, s.attribution, s.url, sourceDate],
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
  sourceDate: string | null;
  counts: { total: number; added: number; updated: number; merged: number; unchanged: number; rejected: number; retired: number };
}

export async function insertImport(tx: Queryable, r: ImportRecordRow): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO imports (source_code, format, file_name, sha256, imported_by, total, added, updated, merged, unchanged, rejected,
       retired, source_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date) RETURNING id::text AS id`,
    [
      r.sourceCode,
      r.format,
      r.fileName,
      r.sha256,
      r.importedBy,
      r.counts.total,
      r.counts.added,
      r.counts.updated,
      r.counts.merged,
      r.counts.unchanged,
      r.counts.rejected,
      r.counts.retired,
      r.sourceDate,
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
  meta: { source: string; licence: string; createdBy: string | null; sourceDate: string | null },
): Promise<void> {
  for (const batch of batches(assets)) {
    await tx.query(
      `INSERT INTO assets (id, name, category_code, geom, location_precision, postcode, description, organisation,
         address, phone, email, website, opening_hours, opening_hours_note, wheelchair, tags, capacity, capacity_unit,
         review_state, created_by, source, source_id, source_date, licence)
       SELECT r.id, r.name, r."categoryCode", ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.precision, r.postcode,
              r.description, r.organisation, r.address, r.phone, r.email, r.website, r."openingHours",
              r."openingHoursNote", r.wheelchair, coalesce(r.tags, '{}'), r.capacity, r."capacityUnit", 'published',
              $2::uuid, $3, r."sourceId", coalesce($5::date, current_date), $4
       FROM jsonb_to_recordset($1::jsonb) AS ${CONTENT_RECORD.replace(/\)$/, ', "sourceId" text)')}`,
      [JSON.stringify(batch), meta.createdBy, meta.source, meta.licence, meta.sourceDate],
    );
  }
}

/**
 * Writes the import fields of assets (the service has merged what may change with what
 * stays); a new version each. `sourceDate`: the data date of the asset's own source's
 * record, set when that source wrote it (undefined: left as it is).
 */
export async function updateAssets(tx: Queryable, assets: readonly (ImportedContent & { sourceDate?: string | null })[]): Promise<void> {
  for (const batch of batches(assets)) {
    await tx.query(
      `UPDATE assets a SET name = r.name, category_code = r."categoryCode",
         geom = ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), location_precision = r.precision, postcode = r.postcode,
         description = r.description, organisation = r.organisation, address = r.address, phone = r.phone,
         email = r.email, website = r.website, opening_hours = r."openingHours",
         opening_hours_note = r."openingHoursNote", wheelchair = r.wheelchair, tags = coalesce(r.tags, '{}'),
         capacity = r.capacity, capacity_unit = r."capacityUnit", version = a.version + 1, updated_at = now(),
         source_date = CASE WHEN r."setDate" THEN r."sourceDate" ELSE a.source_date END
       FROM jsonb_to_recordset($1::jsonb) AS ${CONTENT_RECORD.replace(/\)$/, ', "sourceDate" date, "setDate" boolean)')}
       WHERE a.id = r.id`,
      [JSON.stringify(batch.map((a) => ({ ...a, setDate: a.sourceDate !== undefined })))],
    );
  }
}

/** Provenance rows: the record `sourceId` of `source` is (part of) asset `assetId`, written by import `importId`. */
export async function upsertAssetSources(
  tx: Queryable,
  rows: readonly { assetId: string; sourceId: string }[],
  meta: { source: string; licence: string; importId: string; sourceDate: string | null },
): Promise<void> {
  for (const batch of batches(rows)) {
    await tx.query(
      `INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence, imported_at, import_id)
       SELECT r."assetId", $2, r."sourceId", coalesce($5::date, current_date), $3, now(), $4::uuid
       FROM jsonb_to_recordset($1::jsonb) AS r("assetId" uuid, "sourceId" text)
       ON CONFLICT (source, source_id) DO UPDATE SET asset_id = EXCLUDED.asset_id, source_date = EXCLUDED.source_date,
         licence = EXCLUDED.licence, imported_at = EXCLUDED.imported_at, import_id = EXCLUDED.import_id`,
      [JSON.stringify(batch), meta.source, meta.licence, meta.importId, meta.sourceDate],
    );
  }
}

/** How many records the source now contributes (as the data loader counts them). */
export async function refreshSourceRecords(tx: Queryable, code: string): Promise<void> {
  await tx.query(`UPDATE sources SET records = (SELECT count(*)::int FROM asset_sources WHERE source = $1) WHERE code = $1`, [code]);
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

/** What an applied import did to one asset, with what undo needs to put it back. */
export interface ImportChange {
  assetId: string;
  action: 'added' | 'updated' | 'merged' | 'retired';
  before: ExistingAsset | null;
  ownersBefore: { field: string; source: string }[];
  sourcesBefore: SourceRow[];
  identifiersAdded: { scheme: string; value: string }[];
}

/** Records the changes of an import, each with the version it left the asset at (read after the writes). */
export async function insertImportChanges(tx: Queryable, importId: string, changes: readonly ImportChange[]): Promise<void> {
  for (const batch of batches(changes, 1000)) {
    await tx.query(
      `INSERT INTO import_changes (import_id, asset_id, action, before, owners_before, sources_before, identifiers_added, version_after)
       SELECT $2::uuid, c."assetId", c.action, c.before, c."ownersBefore", c."sourcesBefore", c."identifiersAdded", a.version
       FROM jsonb_to_recordset($1::jsonb) AS c("assetId" uuid, action text, before jsonb, "ownersBefore" jsonb, "sourcesBefore" jsonb, "identifiersAdded" jsonb)
       JOIN assets a ON a.id = c."assetId"`,
      [JSON.stringify(batch), importId],
    );
  }
}

export interface ImportRow {
  id: string;
  sourceCode: string;
  fileName: string;
  importedAt: string;
  undoneAt: string | null;
  importedBy: string | null;
  /** Whether a later import of the same source, not undone, exists (undo goes newest first). */
  laterImport: boolean;
}

export async function importById(db: Queryable, id: string): Promise<ImportRow | undefined> {
  const { rows } = await db.query<ImportRow>(
    `SELECT i.id::text AS id, i.source_code AS "sourceCode", i.file_name AS "fileName", i.imported_at AS "importedAt",
            i.undone_at AS "undoneAt", i.imported_by::text AS "importedBy",
            EXISTS (SELECT 1 FROM imports j WHERE j.source_code = i.source_code AND j.imported_at > i.imported_at AND j.undone_at IS NULL) AS "laterImport"
     FROM imports i WHERE i.id = $1::uuid FOR UPDATE OF i`,
    [id],
  );
  return rows[0];
}

/** An import's changes, with the asset's version now and its name (to say which asset blocks an undo). */
export async function importChanges(db: Queryable, importId: string): Promise<(ImportChange & { versionAfter: number; versionNow: number; name: string })[]> {
  const { rows } = await db.query<ImportChange & { versionAfter: number; versionNow: number; name: string }>(
    `SELECT c.asset_id::text AS "assetId", c.action, c.before, c.owners_before AS "ownersBefore", c.sources_before AS "sourcesBefore",
            c.identifiers_added AS "identifiersAdded", c.version_after AS "versionAfter", a.version AS "versionNow", a.name
     FROM import_changes c JOIN assets a ON a.id = c.asset_id
     WHERE c.import_id = $1::uuid
     ORDER BY c.asset_id FOR UPDATE OF a`,
    [importId],
  );
  return rows;
}

/** Undo of added assets: hidden as rejected drafts (their history stays), their provenance rows of the source gone. */
export async function withdrawAssets(tx: Queryable, source: string, ids: readonly string[]): Promise<void> {
  for (const batch of batches(ids, 5000)) {
    await tx.query(`UPDATE assets SET review_state = 'rejected', version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [batch]);
    await tx.query(`DELETE FROM asset_sources WHERE source = $1 AND asset_id = ANY($2::uuid[])`, [source, batch]);
  }
}

/** Undo: puts back the source's provenance rows, field owners and identifiers of assets as they were. */
export async function restoreProvenance(tx: Queryable, source: string, changes: readonly ImportChange[]): Promise<void> {
  for (const batch of batches(changes, 1000)) {
    const ids = batch.map((c) => c.assetId);
    await tx.query(`DELETE FROM asset_sources WHERE source = $1 AND asset_id = ANY($2::uuid[])`, [source, ids]);
    await tx.query(`DELETE FROM asset_field_owners WHERE asset_id = ANY($1::uuid[])`, [ids]);
    await tx.query(
      `INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence, imported_at, import_id)
       SELECT c."assetId", $2, s."sourceId", s."sourceDate"::date, s.licence, s."importedAt"::timestamptz, s."importId"::uuid
       FROM jsonb_to_recordset($1::jsonb) AS c("assetId" uuid, "sourcesBefore" jsonb)
       CROSS JOIN LATERAL jsonb_to_recordset(c."sourcesBefore") AS s("sourceId" text, "sourceDate" text, licence text, "importedAt" text, "importId" text)
       ON CONFLICT (source, source_id) DO UPDATE SET asset_id = EXCLUDED.asset_id, source_date = EXCLUDED.source_date,
         licence = EXCLUDED.licence, imported_at = EXCLUDED.imported_at, import_id = EXCLUDED.import_id`,
      [JSON.stringify(batch), source],
    );
    await tx.query(
      `INSERT INTO asset_field_owners (asset_id, field, source)
       SELECT c."assetId", o.field, o.source
       FROM jsonb_to_recordset($1::jsonb) AS c("assetId" uuid, "ownersBefore" jsonb)
       CROSS JOIN LATERAL jsonb_to_recordset(c."ownersBefore") AS o(field text, source text)`,
      [JSON.stringify(batch)],
    );
    await tx.query(
      `DELETE FROM asset_identifiers i USING jsonb_to_recordset($1::jsonb) AS c("assetId" uuid, "identifiersAdded" jsonb)
       CROSS JOIN LATERAL jsonb_to_recordset(c."identifiersAdded") AS k(scheme text, value text)
       WHERE i.asset_id = c."assetId" AND i.scheme = upper(k.scheme) AND i.value = k.value`,
      [JSON.stringify(batch)],
    );
  }
}

export async function markUndone(tx: Queryable, importId: string, by: string | null): Promise<void> {
  await tx.query(`UPDATE imports SET undone_at = now(), undone_by = $2 WHERE id = $1::uuid`, [importId, by]);
}

/** How far outside every LSOA a point may be and still take its postcode's LSOA (the coast; see migration 018). */
export const COASTAL_METRES = 1000;

/**
 * For points outside every LSOA: their postcode's LSOA when it is within COASTAL_METRES
 * of the point (the assets_set_lsoa trigger's rule), else null; in the order given.
 */
export async function coastalLsoas(db: Queryable, points: readonly { lon: number; lat: number; postcode: string | null }[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const batch of batches(points)) {
    const { rows } = await db.query<{ code: string | null }>(
      `SELECT (SELECT p.lsoa_code FROM postcodes p JOIN areas a ON a.code = p.lsoa_code
               WHERE p.postcode = r.postcode
                 AND ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)::geography, $2)) AS code
       FROM jsonb_to_recordset($1::jsonb) AS r(lon float8, lat float8, postcode text, i int)
       ORDER BY r.i`,
      [JSON.stringify(batch.map((p, i) => ({ ...p, i }))), COASTAL_METRES],
    );
    out.push(...rows.map((r) => r.code));
  }
  return out;
}

export type ProgressStage = 'reading' | 'checking' | 'writing' | 'done' | 'failed';

/**
 * Records how far an import has got, under the id its client made. A row another person
 * made is left alone, and a write with a lower seq than the row's (writes are not awaited,
 * so may land out of order) changes nothing. Rows untouched for a day go.
 */
export async function recordProgress(
  db: Queryable,
  p: { id: string; userId: string | null; stage: ProgressStage; done: number; total: number; seq: number },
): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM import_progress WHERE updated_at < now() - interval '1 day')
     INSERT INTO import_progress (id, user_id, stage, done, total, seq) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage, done = EXCLUDED.done, total = EXCLUDED.total,
       seq = EXCLUDED.seq, updated_at = now()
     WHERE import_progress.seq < EXCLUDED.seq AND import_progress.user_id IS NOT DISTINCT FROM EXCLUDED.user_id`,
    [p.id, p.userId, p.stage, Math.max(0, Math.round(p.done)), Math.max(0, Math.round(p.total)), p.seq],
  );
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** An import's progress row, with who made it. */
export async function progressById(
  db: Queryable,
  id: string,
): Promise<{ id: string; userId: string | null; stage: ProgressStage; done: number; total: number; startedAt: string; updatedAt: string } | undefined> {
  const { rows } = await db.query<{
    id: string;
    userId: string | null;
    stage: ProgressStage;
    done: number;
    total: number;
    startedAt: string;
    updatedAt: string;
  }>(
    `SELECT id::text AS id, user_id::text AS "userId", stage, done, total, ${ISO('started_at')} AS "startedAt", ${ISO('updated_at')} AS "updatedAt"
     FROM import_progress WHERE id = $1`,
    [id],
  );
  return rows[0];
}
