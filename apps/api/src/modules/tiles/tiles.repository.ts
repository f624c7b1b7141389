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
 * A tile layer as SQL pieces: its feature id, properties, geometry, and the
 * index-filtered rows for tile ($1, $2, $3) = (z, x, y). `bounds` (alias b) offers the
 * tile envelope `env`, the envelope widened by the buffer `clip`, and the affine factors
 * that move EPSG:3857 into tile units.
 */
interface LayerSql {
  name: TileLayerName;
  id: string;
  /** Property name → SQL expression. */
  properties: Record<string, string>;
  /**
   * Geometry in EPSG:3857, made tile geometry by each encoder's own path (`mercator`,
   * where `points` need no simplifying or clipping, so the embedded path moves them
   * inline); or already in tile units, whole and inside the buffer, which both encoders
   * take as it is (`tile`).
   */
  geometry: { space: 'mercator'; sql: string; points: boolean } | { space: 'tile'; sql: string };
  /** More common table expressions after `bounds` (each starting with a comma). */
  with?: string;
  from: string;
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
      // The rural-urban class (RUC 2021, `UN1` … `RSF1`): a short code keeps the tile small.
      ruc: 'a.ruc21_code',
    },
    geometry: { space: 'mercator', sql: 't.geom', points: false },
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
  };
}

/**
 * Up to this zoom asset tiles are clustered. From zoom 11 a point is drawn 8 px across
 * (map-style.ts), as wide as a cluster cell, so a cell there rarely holds more than one
 * visible place (central London's z11 tile: 721 points, 637 features if clustered), and
 * at neighbourhood scale every place should open with one click. Below it points pile
 * up: the z6 tile over London and the Midlands held 9,796 points (670 KB) drawn as one
 * smear; clustered it is 1,929 features (86 KB), and with 242,000 assets 2,747 features
 * (69 KB) instead of 156,802 (11 MB).
 */
export const ASSET_CLUSTER_MAX_ZOOM = 10;
/**
 * Cluster cells are 64 tile units square: 8 px, as MapLibre draws 4096 units over 512
 * px, about one point's width at zoom 10. The grid is aligned to the tile, so a tile's
 * neighbour makes the same cells (the 64-unit buffer holds whole cells).
 */
export const ASSET_CLUSTER_CELL = 64;
const CELL_SHIFT = Math.log2(ASSET_CLUSTER_CELL);
const CELLS_IN_BUFFER = TILE_BUFFER / ASSET_CLUSTER_CELL;

/** The public assets in the buffered tile, filtered on the GiST index first. */
const PUBLIC_ASSETS_IN_TILE = `
    FROM public_assets a
    JOIN categories c ON c.code = a.category_code
    CROSS JOIN bounds b
    WHERE a.geom && ST_Transform(b.clip, 4326)`;

/** Every public asset as a point: zoom 11 and closer. */
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
  geometry: { space: 'mercator', sql: 'ST_Transform(a.geom, 3857)', points: true },
  from: PUBLIC_ASSETS_IN_TILE,
};

/**
 * Assets clustered, for zooms up to ASSET_CLUSTER_MAX_ZOOM. Public assets in the same
 * cell, of the same top-level group and alike in being closed for good (`defunct`) or
 * not become one feature at the rounded mean of their snapped positions, with `count`,
 * `group` and `status` (the members' shared status, or `mixed`) and the smallest member
 * `num` as its id. A cell's lone asset stays an ordinary point with its uuid, so a click
 * opens it. Geometry is computed here in tile units (exact integer and numeric
 * arithmetic), so ST_AsMVT and the Node encoder are handed the same points; the cells
 * are half-open so that the buffer holds only whole ones.
 */
const CLUSTERED_ASSETS_LAYER: LayerSql = {
  name: 'assets',
  id: 'k.first_num',
  properties: {
    uuid: 's.id::text',
    category: 's.category_code',
    group: 'k.grp',
    status: "CASE WHEN k.status_min = k.status_max THEN k.status_min ELSE 'mixed' END",
    precision: 's.location_precision',
    count: 'CASE WHEN k.n > 1 THEN k.n END',
  },
  geometry: { space: 'tile', sql: 'ST_MakePoint(k.x, k.y)' },
  with: `,
  tile_points AS (
    SELECT a.num, coalesce(c.parent_code, c.code) AS grp, a.lifecycle_status AS status,
           ST_SnapToGrid(ST_Affine(ST_Transform(a.geom, 3857), b.fx, 0, 0, b.fy, -b.xmin * b.fx, -b.ymax * b.fy), 1) AS g
    ${PUBLIC_ASSETS_IN_TILE}
    OFFSET 0
  ),
  cells AS (
    SELECT count(*)::integer AS n, min(p.num) AS first_num, p.grp,
           p.x >> ${CELL_SHIFT} AS cell_x, p.y >> ${CELL_SHIFT} AS cell_y,
           round(avg(p.x)) AS x, round(avg(p.y)) AS y,
           min(p.status) AS status_min, max(p.status) AS status_max
    FROM (SELECT num, grp, status, ST_X(g)::integer AS x, ST_Y(g)::integer AS y FROM tile_points) p
    GROUP BY p.x >> ${CELL_SHIFT}, p.y >> ${CELL_SHIFT}, p.grp, p.status = 'defunct'
    -- Not flattened: pushed down, the cell filter below would make the planner guess that
    -- almost no point is grouped, and plan what follows for one row.
    OFFSET 0
  )`,
  // Whole cells only, those of the tile and its buffer: points in [-64, 4160). A lone
  // asset's own properties: one look-up by the unique num per single-asset cell.
  from: `
    FROM cells k
    LEFT JOIN public_assets s ON k.n = 1 AND s.num = k.first_num
    WHERE k.cell_x BETWEEN ${-CELLS_IN_BUFFER} AND ${TILE_EXTENT / ASSET_CLUSTER_CELL + CELLS_IN_BUFFER - 1}
      AND k.cell_y BETWEEN ${-CELLS_IN_BUFFER} AND ${TILE_EXTENT / ASSET_CLUSTER_CELL + CELLS_IN_BUFFER - 1}`,
};

function selectProperties(layer: LayerSql): string {
  return Object.entries(layer.properties)
    .map(([name, expression]) => `${expression} AS "${name}"`)
    .join(', ');
}

/**
 * The shape pg_tileserv uses: index-filtered features → ST_AsMVTGeom → ST_AsMVT. A layer
 * whose geometry is already in tile units skips ST_AsMVTGeom.
 */
function mvtSql(layer: LayerSql): string {
  const geometry = layer.geometry.space === 'tile' ? layer.geometry.sql : `ST_AsMVTGeom(${layer.geometry.sql}, b.env, ${TILE_EXTENT}, ${TILE_BUFFER}, true)`;
  return `${BOUNDS}${layer.with ?? ''}
    SELECT ST_AsMVT(f.*, '${layer.name}', ${TILE_EXTENT}, 'geom', 'id') AS tile
    FROM (
      SELECT ${layer.id} AS id, ${selectProperties(layer)}, ${geometry} AS geom
      ${layer.from}
    ) f
    WHERE f.geom IS NOT NULL`;
}

/**
 * The same features for encoding in Node, geometry in tile units as GeoJSON. Polygons go
 * through cg_mvt_geom (ST_AsMVTGeom's steps in SQL); points are moved and snapped inline;
 * geometry already in tile units is taken as it is.
 * OFFSET 0 keeps the subquery from being flattened, which would evaluate the geometry
 * expression once for each place it is referenced.
 */
function portableSql(layer: LayerSql): string {
  const { geometry } = layer;
  const tileGeometry =
    geometry.space === 'tile'
      ? geometry.sql
      : geometry.points
        ? `ST_SnapToGrid(ST_Affine(${geometry.sql}, b.fx, 0, 0, b.fy, -b.xmin * b.fx, -b.ymax * b.fy), 1)`
        : `cg_mvt_geom(${geometry.sql}, b.env, ${TILE_EXTENT}, ${TILE_BUFFER})`;
  return `${BOUNDS}${layer.with ?? ''}
    SELECT f.id, ${Object.keys(layer.properties)
      .map((name) => `f."${name}"`)
      .join(', ')},
           ST_AsGeoJSON(f.geom, 0) AS geojson
    FROM (
      SELECT ${layer.id} AS id, ${selectProperties(layer)}, ${tileGeometry} AS geom
      ${layer.from}
      OFFSET 0
    ) f
    WHERE f.geom IS NOT NULL`;
}

const AREA_LAYERS = ([0, 1, 2] as const).map(areasLayer);
const SQL = {
  server: {
    areas: AREA_LAYERS.map(mvtSql),
    assets: mvtSql(ASSETS_LAYER),
    clusteredAssets: mvtSql(CLUSTERED_ASSETS_LAYER),
  },
  portable: {
    areas: AREA_LAYERS.map(portableSql),
    assets: portableSql(ASSETS_LAYER),
    clusteredAssets: portableSql(CLUSTERED_ASSETS_LAYER),
  },
};

/** Exposed so the benchmark runs exactly the SQL the endpoint runs. */
export function areaTileMvtSql(z: number): string {
  return SQL.server.areas[areaBand(z)]!;
}
/** The asset tile SQL the endpoint runs on the server at zoom z: clustered up to ASSET_CLUSTER_MAX_ZOOM. */
export function assetTileMvtSql(z: number): string {
  return z <= ASSET_CLUSTER_MAX_ZOOM ? SQL.server.clusteredAssets : SQL.server.assets;
}
/** The unclustered asset tile SQL (zoom 11 and closer); see assetTileMvtSql for any zoom. */
export const ASSET_TILE_MVT_SQL = SQL.server.assets;

/** Which tile of which layer. */
export interface TileAddress {
  layer: TileLayerName;
  z: number;
  x: number;
  y: number;
}

function sqlFor(kind: 'server' | 'portable', { layer, z }: TileAddress): string {
  if (layer === 'areas') return SQL[kind].areas[areaBand(z)]!;
  return z <= ASSET_CLUSTER_MAX_ZOOM ? SQL[kind].clusteredAssets : SQL[kind].assets;
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
export async function cachedTile(db: Queryable, { layer, z, x, y }: TileAddress, gzip: boolean): Promise<TileRepresentation | undefined> {
  const { rows } = await db.query<TileRepresentation>(
    `SELECT CASE WHEN $5 THEN body_gzip ELSE body END AS body, etag
     FROM tile_cache WHERE layer = $1 AND z = $2 AND x = $3 AND y = $4`,
    [layer, z, x, y, gzip],
  );
  return rows[0];
}

export async function storeTile(db: Queryable, { layer, z, x, y }: TileAddress, tile: StoredTile): Promise<void> {
  await db.query(
    `INSERT INTO tile_cache (layer, z, x, y, body, body_gzip, etag) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (layer, z, x, y) DO NOTHING`,
    [layer, z, x, y, tile.body, tile.gzip, tile.etag],
  );
}
