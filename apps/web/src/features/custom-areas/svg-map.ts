import type { MultiPolygonGeometry } from '@common-ground/schema';

/*
 * A static map of an area for print and for pages without a basemap: its outline and LSOAs
 * drawn as SVG paths from their geometry, so the report needs no canvas, tiles or network.
 * Longitude is scaled by cos(latitude) at the middle, which is true to shape at the scale of
 * a neighbourhood (an equirectangular projection centred on it).
 */

export interface SvgFrame {
  width: number;
  height: number;
  /** Lon/lat → x/y in the frame. */
  project: (lon: number, lat: number) => [number, number];
}

/** A frame that fits every geometry into width × height with `pad` pixels to spare. */
export function fitFrame(geometries: readonly MultiPolygonGeometry[], width: number, height: number, pad = 8): SvgFrame {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const g of geometries) {
    for (const polygon of g.coordinates) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          west = Math.min(west, lon);
          east = Math.max(east, lon);
          south = Math.min(south, lat);
          north = Math.max(north, lat);
        }
      }
    }
  }
  if (!Number.isFinite(west)) return { width, height, project: () => [width / 2, height / 2] };
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * k, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  // Centre the drawing in the frame.
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return {
    width,
    height,
    project: (lon, lat) => [offsetX + (lon - west) * k * scale, offsetY + (north - lat) * scale],
  };
}

/**
 * An SVG path (`d`) for a MultiPolygon: each ring a closed subpath, to draw with
 * fill-rule="evenodd" so holes stay holes.
 * @example pathOf({ type: 'MultiPolygon', coordinates: [[[[0,0],[1,0],[1,1],[0,0]]]] }, frame) // 'M… L… Z'
 */
export function pathOf(geometry: MultiPolygonGeometry, frame: SvgFrame): string {
  const parts: string[] = [];
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      const points = ring.map(([lon, lat]) =>
        frame
          .project(lon, lat)
          .map((n) => n.toFixed(1))
          .join(' '),
      );
      if (points.length > 0) parts.push(`M${points.join('L')}Z`);
    }
  }
  return parts.join('');
}
