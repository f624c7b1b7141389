import type { MeasureDirection, NeedMeasure, NeedMeasureVisibility } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';

/** A custom measure as stored, with its uploader's id for the delete rule. */
export interface NeedMeasureRecord extends Omit<NeedMeasure, 'canDelete'> {
  uploadedById: string | null;
}

const SELECT_MEASURE = `
  SELECT m.id, m.slug, 'need:' || m.slug AS domain, m.name, m.description, m.source, m.direction, m.visibility,
         CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END AS "uploadedBy",
         ${isoTime('m.created_at')} AS "createdAt",
         m.row_count AS "rowCount", m.coverage, m.min_value AS min, m.max_value AS max,
         m.uploaded_by AS "uploadedById"
  FROM custom_need_measures m
  LEFT JOIN users u ON u.id = m.uploaded_by`;

/** Measures the reader may see, newest first: every one for workers, public ones otherwise. */
export async function listMeasures(db: Queryable, includeWorkersOnly: boolean): Promise<NeedMeasureRecord[]> {
  const { rows } = await db.query<NeedMeasureRecord>(`${SELECT_MEASURE} WHERE $1::boolean OR m.visibility = 'public' ORDER BY m.created_at DESC, m.slug`, [
    includeWorkersOnly,
  ]);
  return rows;
}

export async function findMeasure(db: Queryable, slug: string): Promise<NeedMeasureRecord | undefined> {
  const { rows } = await db.query<NeedMeasureRecord>(`${SELECT_MEASURE} WHERE m.slug = $1`, [slug]);
  return rows[0];
}

/** Codes among `codes` that are not a 2021 LSOA in England, in the order given. */
export async function unknownLsoaCodes(db: Queryable, codes: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT c.code FROM unnest($1::text[]) WITH ORDINALITY AS c(code, i)
     WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = c.code)
     ORDER BY c.i`,
    [codes],
  );
  return rows.map((r) => r.code);
}

export async function countLsoas(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM areas');
  return rows[0]!.n;
}

export interface NewMeasure {
  slug: string;
  name: string;
  description: string;
  source: string;
  direction: MeasureDirection;
  visibility: NeedMeasureVisibility;
  uploadedBy: string;
  rowCount: number;
  coverage: number;
  min: number;
  max: number;
}

/** Stores a measure; undefined when the slug is taken (checked under the unique index). */
export async function insertMeasure(tx: Queryable, m: NewMeasure): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO custom_need_measures (slug, name, description, source, direction, visibility, uploaded_by, row_count, coverage, min_value, max_value)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (slug) DO NOTHING
     RETURNING id`,
    [m.slug, m.name, m.description, m.source, m.direction, m.visibility, m.uploadedBy, m.rowCount, m.coverage, m.min, m.max],
  );
  return rows[0]?.id;
}

/** All of a measure's values in one statement (arrays, so 33,755 rows are one round trip). */
export async function insertValues(
  tx: Queryable,
  measureId: string,
  values: { codes: string[]; values: number[]; ranks: number[]; deciles: number[] },
): Promise<void> {
  await tx.query(
    `INSERT INTO custom_need_measure_values (measure_id, lsoa_code, value, rank, decile)
     SELECT $1::uuid, v.code, v.value, v.rank, v.decile
     FROM unnest($2::text[], $3::float8[], $4::int[], $5::int[]) AS v(code, value, rank, decile)`,
    [measureId, values.codes, values.values, values.ranks, values.deciles],
  );
}

export async function deleteMeasure(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM custom_need_measures WHERE id = $1', [id]);
}

/** A custom measure's values for every covered LSOA, shaped like the IoD deprivation table. */
export async function measureTable(db: Queryable, id: string): Promise<{ code: string; score: number | null; rank: number | null; decile: number | null }[]> {
  const { rows } = await db.query<{ code: string; score: number; rank: number; decile: number }>(
    `SELECT lsoa_code AS code, value AS score, rank, decile::int AS decile
     FROM custom_need_measure_values WHERE measure_id = $1 ORDER BY lsoa_code`,
    [id],
  );
  return rows;
}
