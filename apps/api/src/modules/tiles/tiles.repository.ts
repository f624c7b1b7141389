import type { Queryable } from '../../db/queryable.js';

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
const MARGIN = TILE_BUFFER / TILE_EXTENT;
const WORLD_METRES = 40075016.685578488;
/** 8 square tile units: at 4096 units over 512 screen pixels, an eighth of a pixel. */
const MIN_AREA_TILE_UNITS = 8;

/** Which generalised copy of area boundaries serves a zoom (see loader/areas.ts). */
export function areaBand(z: number): 0 | 1 | 2 {
  return z <= 7 ? 0 : z <= 10 ? 1 : 2;
}

/** One query per band, so the planner sees the partial GiST index's predicate. */
function areaFeaturesSql(band: 0 | 1 | 2, geometry: string): string {
  return `
    WITH bounds AS (SELECT ST_TileEnvelope($1, $2, $3) AS env)
    SELECT t.area_id AS id, d.code, CASE WHEN $1 >= 10 THEN a.name END AS name, d.imd, d.income, d.employment, d.education, d.health, d.crime,
           d.housing_and_services, d.environment,
           ${geometry.replace('$GEOM', 't.geom')} AS geom
    FROM area_tile_geoms t
    JOIN areas a ON a.id = t.area_id
    JOIN area_deprivation d ON d.id = t.area_id
    CROSS JOIN bounds b
    -- Polygons that touch the tile itself (their parts in the buffer are still sent, so
    -- fills join up); ones that only graze the buffer add nothing visible, and PostGIS's
    -- Wagyu clipper and GEOS disagree on which such slivers survive snapping.
    WHERE t.band = ${band} AND t.geom && b.env
      -- Shapes under an eighth of a screen pixel cannot be seen, and builds also differ on
      -- whether they survive snapping: neither backend sends them.
      AND t.merc_area >= ${MIN_AREA_TILE_UNITS} * power(${WORLD_METRES} / (${TILE_EXTENT} * 2 ^ $1), 2)`;
}

function assetFeaturesSql(geometry: string): string {
  return `
    WITH bounds AS (
      SELECT ST_TileEnvelope($1, $2, $3) AS env, ST_TileEnvelope($1, $2, $3, margin => ${MARGIN}) AS clip
    )
    SELECT a.num AS id, a.id::text AS uuid, CASE WHEN $1 >= 12 THEN a.name END AS name, a.category_code AS category,
           coalesce(c.parent_code, c.code) AS "group", a.lifecycle_status AS status,
           a.location_precision AS precision,
           ${geometry.replace('$GEOM', 'ST_Transform(a.geom, 3857)')} AS geom
    FROM public_assets a
    JOIN categories c ON c.code = a.category_code
    CROSS JOIN bounds b
    WHERE a.geom && ST_Transform(b.clip, 4326)`;
}

const MVT_GEOM = `ST_AsMVTGeom($GEOM, b.env, ${TILE_EXTENT}, ${TILE_BUFFER}, true)`;
const PORTABLE_GEOM = `cg_mvt_geom($GEOM, b.env, ${TILE_EXTENT}, ${TILE_BUFFER})`;

/** The shape pg_tileserv uses: index-filtered features → ST_AsMVTGeom → ST_AsMVT. */
function asMvt(featuresSql: string, layer: string): string {
  return `SELECT ST_AsMVT(f.*, '${layer}', ${TILE_EXTENT}, 'geom', 'id') AS tile
          FROM (${featuresSql}) f WHERE f.geom IS NOT NULL`;
}

/** Features in tile coordinates as GeoJSON text, for encoding in Node. */
function asRows(featuresSql: string): string {
  return `SELECT f.*, ST_AsGeoJSON(f.geom, 0) AS geojson FROM (${featuresSql}) f WHERE f.geom IS NOT NULL`;
}

const SQL = {
  server: {
    areas: ([0, 1, 2] as const).map((band) => asMvt(areaFeaturesSql(band, MVT_GEOM), 'areas')),
    assets: asMvt(assetFeaturesSql(MVT_GEOM), 'assets'),
  },
  portable: {
    areas: ([0, 1, 2] as const).map((band) => asRows(areaFeaturesSql(band, PORTABLE_GEOM))),
    assets: asRows(assetFeaturesSql(PORTABLE_GEOM)),
  },
};

/** Exposed so the benchmark runs exactly the SQL the endpoint runs. */
export function areaTileMvtSql(z: number): string {
  return SQL.server.areas[areaBand(z)]!;
}
export const ASSET_TILE_MVT_SQL = SQL.server.assets;

export type TileLayerName = 'areas' | 'assets';

/** A tile encoded by PostGIS (server). Empty when no feature falls in it. */
export async function mvtTile(db: Queryable, layer: TileLayerName, z: number, x: number, y: number): Promise<Buffer> {
  const text = layer === 'areas' ? SQL.server.areas[areaBand(z)]! : SQL.server.assets;
  const { rows } = await db.query<{ tile: Buffer | null }>(text, [z, x, y]);
  return rows[0]?.tile ?? Buffer.alloc(0);
}

export interface TileFeatureRow {
  id: number | string;
  geojson: string;
  [property: string]: unknown;
}

/** Features for a tile with geometry already in tile space (embedded database). */
export async function tileFeatureRows(
  db: Queryable,
  layer: TileLayerName,
  z: number,
  x: number,
  y: number,
): Promise<TileFeatureRow[]> {
  const text = layer === 'areas' ? SQL.portable.areas[areaBand(z)]! : SQL.portable.assets;
  const { rows } = await db.query<TileFeatureRow>(text, [z, x, y]);
  return rows;
}

export async function cachedTile(
  db: Queryable,
  layer: TileLayerName,
  z: number,
  x: number,
  y: number,
): Promise<{ body: Buffer; etag: string } | undefined> {
  const { rows } = await db.query<{ body: Buffer; etag: string }>(
    'SELECT body, etag FROM tile_cache WHERE layer = $1 AND z = $2 AND x = $3 AND y = $4',
    [layer, z, x, y],
  );
  return rows[0];
}

export async function storeTile(
  db: Queryable,
  layer: TileLayerName,
  z: number,
  x: number,
  y: number,
  tile: { body: Buffer; etag: string },
): Promise<void> {
  await db.query(
    `INSERT INTO tile_cache (layer, z, x, y, body, etag) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (layer, z, x, y) DO NOTHING`,
    [layer, z, x, y, tile.body, tile.etag],
  );
}
