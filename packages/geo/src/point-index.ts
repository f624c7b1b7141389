/**
 * A static 2-d tree over points in a metric grid (British National Grid metres), for the two
 * questions the provision measures ask: "which points are within r of here" and "how far is the
 * nearest point". A k-d tree rather than grid buckets because the nearest-asset question must stay
 * fast for sparse categories too (a handful of assets across England), where a bucket grid either
 * scans thousands of empty cells or loses its benefit in dense cities.
 *
 * Distances are `Math.sqrt(dx * dx + dy * dy)`, the same expression PostGIS evaluates for
 * point-to-point distance, so "within" (distance <= radius, as `ST_DWithin`) decides ties at
 * exactly the radius the same way.
 */

/** Points per leaf: scanning a few points beats descending further. */
const LEAF_SIZE = 8;

export interface PlanarPoint {
  /** Easting, metres. */
  e: number;
  /** Northing, metres. */
  n: number;
}

export interface Neighbour {
  /** The point's position in the array the index was built from. */
  index: number;
  distance: number;
}

export function planarDistance(ae: number, an: number, be: number, bn: number): number {
  const de = ae - be;
  const dn = an - bn;
  return Math.sqrt(de * de + dn * dn);
}

export class PointIndex {
  readonly size: number;
  private readonly order: Int32Array;
  private readonly es: Float64Array;
  private readonly ns: Float64Array;

  constructor(points: readonly PlanarPoint[]) {
    this.size = points.length;
    this.order = new Int32Array(points.length);
    this.es = new Float64Array(points.length);
    this.ns = new Float64Array(points.length);
    points.forEach((point, i) => {
      this.order[i] = i;
      this.es[i] = point.e;
      this.ns[i] = point.n;
    });
    this.build(0, points.length - 1, 0);
  }

  /** Every point with distance <= radius from (e, n), in no particular order. */
  within(e: number, n: number, radius: number, visit: (index: number, distance: number) => void): void {
    if (this.size === 0) return;
    const stack: number[] = [0, this.size - 1, 0];
    while (stack.length > 0) {
      const axis = stack.pop() as number;
      const hi = stack.pop() as number;
      const lo = stack.pop() as number;
      if (hi - lo <= LEAF_SIZE) {
        for (let k = lo; k <= hi; k++) this.visitIfWithin(k, e, n, radius, visit);
        continue;
      }
      const mid = (lo + hi) >> 1;
      this.visitIfWithin(mid, e, n, radius, visit);
      const split = this.coordinate(mid, axis);
      const q = axis === 0 ? e : n;
      if (q - radius <= split) stack.push(lo, mid - 1, 1 - axis);
      if (q + radius >= split) stack.push(mid + 1, hi, 1 - axis);
    }
  }

  /**
   * The nearest point to (e, n), or null when the index is empty. `hint`, a point likely to be
   * near (say, the answer for a neighbouring query), only speeds the search up: it starts as
   * the best so far, and the answer is the same with or without it.
   */
  nearest(e: number, n: number, hint?: number): Neighbour | null {
    if (this.size === 0) return null;
    const best: Neighbour = { index: -1, distance: Infinity };
    if (hint !== undefined && hint >= 0 && hint < this.size) {
      best.index = hint;
      best.distance = planarDistance(e, n, this.es[hint] as number, this.ns[hint] as number);
    }
    this.searchNearest(0, this.size - 1, 0, e, n, best, 0, 0);
    return best;
  }

  private visitIfWithin(k: number, e: number, n: number, radius: number, visit: (index: number, distance: number) => void) {
    const i = this.order[k] as number;
    const distance = planarDistance(e, n, this.es[i] as number, this.ns[i] as number);
    if (distance <= radius) visit(i, distance);
  }

  private coordinate(k: number, axis: number): number {
    const i = this.order[k] as number;
    return (axis === 0 ? this.es[i] : this.ns[i]) as number;
  }

  private consider(k: number, e: number, n: number, best: Neighbour) {
    const i = this.order[k] as number;
    const distance = planarDistance(e, n, this.es[i] as number, this.ns[i] as number);
    // Ties go to the lower original index, so the answer does not depend on tree layout.
    if (distance < best.distance || (distance === best.distance && i < best.index)) {
      best.distance = distance;
      best.index = i;
    }
  }

  /**
   * Depth-first, nearer side first. A subtree is skipped when its cell is farther than the best
   * so far, measured to the whole cell (both axes' offsets, `offE`/`offN`), not only to the
   * splitting line: for points far outside the data (an LSOA 100 km from a category's nearest
   * asset) the splitting line alone prunes almost nothing. The slack keeps rounding from ever
   * skipping a point at exactly the best distance.
   */
  private searchNearest(lo: number, hi: number, axis: number, e: number, n: number, best: Neighbour, offE: number, offN: number): void {
    if (hi - lo <= LEAF_SIZE) {
      for (let k = lo; k <= hi; k++) this.consider(k, e, n, best);
      return;
    }
    const mid = (lo + hi) >> 1;
    this.consider(mid, e, n, best);
    const gap = (axis === 0 ? e : n) - this.coordinate(mid, axis);
    // (No destructured [lo, hi] pairs here: an array per visited node was a third of the time.)
    if (gap <= 0) this.searchNearest(lo, mid - 1, 1 - axis, e, n, best, offE, offN);
    else this.searchNearest(mid + 1, hi, 1 - axis, e, n, best, offE, offN);
    const farE = axis === 0 ? Math.max(offE, Math.abs(gap)) : offE;
    const farN = axis === 0 ? offN : Math.max(offN, Math.abs(gap));
    if (Math.sqrt(farE * farE + farN * farN) <= best.distance * (1 + 1e-12)) {
      if (gap <= 0) this.searchNearest(mid + 1, hi, 1 - axis, e, n, best, farE, farN);
      else this.searchNearest(lo, mid - 1, 1 - axis, e, n, best, farE, farN);
    }
  }

  /** Median split on alternating axes; afterwards order[lo..mid-1] <= order[mid] <= order[mid+1..hi]. */
  private build(lo: number, hi: number, axis: number): void {
    if (hi - lo <= LEAF_SIZE) return;
    const mid = (lo + hi) >> 1;
    this.select(lo, hi, mid, axis);
    this.build(lo, mid - 1, 1 - axis);
    this.build(mid + 1, hi, 1 - axis);
  }

  /** Hoare's quickselect: puts the k-th smallest (on axis) at position k. */
  private select(lo: number, hi: number, k: number, axis: number): void {
    while (hi > lo) {
      const pivot = this.coordinate((lo + hi) >> 1, axis);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (this.coordinate(i, axis) < pivot) i++;
        while (this.coordinate(j, axis) > pivot) j--;
        if (i <= j) {
          this.swap(i, j);
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return;
    }
  }

  private swap(a: number, b: number) {
    const t = this.order[a] as number;
    this.order[a] = this.order[b] as number;
    this.order[b] = t;
  }
}
