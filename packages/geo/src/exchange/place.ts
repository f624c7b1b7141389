import type { ImportIssue } from './types.js';

/**
 * A generous box around England (with the Scilly Isles and a margin over the borders).
 * Points outside it are certainly not in England; the API makes the exact check against
 * the country boundary in PostGIS.
 */
export const ENGLAND_BOX = { minLon: -7.5, minLat: 49.5, maxLon: 2.5, maxLat: 56 } as const;

/** Reads a coordinate from a cell or property: numbers as they are, strings parsed ("51.86", " -2.24 "). */
export function coordinate(value: unknown): number | null | 'invalid' {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'invalid';
  if (typeof value !== 'string') return 'invalid';
  const trimmed = value.trim();
  if (trimmed === '') return null;
  // A decimal comma ("51,8642"), as spreadsheets in many European locales write it.
  const n = Number(/^-?\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed);
  return Number.isFinite(n) ? n : 'invalid';
}

function inBox(lon: number, lat: number): boolean {
  return lon >= ENGLAND_BOX.minLon && lon <= ENGLAND_BOX.maxLon && lat >= ENGLAND_BOX.minLat && lat <= ENGLAND_BOX.maxLat;
}

/**
 * Checks a point read from a file: both numbers, in range, not obviously swapped, and
 * inside the box around England. Returns the issues (empty when the point is usable).
 * `fields` names the fields in the user's terms (CSV column names, "geometry", "latitude").
 */
export function checkPoint(lon: number, lat: number, fields: { lon: string; lat: string }): ImportIssue[] {
  if (Math.abs(lat) > 90) return [{ field: fields.lat, message: `latitude ${lat} is out of range (−90 to 90)` }];
  if (Math.abs(lon) > 180) return [{ field: fields.lon, message: `longitude ${lon} is out of range (−180 to 180)` }];
  if (!inBox(lon, lat) && inBox(lat, lon)) {
    return [
      {
        field: fields.lat,
        message: `latitude ${lat} and longitude ${lon} look swapped (England is around latitude 50 to 56, longitude −6 to 2)`,
      },
    ];
  }
  if (lon === 0 && lat === 0) return [{ field: fields.lat, message: 'the point is 0,0: a missing location, not a place' }];
  if (!inBox(lon, lat)) {
    return [{ field: fields.lat, message: `the point ${lat}, ${lon} (latitude, longitude) is outside England` }];
  }
  return [];
}

/**
 * Seven decimal places (about a centimetre): the noise of computed centroids goes, and a
 * position written out by an export comes back where it was (five places moved assets by
 * up to half a metre on a round trip).
 */
export function round(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

type Position = readonly number[];

/** The area-weighted centroid of a ring (its vertex mean when the area is zero), and the ring's area. */
function ringCentroid(ring: readonly Position[]): { lon: number; lat: number; area: number } | null {
  const pts = ring.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (pts.length === 0) return null;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i] as [number, number];
    const [x1, y1] = pts[(i + 1) % pts.length] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) return { ...meanPoint(pts)!, area: 0 };
  return { lon: cx / (3 * a), lat: cy / (3 * a), area: Math.abs(a / 2) };
}

/** The mean of some positions (for lines and ways: a representative point, not a true centroid). */
export function meanPoint(pts: readonly Position[]): { lon: number; lat: number } | null {
  const ok = pts.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (ok.length === 0) return null;
  return {
    lon: ok.reduce((s, p) => s + p[0]!, 0) / ok.length,
    lat: ok.reduce((s, p) => s + p[1]!, 0) / ok.length,
  };
}

/** Is the way closed (first node = last node, at least four)? Then it is an area. */
export function isClosed(pts: readonly Position[]): boolean {
  const first = pts[0];
  const last = pts[pts.length - 1];
  return pts.length >= 4 && !!first && !!last && first[0] === last[0] && first[1] === last[1];
}

/** The centroid of the largest outer ring among some rings (a polygon or a multipolygon's outers). */
export function largestRingCentroid(rings: readonly (readonly Position[])[]): { lon: number; lat: number } | null {
  let best: { lon: number; lat: number; area: number } | null = null;
  for (const ring of rings) {
    const c = ringCentroid(ring);
    if (c && (!best || c.area > best.area)) best = c;
  }
  return best ? { lon: best.lon, lat: best.lat } : null;
}

/**
 * A representative point for a GeoJSON geometry: a Point's own coordinates (exact); the
 * centroid of the largest outer ring of a (Multi)Polygon, or the mean of a line's
 * vertices (approximate). Null for an empty or unknown geometry.
 */
export function representativePoint(geometry: unknown): { lon: number; lat: number; exact: boolean } | { error: string } | null {
  if (geometry === null || geometry === undefined) return null;
  if (typeof geometry !== 'object') return { error: 'geometry is not an object' };
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const coords = g.coordinates;
  const isPos = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number');
  const isLine = (l: unknown): l is Position[] => Array.isArray(l) && l.every(isPos);
  switch (g.type) {
    case 'Point':
      if (!isPos(coords)) return { error: 'a Point needs [longitude, latitude] numbers' };
      return { lon: coords[0]!, lat: coords[1]!, exact: true };
    case 'MultiPoint':
    case 'LineString': {
      if (!isLine(coords) || coords.length === 0) return { error: `a ${g.type} needs a list of positions` };
      const m = meanPoint(coords);
      return m ? { ...m, exact: false } : { error: 'no usable positions' };
    }
    case 'MultiLineString':
    case 'Polygon': {
      if (!Array.isArray(coords) || !coords.every(isLine) || coords.length === 0) return { error: `a ${g.type} needs lists of positions` };
      const lines = coords;
      const m = g.type === 'Polygon' ? largestRingCentroid([lines[0]!]) : meanPoint(lines.flat());
      return m ? { ...m, exact: false } : { error: 'no usable positions' };
    }
    case 'MultiPolygon': {
      if (!Array.isArray(coords) || coords.length === 0 || !coords.every((p) => Array.isArray(p) && p.every(isLine)))
        return { error: 'a MultiPolygon needs polygons of positions' };
      const outers = coords.map((p) => p[0] ?? []);
      const m = largestRingCentroid(outers);
      return m ? { ...m, exact: false } : { error: 'no usable positions' };
    }
    case 'GeometryCollection': {
      const first = Array.isArray(g.geometries) ? (g.geometries as unknown[])[0] : undefined;
      const p = representativePoint(first);
      return p && 'lon' in p ? { ...p, exact: false } : p;
    }
    default:
      return { error: `unknown geometry type ${JSON.stringify(g.type)}` };
  }
}
