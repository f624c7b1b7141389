import type { Queryable } from '../../db/queryable.js';
import type { AreaKind } from './areas-by-name.js';

/** An LSOA, ward or local authority from named_areas (migration 005). */
export interface NamedArea {
  kind: AreaKind;
  code: string;
  name: string;
  /** The local authority a ward or LSOA lies in, to tell apart areas of the same name. */
  ladName: string | null;
  /** A point inside the area. */
  location: [number, number];
  bbox: [number, number, number, number];
}

const COLUMNS = `kind, code, name, lad_name AS "ladName",
  json_build_array(ST_X(location), ST_Y(location)) AS location,
  json_build_array(west, south, east, north) AS bbox`;

/** Larger kinds first: someone typing "Sheffield" most likely means the city. */
const KIND_ORDER = `CASE kind WHEN 'local_authority' THEN 0 WHEN 'ward' THEN 1 ELSE 2 END`;

/** The area with this GSS code, if we hold it. */
export async function areaByCode(db: Queryable, code: string): Promise<NamedArea | undefined> {
  const { rows } = await db.query<NamedArea>(`SELECT ${COLUMNS} FROM named_areas WHERE code = $1`, [code]);
  return rows[0];
}

/** Areas named exactly this (any case), larger kinds first. */
export async function areasNamed(db: Queryable, name: string): Promise<NamedArea[]> {
  const { rows } = await db.query<NamedArea>(
    `SELECT ${COLUMNS} FROM named_areas WHERE lower(name) = lower($1)
     ORDER BY ${KIND_ORDER}, lad_name, code LIMIT 20`,
    [name],
  );
  return rows;
}

/** Areas whose name starts with these letters, larger kinds first, then alphabetical. */
export async function areasStartingWith(db: Queryable, prefix: string, limit: number): Promise<NamedArea[]> {
  const { rows } = await db.query<NamedArea>(
    `SELECT ${COLUMNS} FROM named_areas WHERE lower(name) LIKE $1
     ORDER BY ${KIND_ORDER}, name, lad_name LIMIT $2`,
    [`${escapeLike(prefix.toLowerCase())}%`, limit],
  );
  return rows;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
