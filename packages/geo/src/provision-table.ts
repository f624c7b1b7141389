/**
 * The whole provision table at once: every asked LSOA × every result category (each category,
 * counting its descendants, and '*'), from every public asset and every LSOA's residence point.
 * This is the API's full recompute; `provision.ts` answers one category for a set of points.
 *
 * Why in TypeScript and not SQL: the full recompute was set-based SQL, and at 250k assets it
 * spent most of its time on per-row executor overhead rather than geometry. The nearest asset
 * beyond reach, a KNN (`<->`) LATERAL probe per LSOA × category without one within reach
 * (~800k probes), cost ~20 µs a probe whatever the category's size; the ~4.4M pairs within
 * reach went through three hash aggregates. The same work over in-memory k-d trees takes a
 * few microseconds a probe, and the only per-row cost left in the database is the write.
 *
 * The numbers are the SQL's (`computeProvision`, checked by the API's equality test and the
 * benchmark): distances are `Math.sqrt(dx * dx + dy * dy)` like PostGIS's point distance, so
 * band counts and nearest distances are identical; E2SFCA sums may differ in the last bits
 * (summation order, `Math.exp`).
 */
import { ALL_CATEGORIES, type Category } from '@common-ground/schema';
import { PointIndex, type PlanarPoint } from './point-index.js';
import { decayWeight } from './provision.js';

/** An LSOA's residence point; population null when the population file has no row. */
export interface ResidenceInput extends PlanarPoint {
  area: string;
  population: number | null;
}

/** A public, not defunct asset. */
export interface AssetInput extends PlanarPoint {
  category: string;
  /** How much it offers (E2SFCA supply S_j): null or absent when not known; 0: known to offer none now. */
  capacity?: number | null;
  /** The unit of `capacity` ('registered patients', …). */
  capacityUnit?: string | null;
}

/**
 * The E2SFCA supply of an asset in a result category (README, "Provision", capacity):
 * its capacity where the result category is a category without sub-categories whose
 * assets all measure capacity in one unit ("capacity-weighted"); 1 when its capacity is not
 * known; nothing (0) when it is 0. A parent category or '*' uses 1 for every asset, as
 * registered patients and opening hours cannot be summed.
 */
export function supplyOf(capacity: number | null | undefined, capacityWeighted: boolean): number {
  if (!capacityWeighted) return 1;
  return capacity === null || capacity === undefined ? 1 : capacity;
}

/**
 * The categories whose E2SFCA is capacity-weighted: no sub-categories, and every asset with
 * a known capacity in one unit (none known: weighting by 1 is the same as not weighting).
 */
export function capacityWeightedCategories(
  categories: readonly Pick<Category, 'code' | 'parentCode'>[],
  assets: readonly Pick<AssetInput, 'category' | 'capacity' | 'capacityUnit'>[],
): Set<string> {
  const parents = new Set(categories.map((c) => c.parentCode).filter((p): p is string => !!p));
  const units = new Map<string, Set<string>>();
  for (const a of assets) {
    if (a.capacity === null || a.capacity === undefined) continue;
    const set = units.get(a.category) ?? new Set<string>();
    set.add(a.capacityUnit ?? '');
    units.set(a.category, set);
  }
  return new Set(categories.filter((c) => !parents.has(c.code) && (units.get(c.code)?.size ?? 0) <= 1).map((c) => c.code));
}

export interface TableSettings {
  /** Exactly the bands stored: ascending metres. */
  bands: readonly number[];
  catchment: number;
  /** 'none': classic 2SFCA, weight 1 throughout the catchment. */
  decay: 'gaussian' | 'none';
}

/** Columns of the table, one entry per LSOA × result category, LSOA by LSOA. */
export interface ProvisionTable {
  areaCodes: string[];
  categoryCodes: string[];
  /**
   * One array per band: the residents whose residence points are within the band of the
   * row's LSOA's (its catchment, itself included; an unknown population counts 0), the
   * denominator of the per-1,000 rate (`catchmentPopulations` in provision.ts).
   */
  catchmentPopulations: number[][];
  /** One array per band. */
  counts: number[][];
  /** Nearest asset of the result category anywhere; null when it has none. */
  nearest: (number | null)[];
  /** Σ R_j W(d) over the assets within the catchment (×1000 gives the E2SFCA score). */
  access: number[];
}

/** For each result category (every category and '*'), the asset categories that count in it. */
export function countedCategories(categories: readonly Pick<Category, 'code' | 'parentCode'>[]): Map<string, Set<string>> {
  const parentOf = new Map(categories.map((c) => [c.code, c.parentCode]));
  const counted = new Map<string, Set<string>>([[ALL_CATEGORIES, new Set(parentOf.keys())]]);
  for (const c of categories) {
    // A category counts in itself and every ancestor.
    for (let code: string | null | undefined = c.code; code; code = parentOf.get(code)) {
      const set = counted.get(code) ?? new Set<string>();
      set.add(c.code);
      counted.set(code, set);
    }
  }
  return counted;
}

/**
 * The provision table for the LSOAs `asked` (codes of `residences`; others are left out), in
 * the order given, each with the result categories `resultCodes` (in that order). E2SFCA
 * supply ratios weigh every residence point within the catchment of an asset (all of
 * England), not only the asked ones.
 */
export function provisionTable(
  residences: readonly ResidenceInput[],
  assets: readonly AssetInput[],
  categories: readonly Pick<Category, 'code' | 'parentCode'>[],
  resultCodes: readonly string[],
  asked: readonly string[],
  settings: TableSettings,
): ProvisionTable {
  return new ProvisionCalculator(residences, assets, categories, settings).table(resultCodes, asked);
}

/**
 * The indexes behind `provisionTable`, built once and kept for batch after batch of LSOAs
 * (building them for 250k assets takes a few hundred milliseconds of the event loop), with
 * the supply ratios found so far.
 */
export class ProvisionCalculator {
  private readonly reach: number;
  private readonly leafIndex = new Map<string, number>();
  private readonly assetLeaf: Int32Array;
  private readonly residenceIndex: PointIndex;
  private readonly assetIndex: PointIndex;
  private readonly leafIndexes: PointIndex[];
  private readonly counted: Map<string, Set<string>>;
  private readonly byCode: Map<string, ResidenceInput>;
  /** R_j / S_j (1 over the weighted population), found when an asked LSOA first reaches asset j (NaN: not yet). */
  private readonly ratio: Float64Array;
  /** S_j in its own category when that category is capacity-weighted (supplyOf), else 1. */
  private readonly supply: Float64Array;
  /** Per asset category (leaf index): whether its own result is capacity-weighted. */
  private readonly leafWeighted: boolean[];

  constructor(
    private readonly residences: readonly ResidenceInput[],
    private readonly assets: readonly AssetInput[],
    categories: readonly Pick<Category, 'code' | 'parentCode'>[],
    private readonly settings: TableSettings,
  ) {
    this.reach = Math.max(settings.catchment, ...settings.bands);
    // Asset categories as small integers, so per-LSOA accumulators are flat arrays.
    this.assetLeaf = new Int32Array(assets.length);
    assets.forEach((a, j) => {
      let k = this.leafIndex.get(a.category);
      if (k === undefined) this.leafIndex.set(a.category, (k = this.leafIndex.size));
      this.assetLeaf[j] = k;
    });
    this.counted = countedCategories(categories);
    this.residenceIndex = new PointIndex(residences);
    this.assetIndex = new PointIndex(assets);
    // One index per asset category, for the nearest beyond reach.
    const byLeaf: AssetInput[][] = Array.from({ length: this.leafIndex.size }, () => []);
    assets.forEach((a, j) => byLeaf[this.assetLeaf[j]!]!.push(a));
    this.leafIndexes = byLeaf.map((points) => new PointIndex(points));
    this.byCode = new Map(residences.map((r) => [r.area, r]));
    this.ratio = new Float64Array(assets.length).fill(Number.NaN);
    const weighted = capacityWeightedCategories(categories, assets);
    this.leafWeighted = [...this.leafIndex.keys()].map((code) => weighted.has(code));
    this.supply = new Float64Array(assets.length);
    assets.forEach((a, j) => (this.supply[j] = supplyOf(a.capacity, this.leafWeighted[this.assetLeaf[j]!]!)));
  }

  private weight(d: number): number {
    return this.settings.decay === 'none' ? 1 : decayWeight(d, this.settings.catchment, { kind: 'gaussian' });
  }

  private supplyRatio(j: number): number {
    let r = this.ratio[j]!;
    if (Number.isNaN(r)) {
      let weighted = 0;
      const a = this.assets[j]!;
      this.residenceIndex.within(a.e, a.n, this.settings.catchment, (k, d) => {
        weighted += (this.residences[k]!.population ?? 0) * this.weight(d);
      });
      r = this.ratio[j] = weighted > 0 ? 1 / weighted : 0;
    }
    return r;
  }

  /** Per band, the residents whose residence points are within the band of `home` (itself included). */
  private catchmentOf(home: ResidenceInput): number[] {
    const { bands } = this.settings;
    const widest = Math.max(0, ...bands);
    const sums = bands.map(() => 0);
    this.residenceIndex.within(home.e, home.n, widest, (k, d) => {
      const population = this.residences[k]!.population ?? 0;
      for (let b = 0; b < bands.length; b++) if (d <= bands[b]!) sums[b] = sums[b]! + population;
    });
    return sums;
  }

  /** Every LSOA whose residence point is within `radius` metres of (e, n). */
  areasWithin(e: number, n: number, radius: number): string[] {
    const found: string[] = [];
    this.residenceIndex.within(e, n, radius, (i) => found.push(this.residences[i]!.area));
    return found;
  }

  /** The result categories an asset of `category` counts in: itself, its ancestors and '*'. */
  resultCodesOf(category: string): string[] {
    return [...this.counted].filter(([, members]) => members.has(category)).map(([code]) => code);
  }

  /** See `provisionTable`. */
  table(resultCodes: readonly string[], asked: readonly string[]): ProvisionTable {
    const { bands, catchment } = this.settings;
    const { reach, assetLeaf, leafIndexes, byCode } = this;
    const leaves = this.leafIndex.size;
    const members = resultCodes.map((code) =>
      [...(this.counted.get(code) ?? [])].map((c) => this.leafIndex.get(c)).filter((k): k is number => k !== undefined),
    );
    // A result is capacity-weighted only for the category itself (never a parent or '*').
    const weightedResult = resultCodes.map((code) => {
      const k = this.leafIndex.get(code);
      return code !== ALL_CATEGORIES && k !== undefined && this.leafWeighted[k]! && this.counted.get(code)?.size === 1;
    });
    const table: ProvisionTable = {
      areaCodes: [],
      categoryCodes: [],
      catchmentPopulations: bands.map(() => []),
      counts: bands.map(() => []),
      nearest: [],
      access: [],
    };
    const counts = bands.map(() => new Int32Array(leaves));
    const nearest = new Float64Array(leaves);
    const access = new Float64Array(leaves);
    const accessWeighted = new Float64Array(leaves);
    const lastFar = new Int32Array(leaves).fill(-1);
    for (const code of asked) {
      // An LSOA without a residence point (no live postcode) has no figures, as in the SQL.
      const home = byCode.get(code);
      if (!home) continue;
      for (const c of counts) c.fill(0);
      const residents = this.catchmentOf(home);
      nearest.fill(Number.POSITIVE_INFINITY);
      access.fill(0);
      accessWeighted.fill(0);
      this.assetIndex.within(home.e, home.n, reach, (j, d) => {
        const k = assetLeaf[j]!;
        for (let b = 0; b < bands.length; b++) if (d <= bands[b]!) counts[b]![k]!++;
        if (d < nearest[k]!) nearest[k] = d;
        if (d <= catchment) {
          const rw = this.supplyRatio(j) * this.weight(d);
          access[k] = access[k]! + rw;
          accessWeighted[k] = accessWeighted[k]! + this.supply[j]! * rw;
        }
      });
      // Nothing of a category within reach: its nearest anywhere. The previous LSOA's answer
      // (codes run roughly by place) starts the search with a close bound.
      for (let k = 0; k < leaves; k++) {
        if (nearest[k] !== Number.POSITIVE_INFINITY) continue;
        const found = leafIndexes[k]!.nearest(home.e, home.n, lastFar[k])!;
        nearest[k] = found.distance;
        lastFar[k] = found.index;
      }
      for (let r = 0; r < resultCodes.length; r++) {
        let best = Number.POSITIVE_INFINITY;
        let sum = 0;
        for (let b = 0; b < bands.length; b++) {
          let count = 0;
          for (const k of members[r]!) count += counts[b]![k]!;
          table.counts[b]!.push(count);
        }
        const from = weightedResult[r] ? accessWeighted : access;
        for (const k of members[r]!) {
          if (nearest[k]! < best) best = nearest[k]!;
          sum += from[k]!;
        }
        table.areaCodes.push(code);
        table.categoryCodes.push(resultCodes[r]!);
        for (let b = 0; b < bands.length; b++) table.catchmentPopulations[b]!.push(residents[b]!);
        table.nearest.push(best === Number.POSITIVE_INFINITY ? null : best);
        table.access.push(sum);
      }
    }
    return table;
  }
}
