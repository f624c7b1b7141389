import { readRuralUrbanClasses } from '@common-ground/geo/asset-files';
import type { Sql } from '../db/sql.js';
import { formatCount, type Log } from './progress.js';

export { RUC_FILE } from '@common-ground/geo/asset-files';

/**
 * The ONS Rural-Urban Classification 2021 of every LSOA: the six classes (code, name,
 * urban or rural) and each area's class. Run after areas are loaded.
 */
export async function loadRuralUrban(sql: Sql, dataDir: string, log: Log): Promise<number> {
  const byLsoa = await readRuralUrbanClasses(dataDir);
  const classes = new Map([...byLsoa.values()].map((c) => [c.code, c]));
  const list = [...classes.values()];
  await sql.query(
    `INSERT INTO rural_urban_classes (code, name, urban_rural)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, urban_rural = EXCLUDED.urban_rural
     WHERE (rural_urban_classes.name, rural_urban_classes.urban_rural) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.urban_rural)`,
    [list.map((c) => c.code), list.map((c) => c.name), list.map((c) => c.urbanRural)],
  );
  const codes = [...byLsoa.keys()];
  await sql.query(
    `UPDATE areas a SET ruc21_code = t.ruc
     FROM unnest($1::text[], $2::text[]) AS t(code, ruc)
     WHERE a.code = t.code AND a.ruc21_code IS DISTINCT FROM t.ruc`,
    [codes, codes.map((c) => byLsoa.get(c)!.code)],
  );
  const { rows } = await sql.query<{ classed: number; total: number }>('SELECT count(ruc21_code)::int AS classed, count(*)::int AS total FROM areas');
  const { classed, total } = rows[0]!;
  log(`  ${formatCount(classed)} of ${formatCount(total)} LSOAs classed in ${classes.size} rural-urban classes`);
  return classed;
}
