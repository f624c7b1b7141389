import { describe, expect, inject, it } from 'vitest';
import type { Queryable } from '../../db/queryable.js';
import { useApp } from '../../testing/api-app.js';
import { swapIn } from './provision-recompute.repository.js';

/*
 * The full recompute writes England into a new table and swaps it in (swapIn). The swap
 * must leave the table as the migrations define it: the same constraints, indexes and
 * triggers (015's data-version trigger is what tells cached gap answers the figures moved),
 * built on the new table before the old one is dropped. Checked on a table of the test's
 * own, in a transaction that is rolled back.
 */

async function catalogue(tx: Queryable, table: string) {
  const { rows: constraints } = await tx.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname`,
    [table],
  );
  const { rows: indexes } = await tx.query<{ name: string; definition: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass ORDER BY c.relname`,
    [table],
  );
  const { rows: triggers } = await tx.query<{ definition: string }>(
    `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`,
    [table],
  );
  return { constraints, indexes, triggers };
}

describe.each(inject('databases'))('the full recompute’s table swap on the $kind database', (database) => {
  const app = useApp(database);

  it('keeps the constraints, indexes and triggers under their own names, and the new rows', async () => {
    const client = await app().pg.connect();
    try {
      await client.query('BEGIN');
      const table = `swap_probe_${process.pid}`;
      await client.query(`CREATE TABLE ${table} (
        id integer PRIMARY KEY,
        area_code text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
        v integer NOT NULL CHECK (v >= 0),
        UNIQUE (area_code, v))`);
      await client.query(`CREATE INDEX ${table}_v_idx ON ${table} (v)`);
      await client.query(`CREATE TRIGGER ${table}_bump AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`);
      await client.query(`INSERT INTO ${table} SELECT 1, code, 1 FROM areas ORDER BY code LIMIT 1`);
      const before = await catalogue(client, table);

      await client.query(`CREATE TABLE ${table}_next (LIKE ${table} INCLUDING DEFAULTS)`);
      await client.query(
        `INSERT INTO ${table}_next SELECT n, code, n FROM (SELECT code, row_number() OVER (ORDER BY code)::int + 1 AS n FROM areas LIMIT 3) a`,
      );
      await swapIn(client, table, `${table}_next`);

      expect(await catalogue(client, table)).toEqual(before);
      // Primary key, foreign key, check, unique (PostgreSQL 18 also lists NOT NULLs, which LIKE copies).
      expect(before.constraints.filter((c) => !c.definition.startsWith('NOT NULL')).length).toBe(4);
      expect(before.indexes.length).toBe(3);
      expect(before.triggers.length).toBe(1);
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`);
      expect(rows.map((r) => r.id)).toEqual([2, 3, 4]);
      const { rows: left } = await client.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [`${table}_next`]);
      expect(left).toEqual([]);
      // The trigger fires on the swapped-in table.
      const version = async () =>
        (await client.query<{ version: string }>('SELECT version::text FROM data_versions WHERE name = $1', [table])).rows[0]?.version;
      const was = Number((await version()) ?? 0);
      await client.query(`UPDATE ${table} SET v = v + 10`);
      expect(Number(await version())).toBe(was + 1);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
