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
  /** Residents of the row's LSOA (null when unknown), for the per-1,000 ratios. */
  populations: (number | null)[];
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
 * The provision table for the LSOAs `asked` (codes of `residences`), in the order given, each
 * with the result categories `resultCodes` (in that order). E2SFCA supply ratios weigh every
 * residence point within the catchment of an asset (all of England), not only the asked ones.
 */
export function provisionTable(
  residences: readonly ResidenceInput[],
  assets: readonly AssetInput[],
  categories: readonly Pick<Category, 'code' | 'parentCode'>[],
  resultCodes: readonly string[],
  asked: readonly string[],
  settings: TableSettings,
): ProvisionTable {
  const { bands, catchment } = settings;
  const reach = Math.max(catchment, ...bands);
  const weight = (d: number) => (settings.decay === 'none' ? 1 : decayWeight(d, catchment, { kind: 'gaussian' }));

  // Asset categories as small integers, so per-LSOA accumulators are flat arrays.
  const leafIndex = new Map<string, number>();
  const assetLeaf = new Int32Array(assets.length);
  assets.forEach((a, j) => {
    let k = leafIndex.get(a.category);
    if (k === undefined) leafIndex.set(a.category, (k = leafIndex.size));
    assetLeaf[j] = k;
  });
  const leaves = leafIndex.size;
  const counted = countedCategories(categories);
  const members = resultCodes.map((code) =>
    [...(counted.get(code) ?? [])].map((c) => leafIndex.get(c)).filter((k): k is number => k !== undefined),
  );

  const residenceIndex = new PointIndex(residences);
  const assetIndex = new PointIndex(assets);
  // One index per asset category, for the nearest beyond reach.
  const byLeaf: AssetInput[][] = Array.from({ length: leaves }, () => []);
  assets.forEach((a, j) => byLeaf[assetLeaf[j]!]!.push(a));
  const leafIndexes = byLeaf.map((points) => new PointIndex(points));

  // R_j, found when an asked LSOA first reaches asset j (NaN: not yet).
  const ratio = new Float64Array(assets.length).fill(Number.NaN);
  const supplyRatio = (j: number): number => {
    let r = ratio[j]!;
    if (Number.isNaN(r)) {
      let weighted = 0;
      const a = assets[j]!;
      residenceIndex.within(a.e, a.n, catchment, (k, d) => {
        weighted += (residences[k]!.population ?? 0) * weight(d);
      });
      r = ratio[j] = weighted > 0 ? 1 / weighted : 0;
    }
    return r;
  };

  const byCode = new Map(residences.map((r) => [r.area, r]));
  const table: ProvisionTable = {
    areaCodes: [],
    categoryCodes: [],
    populations: [],
    counts: bands.map(() => []),
    nearest: [],
    access: [],
  };
  const counts = bands.map(() => new Int32Array(leaves));
  const nearest = new Float64Array(leaves);
  const access = new Float64Array(leaves);
  const lastFar = new Int32Array(leaves).fill(-1);
  for (const code of asked) {
    const home = byCode.get(code);
    if (!home) throw new Error(`no residence point for ${code}`);
    for (const c of counts) c.fill(0);
    nearest.fill(Number.POSITIVE_INFINITY);
    access.fill(0);
    assetIndex.within(home.e, home.n, reach, (j, d) => {
      const k = assetLeaf[j]!;
      for (let b = 0; b < bands.length; b++) if (d <= bands[b]!) counts[b]![k]!++;
      if (d < nearest[k]!) nearest[k] = d;
      if (d <= catchment) access[k] = access[k]! + supplyRatio(j) * weight(d);
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
      for (const k of members[r]!) {
        if (nearest[k]! < best) best = nearest[k]!;
        sum += access[k]!;
      }
      table.areaCodes.push(code);
      table.categoryCodes.push(resultCodes[r]!);
      table.populations.push(home.population);
      table.nearest.push(best === Number.POSITIVE_INFINITY ? null : best);
      table.access.push(sum);
    }
  }
  return table;
}
