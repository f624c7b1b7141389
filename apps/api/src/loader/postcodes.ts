import { POSTCODES_FILE } from '@common-ground/geo/postcode-file';
import type { Sql } from '../db/sql.js';
import { readCsv, streamCsvRows } from './files.js';
import { formatCount, type Log } from './progress.js';

export { POSTCODES_FILE };
export const DISTRICTS_FILE = 'lookups/postcode_districts_uk_centroids_2025.csv.gz';
export const SECTORS_FILE = 'lookups/postcode_sectors_uk_centroids_2025.csv.gz';

const BATCH = 5000;

/**
 * Loads every live English postcode (1.49M) plus district and sector centroids. The
 * spatial index is dropped during the bulk insert and rebuilt once at the end, which
 * is several times faster than maintaining it row by row.
 */
export async function loadPostcodes(sql: Sql, dataDir: string, log: Log): Promise<number> {
  await sql.query('TRUNCATE postcodes');
  await sql.query('DROP INDEX IF EXISTS postcodes_geom_idx');
  let header: string[] | undefined;
  let batch: string[][] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const col = (name: string) => {
      const i = header!.indexOf(name);
      if (i < 0) throw new Error(`${POSTCODES_FILE}: no column ${name}`);
      return batch.map((r) => (r[i] === '' || r[i] === undefined ? null : r[i]));
    };
    await sql.query(
      `INSERT INTO postcodes (postcode, geom, lsoa_code, lad_code, ward_code)
       SELECT pc, ST_SetSRID(ST_MakePoint(lon, lat), 4326), lsoa, lad, ward
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[], $5::text[], $6::text[])
         AS t(pc, lat, lon, lsoa, lad, ward)`,
      [col('postcode'), col('lat'), col('lon'), col('lsoa21cd'), col('lad24cd'), col('wd24cd')],
    );
    total += batch.length;
    if (total % 250_000 < BATCH) log(`  postcodes ${formatCount(total)}`);
    batch = [];
  };
  for await (const row of streamCsvRows(dataDir, POSTCODES_FILE)) {
    if (!header) {
      header = row;
      continue;
    }
    batch.push(row);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  log(`  postcodes ${formatCount(total)}: building the spatial index`);
  await sql.query('CREATE INDEX postcodes_geom_idx ON postcodes USING gist (geom)');

  for (const [file, table, key] of [
    [DISTRICTS_FILE, 'postcode_districts', 'outcode'],
    [SECTORS_FILE, 'postcode_sectors', 'sector'],
  ] as const) {
    const rows = await readCsv(dataDir, file);
    await sql.query(`TRUNCATE ${table}`);
    await sql.query(
      `INSERT INTO ${table} (${key}, geom, live_postcodes, main_lad_code)
       SELECT k, ST_SetSRID(ST_MakePoint(lon, lat), 4326), n, lad
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::int[], $5::text[]) AS t(k, lat, lon, n, lad)`,
      [
        rows.map((r) => r[key]),
        rows.map((r) => Number(r.lat)),
        rows.map((r) => Number(r.lon)),
        rows.map((r) => (r.n_live_postcodes ? Number(r.n_live_postcodes) : null)),
        rows.map((r) => r.main_lad_cd || null),
      ],
    );
    log(`  ${formatCount(rows.length)} postcode ${table === 'postcode_districts' ? 'districts' : 'sectors'}`);
  }
  return total;
}
