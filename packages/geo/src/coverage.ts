/**
 * Coverage with completeness per category × local authority (LAD), the rule the API and
 * the tests share (README, "Provision", coverage):
 *
 * - A category's own coverage in a LAD comes from the sources that speak for it there (a
 *   source covering England or that LAD, claiming the category or one of its ancestors):
 *   `complete` when any of them is complete for it, `partial` when they all are partial,
 *   `no_data` when none speaks.
 * - A parent category (or '*', the parent of the top-level categories) is complete in a LAD
 *   only where each of its child categories that holds assets anywhere is complete there
 *   (and its own coverage, if assets sit on the parent itself); otherwise partial if any of
 *   them has coverage, else no_data. A parent's own complete claim covers its children.
 * - A worker's override of a (category, LAD) replaces what is derived for it, and a
 *   parent's derivation reads its children's overridden values.
 */

export type Completeness = 'complete' | 'partial' | 'no_data';

export interface CoverageClaim {
  category: string;
  completeness: 'complete' | 'partial';
  /** Every LAD of England, or these LADs. */
  lads: 'england' | readonly string[];
}

export interface CoverageInput {
  categories: readonly { code: string; parentCode: string | null }[];
  claims: readonly CoverageClaim[];
  /** Categories with at least one (public, live) asset filed directly under them. */
  withAssets: ReadonlySet<string>;
  /** Overrides by `${category}|${lad}`. */
  overrides?: ReadonlyMap<string, Completeness>;
}

const RANK: Record<Completeness, number> = { no_data: 0, partial: 1, complete: 2 };
const better = (a: Completeness, b: Completeness): Completeness => (RANK[a] >= RANK[b] ? a : b);

/** The children's (and own assets') statuses combined by the parent rule. */
export function combineChildren(statuses: readonly Completeness[]): Completeness {
  if (statuses.length === 0) return 'no_data';
  if (statuses.every((s) => s === 'complete')) return 'complete';
  return statuses.some((s) => s !== 'no_data') ? 'partial' : 'no_data';
}

/**
 * A resolver of coverage: `of(category, lad)` for a category code or '*'. Memoised; build
 * one per request from the current sources and overrides.
 */
export class CoverageResolver {
  private readonly parentOf = new Map<string, string | null>();
  private readonly children = new Map<string, string[]>();
  private readonly holds = new Map<string, boolean>();
  private readonly claimsOf = new Map<string, CoverageClaim[]>();
  private readonly memo = new Map<string, Completeness>();

  constructor(private readonly input: CoverageInput) {
    for (const c of input.categories) {
      this.parentOf.set(c.code, c.parentCode);
      const parent = c.parentCode ?? '*';
      const list = this.children.get(parent) ?? [];
      list.push(c.code);
      this.children.set(parent, list);
    }
    for (const claim of input.claims) {
      const list = this.claimsOf.get(claim.category) ?? [];
      list.push(claim);
      this.claimsOf.set(claim.category, list);
    }
  }

  /** Whether the category or any descendant holds an asset. */
  holdsAssets(code: string): boolean {
    let h = this.holds.get(code);
    if (h === undefined) {
      h = (code !== '*' && this.input.withAssets.has(code)) || (this.children.get(code) ?? []).some((k) => this.holdsAssets(k));
      this.holds.set(code, h);
    }
    return h;
  }

  /** Coverage from the sources claiming the category or an ancestor, in this LAD. */
  own(code: string, lad: string): Completeness {
    let best: Completeness = 'no_data';
    for (let c: string | null | undefined = code; c && c !== '*'; c = this.parentOf.get(c)) {
      for (const claim of this.claimsOf.get(c) ?? []) {
        if (claim.lads === 'england' || claim.lads.includes(lad)) best = better(best, claim.completeness);
      }
    }
    return best;
  }

  of(code: string, lad: string): Completeness {
    const key = `${code}|${lad}`;
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo;
    const override = this.input.overrides?.get(key);
    let status: Completeness;
    if (override !== undefined) status = override;
    else {
      const own = code === '*' ? 'no_data' : this.own(code, lad);
      const kids = (this.children.get(code) ?? []).filter((k) => this.holdsAssets(k));
      if (kids.length === 0) status = own;
      else {
        const parts = kids.map((k) => this.of(k, lad));
        if (code !== '*' && this.input.withAssets.has(code)) parts.push(own);
        status = better(own, combineChildren(parts));
      }
    }
    this.memo.set(key, status);
    return status;
  }
}
