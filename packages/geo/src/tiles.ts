/** Web Mercator (EPSG:3857) half-width of the world in metres. */
export const MERCATOR_HALF_WORLD = 20037508.342789244;

export interface Tile {
  z: number;
  x: number;
  y: number;
}

/** [minX, minY, maxX, maxY] */
export type Extent = [number, number, number, number];

/**
 * The tile's bounds in EPSG:3857 metres, the same envelope PostGIS's
 * `ST_TileEnvelope(z, x, y)` returns.
 * @example tileEnvelope3857({ z: 0, x: 0, y: 0 }) // [-20037508.34…, -20037508.34…, 20037508.34…, 20037508.34…]
 */
export function tileEnvelope3857({ z, x, y }: Tile): Extent {
  const size = (2 * MERCATOR_HALF_WORLD) / 2 ** z;
  const minX = -MERCATOR_HALF_WORLD + x * size;
  const maxY = MERCATOR_HALF_WORLD - y * size;
  return [minX, maxY - size, minX + size, maxY];
}

/**
 * The tile's bounds in WGS84 degrees.
 * @example tileBBox4326({ z: 1, x: 1, y: 0 }) // [0, 0, 180, 85.0511…]
 */
export function tileBBox4326(tile: Tile): Extent {
  const [minX, minY, maxX, maxY] = tileEnvelope3857(tile);
  const [w, s] = mercatorToLonLat(minX, minY);
  const [e, n] = mercatorToLonLat(maxX, maxY);
  return [w, s, e, n];
}

export function mercatorToLonLat(x: number, y: number): [number, number] {
  const lon = (x / MERCATOR_HALF_WORLD) * 180;
  const lat = (Math.atan(Math.exp((y / MERCATOR_HALF_WORLD) * Math.PI)) * 360) / Math.PI - 90;
  return [lon, lat];
}

export function lonLatToMercator(lon: number, lat: number): [number, number] {
  const x = (lon / 180) * MERCATOR_HALF_WORLD;
  const clamped = Math.max(Math.min(lat, 85.0511287798), -85.0511287798);
  const y = (Math.log(Math.tan(((90 + clamped) * Math.PI) / 360)) / Math.PI) * MERCATOR_HALF_WORLD;
  return [x, y];
}

/**
 * The tile at zoom `z` that holds a WGS84 point.
 * @example lonLatToTile(-2.2438, 51.8594, 14) // { z: 14, x: 8089, y: 5422 } (Gloucester)
 */
export function lonLatToTile(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z;
  const [mx, my] = lonLatToMercator(lon, lat);
  const x = Math.floor(((mx + MERCATOR_HALF_WORLD) / (2 * MERCATOR_HALF_WORLD)) * n);
  const y = Math.floor(((MERCATOR_HALF_WORLD - my) / (2 * MERCATOR_HALF_WORLD)) * n);
  return { z, x: Math.min(Math.max(x, 0), n - 1), y: Math.min(Math.max(y, 0), n - 1) };
}

/** Every tile at zoom `z` that touches a WGS84 bbox, row by row. */
export function tilesCovering(bbox: Extent, z: number): Tile[] {
  const [w, s, e, n] = bbox;
  const topLeft = lonLatToTile(w, n, z);
  const bottomRight = lonLatToTile(e, s, z);
  const tiles: Tile[] = [];
  for (let y = topLeft.y; y <= bottomRight.y; y++) {
    for (let x = topLeft.x; x <= bottomRight.x; x++) tiles.push({ z, x, y });
  }
  return tiles;
}

/** Whether x and y lie inside the grid of zoom z. */
export function isValidTile({ z, x, y }: Tile): boolean {
  const n = 2 ** z;
  return Number.isInteger(z) && z >= 0 && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < n && y < n;
}

/** Size of one tile-grid unit in metres at a zoom, for a given MVT extent. */
export function tileUnitMetres(z: number, extent = 4096): number {
  return (2 * MERCATOR_HALF_WORLD) / 2 ** z / extent;
}
