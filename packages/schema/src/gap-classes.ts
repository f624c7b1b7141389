/**
 * The gap map's 3 × 3 bivariate classes (deprivation × provision), defined here and only
 * here: the API computes them for `GET /api/gaps/layer` and `/api/gaps` rows, the web draws
 * and labels them. Both axes are built so that the top-right cell (3, 3) holds exactly the
 * flagged LSOAs of the "thin provision in deprived areas" rule.
 *
 * Deprivation class (of the chosen domain's decile, 1 = most deprived 10% of England):
 * - 3: deprived by the rule, deciles 1 to `deprivedDeciles` (1–2 by default);
 * - 2: the more deprived half of the other deciles (3–6 by default);
 * - 1: the less deprived half (7–10 by default);
 * - 0: no decile for this LSOA.
 *
 * Provision class (on the chosen measure, among the LSOAs of the area looked at):
 * - 3: thin by the rule — in the worst `worstFraction` (ties at the cut included) or nothing
 *   within `noneWithin` metres;
 * - 2: not thin, but in the worse half (position ⌈0.5 × n⌉ is the cut, ties included);
 * - 1: the better half;
 * - 0: no data (no source covers the category here: never ranked, never flagged).
 */

export type DeprivationClass = 0 | 1 | 2 | 3;
export type ProvisionClass = 0 | 1 | 2 | 3;

/** The share of the area's LSOAs, worst first, that is the "worse half" (provision class 2 or 3). */
export const WORSE_HALF_FRACTION = 0.5;

/**
 * The 1-based position of the cut among `n` values ranked worst first: ⌈fraction × n⌉, at
 * least 1; every value at or worse than the one there is in (so ties at the cut are all in).
 * The tiny slack keeps 0.2 × 15 = 3.0000000000000004 at 3.
 * @example cutPosition(15, 0.2) // 3
 */
export function cutPosition(n: number, fraction: number): number {
  return Math.max(1, Math.ceil(fraction * n - 1e-9));
}

/**
 * The highest decile in deprivation class 2: the deciles above `deprivedDeciles` are split
 * in two halves, the odd one going to the more deprived half.
 * @example class2UpTo(2) // 6
 */
function class2UpTo(deprivedDeciles: number): number {
  return deprivedDeciles + Math.ceil((10 - deprivedDeciles) / 2);
}

/**
 * An LSOA's deprivation class from its decile on the chosen domain.
 * @example deprivationClass(2, 2) // 3
 * @example deprivationClass(6, 2) // 2
 * @example deprivationClass(7, 2) // 1
 */
export function deprivationClass(decile: number | null, deprivedDeciles: number): DeprivationClass {
  if (decile === null) return 0;
  if (decile <= deprivedDeciles) return 3;
  return decile <= class2UpTo(deprivedDeciles) ? 2 : 1;
}

/**
 * The deciles a deprivation class holds, as [first, last], or null when it holds none
 * (class 2 and 1 are empty when every decile counts as deprived).
 * @example deprivationClassDeciles(2, 2) // [3, 6]
 */
export function deprivationClassDeciles(cls: Exclude<DeprivationClass, 0>, deprivedDeciles: number): [number, number] | null {
  const upTo = class2UpTo(deprivedDeciles);
  const range: [number, number] = cls === 3 ? [1, deprivedDeciles] : cls === 2 ? [deprivedDeciles + 1, upTo] : [upTo + 1, 10];
  return range[0] <= range[1] ? range : null;
}

/**
 * An LSOA's provision class.
 * @example provisionClass({ covered: true, thin: false, worseHalf: true }) // 2
 */
export function provisionClass(p: { covered: boolean; thin: boolean; worseHalf: boolean }): ProvisionClass {
  if (!p.covered) return 0;
  if (p.thin) return 3;
  return p.worseHalf ? 2 : 1;
}
