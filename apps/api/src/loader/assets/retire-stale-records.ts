import type { Sql } from '../../db/sql.js';

/** A record the shipped files hold now. */
export interface CurrentRecord {
  source: string;
  sourceId: string;
}

export interface RetiredRecords {
  /** Provenance rows of records the files no longer hold (a source dropped, a register's closures). */
  records: number;
  /** Assets left with no source at all, that nobody had worked on: removed. */
  deleted: number;
  /** Assets left with no source that people had edited, checked, annotated or reported: kept and reported. */
  flagged: number;
}

/**
 * The data loader's sources: every code in sources.json now, and every source the loader
 * wrote before (a registered source no import owns; contributions are never one).
 */
const LOADER_SOURCES = `
  SELECT unnest($1::text[]) AS code
  UNION
  SELECT s.code FROM sources s
  WHERE s.code <> 'common-ground' AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.source_code = s.code)`;

/**
 * Makes the database hold what the files hold, after the loader has upserted them: the
 * provenance rows of the loader's records that are no longer in the files (a source taken
 * out of sources.json, such as the 2016 GP file, or a record a source dropped) are
 * deleted, and an asset thereby left with no source at all is retired. Imported and
 * contributed records are never touched.
 *
 * Retiring: an asset nobody has worked on is deleted (it existed only because the file
 * did). One that people have worked on (edited, checked, annotated, proposed a change to
 * or reported) is kept, with their work, and gets an open report in the moderation queue
 * saying its source has dropped it, so a worker decides whether it closed or moved.
 * An asset that keeps another source (one an import merged into it) takes that source as
 * its primary one.
 */
export async function retireStaleRecords(sql: Sql, current: readonly CurrentRecord[], sourceCodes: readonly string[]): Promise<RetiredRecords> {
  const loader = [sourceCodes];
  const { rows: dropped } = await sql.query<{ asset_id: string }>(
    `WITH loader AS (${LOADER_SOURCES}),
          current_records AS (SELECT * FROM unnest($2::text[], $3::text[]) AS t(source, source_id))
     DELETE FROM asset_sources s
     USING loader l
     WHERE s.source = l.code AND s.import_id IS NULL AND s.imported_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM current_records c WHERE c.source = s.source AND c.source_id = s.source_id)
     RETURNING s.asset_id`,
    [...loader, current.map((c) => c.source), current.map((c) => c.sourceId)],
  );

  // An asset whose primary source went but that keeps another (an import's merge) leads with that one.
  await sql.query(
    `UPDATE assets a SET source = k.source, source_id = k.source_id, source_date = k.source_date, licence = k.licence,
            version = a.version + 1, updated_at = now()
     FROM (
       SELECT DISTINCT ON (o.asset_id) o.asset_id, o.source, o.source_id, o.source_date, o.licence
       FROM asset_sources o
       ORDER BY o.asset_id, o.source_date DESC NULLS LAST, o.source, o.source_id
     ) k
     WHERE k.asset_id = a.id
       AND NOT EXISTS (SELECT 1 FROM asset_sources p WHERE p.asset_id = a.id AND p.source = a.source AND p.source_id = a.source_id)
       AND a.source IN (${LOADER_SOURCES})`,
    loader,
  );

  // Assets of the loader's sources with no source left: records dropped now, or records
  // that moved to another asset when grouping changed (two listings found to be one).
  const orphans = `
    SELECT a.id,
           a.created_by IS NOT NULL OR a.last_verified_at IS NOT NULL
           OR EXISTS (SELECT 1 FROM change_history h WHERE h.entity_type = 'asset' AND h.entity_id = a.id::text AND h.actor_id IS NOT NULL)
           OR EXISTS (SELECT 1 FROM annotations n WHERE n.asset_id = a.id)
           OR EXISTS (SELECT 1 FROM asset_submissions u WHERE u.asset_id = a.id)
           OR EXISTS (SELECT 1 FROM asset_reports r WHERE r.asset_id = a.id) AS worked_on
    FROM assets a
    WHERE a.source IN (${LOADER_SOURCES})
      AND NOT EXISTS (SELECT 1 FROM asset_sources s WHERE s.asset_id = a.id)`;
  const { rows: deleted } = await sql.query<{ id: string }>(
    `DELETE FROM assets a USING (${orphans}) o WHERE o.id = a.id AND NOT o.worked_on RETURNING a.id`,
    loader,
  );
  const { rows: flagged } = await sql.query<{ id: string }>(
    `INSERT INTO asset_reports (asset_id, kind, message)
     SELECT o.id, 'closed',
            'The open data this place came from (' || coalesce(s.name, a.source) || ') no longer lists it, as of the data load on '
            || to_char(current_date, 'FMDD FMMonth YYYY') || '. It may have closed, moved or merged with another listing: check it, then mark it closed or dismiss this report.'
     FROM (${orphans}) o
     JOIN assets a ON a.id = o.id
     LEFT JOIN sources s ON s.code = a.source
     WHERE o.worked_on
       AND NOT EXISTS (SELECT 1 FROM asset_reports r WHERE r.asset_id = o.id AND r.status = 'open' AND r.reporter_id IS NULL
                         AND r.message LIKE 'The open data this place came from%')
     RETURNING asset_id AS id`,
    loader,
  );

  // A source taken out of sources.json speaks for nowhere any more; once nothing refers to
  // it, it is forgotten (an asset kept above keeps its source's name and licence).
  await sql.query(`DELETE FROM source_coverage_areas WHERE source_code <> ALL($1::text[]) AND source_code IN (${LOADER_SOURCES})`, loader);
  await sql.query(`DELETE FROM source_coverage_categories WHERE source_code <> ALL($1::text[]) AND source_code IN (${LOADER_SOURCES})`, loader);
  await sql.query(`UPDATE sources SET covers_england = false WHERE covers_england AND code <> ALL($1::text[]) AND code IN (${LOADER_SOURCES})`, loader);
  await sql.query(
    `DELETE FROM sources s
     WHERE s.code <> ALL($1::text[]) AND s.code IN (${LOADER_SOURCES})
       AND NOT EXISTS (SELECT 1 FROM asset_sources o WHERE o.source = s.code)
       AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.source = s.code)`,
    loader,
  );
  return { records: dropped.length, deleted: deleted.length, flagged: flagged.length };
}
