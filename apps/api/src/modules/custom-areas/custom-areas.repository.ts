import type { CustomAreaSummary, CustomAreaVisibility, MultiPolygonGeometry } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';

/** A custom area as stored, with what access rules need (owner, token). */
export interface CustomAreaRecord extends CustomAreaSummary {
  description: string | null;
  ownerId: string;
  shareToken: string | null;
  geometry: MultiPolygonGeometry;
  bbox: [number, number, number, number];
  lsoaCodes: string[];
  createdAt: string;
}

/** What PostGIS says of a drawn shape before anything is stored. */
export interface ShapeCheck {
  valid: boolean;
  reason: string;
}

/** Validity first, alone: other functions may throw on an invalid geometry. */
export async function checkShape(db: Queryable, geojson: string): Promise<ShapeCheck> {
  const { rows } = await db.query<ShapeCheck>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS geom)
     SELECT ST_IsValid(geom) AND ST_IsValid(ST_Transform(geom, 27700)) AS valid,
            CASE WHEN ST_IsValid(geom) THEN ST_IsValidReason(ST_Transform(geom, 27700)) ELSE ST_IsValidReason(geom) END AS reason
     FROM g`,
    [geojson],
  );
  return rows[0]!;
}

export interface ShapeFacts {
  sqKm: number;
  /** Whether any English LSOA's boundary meets it. */
  touchesEngland: boolean;
  /** LSOAs whose residence point lies inside (the membership rule of migration 013). */
  members: string[];
}

/** Size, whether it is in England, and its member LSOAs, of a valid drawn shape. */
export async function shapeFacts(db: Queryable, geojson: string): Promise<ShapeFacts> {
  const { rows } = await db.query<ShapeFacts>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS geom),
     b AS (SELECT geom, ST_Transform(geom, 27700) AS bng FROM g)
     SELECT ST_Area(b.bng) / 1e6 AS "sqKm",
            EXISTS (SELECT 1 FROM areas a WHERE ST_Intersects(a.geom, b.geom)) AS "touchesEngland",
            coalesce((
              SELECT array_agg(a.code ORDER BY a.code)
              FROM areas a
              LEFT JOIN area_residence_points rp ON rp.area_code = a.code
              WHERE ST_Intersects(a.geom, b.geom)
                AND ST_Intersects(b.bng, coalesce(rp.geom_bng, ST_Transform(ST_PointOnSurface(a.geom), 27700)))
            ), '{}') AS members
     FROM b`,
    [geojson],
  );
  return rows[0]!;
}

/** The codes among `codes` that are not English LSOAs we hold. */
export async function unknownLsoas(db: Queryable, codes: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT c.code FROM unnest($1::text[]) c(code) WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = c.code) ORDER BY 1`,
    [codes],
  );
  return rows.map((r) => r.code);
}

/** The area in km² of the union of these LSOAs. */
export async function lsoasSqKm(db: Queryable, codes: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ sqKm: number }>(`SELECT coalesce(sum(area_sq_km), 0) AS "sqKm" FROM areas WHERE code = ANY($1::text[])`, [codes]);
  return Number(rows[0]!.sqKm);
}

/**
 * The outline to store: the drawn shape (`geojson`), or the union of the picked LSOAs.
 * A shared SQL fragment of insert and update; $geo is the GeoJSON text, $codes the LSOAs.
 */
const outlineSql = (geo: string, codes: string) => `
  SELECT g, ST_Transform(g, 27700) AS bng FROM (
    SELECT CASE WHEN ${geo}::text IS NOT NULL THEN ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geo}::text), 4326))
                ELSE (SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) FROM areas WHERE code = ANY(${codes}::text[]))
           END AS g
  ) s`;

export interface OutlineInput {
  madeBy: 'drawn' | 'lsoas';
  /** GeoJSON text of the drawn shape (drawn), or null (lsoas). */
  geojson: string | null;
  members: readonly string[];
}

export async function insertCustomArea(tx: Queryable, input: { name: string; description: string | null; ownerId: string } & OutlineInput): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO custom_areas (name, description, owner_id, made_by, geom, geom_bng, area_sq_km)
     SELECT $1, $2, $3, $4, o.g, o.bng, ST_Area(o.bng) / 1e6 FROM (${outlineSql('$5', '$6')}) o
     RETURNING id`,
    [input.name, input.description, input.ownerId, input.madeBy, input.geojson, input.members],
  );
  const id = rows[0]!.id;
  await setMembers(tx, id, input.members);
  return id;
}

/** Name and description; the outline (and members) too when `outline` is given. Bumps the version. */
export async function updateCustomArea(
  tx: Queryable,
  id: string,
  input: { name: string; description: string | null; outline: OutlineInput | null },
): Promise<void> {
  if (input.outline) {
    await tx.query(
      `UPDATE custom_areas c SET made_by = $4, geom = o.g, geom_bng = o.bng, area_sq_km = ST_Area(o.bng) / 1e6
       FROM (${outlineSql('$2', '$3')}) o WHERE c.id = $1`,
      [id, input.outline.geojson, input.outline.members, input.outline.madeBy],
    );
    await setMembers(tx, id, input.outline.members);
  }
  await tx.query(`UPDATE custom_areas SET name = $2, description = $3, version = version + 1, updated_at = now() WHERE id = $1`, [
    id,
    input.name,
    input.description,
  ]);
}

async function setMembers(tx: Queryable, id: string, codes: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM custom_area_lsoas WHERE custom_area_id = $1', [id]);
  await tx.query(`INSERT INTO custom_area_lsoas (custom_area_id, area_code) SELECT $1, code FROM unnest($2::text[]) code`, [id, codes]);
}

const SUMMARY_COLUMNS = `
  c.id, c.name, c.made_by AS "madeBy",
  (SELECT count(*)::int FROM custom_area_lsoas m WHERE m.custom_area_id = c.id) AS "lsoaCount",
  (SELECT coalesce(sum(a.population), 0)::int FROM custom_area_lsoas m JOIN areas a ON a.code = m.area_code
    WHERE m.custom_area_id = c.id) AS population,
  c.area_sq_km AS "areaSqKm", c.visibility, c.version, ${isoTime('c.updated_at')} AS "updatedAt"`;

/** One area with its outline and LSOAs; `forUpdate` locks it for the rest of the transaction. */
export async function findCustomArea(db: Queryable, id: string, forUpdate = false): Promise<CustomAreaRecord | null> {
  const { rows } = await db.query<CustomAreaRecord>(
    `SELECT ${SUMMARY_COLUMNS}, c.description, c.owner_id AS "ownerId", c.share_token AS "shareToken",
            ST_AsGeoJSON(c.geom, 6)::json AS geometry,
            json_build_array(ST_XMin(c.geom), ST_YMin(c.geom), ST_XMax(c.geom), ST_YMax(c.geom)) AS bbox,
            coalesce((SELECT array_agg(m.area_code ORDER BY m.area_code) FROM custom_area_lsoas m WHERE m.custom_area_id = c.id), '{}') AS "lsoaCodes",
            ${isoTime('c.created_at')} AS "createdAt"
     FROM custom_areas c WHERE c.id = $1 ${forUpdate ? 'FOR UPDATE OF c' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The owner's areas, last changed first. */
export async function listCustomAreas(db: Queryable, ownerId: string): Promise<CustomAreaSummary[]> {
  const { rows } = await db.query<CustomAreaSummary>(`SELECT ${SUMMARY_COLUMNS} FROM custom_areas c WHERE c.owner_id = $1 ORDER BY c.updated_at DESC, c.id`, [
    ownerId,
  ]);
  return rows;
}

export async function deleteCustomArea(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM custom_areas WHERE id = $1', [id]);
}

/** Shares by link with a new token, or (null) makes the area private again and forgets the token. */
export async function setShareToken(tx: Queryable, id: string, token: string | null): Promise<void> {
  const visibility: CustomAreaVisibility = token ? 'link' : 'private';
  await tx.query('UPDATE custom_areas SET visibility = $2, share_token = $3 WHERE id = $1', [id, visibility, token]);
}

/** IMD 2025 deciles of the area's LSOAs: LSOAs and people per decile (null: no decile). */
export async function deprivationMix(db: Queryable, id: string): Promise<{ decile: number | null; lsoas: number; population: number }[]> {
  const { rows } = await db.query<{ decile: number | null; lsoas: number; population: number }>(
    `SELECT n.decile::int AS decile, count(*)::int AS lsoas, coalesce(sum(a.population), 0)::int AS population
     FROM custom_area_lsoas m
     JOIN areas a ON a.code = m.area_code
     LEFT JOIN need_measures n ON n.area_code = a.code AND n.measure = 'imd' AND n.vintage = 'IoD2025'
     WHERE m.custom_area_id = $1
     GROUP BY 1 ORDER BY 1 NULLS LAST`,
    [id],
  );
  return rows;
}

/** Public assets inside the area's own shape, counted by their category. */
export async function assetsByCategory(db: Queryable, id: string): Promise<{ code: string; name: string; colour: string; count: number }[]> {
  const { rows } = await db.query<{ code: string; name: string; colour: string; count: number }>(
    `SELECT k.code, k.name, k.colour, count(*)::int AS count
     FROM custom_areas c
     JOIN public_assets p ON ST_Intersects(p.geom_bng, c.geom_bng)
     JOIN categories k ON k.code = p.category_code
     WHERE c.id = $1
     GROUP BY k.code, k.name, k.colour
     ORDER BY count DESC, k.code`,
    [id],
  );
  return rows;
}

/**
 * Where the public assets inside the area's own shape are, for the printed map: at most
 * `limit`, spread evenly by id rather than the first few streets, each with its category's colour.
 */
export async function assetPoints(db: Queryable, id: string, limit: number): Promise<{ coordinates: [number, number]; colour: string }[]> {
  const { rows } = await db.query<{ coordinates: [number, number]; colour: string }>(
    `SELECT json_build_array(round(ST_X(p.geom)::numeric, 5), round(ST_Y(p.geom)::numeric, 5)) AS coordinates, k.colour
     FROM custom_areas c
     JOIN public_assets p ON ST_Intersects(p.geom_bng, c.geom_bng)
     JOIN categories k ON k.code = p.category_code
     WHERE c.id = $1
     ORDER BY md5(p.id::text)
     LIMIT $2`,
    [id, limit],
  );
  return rows.map((r) => ({ coordinates: [Number(r.coordinates[0]), Number(r.coordinates[1])], colour: r.colour }));
}

/** The sources of the public assets inside the area's own shape (primary or contributing), with how many each gives. */
export async function assetSources(db: Queryable, id: string): Promise<{ code: string; assets: number }[]> {
  const { rows } = await db.query<{ code: string; assets: number }>(
    `SELECT s.code, count(DISTINCT p.id)::int AS assets
     FROM custom_areas c
     JOIN public_assets p ON ST_Intersects(p.geom_bng, c.geom_bng)
     CROSS JOIN LATERAL (SELECT p.source UNION SELECT x.source FROM asset_sources x WHERE x.asset_id = p.id) AS s(code)
     WHERE c.id = $1
     GROUP BY s.code
     ORDER BY assets DESC, s.code`,
    [id],
  );
  return rows;
}

/** The area's LSOAs with outlines simplified for a printed map (about 5 m). */
export async function memberLsoas(
  db: Queryable,
  id: string,
): Promise<{ code: string; name: string; population: number | null; imdDecile: number | null; geometry: MultiPolygonGeometry }[]> {
  const { rows } = await db.query<{ code: string; name: string; population: number | null; imdDecile: number | null; geometry: MultiPolygonGeometry }>(
    `SELECT a.code, a.name, a.population, n.decile::int AS "imdDecile",
            ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(a.geom, 0.00005)), 6)::json AS geometry
     FROM custom_area_lsoas m
     JOIN areas a ON a.code = m.area_code
     LEFT JOIN need_measures n ON n.area_code = a.code AND n.measure = 'imd' AND n.vintage = 'IoD2025'
     WHERE m.custom_area_id = $1
     ORDER BY a.code`,
    [id],
  );
  return rows;
}
