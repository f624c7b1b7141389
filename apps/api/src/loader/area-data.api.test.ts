import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, inject, it } from 'vitest';
import { DATA_DIR } from '../testing/test-database.js';
import { useApp } from '../testing/api-app.js';

/** A shipped CSV read here on its own (not through the loader's readers), with its header. */
function shippedCsv(file: string): Record<string, string>[] {
  return parse(gunzipSync(readFileSync(path.join(DATA_DIR, file))).toString('utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

describe.each(inject('databases'))('residence points and rural-urban classes on the $kind database', (database) => {
  const app = useApp(database);

  it('measures from each LSOA’s ONS population-weighted centroid, stored as the published easting and northing exactly', async () => {
    const published = new Map(
      shippedCsv('boundaries/lsoa21_pop_weighted_centroids_ew_v3.csv.gz')
        .filter((r) => r.lsoa21cd!.startsWith('E01'))
        .map((r) => [r.lsoa21cd!, { e: Number(r.bng_easting), n: Number(r.bng_northing) }]),
    );
    const { rows } = await app().pg.query<{ code: string; e: number; n: number; srid: number; method: string; postcodes: number; live: number }>(
      `SELECT r.area_code AS code, ST_X(r.geom_bng) AS e, ST_Y(r.geom_bng) AS n, ST_SRID(r.geom_bng) AS srid, r.method, r.postcodes,
              (SELECT count(*)::int FROM postcodes p WHERE p.lsoa_code = r.area_code) AS live
       FROM area_residence_points r`,
    );
    // Every English LSOA has one, so no LSOA falls back to a postcode mean or a point on its polygon.
    expect(rows).toHaveLength(33755);
    expect(published.size).toBe(33755);
    const wrong = rows.filter((r) => {
      const p = published.get(r.code);
      return !p || r.method !== 'pwc' || r.srid !== 27700 || r.e !== p.e || r.n !== p.n;
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    // ONS's own example: E01000001 at 532181.764 E, 181792.282 N.
    expect(rows.find((r) => r.code === 'E01000001')).toMatchObject({ e: 532181.764, n: 181792.282, method: 'pwc' });
    // `postcodes` still counts the LSOA's live postcodes, which the postcode-level measure averages over.
    expect(rows.filter((r) => r.postcodes !== r.live)).toEqual([]);
  });

  it('classes every LSOA by the ONS Rural-Urban Classification 2021, as published for England', async () => {
    const { rows } = await app().pg.query<{ code: string; name: string; urbanRural: string; n: number }>(
      `SELECT c.code, c.name, c.urban_rural AS "urbanRural", count(a.code)::int AS n
       FROM rural_urban_classes c LEFT JOIN areas a ON a.ruc21_code = c.code GROUP BY c.code, c.name, c.urban_rural ORDER BY n DESC`,
    );
    expect(rows.map((r) => [r.code, r.urbanRural, r.n])).toEqual([
      ['UN1', 'urban', 26199],
      ['RLN1', 'rural', 2038],
      ['UF1', 'urban', 2002],
      ['RSN1', 'rural', 1684],
      ['RSF1', 'rural', 983],
      ['RLF1', 'rural', 849],
    ]);
    expect(rows.find((r) => r.code === 'RSF1')?.name).toBe('Smaller rural: Further from a major town or city');
    const { rows: unclassed } = await app().pg.query<{ n: number }>('SELECT count(*)::int AS n FROM areas WHERE ruc21_code IS NULL');
    expect(unclassed[0]!.n).toBe(0);
    // The same class as the file says, LSOA by LSOA.
    const published = new Map(shippedCsv('lookups/ruc21_lsoa21_ew.csv.gz').map((r) => [r.lsoa21cd!, r.ruc21cd!]));
    const { rows: areas } = await app().pg.query<{ code: string; ruc: string }>('SELECT code, ruc21_code AS ruc FROM areas');
    expect(areas.filter((a) => published.get(a.code) !== a.ruc)).toEqual([]);
  });
});
