/**
 * Where an LSOA's residents are, as one point. The ONS population-weighted centroid is used
 * where it is published (`pwc`; every English LSOA 2021 has one); this module computes the
 * fallback for an LSOA without one.
 *
 * The fallback is the mean position of the LSOA's live postcodes. Postcodes follow addresses, and
 * residential addresses follow people, so the mean of postcodes leans towards where people live
 * rather than towards the middle of a park or an industrial estate, as a polygon centroid would.
 * Each postcode counts once (we have no address counts per postcode).
 *
 * The mean is taken in British National Grid metres, not in degrees: each postcode is projected
 * first, then eastings and northings are averaged. Distances are measured in that grid, so the mean
 * is the point that minimises the sum of squared grid distances to the postcodes — the natural
 * centre for metric measures. (Averaging degrees and projecting after would differ by centimetres,
 * as the projection is not linear, and would tie the result to an arbitrary choice.)
 *
 * An LSOA with no live postcode falls back to its polygon's point-on-surface, a point guaranteed
 * inside the polygon, which the caller computes (e.g. `ST_PointOnSurface` in PostGIS) and passes in.
 */
import { lonLatToBng, type BngPoint } from './bng.js';

export interface PostcodeLocation {
  /** WGS84 longitude, degrees. */
  lon: number;
  /** WGS84 latitude, degrees. */
  lat: number;
  /** The postcode's LSOA 2021 code; null for the few live postcodes that have none. */
  lsoa: string | null;
}

export interface ResidencePoint extends BngPoint {
  lsoa: string;
  /** The LSOA's live postcodes (what a postcode mean is over); 0 when it has none. */
  postcodes: number;
  /** `pwc`: the ONS population-weighted centroid; `postcodes`: their mean; `point-on-surface`: inside the polygon. */
  source: 'pwc' | 'postcodes' | 'point-on-surface';
}

/** Adds postcodes one at a time, so a 1.5M-row file never has to be held in memory. */
export class ResidencePointAccumulator {
  private readonly sums = new Map<string, { e: number; n: number; count: number }>();

  add(postcode: PostcodeLocation): void {
    if (postcode.lsoa === null) return;
    const { e, n } = lonLatToBng(postcode.lon, postcode.lat);
    const sum = this.sums.get(postcode.lsoa);
    if (sum) {
      sum.e += e;
      sum.n += n;
      sum.count += 1;
    } else {
      this.sums.set(postcode.lsoa, { e, n, count: 1 });
    }
  }

  /**
   * One point per LSOA that has postcodes, plus one per LSOA in `pointsOnSurface` that has none.
   * `pointsOnSurface` maps LSOA codes to their polygon's point-on-surface in BNG metres.
   */
  result(pointsOnSurface: ReadonlyMap<string, BngPoint> = new Map()): Map<string, ResidencePoint> {
    const points = new Map<string, ResidencePoint>();
    for (const [lsoa, sum] of this.sums) {
      points.set(lsoa, { lsoa, e: sum.e / sum.count, n: sum.n / sum.count, postcodes: sum.count, source: 'postcodes' });
    }
    for (const [lsoa, point] of pointsOnSurface) {
      if (!points.has(lsoa)) points.set(lsoa, { lsoa, e: point.e, n: point.n, postcodes: 0, source: 'point-on-surface' });
    }
    return points;
  }
}

/** Residence points from postcodes held in memory; see {@link ResidencePointAccumulator}. */
export function residencePoints(
  postcodes: Iterable<PostcodeLocation>,
  pointsOnSurface: ReadonlyMap<string, BngPoint> = new Map(),
): Map<string, ResidencePoint> {
  const accumulator = new ResidencePointAccumulator();
  for (const postcode of postcodes) accumulator.add(postcode);
  return accumulator.result(pointsOnSurface);
}

/**
 * Residence points with the published population-weighted centroids (easting, northing in
 * BNG metres) in place of the postcode means for the LSOAs that have one; each keeps its
 * count of live postcodes.
 */
export function withPopulationWeightedCentroids(
  points: ReadonlyMap<string, ResidencePoint>,
  centroids: ReadonlyMap<string, BngPoint>,
): Map<string, ResidencePoint> {
  const out = new Map(points);
  for (const [lsoa, c] of centroids) {
    out.set(lsoa, { lsoa, e: c.e, n: c.n, postcodes: points.get(lsoa)?.postcodes ?? 0, source: 'pwc' });
  }
  return out;
}
