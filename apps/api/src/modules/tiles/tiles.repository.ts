import type { Queryable } from '../../db/queryable.js';

export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
const MARGIN = TILE_BUFFER / TILE_EXTENT;
const WORLD_METRES = 40075016.685578488;
/** 8 square tile units: at 4096 units over 512 screen pixels, an eighth of a pixel. */
const MIN_AREA_TILE_UNITS = 8;

export type TileLayerName = 'areas' | 'assets';

/** Which generalised copy of area boundaries serves a zoom (see loader/areas.ts). */
export function areaBand(z: number): 0 | 1 | 2 {
  return z <= 7 ? 0 : z <= 10 ? 1 : 2;
}

/**
 * A tile layer as SQL pieces: its feature id, properties, geometry in EPSG:3857, and the
 * index-filtered rows for tile ($1, $2, $3) = (z, x, y). `bounds` (alias b) offers the
 * tile envelope `env`, the envelope widened by the buffer `clip`, and the affine factors
 * that move EPSG:3857 into tile units.
 */
interface LayerSql {
  name: TileLayerName;
  id: string;
  /** Property name → SQL expression. */
  properties: Record<string, string>;
  geometry3857: string;
  from: string;
  /** Points need no simplifying or clipping, so the embedded path moves them inline. */
  points: boolean;
}

const BOUNDS = `
  WITH bounds AS (
    SELECT env, clip,
           ${TILE_EXTENT} / (ST_XMax(env) - ST_XMin(env)) AS fx,
           -(${TILE_EXTENT} / (ST_YMax(env) - ST_YMin(env))) AS fy,
           ST_XMin(env) AS xmin, ST_YMax(env) AS ymax
    FROM (SELECT ST_TileEnvelope($1, $2, $3) AS env,
                 ST_TileEnvelope($1, $2, $3, margin => ${MARGIN}) AS clip) e
  )`;

/** One query per band, so the planner sees the partial GiST index's predicate. */
function areasLayer(band: 0 | 1 | 2): LayerSql {
  return {
    name: 'areas',
    id: 't.area_id',
    properties: {
      code: 'd.code',
      // Names only where there is room to read them; the code is enough to open a profile.
      name: 'CASE WHEN $1 >= 10 THEN a.name END',
      imd: 'd.imd',
      income: 'd.income',
      employment: 'd.employment',
      education: 'd.education',
      health: 'd.health',
      crime: 'd.crime',
      housing_and_services: 'd.housing_and_services',
      environment: 'd.environment',
    },
    geometry3857: 't.geom',
    from: `
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
      AND t.merc_area >= ${MIN_AREA_TILE_UNITS} * power(${WORLD_METRES} / (${TILE_EXTENT} * 2 ^ $1), 2)`,
    points: false,
  };
}

const ASSETS_LAYER: LayerSql = {
  name: 'assets',
  id: 'a.num',
  properties: {
    uuid: 'a.id::text',
    name: 'CASE WHEN $1 >= 12 THEN a.name END',
    category: 'a.category_code',
    group: 'coalesce(c.parent_code, c.code)',
    status: 'a.lifecycle_status',
    precision: 'a.location_precision',
  },
  geometry3857: 'ST_Transform(a.geom, 3857)',
  from: `
    FROM public_assets a
    JOIN categories c ON c.code = a.category_code
    CROSS JOIN bounds b
    WHERE a.geom && ST_Transform(b.clip, 4326)`,
  points: true,
};

function selectProperties(layer: LayerSql): string {
  return Object.entries(layer.properties)
    .map(([name, expression]) => `${expression} AS "${name}"`)
    .join(', ');
}

/** The shape pg_tileserv uses: index-filtered features → ST_AsMVTGeom → ST_AsMVT. */
function mvtSql(layer: LayerSql): string {
  return `${BOUNDS}
    SELECT ST_AsMVT(f.*, '${layer.name}', ${TILE_EXTENT}, 'geom', 'id') AS tile
    FROM (
      SELECT ${layer.id} AS id, ${selectProperties(layer)},
             ST_AsMVTGeom(${layer.geometry3857}, b.env, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
      ${layer.from}
    ) f
    WHERE f.geom IS NOT NULL`;
}

/**
 * The same features for encoding in Node, geometry in tile units as GeoJSON. Polygons go
 * through cg_mvt_geom (ST_AsMVTGeom's steps in SQL); points are moved and snapped inline.
 * OFFSET 0 keeps the subquery from being flattened, which would evaluate the geometry
 * expression once for each place it is referenced.
 */
function portableSql(layer: LayerSql): string {
  const geometry = layer.points
    ? `ST_SnapToGrid(ST_Affine(${layer.geometry3857}, b.fx, 0, 0, b.fy, -b.xmin * b.fx, -b.ymax * b.fy), 1)`
    : `cg_mvt_geom(${layer.geometry3857}, b.env, ${TILE_EXTENT}, ${TILE_BUFFER})`;
  return `${BOUNDS}
    SELECT f.id, ${Object.keys(layer.properties).map((name) => `f."${name}"`).join(', ')},
           ST_AsGeoJSON(f.geom, 0) AS geojson
    FROM (
      SELECT ${layer.id} AS id, ${selectProperties(layer)}, ${geometry} AS geom
      ${layer.from}
      OFFSET 0
    ) f
    WHERE f.geom IS NOT NULL`;
}

const AREA_LAYERS = ([0, 1, 2] as const).map(areasLayer);
const SQL = {
  server: { areas: AREA_LAYERS.map(mvtSql), assets: mvtSql(ASSETS_LAYER) },
  portable: { areas: AREA_LAYERS.map(portableSql), assets: portableSql(ASSETS_LAYER) },
};

/** Exposed so the benchmark runs exactly the SQL the endpoint runs. */
export function areaTileMvtSql(z: number): string {
  return SQL.server.areas[areaBand(z)]!;
}
export const ASSET_TILE_MVT_SQL = SQL.server.assets;

/** Which tile of which layer. */
export interface TileAddress {
  layer: TileLayerName;
  z: number;
  x: number;
  y: number;
}

function sqlFor(kind: 'server' | 'portable', { layer, z }: TileAddress): string {
  return layer === 'areas' ? SQL[kind].areas[areaBand(z)]! : SQL[kind].assets;
}

/** A tile encoded by PostGIS (server). Empty when no feature falls in it. */
export async function mvtTile(db: Queryable, tile: TileAddress): Promise<Buffer> {
  const { rows } = await db.query<{ tile: Buffer | null }>(sqlFor('server', tile), [tile.z, tile.x, tile.y]);
  return rows[0]?.tile ?? Buffer.alloc(0);
}

export interface TileFeatureRow {
  id: number | string;
  geojson: string;
  [property: string]: unknown;
}

/** Features for a tile with geometry already in tile space (embedded database). */
export async function tileFeatureRows(db: Queryable, tile: TileAddress): Promise<TileFeatureRow[]> {
  const { rows } = await db.query<TileFeatureRow>(sqlFor('portable', tile), [tile.z, tile.x, tile.y]);
  return rows;
}

export interface StoredTile {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/** One encoding of a tile, as it will be sent. */
export interface TileRepresentation {
  body: Buffer;
  etag: string;
}

/** A cached tile in the one encoding the client gets, so a hit reads half the bytes. */
export async function cachedTile(
  db: Queryable,
  { layer, z, x, y }: TileAddress,
  gzip: boolean,
): Promise<TileRepresentation | undefined> {
  const { rows } = await db.query<TileRepresentation>(
    `SELECT CASE WHEN $5 THEN body_gzip ELSE body END AS body, etag
     FROM tile_cache WHERE layer = $1 AND z = $2 AND x = $3 AND y = $4`,
    [layer, z, x, y, gzip],
  );
  return rows[0];
}

export async function storeTile(
  db: Queryable,
  { layer, z, x, y }: TileAddress,
  tile: StoredTile,
): Promise<void> {
  await db.query(
    `INSERT INTO tile_cache (layer, z, x, y, body, body_gzip, etag) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (layer, z, x, y) DO NOTHING`,
    [layer, z, x, y, tile.body, tile.gzip, tile.etag],
  );
}
