/**
 * Provision measures, the pure reference implementation: for each demand point (an LSOA's
 * residence point with its population) and a set of supply points (assets), in British National
 * Grid metres. The SQL in the API computes the same numbers; this module is what it is checked
 * against, so it favours plain, auditable arithmetic.
 *
 * "Within" always means distance <= radius, as PostGIS's `ST_DWithin`.
 */
import { DEFAULT_PROVISION_BANDS, DEFAULT_PROVISION_CATCHMENT } from '@common-ground/schema';
import { PointIndex, type PlanarPoint } from './point-index.js';

/** Walking-distance bands, metres (the product's defaults, from the shared schema). */
export const DEFAULT_BANDS: readonly number[] = DEFAULT_PROVISION_BANDS;

/** E2SFCA catchment d0, metres (the product's default, from the shared schema). */
export const DEFAULT_CATCHMENT = DEFAULT_PROVISION_CATCHMENT;

/** Luo & Qi (2009)'s weights for the inner, middle and outer thirds of the catchment. */
export const LUO_QI_STEPPED_WEIGHTS: readonly [number, number, number] = [1, 0.68, 0.22];

/**
 * Distance decay for E2SFCA, W(d) for 0 <= d <= d0 (and 0 beyond d0).
 *
 * - `gaussian` (the default): W(d) = (exp(−½(d/d0)²) − exp(−½)) / (1 − exp(−½)), the Gaussian
 *   of Dai (2010) normalised so that W(0) = 1 and W(d0) = 0. Chosen as default because it is
 *   continuous everywhere, including at the catchment edge: a distance that moves by a micrometre
 *   (two databases' projections, a re-geocoded asset) moves the score by a micrometre's worth,
 *   whereas stepped weights jump at ⅓ d0, ⅔ d0 and d0, so two correct implementations can differ
 *   by a whole step on a point that sits on a boundary. It also has no arbitrary zone edges to
 *   explain. At ⅙, ½ and ⅚ of d0 (the middles of Luo & Qi's zones) it gives 0.96, 0.70 and 0.25,
 *   close to their 1.00, 0.68 and 0.22.
 * - `stepped`: Luo & Qi's original zones: weights[0] for d <= ⅓ d0, weights[1] for d <= ⅔ d0,
 *   weights[2] for d <= d0 (each zone includes its outer edge).
 */
export type DistanceDecay = { kind: 'gaussian' } | { kind: 'stepped'; weights?: readonly [number, number, number] };

export const DEFAULT_DECAY: DistanceDecay = { kind: 'gaussian' };

export interface DemandPoint extends PlanarPoint {
  /** Residents at this point (an LSOA's usual residents). */
  population: number;
}

export interface SupplyPoint extends PlanarPoint {
  /** How much the asset offers; 1 when unknown (null or absent); 0 offers nothing. */
  capacity?: number | null;
}

export interface E2sfcaOptions {
  /** Catchment d0, metres. */
  catchment?: number;
  decay?: DistanceDecay;
}

export interface E2sfcaScoreOptions extends E2sfcaOptions {
  /**
   * Score only these points (step 2), in this order, rather than every demand point. Step 1
   * still weighs every demand point: an asset's supply ratio depends on everyone in reach.
   */
  scoreAt?: readonly PlanarPoint[];
}

export interface ProvisionOptions extends E2sfcaOptions {
  /** Distance bands, metres, for the counts and the per-1,000 ratios. */
  bands?: readonly number[];
}

export interface Provision {
  /** Assets with distance <= band, one per band, in the order of `bands`. */
  counts: number[];
  /**
   * Per band, a rate: counts × 1000 ÷ the catchment's residents (`catchmentPopulations`:
   * everyone whose residence point is within the band of this one, this LSOA's own included);
   * null when that population is 0.
   */
  perThousand: (number | null)[];
  /** Distance to the nearest asset, metres; null when there are none. */
  nearest: number | null;
  /** E2SFCA accessibility: the capacity reachable per 1,000 residents, distance-weighted. */
  e2sfca: number;
}

/** W(d) for a catchment d0; 0 beyond it. */
export function decayWeight(distance: number, catchment: number, decay: DistanceDecay = DEFAULT_DECAY): number {
  if (distance > catchment) return 0;
  switch (decay.kind) {
    case 'gaussian': {
      const edge = Math.exp(-0.5);
      const ratio = distance / catchment;
      return (Math.exp(-0.5 * ratio * ratio) - edge) / (1 - edge);
    }
    case 'stepped': {
      const [inner, middle, outer] = decay.weights ?? LUO_QI_STEPPED_WEIGHTS;
      if (distance * 3 <= catchment) return inner;
      if (distance * 3 <= catchment * 2) return middle;
      return outer;
    }
  }
}

/** The number of supply points within each band of each demand point. */
export function countsWithin(demand: readonly PlanarPoint[], supply: readonly PlanarPoint[], bands: readonly number[] = DEFAULT_BANDS): number[][] {
  const index = new PointIndex(supply);
  const widest = Math.max(0, ...bands);
  return demand.map((point) => {
    const counts = bands.map(() => 0);
    index.within(point.e, point.n, widest, (_i, distance) => {
      bands.forEach((band, b) => {
        if (distance <= band) counts[b] = (counts[b] as number) + 1;
      });
    });
    return counts;
  });
}

/** Distance from each point to the nearest supply point; null when there is no supply. */
export function nearestDistances(points: readonly PlanarPoint[], supply: readonly PlanarPoint[]): (number | null)[] {
  const index = new PointIndex(supply);
  return points.map((point) => index.nearest(point.e, point.n)?.distance ?? null);
}

/**
 * Enhanced two-step floating catchment area (Luo & Qi 2009), per 1,000 residents.
 *
 * Step 1, for each asset j: R_j = S_j / Σ_{k: d_kj <= d0} P_k · W(d_kj), its capacity over the
 * distance-weighted population that can reach it. An asset whose weighted population is 0 (no one
 * within d0, or only people at exactly d0 where the Gaussian weight is 0) serves no one: R_j = 0.
 * Step 2, for each demand point i: A_i = 1000 · Σ_{j: d_ij <= d0} R_j · W(d_ij).
 */
export function e2sfcaScores(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], options: E2sfcaScoreOptions = {}): number[] {
  const catchment = options.catchment ?? DEFAULT_CATCHMENT;
  const decay = options.decay ?? DEFAULT_DECAY;
  const demandIndex = new PointIndex(demand);
  const ratios = supply.map((asset) => {
    let weightedPopulation = 0;
    demandIndex.within(asset.e, asset.n, catchment, (k, distance) => {
      weightedPopulation += (demand[k] as DemandPoint).population * decayWeight(distance, catchment, decay);
    });
    return weightedPopulation > 0 ? (asset.capacity ?? 1) / weightedPopulation : 0;
  });
  const supplyIndex = new PointIndex(supply);
  return (options.scoreAt ?? demand).map((point) => {
    let access = 0;
    supplyIndex.within(point.e, point.n, catchment, (j, distance) => {
      access += (ratios[j] as number) * decayWeight(distance, catchment, decay);
    });
    return access * 1000;
  });
}

/**
 * For each point and band, the residents whose residence points are within the band
 * (distance <= band) of it: the population of the catchment, the denominator of the
 * per-1,000 rate. A point counts its own residents (distance 0).
 */
export function catchmentPopulations(points: readonly PlanarPoint[], demand: readonly DemandPoint[], bands: readonly number[] = DEFAULT_BANDS): number[][] {
  const index = new PointIndex(demand);
  const widest = Math.max(0, ...bands);
  return points.map((point) => {
    const sums = bands.map(() => 0);
    index.within(point.e, point.n, widest, (k, distance) => {
      bands.forEach((band, b) => {
        if (distance <= band) sums[b] = (sums[b] as number) + (demand[k] as DemandPoint).population;
      });
    });
    return sums;
  });
}

/** A per-1,000 rate: count × 1000 ÷ population; null when the population is 0. */
export function perThousandOf(count: number, population: number): number | null {
  return population > 0 ? (count * 1000) / population : null;
}

/**
 * Every measure for every demand point, in the order of `demand`. The per-1,000 rates'
 * catchments sum over `demand`, so pass every residence point (all of England), not a few.
 */
export function provisionMetrics(demand: readonly DemandPoint[], supply: readonly SupplyPoint[], options: ProvisionOptions = {}): Provision[] {
  const bands = options.bands ?? DEFAULT_BANDS;
  const counts = countsWithin(demand, supply, bands);
  const nearest = nearestDistances(demand, supply);
  const scores = e2sfcaScores(demand, supply, options);
  const catchments = catchmentPopulations(demand, demand, bands);
  return demand.map((_point, i) => {
    const pointCounts = counts[i] as number[];
    return {
      counts: pointCounts,
      perThousand: pointCounts.map((count, b) => perThousandOf(count, (catchments[i] as number[])[b] as number)),
      nearest: nearest[i] ?? null,
      e2sfca: scores[i] as number,
    };
  });
}

export interface AreaPoint extends PlanarPoint {
  /** The area the point belongs to, e.g. a postcode's LSOA code. */
  area: string;
}

export interface MeanNearest {
  /** Mean over the area's points of the distance to the nearest asset; null when there are none. */
  meanDistance: number | null;
  /** How many points the mean is over. */
  points: number;
}

/**
 * The AHAH-style measure (Access to Healthy Assets and Hazards, Green et al.): the distance from
 * every postcode to its nearest asset, averaged over each area (every postcode counts once, so the
 * mean follows where addresses are rather than where the area's centre happens to fall).
 */
export function meanNearestByArea(points: readonly AreaPoint[], supply: readonly PlanarPoint[]): Map<string, MeanNearest> {
  const index = new PointIndex(supply);
  const sums = new Map<string, { total: number; points: number }>();
  for (const point of points) {
    const entry = sums.get(point.area) ?? { total: 0, points: 0 };
    entry.total += index.nearest(point.e, point.n)?.distance ?? 0;
    entry.points += 1;
    sums.set(point.area, entry);
  }
  const means = new Map<string, MeanNearest>();
  for (const [area, { total, points: count }] of sums) {
    means.set(area, { meanDistance: index.size === 0 ? null : total / count, points: count });
  }
  return means;
}
