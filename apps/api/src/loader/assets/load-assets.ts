import { createHash } from 'node:crypto';
import {
  type AssetCandidate,
  groupDuplicates,
  mergeGroup,
  readAssetRecords,
  readMappings,
  SOURCE_READERS,
  tidyName,
  type PostcodeLookup,
  type SkippedRecord,
} from '@common-ground/geo/asset-files';
import { SourceCompleteness } from '@common-ground/schema';
import { z } from 'zod';
import type { Sql } from '../../db/sql.js';
import { weeklyIntervals } from '@common-ground/geo/opening-hours';
import { chunks, readJson } from '../files.js';
import { formatCount, type Log } from '../progress.js';
import { retireStaleRecords } from './retire-stale-records.js';

export const SOURCES_FILE = 'sources.json';

export const SourceFileEntry = z.object({
  code: z.string(),
  name: z.string(),
  publisher: z.string(),
  licence: z.string(),
  attribution: z.string(),
  sourceDate: z.string(),
  url: z.string().nullable(),
  files: z.array(z.string()),
  coverage: z.object({
    england: z.boolean(),
    localAuthorities: z.array(z.string()),
    /**
     * `complete`: the source lists every asset of its categories where it covers (a
     * national register); `partial`: only what someone recorded (OpenStreetMap, a local
     * directory). Only a complete source can show that something is absent.
     */
    completeness: SourceCompleteness,
  }),
  /** How the source was read and joined, in words (also in data/ATTRIBUTION.md). */
  notes: z.string().optional(),
});
export type SourceFileEntry = z.infer<typeof SourceFileEntry>;

export async function readSources(dataDir: string): Promise<SourceFileEntry[]> {
  return z.object({ sources: z.array(SourceFileEntry) }).parse(await readJson(dataDir, SOURCES_FILE)).sources;
}

function postcodeLookup(sql: Sql): PostcodeLookup {
  return async (postcodes) => {
    const found = new Map<string, { lon: number; lat: number }>();
    for (const batch of chunks([...new Set(postcodes)], 5000)) {
      const { rows } = await sql.query<{ postcode: string; lon: number; lat: number }>(
        'SELECT postcode, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM postcodes WHERE postcode = ANY($1::text[])',
        [batch],
      );
      for (const r of rows) found.set(r.postcode, { lon: r.lon, lat: r.lat });
    }
    return found;
  };
}

/** Records each source with its licence, date and coverage (places and categories). */
async function loadSources(sql: Sql, sources: SourceFileEntry[], coveredCategories: Map<string, Set<string>>) {
  const known = new Set((await sql.query<{ code: string }>('SELECT code FROM local_authorities')).rows.map((r) => r.code));
  for (const s of sources) {
    await sql.query(
      `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, url, covers_england, completeness)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, publisher = EXCLUDED.publisher,
         licence = EXCLUDED.licence, attribution = EXCLUDED.attribution, source_date = EXCLUDED.source_date,
         url = EXCLUDED.url, covers_england = EXCLUDED.covers_england, completeness = EXCLUDED.completeness`,
      [s.code, s.name, s.publisher, s.licence, s.attribution, s.sourceDate, s.url, s.coverage.england, s.coverage.completeness],
    );
    const lads = s.coverage.localAuthorities.filter((c) => known.has(c));
    await sql.query('DELETE FROM source_coverage_areas WHERE source_code = $1', [s.code]);
    await sql.query('INSERT INTO source_coverage_areas (source_code, lad_code) SELECT $1, unnest($2::text[])', [s.code, lads]);
    await sql.query('DELETE FROM source_coverage_categories WHERE source_code = $1', [s.code]);
    await sql.query('INSERT INTO source_coverage_categories (source_code, category_code, completeness) SELECT $1, unnest($2::text[]), $3', [
      s.code,
      [...(coveredCategories.get(s.code) ?? [])],
      s.coverage.completeness,
    ]);
  }
}

/** UUID namespace for assets loaded from open data (RFC 9562 name-based ids). */
const ASSET_ID_NAMESPACE = '5b0b4a1e-3c55-4d3a-9a8e-0c6f3a6b2f10';

/**
 * A name-based (version 5) UUID from a record's source and source id: the same record
 * gets the same asset id on every load, on every database, so links keep working.
 */
export function stableAssetId(source: string, sourceId: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(ASSET_ID_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(`${source}:${sourceId}`)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Each group's asset id: the id one of its records already has (so links keep working
 * when groups change: a record that joins another source's asset takes that asset's id
 * along), else the stable id of its lead record. Each id goes to one group only: when two
 * groups claim the same stored asset (the records of one asset split apart), the first
 * keeps it and the other takes its own stable id.
 */
export function assetIds(
  groups: readonly (readonly AssetCandidate[])[],
  storedId: (record: AssetCandidate) => string | undefined,
): Map<readonly AssetCandidate[], string> {
  const used = new Set<string>();
  const ids = new Map<readonly AssetCandidate[], string>();
  const take = (group: readonly AssetCandidate[], id: string) => {
    used.add(id);
    ids.set(group, id);
  };
  const unplaced: (readonly AssetCandidate[])[] = [];
  for (const group of groups) {
    const stored = group.map(storedId).find((id) => id !== undefined && !used.has(id));
    if (stored) take(group, stored);
    else unplaced.push(group);
  }
  for (const group of unplaced) {
    const lead = group[0]!;
    let id = stableAssetId(lead.source, lead.sourceId);
    for (let n = 2; used.has(id); n++) id = stableAssetId(lead.source, `${lead.sourceId}#${n}`);
    take(group, id);
  }
  return ids;
}

/**
 * History actions that change an asset's content on someone's behalf: an edit, an approved
 * proposal, a revert, an import's update or merge. The loader leaves such an asset's content
 * alone (a data refresh never undoes a worker's correction).
 */
export const CHANGED_BY_PEOPLE: readonly string[] = ['edit', 'approve', 'revert', 'import_update', 'import_merge'];

export interface AssetLoadReport {
  read: number;
  assets: number;
  merged: number;
  skipped: SkippedRecord[];
}

/**
 * Reads every asset source, marks postcode-centroid pins, merges records that are one
 * asset across sources, and upserts them with every contributing source recorded.
 * Re-running updates assets in place (matched by source and source id).
 */
export async function loadAssets(sql: Sql, dataDir: string, log: Log): Promise<AssetLoadReport> {
  const sources = await readSources(dataDir);
  const sourceByCode = new Map(sources.map((s) => [s.code, s]));
  const mappings = await readMappings(dataDir);
  const coveredCategories = new Map<string, Set<string>>();
  for (const m of mappings) {
    coveredCategories.set(m.source, (coveredCategories.get(m.source) ?? new Set()).add(m.categoryCode));
  }
  await loadSources(sql, sources, coveredCategories);

  for (const reader of SOURCE_READERS) {
    if (!sourceByCode.has(reader.source)) throw new Error(`${SOURCES_FILE} has no entry for ${reader.source}`);
  }
  const { candidates, skipped } = await readAssetRecords({ dataDir, mappings, postcodes: postcodeLookup(sql) }, (source, result) =>
    log(`  ${source}: ${formatCount(result.candidates.length)} records` + (result.skipped.length ? `, ${formatCount(result.skipped.length)} skipped` : '')),
  );

  const groups = groupDuplicates(candidates);
  const existing = new Map(
    (await sql.query<{ source: string; source_id: string; asset_id: string }>('SELECT source, source_id, asset_id FROM asset_sources')).rows.map((r) => [
      `${r.source}\u0000${r.source_id}`,
      r.asset_id,
    ]),
  );

  const ids = assetIds(groups, (g) => existing.get(`${g.source}\u0000${g.sourceId}`));
  const changedByPeople = new Set(
    (
      await sql.query<{ id: string }>(`SELECT DISTINCT entity_id AS id FROM change_history WHERE entity_type = 'asset' AND action = ANY($1::text[])`, [
        CHANGED_BY_PEOPLE,
      ])
    ).rows.map((r) => r.id),
  );

  let written = 0;
  for (const batch of chunks(groups, 1000)) {
    const merged = batch.map((group) => ({ id: ids.get(group)!, asset: mergeGroup(group), group }));
    const col = <T>(fn: (m: (typeof merged)[number]) => T) => merged.map(fn);
    // A source's capacity replaces the stored one; a source without one leaves a worker's
    // figure alone (most sources say nothing of capacity). The national id is the registers'.
    await sql.query(
      `INSERT INTO assets (id, name, description, category_code, organisation, tags, geom, location_precision,
         address, postcode, phone, email, website, opening_hours, opening_hours_note, wheelchair,
         lifecycle_status, review_state, source, source_id, source_date, licence, capacity, capacity_unit,
         national_id, national_id_scheme)
       SELECT id, name, description, category, organisation,
              CASE WHEN tags IS NULL THEN '{}'::text[] ELSE string_to_array(tags, '|') END,
              ST_SetSRID(ST_MakePoint(lon, lat), 4326), precision, address, postcode, phone, email,
              website, hours, hours_note, wheelchair, status, 'published', source, source_id, source_date, licence,
              capacity, capacity_unit, national_id, national_id_scheme
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                   $8::float8[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                   $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::date[],
                   $22::text[], $23::float8[], $24::text[], $25::text[], $26::text[])
         AS t(id, name, description, category, organisation, tags, lon, lat, precision, address, postcode,
              phone, email, website, hours, hours_note, wheelchair, status, source, source_id, source_date, licence,
              capacity, capacity_unit, national_id, national_id_scheme)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         category_code = EXCLUDED.category_code, organisation = EXCLUDED.organisation, tags = EXCLUDED.tags,
         geom = EXCLUDED.geom, location_precision = EXCLUDED.location_precision, address = EXCLUDED.address,
         postcode = EXCLUDED.postcode, phone = EXCLUDED.phone, email = EXCLUDED.email,
         website = EXCLUDED.website, opening_hours = EXCLUDED.opening_hours,
         opening_hours_note = EXCLUDED.opening_hours_note, wheelchair = EXCLUDED.wheelchair,
         lifecycle_status = EXCLUDED.lifecycle_status, source = EXCLUDED.source,
         source_id = EXCLUDED.source_id, source_date = EXCLUDED.source_date, licence = EXCLUDED.licence,
         capacity = coalesce(EXCLUDED.capacity, assets.capacity),
         capacity_unit = CASE WHEN EXCLUDED.capacity IS NULL THEN assets.capacity_unit ELSE EXCLUDED.capacity_unit END,
         national_id = EXCLUDED.national_id, national_id_scheme = EXCLUDED.national_id_scheme,
         updated_at = now(), version = assets.version + 1
       -- Only what changed becomes a new version: a reload of the same files writes nothing.
       -- An asset a person or an import has changed since (an edit, an approved proposal, a
       -- revert, an import's update or merge) keeps their content: a data refresh never
       -- undoes a worker's correction. Its provenance rows are still brought up to date.
       WHERE NOT EXISTS (SELECT 1 FROM change_history h
                         WHERE h.entity_type = 'asset' AND h.entity_id = assets.id::text AND h.action = ANY($27::text[]))
         AND ((assets.name, assets.description, assets.category_code, assets.organisation, assets.tags, assets.geom,
              assets.location_precision, assets.address, assets.postcode, assets.phone, assets.email, assets.website,
              assets.opening_hours, assets.opening_hours_note, assets.wheelchair, assets.lifecycle_status,
              assets.source, assets.source_id, assets.source_date, assets.licence, assets.national_id,
              assets.national_id_scheme)
             IS DISTINCT FROM
             (EXCLUDED.name, EXCLUDED.description, EXCLUDED.category_code, EXCLUDED.organisation, EXCLUDED.tags,
              EXCLUDED.geom, EXCLUDED.location_precision, EXCLUDED.address, EXCLUDED.postcode, EXCLUDED.phone,
              EXCLUDED.email, EXCLUDED.website, EXCLUDED.opening_hours, EXCLUDED.opening_hours_note,
              EXCLUDED.wheelchair, EXCLUDED.lifecycle_status, EXCLUDED.source, EXCLUDED.source_id,
              EXCLUDED.source_date, EXCLUDED.licence, EXCLUDED.national_id, EXCLUDED.national_id_scheme)
          OR (EXCLUDED.capacity IS NOT NULL
              AND (assets.capacity, assets.capacity_unit) IS DISTINCT FROM (EXCLUDED.capacity, EXCLUDED.capacity_unit)))`,
      [
        col((m) => m.id),
        col((m) => tidyName(m.asset.name)),
        col((m) => m.asset.description ?? null),
        col((m) => m.asset.categoryCode),
        col((m) => m.asset.organisation ?? null),
        col((m) => (m.asset.tags?.length ? m.asset.tags.join('|') : null)),
        col((m) => m.asset.lon),
        col((m) => m.asset.lat),
        col((m) => m.asset.precision),
        col((m) => m.asset.address ?? null),
        col((m) => m.asset.postcode ?? null),
        col((m) => m.asset.phone ?? null),
        col((m) => m.asset.email ?? null),
        col((m) => m.asset.website ?? null),
        col((m) => m.asset.openingHours ?? null),
        col((m) => m.asset.openingHoursNote ?? null),
        col((m) => m.asset.wheelchair ?? null),
        col((m) => m.asset.lifecycleStatus ?? 'active'),
        col((m) => m.asset.source),
        col((m) => m.asset.sourceId),
        col((m) => sourceByCode.get(m.asset.source)!.sourceDate),
        col((m) => sourceByCode.get(m.asset.source)!.licence),
        col((m) => m.asset.capacity?.value ?? null),
        col((m) => m.asset.capacity?.unit ?? null),
        col((m) => m.asset.nationalId?.id ?? null),
        col((m) => m.asset.nationalId?.scheme ?? null),
        CHANGED_BY_PEOPLE,
      ],
    );
    const members = merged.flatMap((m) => m.group.map((g) => ({ id: m.id, g })));
    await sql.query(
      `INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[])
       ON CONFLICT (source, source_id) DO UPDATE SET asset_id = EXCLUDED.asset_id,
         source_date = EXCLUDED.source_date, licence = EXCLUDED.licence`,
      [
        members.map((m) => m.id),
        members.map((m) => m.g.source),
        members.map((m) => m.g.sourceId),
        members.map((m) => sourceByCode.get(m.g.source)!.sourceDate),
        members.map((m) => sourceByCode.get(m.g.source)!.licence),
      ],
    );
    // Opening hours as weekly intervals, so search can answer "open at" in SQL (not for the
    // assets people changed, whose hours are theirs).
    const loaderOwned = merged.filter((m) => !changedByPeople.has(m.id));
    const hours = loaderOwned.flatMap((m) =>
      (m.asset.openingHours ? (weeklyIntervals(m.asset.openingHours) ?? []) : []).map(([opens, closes]) => ({
        id: m.id,
        opens,
        closes,
      })),
    );
    await sql.query('DELETE FROM asset_open_intervals WHERE asset_id = ANY($1::uuid[])', [loaderOwned.map((m) => m.id)]);
    await sql.query(
      `INSERT INTO asset_open_intervals (asset_id, opens, closes)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::smallint[])`,
      [hours.map((h) => h.id), hours.map((h) => h.opens), hours.map((h) => h.closes)],
    );
    written += merged.length;
    log(`  assets ${formatCount(written)} / ${formatCount(groups.length)}`);
  }
  const retired = await retireStaleRecords(
    sql,
    candidates.map((c) => ({ source: c.source, sourceId: c.sourceId })),
    sources.map((s) => s.code),
  );
  if (retired.records > 0) {
    log(
      `  ${formatCount(retired.records)} records no longer in their sources: ${formatCount(retired.deleted)} assets removed` +
        (retired.flagged > 0 ? `, ${formatCount(retired.flagged)} that people had worked on kept and reported for a worker to check` : ''),
    );
  }
  // Record counts for asset sources; the others (boundaries, statistics) stay null.
  for (const reader of SOURCE_READERS) {
    await sql.query(`UPDATE sources SET records = (SELECT count(*)::int FROM asset_sources WHERE source = $1) WHERE code = $1`, [reader.source]);
  }
  const merges = candidates.length - groups.length;
  log(
    `  ${formatCount(groups.length)} assets from ${formatCount(candidates.length)} records ` +
      `(${formatCount(merges)} duplicates merged across sources, ${formatCount(skipped.length)} records skipped)`,
  );
  return { read: candidates.length, assets: groups.length, merged: merges, skipped };
}
