/**
 * The equity gradient: how access varies with deprivation (README, "Gaps", equity):
 *
 * - Per decile of the deprivation measure: LSOAs, residents, the median and interquartile
 *   range of the access measure over LSOAs (unweighted), by nearest rank: the q-th quantile
 *   of n sorted values is sorted[⌈q·n⌉ − 1] (exact for q = ¼, ½, ¾);
 * - the share of residents (population-weighted) whose nearest asset is beyond 800 m and
 *   beyond 1,600 m;
 * - a concentration index (Wagstaff/Kakwani): LSOAs ranked by deprivation, most deprived
 *   first (rank 1 first), each with fractional rank R_i = (residents ranked before it +
 *   half its own) / all residents; CI = 2·Σ w_i (h_i − μ)(R_i − ½) / μ with w_i the
 *   population shares and μ the population-weighted mean of the access measure h.
 *   CI > 0: h concentrated among the less deprived; for a distance (larger is worse) that
 *   means the more deprived are better served, for a count or score worse served.
 *   |CI| < 0.05 is "no clear gradient".
 * - LSOAs with no asset at all (no finite nearest distance) count as beyond both distances
 *   and are left out of the medians and, for the nearest measure, of the index (counted).
 */
import { distanceMeasure, type RuleMeasure } from './gap-rule.js';

export interface EquityItem {
  /** 1 = most deprived 10%; null: no decile (left out). */
  decile: number | null;
  /** The deprivation rank (1 = most deprived); null: left out of the index. */
  rank: number | null;
  population: number;
  /** The access measure's value (for 'nearest', the nearest distance). */
  value: number | null;
  /** Nearest distance; null: no asset anywhere. */
  nearest: number | null;
}

export interface EquityDecile {
  decile: number;
  lsoas: number;
  residents: number;
  /** LSOAs without a finite value (no asset at all), left out of the quantiles. */
  noValue: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  /** Share of residents (0..1) whose nearest asset is beyond 800 m / 1,600 m (or none at all); null with no residents. */
  beyond800: number | null;
  beyond1600: number | null;
}

export interface EquityResult {
  deciles: EquityDecile[];
  concentrationIndex: number | null;
  /** 'better': the more deprived are better served; 'worse': worse served; 'none': |CI| < 0.05; null: no index. */
  direction: 'better' | 'worse' | 'none' | null;
  sentence: string;
  /** LSOAs left out of the index (no rank, no residents, or no finite value). */
  leftOut: number;
}

export const NO_CLEAR_GRADIENT = 0.05;

/** The q-th quantile by nearest rank: sorted[⌈q·n⌉ − 1] (null for none). */
export function nearestRankQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length - 1e-12))) - 1;
  return sorted[i]!;
}

/** The population-weighted concentration index of h ranked by `rank` ascending (most deprived first); null when undefined. */
export function concentrationIndex(items: readonly { rank: number; weight: number; h: number }[]): number | null {
  const sorted = [...items].filter((i) => i.weight > 0).sort((a, b) => a.rank - b.rank);
  const total = sorted.reduce((s, i) => s + i.weight, 0);
  if (total <= 0) return null;
  const mean = sorted.reduce((s, i) => s + i.weight * i.h, 0) / total;
  if (mean === 0) return null;
  let before = 0;
  let sum = 0;
  // Equal ranks share one fractional rank (the middle of their group).
  for (let g = 0; g < sorted.length;) {
    let end = g;
    let groupWeight = 0;
    while (end < sorted.length && sorted[end]!.rank === sorted[g]!.rank) groupWeight += sorted[end++]!.weight;
    const r = (before + groupWeight / 2) / total;
    for (let k = g; k < end; k++) sum += (sorted[k]!.weight / total) * (sorted[k]!.h - mean) * (r - 0.5);
    before += groupWeight;
    g = end;
  }
  return (2 * sum) / mean;
}

/** The equity gradient of the items (see the module comment). */
export function equityGradient(items: readonly EquityItem[], measure: RuleMeasure): EquityResult {
  const deciles: EquityDecile[] = [];
  for (let d = 1; d <= 10; d++) {
    const of = items.filter((i) => i.decile === d);
    const values = of
      .map((i) => i.value)
      .filter((v): v is number => v !== null && Number.isFinite(v))
      .sort((a, b) => a - b);
    const residents = of.reduce((s, i) => s + i.population, 0);
    const beyond = (m: number) =>
      residents > 0 ? of.filter((i) => i.nearest === null || i.nearest > m).reduce((s, i) => s + i.population, 0) / residents : null;
    deciles.push({
      decile: d,
      lsoas: of.length,
      residents,
      noValue: of.length - values.length,
      median: nearestRankQuantile(values, 0.5),
      q1: nearestRankQuantile(values, 0.25),
      q3: nearestRankQuantile(values, 0.75),
      beyond800: beyond(800),
      beyond1600: beyond(1600),
    });
  }
  const usable = items.filter((i) => i.rank !== null && i.population > 0 && i.value !== null && Number.isFinite(i.value));
  const ci = concentrationIndex(usable.map((i) => ({ rank: i.rank!, weight: i.population, h: i.value! })));
  let direction: EquityResult['direction'] = null;
  let sentence = 'Too few LSOAs with figures to measure a gradient here.';
  if (ci !== null) {
    const distance = distanceMeasure(measure);
    const pretty = ci.toLocaleString('en-GB', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    if (Math.abs(ci) < NO_CLEAR_GRADIENT) {
      direction = 'none';
      sentence = `Concentration index ${pretty}: no clear gradient (|CI| < ${NO_CLEAR_GRADIENT}); access differs little with deprivation here.`;
    } else {
      // CI > 0: the measure is higher among the less deprived.
      direction = ci > 0 === distance ? 'better' : 'worse';
      const what = distance ? 'distances are longer' : 'access is greater';
      const among = ci > 0 ? 'less deprived' : 'more deprived';
      sentence = `Concentration index ${pretty}: ${what} in ${among} areas, so here, more deprived areas are ${direction} served.`;
    }
  }
  return { deciles, concentrationIndex: ci, direction, sentence, leftOut: items.length - usable.length };
}
