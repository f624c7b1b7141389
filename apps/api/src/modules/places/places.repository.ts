import type { Queryable } from '../../db/queryable.js';
import type { PostcodeQuery } from './postcodes.js';

const TABLES = {
  postcode: { table: 'postcodes', key: 'postcode' },
  sector: { table: 'postcode_sectors', key: 'sector' },
  district: { table: 'postcode_districts', key: 'outcode' },
} as const;

/** The centre of a postcode, sector or district from the shipped lookups (no network). */
export async function postcodeCentre(db: Queryable, query: PostcodeQuery): Promise<[number, number] | undefined> {
  const { table, key } = TABLES[query.kind];
  const { rows } = await db.query<{ lon: number; lat: number }>(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM ${table} WHERE ${key} = $1`, [query.value]);
  const row = rows[0];
  return row ? [row.lon, row.lat] : undefined;
}
