/**
 * The "thin provision" rule of the gap analysis, defined here and only here (the API ranks
 * with it, the web app words it, the tests check against it). README, "Gaps", states it:
 *
 * - LSOAs are compared within their ONS Rural-Urban Classification 2021 class (the six
 *   classes of `ruc21_code`), across every LSOA of England where the category's coverage is
 *   complete and the figure is not censored by the edge of the covered territory. The cut
 *   of each class is national: an area looked at (a ward, a custom area) never re-ranks.
 * - Worst first, the cut is the value at position ⌈f × n⌉ (at least 1), computed exactly
 *   from the decimal the fraction was written as (0.55 × 100 is 55, not 56 as in floating point).
 * - Ties at the cut are in. But when the cut is at the floor of a count or a score (0: the
 *   worst value there is), "ties in" would make every LSOA with none thin (917 of 983 rural
 *   LSOAs of one class have no library within 800 m); then thin means the floor value AND a
 *   nearest distance in the worst fifth of the class on nearest distance (same exact cut).
 */

/** The measures an LSOA is ranked on (as the API's `measure`). */
export type RuleMeasure = 'nearest' | 'count_400' | 'count_800' | 'count_1600' | 'e2sfca';

/**
 * A finite, non-negative number as an exact fraction num/den, read from the shortest
 * decimal that gives the same double (what someone typed: 0.55, 0.2, 1e-7).
 * @example decimalFraction(0.55) // [55n, 100n]
 */
export function decimalFraction(x: number): [bigint, bigint] {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`not a finite non-negative number: ${x}`);
  const [mantissa, exponentText] = String(x).toLowerCase().split('e') as [string, string | undefined];
  const [whole, fraction = ''] = mantissa.split('.') as [string, string | undefined];
  let num = BigInt(whole + fraction);
  let den = 10n ** BigInt(fraction.length);
  const exponent = Number(exponentText ?? 0);
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  else if (exponent < 0) den *= 10n ** BigInt(-exponent);
  return [num, den];
}

/**
 * The 1-based position of the cut among `n` values ranked worst first: ⌈fraction × n⌉,
 * exactly, and at least 1 (0 when n is 0).
 * @example exactCutPosition(100, 0.55) // 55 (floating point gives 0.55 × 100 = 55.00000000000001)
 */
export function exactCutPosition(n: number, fraction: number): number {
  if (n <= 0) return 0;
  const [num, den] = decimalFraction(fraction);
  const product = num * BigInt(n);
  const position = Number((product + den - 1n) / den);
  return Math.min(n, Math.max(1, position));
}

const BAND_METRES: Record<Exclude<RuleMeasure, 'nearest' | 'e2sfca'>, number> = { count_400: 400, count_800: 800, count_1600: 1600 };

/** Larger is worse for distances; smaller is worse for counts and scores. */
export function distanceMeasure(measure: RuleMeasure): boolean {
  return measure === 'nearest';
}

/** One LSOA in the national distribution of its class. `nearest` null: no asset anywhere. */
export interface RankedLsoa {
  ruc: string;
  /** The measure's value (for 'nearest' the same as `nearest`). */
  value: number | null;
  nearest: number | null;
}

/** The cut of one rural-urban class. */
export interface ClassThreshold {
  ruc: string;
  /** LSOAs of the class in the national distribution. */
  ranked: number;
  /** ⌈f × ranked⌉. */
  position: number;
  /** The value at `position`, worst first (null for nearest: no asset anywhere). */
  cut: number | null;
  /** The cut is the floor of a count or score (0): thin then needs the nearest-distance cut too. */
  atFloor: boolean;
  /** The class's cut on nearest distance (same position), used at the floor; null when not at the floor or none anywhere. */
  nearestCut: number | null;
}

/** How bad a value is, larger worse: a distance as it is (none anywhere = +∞), a count or score negated. */
function badness(value: number | null, distance: boolean): number {
  if (distance) return value === null ? Number.POSITIVE_INFINITY : value;
  return -(value ?? 0);
}

function cutOf(badnesses: number[], position: number): number {
  badnesses.sort((a, b) => b - a);
  return badnesses[position - 1]!;
}

/**
 * The national cut of each class: the LSOAs given (complete coverage, uncensored) ranked
 * worst first within their class. Classes with no LSOA have no entry.
 */
export function classThresholds(items: Iterable<RankedLsoa>, measure: RuleMeasure, fraction: number): Map<string, ClassThreshold> {
  const distance = distanceMeasure(measure);
  const byClass = new Map<string, { bad: number[]; near: number[] }>();
  for (const item of items) {
    let entry = byClass.get(item.ruc);
    if (!entry) byClass.set(item.ruc, (entry = { bad: [], near: [] }));
    entry.bad.push(badness(item.value, distance));
    entry.near.push(badness(item.nearest, true));
  }
  const thresholds = new Map<string, ClassThreshold>();
  for (const [ruc, { bad, near }] of [...byClass].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const position = exactCutPosition(bad.length, fraction);
    const cutBad = cutOf(bad, position);
    const cut = cutBad === Number.POSITIVE_INFINITY ? null : distance ? cutBad : cutBad === 0 ? 0 : -cutBad;
    const atFloor = !distance && cut === 0;
    const nearBad = atFloor ? cutOf(near, position) : Number.POSITIVE_INFINITY;
    thresholds.set(ruc, {
      ruc,
      ranked: bad.length,
      position,
      cut,
      atFloor,
      nearestCut: atFloor && nearBad !== Number.POSITIVE_INFINITY ? nearBad : null,
    });
  }
  return thresholds;
}

/**
 * Whether an LSOA's provision is thin by its class's national cut: at or worse than the cut
 * (ties in); at the floor, the floor value and a nearest distance at or beyond the class's
 * nearest-distance cut.
 */
export function isThin(threshold: ClassThreshold, value: number | null, nearest: number | null, measure: RuleMeasure): boolean {
  const distance = distanceMeasure(measure);
  const bad = badness(value, distance);
  const cutBad = threshold.cut === null ? Number.POSITIVE_INFINITY : distance ? threshold.cut : -threshold.cut;
  if (!threshold.atFloor) return bad >= cutBad;
  if ((value ?? 0) !== 0) return false;
  const nearBad = badness(nearest, true);
  return threshold.nearestCut === null ? nearBad === Number.POSITIVE_INFINITY : nearBad >= threshold.nearestCut;
}

/**
 * Edge censoring (README, "Gaps", edges). The covered territory of a category is the LSOAs of
 * the local authorities where its coverage is complete; its edge is where that territory meets
 * LSOAs whose coverage is not complete (the coast is not an edge: no asset lies in the sea;
 * England's borders with Wales and Scotland are not measured, see the README). A figure
 * reaches out to the nearest asset (a distance), to its band (a count) or to the E2SFCA
 * catchment (a score), and for a count or score at least to the nearest asset too (a count of
 * 0 is broken by nearest distance at the floor). Where the edge is nearer than that reach
 * (strictly: an asset just over an edge at exactly the reach could not be nearer), an
 * unrecorded asset over the line could change the figure, so it is censored: reported as a
 * bound, not ranked, not flagged.
 */
export function figureReach(measure: RuleMeasure, nearest: number | null, catchment: number): number {
  const toNearest = nearest === null ? Number.POSITIVE_INFINITY : nearest;
  if (measure === 'nearest') return toNearest;
  return Math.max(toNearest, measure === 'e2sfca' ? catchment : BAND_METRES[measure]);
}

/** Whether the edge of the covered territory (metres from the residence point; null: none within reach) censors the figure. */
export function isCensored(edge: number | null, measure: RuleMeasure, nearest: number | null, catchment: number): boolean {
  return edge !== null && edge < figureReach(measure, nearest, catchment);
}

/** A distance for people: "640 m", "2.3 km". */
export function distanceWords(metres: number): string {
  if (metres < 1000) return `${Math.round(metres).toLocaleString('en-GB')} m`;
  return `${(metres / 1000).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`;
}

/** "fifth" for 1/5, otherwise a percentage: "worst 25%". */
export function worstWords(fraction: number): string {
  const named: Record<string, string> = { '0.5': 'worst half', '0.25': 'worst quarter', '0.2': 'worst fifth', '0.1': 'worst tenth' };
  return named[String(fraction)] ?? `worst ${(fraction * 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
}

/** A rural-urban class's name as it reads in a sentence: "urban LSOAs nearer to a major town or city". */
export function classWords(className: string): string {
  const m = /^(Urban|Larger rural|Smaller rural|Rural)[^:]*:\s*(.*)$/i.exec(className);
  if (!m) return `LSOAs of class "${className}"`;
  return `${m[1]!.toLowerCase()} LSOAs ${m[2]!.charAt(0).toLowerCase()}${m[2]!.slice(1)}`;
}

export interface ThinSentenceInput {
  /** "IMD decile 1". */
  need: string;
  /** What the category is, singular: "GP practice". */
  what: string;
  measure: RuleMeasure;
  value: number | null;
  nearest: number | null;
  threshold: ClassThreshold;
  className: string;
  fraction: number;
}

/**
 * Why an LSOA is flagged, in one sentence, e.g.
 * "IMD decile 1; nearest GP practice 2.3 km, in the worst fifth of urban LSOAs nearer to a
 * major town or city in England (2.1 km or farther)."
 */
export function thinSentence(p: ThinSentenceInput): string {
  const among = `in the ${worstWords(p.fraction)} of ${classWords(p.className)} in England`;
  const nearestText = p.nearest === null ? `no ${p.what} anywhere` : `nearest ${p.what} ${distanceWords(p.nearest)}`;
  if (p.measure === 'nearest') {
    const cut = p.threshold.cut === null ? 'none anywhere' : `${distanceWords(p.threshold.cut)} or farther`;
    return `${p.need}; ${nearestText}, ${among} (${cut}).`;
  }
  const valueText =
    p.measure === 'e2sfca'
      ? `E2SFCA score ${(p.value ?? 0).toLocaleString('en-GB', { maximumFractionDigits: 3 })}`
      : `${p.value ?? 0} within ${BAND_METRES[p.measure].toLocaleString('en-GB')} m`;
  if (p.threshold.atFloor) {
    const near = p.threshold.nearestCut === null ? 'none anywhere' : `${distanceWords(p.threshold.nearestCut)} or farther`;
    return `${p.need}; ${valueText} and ${nearestText}: many LSOAs of the class have none, so among them only the ${worstWords(p.fraction)} on nearest distance count, ${among} (${near}).`;
  }
  const cut =
    p.measure === 'e2sfca'
      ? `a score of ${(p.threshold.cut ?? 0).toLocaleString('en-GB', { maximumFractionDigits: 3 })} or lower`
      : `${p.threshold.cut ?? 0} or fewer`;
  return `${p.need}; ${valueText}, ${among} (${cut}).`;
}
