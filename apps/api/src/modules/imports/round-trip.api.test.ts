import { ImportReport, type CsvColumnMapping, type ImportRequestDraft } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { nextTestAddress, signedIn } from '../../testing/people.js';

/*
 * The round trip, through the real routes: the public assets of an LSOA exported
 * (GET /api/export/assets as CSV, GeoJSON and Open Referral JSON), removed from the
 * database, and imported back (POST /api/imports) come back as the same assets: every one
 * added, none merged or rejected, with the same fields. Each format uses its own LSOA, so
 * the removals do not meet.
 */

/** What an export carries of an asset, read the same way before and after (an import trims names: some loaded ones end in a space). */
const FIELDS = `btrim(a.name) AS name, a.category_code, round(ST_X(a.geom)::numeric, 6)::text AS lon, round(ST_Y(a.geom)::numeric, 6)::text AS lat,
  a.postcode, a.phone, a.email, a.website, a.opening_hours, a.description, a.organisation, a.wheelchair, a.capacity, a.capacity_unit`;

/** The columns an export writes, as a worker would map them on the import screen. */
const EXPORT_MAPPING: CsvColumnMapping = {
  name: 'name',
  lat: 'lat',
  lon: 'lon',
  postcode: 'postcode',
  address: 'address',
  category: 'category',
  id: 'id',
  description: 'description',
  organisation: 'organisation',
  phone: 'phone',
  email: 'email',
  website: 'website',
  openingHours: 'opening_hours',
  capacity: 'capacity',
  capacityUnit: 'capacity_unit',
};

/** What Open Referral carries of an asset (HSDS has no wheelchair field and holds hours as schedules). */
const HSDS_KEEPS = ['name', 'category_code', 'lon', 'lat', 'postcode', 'email', 'website', 'description', 'organisation', 'capacity', 'capacity_unit'] as const;

describe.each(inject('databases'))('export → import round trip on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}-${Date.now() % 1_000_000}`;

  /** LSOAs with a handful of public assets (a merge with a neighbour's asset would fail the test, not pass it). */
  async function lsoas(count: number): Promise<string[]> {
    const { rows } = await app().pg.query<{ code: string }>(
      `SELECT a.lsoa_code AS code FROM public_assets a
       WHERE a.lifecycle_status <> 'defunct' AND a.lsoa_code IS NOT NULL
       GROUP BY a.lsoa_code HAVING count(*) BETWEEN 4 AND 12
       ORDER BY a.lsoa_code LIMIT 40`,
    );
    return rows.slice(0, count).map((r) => r.code);
  }

  const read = async (where: string, value: unknown) =>
    (await app().pg.query<Record<string, unknown>>(`SELECT ${FIELDS} FROM assets a WHERE ${where} ORDER BY a.name, lon, lat`, [value])).rows;

  /**
   * Deletes the assets, and gives back a function that puts them back as they were (same ids
   * and `num`s, provenance and opening intervals): the database is shared by the run, and
   * another file (the tile equivalence test) compares features by `num` across the two databases.
   */
  async function remove(ids: string[]): Promise<() => Promise<void>> {
    const pg = app().pg;
    const tables = { assets: 'id', asset_sources: 'asset_id', asset_open_intervals: 'asset_id' } as const;
    const saved: { table: string; columns: string; rows: unknown }[] = [];
    for (const [table, key] of Object.entries(tables)) {
      const { rows: names } = await pg.query<{ name: string }>(
        `SELECT quote_ident(column_name) AS name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      const columns = names.map((r) => r.name).join(', ');
      const { rows } = await pg.query<{ rows: unknown }>(
        `SELECT coalesce(json_agg(t), '[]'::json) AS rows FROM (SELECT ${columns} FROM ${table} WHERE ${key} = ANY($1::uuid[])) t`,
        [ids],
      );
      saved.push({ table, columns, rows: rows[0]!.rows });
    }
    await pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [ids]);
    return async () => {
      for (const { table, columns, rows } of saved) {
        // OVERRIDING SYSTEM VALUE: `num` is an identity column, and its old value is the point.
        await pg.query(`INSERT INTO ${table} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`, [
          JSON.stringify(rows),
        ]);
      }
    };
  }

  it.each([
    ['csv', 0],
    ['geojson', 1],
    ['hsds', 2],
  ] as const)('%s: the exported assets, removed and imported, come back the same', async (format, which) => {
    const worker = await signedIn(app(), 'worker', `round-trip-${format}`);
    const lsoa = (await lsoas(3))[which]!;
    const exported = await app().inject(`/api/export/assets?area=${lsoa}&format=${format}`);
    expect(exported.statusCode, exported.body).toBe(200);

    const ids = (await app().pg.query<{ id: string }>(`SELECT id FROM public_assets WHERE lsoa_code = $1 AND lifecycle_status <> 'defunct'`, [lsoa])).rows.map(
      (r) => r.id,
    );
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const before = await read('a.id = ANY($1::uuid[])', ids);
    // Each LSOA has a GP practice or pharmacy, so capacity makes the trip too.
    expect(before.some((r) => r.capacity !== null)).toBe(true);
    const restore = await remove(ids);
    const code = `t-trip-${format}-${unique}`;
    try {
      const request: ImportRequestDraft = {
        fileName: `export.${format === 'csv' ? 'csv' : 'json'}`,
        contentBase64: exported.rawPayload.toString('base64'),
        ...(format === 'csv' ? { mapping: EXPORT_MAPPING } : {}),
        source: { code, name: 'Round trip', publisher: 'Tests', licence: 'ODbL-1.0', attribution: 'Tests' },
        dryRun: false,
      };
      const res = await app().inject({ method: 'POST', url: '/api/imports', payload: request, remoteAddress: nextTestAddress(), headers: worker.headers });
      expect(res.statusCode, res.body.slice(0, 800)).toBe(201);
      const report = ImportReport.parse(res.json());
      expect(report.counts).toMatchObject({ total: ids.length, added: ids.length, merged: 0, rejected: 0 });

      const after = await read('a.source = $1', code);
      if (format === 'hsds') {
        const keep = (rows: Record<string, unknown>[]) =>
          rows.map((r) => Object.fromEntries(HSDS_KEEPS.map((k) => [k, r[k]]))).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
        expect(keep(after)).toEqual(keep(before));
      } else {
        expect(after).toEqual(before);
      }
    } finally {
      await app().pg.query('DELETE FROM assets WHERE source = $1', [code]);
      await restore();
    }
    expect(await read('a.id = ANY($1::uuid[])', ids)).toEqual(before);
  });
});
