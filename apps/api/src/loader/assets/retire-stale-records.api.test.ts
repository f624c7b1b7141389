import type { PoolClient } from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { pgSql } from '../../db/pg-sql.js';
import { DATA_DIR } from '../../testing/test-database.js';
import { useApp } from '../../testing/api-app.js';
import { loadAssets, readSources } from './load-assets.js';
import { retireStaleRecords } from './retire-stale-records.js';

/*
 * The loader's refresh removes what its files no longer hold (the 2016 GP file taken out of
 * sources.json, a record a register dropped), and a reload of the same files writes nothing.
 * Each test works in a transaction it rolls back, so the shared database is left as it was.
 */
describe.each(inject('databases'))('refreshing the loaded assets on the $kind database', (database) => {
  const app = useApp(database);

  async function inRolledBackTransaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await app().pg.connect();
    try {
      await client.query('BEGIN');
      // A whole reload is one long job, as `pnpm data:load` runs it.
      await client.query('SET LOCAL statement_timeout = 0');
      return await fn(client);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  /** What the loader holds now: the shipped records, by their provenance rows. */
  async function currentRecords(client: PoolClient, codes: string[]) {
    const { rows } = await client.query<{ source: string; sourceId: string }>(
      `SELECT source, source_id AS "sourceId" FROM asset_sources WHERE source = ANY($1::text[]) AND import_id IS NULL`,
      [codes],
    );
    return rows;
  }

  it('removes assets only a dropped source held, reports those people worked on, and moves a merged one to its remaining source', async () => {
    const codes = (await readSources(DATA_DIR)).map((s) => s.code);
    await inRolledBackTransaction(async (client) => {
      const current = await currentRecords(client, codes);
      // A source the loader loaded before and sources.json no longer lists, as the 2016 GP file was.
      await client.query(
        `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, covers_england)
         VALUES ('old-gp-file', 'GP practices (2016)', 'NHS Choices', 'OGL-UK-3.0', 'NHS Choices, OGL v3', '2016-02-01', true),
                ('clinic-list', 'Clinic list', 'A council', 'OGL-UK-3.0', 'A council, OGL v3', '2025-01-01', false)`,
      );
      await client.query(`INSERT INTO source_coverage_categories (source_code, category_code) VALUES ('old-gp-file', 'gp-practice')`);
      const { rows: made } = await client.query<{ id: string; name: string }>(
        `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, source_id, licence)
         VALUES ('Untouched Surgery', 'gp-practice', ST_SetSRID(ST_MakePoint(-2.24, 51.86), 4326), 'exact', 'published', 'old-gp-file', 'X1', 'OGL-UK-3.0'),
                ('Annotated Surgery', 'gp-practice', ST_SetSRID(ST_MakePoint(-2.24, 51.87), 4326), 'exact', 'published', 'old-gp-file', 'X2', 'OGL-UK-3.0'),
                ('Imported Too Surgery', 'gp-practice', ST_SetSRID(ST_MakePoint(-2.24, 51.88), 4326), 'exact', 'published', 'old-gp-file', 'X3', 'OGL-UK-3.0')
         RETURNING id, name`,
      );
      const id = (name: string) => made.find((m) => m.name === name)!.id;
      await client.query(
        `INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence)
         SELECT id, 'old-gp-file', source_id, '2016-02-01', 'OGL-UK-3.0' FROM assets WHERE source = 'old-gp-file'`,
      );
      await client.query(`INSERT INTO annotations (asset_id, body, visibility) VALUES ($1, 'Runs a carers group on Tuesdays', 'public')`, [
        id('Annotated Surgery'),
      ]);
      const { rows: imports } = await client.query<{ id: string }>(
        `INSERT INTO imports (source_code, format, file_name, sha256, total, added, updated, merged, unchanged, rejected)
         VALUES ('clinic-list', 'csv', 'clinics.csv', repeat('a', 64), 1, 0, 0, 1, 0, 0) RETURNING id`,
      );
      await client.query(
        `INSERT INTO asset_sources (asset_id, source, source_id, source_date, licence, imported_at, import_id)
         VALUES ($1, 'clinic-list', 'c-1', '2025-01-01', 'OGL-UK-3.0', now(), $2)`,
        [id('Imported Too Surgery'), imports[0]!.id],
      );
      const before = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM assets')).rows[0]!.n;

      const retired = await retireStaleRecords(pgSql(client), current, codes);

      expect(retired).toEqual({ records: 3, deleted: 1, flagged: 1 });
      const { rows: left } = await client.query<{ name: string; source: string; reports: number }>(
        `SELECT a.name, a.source, (SELECT count(*)::int FROM asset_reports r WHERE r.asset_id = a.id AND r.status = 'open') AS reports
         FROM assets a WHERE a.id = ANY($1::uuid[]) ORDER BY a.name`,
        [made.map((m) => m.id)],
      );
      expect(left).toEqual([
        // Kept with its note, and put before a worker: its source no longer lists it.
        { name: 'Annotated Surgery', source: 'old-gp-file', reports: 1 },
        // Still in an imported file: that file is now its source.
        { name: 'Imported Too Surgery', source: 'clinic-list', reports: 0 },
      ]);
      // Every shipped asset is untouched.
      expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM assets')).rows[0]!.n).toBe(before - 1);
      // The dropped source speaks for nowhere, and stays registered only while an asset names it.
      const { rows: source } = await client.query<{ covers: boolean; categories: number }>(
        `SELECT covers_england AS covers, (SELECT count(*)::int FROM source_coverage_categories WHERE source_code = code) AS categories
         FROM sources WHERE code = 'old-gp-file'`,
      );
      expect(source).toEqual([{ covers: false, categories: 0 }]);
      // Run again, nothing more happens, and the report is not repeated.
      expect(await retireStaleRecords(pgSql(client), current, codes)).toEqual({ records: 0, deleted: 0, flagged: 0 });
    });
  });

  it('reloads the same files without writing a thing, and leaves a worker’s correction of a loaded asset alone', async () => {
    await inRolledBackTransaction(async (client) => {
      // A worker corrected a loaded practice's phone number (an edit, in its history).
      const { rows: corrected } = await client.query<{ id: string }>(
        `UPDATE assets SET phone = '01775 000000', version = version + 1 WHERE national_id = 'C83036' AND national_id_scheme = 'GB-NHS' RETURNING id`,
      );
      await client.query(`INSERT INTO change_history (entity_type, entity_id, version, action, before, after) VALUES ('asset', $1, 2, 'edit', '{}', '{}')`, [
        corrected[0]!.id,
      ]);
      const { rows: last } = await client.query<{ id: string | null }>('SELECT max(id)::text AS id FROM asset_change_queue');

      const report = await loadAssets(pgSql(client), DATA_DIR, () => undefined);

      expect(report).toMatchObject({ read: 36055, assets: 35754, merged: 301 });
      const { rows: changed } = await client.query<{ asset: string; operation: string; name: string | null }>(
        `SELECT q.asset_id::text AS asset, q.operation, a.name FROM asset_change_queue q LEFT JOIN assets a ON a.id = q.asset_id
         WHERE q.id > coalesce($1::bigint, 0) ORDER BY q.id`,
        [last[0]!.id],
      );
      expect(changed).toEqual([]);
      const { rows: after } = await client.query<{ phone: string }>('SELECT phone FROM assets WHERE id = $1', [corrected[0]!.id]);
      expect(after[0]!.phone).toBe('01775 000000');
    });
  }, 600_000);
});
