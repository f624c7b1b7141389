import type { AssetCandidate } from './candidate.js';
import { distinctiveWords, namesMatch, sameName } from './names.js';

/** Two exactly placed records this close with matching names are one asset. */
export const SAME_PLACE_METRES = 50;
/** A postcode-centroid pin may be this far from the real site. */
export const SAME_PLACE_POSTCODE_METRES = 250;
/**
 * With the very same name, a postcode-centroid pin may be this far from the site: a large
 * or mistyped postcode puts the pin a few hundred metres off (the Bolton, Northenden and
 * Miles Platting libraries are 320–420 m from their register pins).
 */
export const SAME_NAME_POSTCODE_METRES = 500;

export function distanceMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/** What the loader knows beyond two records: whether a name is its source's only one of that name. */
export interface MatchContext {
  /** True when no other record of the same source and category has this name (not a chain's name). */
  uniqueName(record: AssetCandidate): boolean;
}

/**
 * Whether two records from different sources describe the same asset: the same category,
 * matching names (see namesMatch), and close enough for how exactly each is placed: 50 m;
 * or, when either is only a postcode centroid, 250 m or the same postcode; or 500 m when
 * both have the very same name and neither name is a chain's (`context`: a "Rowlands
 * Pharmacy" 400 m away is more likely another branch). Without a context, as for one
 * imported file, names are not known to be unique and the 500 m rule does not apply.
 */
export function isSameAsset(a: AssetCandidate, b: AssetCandidate, context?: MatchContext): boolean {
  if (a.categoryCode !== b.categoryCode) return false;
  if (!namesMatch(a.name, b.name, a.categoryCode)) return false;
  const d = distanceMetres(a, b);
  if (d <= SAME_PLACE_METRES) return true;
  if (a.precision !== 'postcode' && b.precision !== 'postcode') return false;
  if (d <= SAME_PLACE_POSTCODE_METRES) return true;
  if (a.postcode && a.postcode === b.postcode) return true;
  return d <= SAME_NAME_POSTCODE_METRES && context !== undefined && sameName(a.name, b.name, a.categoryCode) && context.uniqueName(a) && context.uniqueName(b);
}

/** Grid cells of 0.005° (about 560 m north–south, 330 m east–west in England). */
const CELL = 0.005;
const METRES_PER_DEGREE = 111_320;

/**
 * How well a record fits a group it matches, best first: a record still open before one
 * closed for good (a register lists a library's old, closed site beside its new one),
 * then one at the same postcode, then the nearest.
 */
function fit(c: AssetCandidate, group: readonly AssetCandidate[]): [number, number, number] {
  const lead = group[0]!;
  const closed = (x: AssetCandidate) => (x.lifecycleStatus ?? 'active') === 'defunct';
  return [closed(lead) === closed(c) ? 0 : 1, c.postcode && lead.postcode === c.postcode ? 0 : 1, distanceMetres(lead, c)];
}

const byFit = (x: { fit: [number, number, number] }, y: { fit: [number, number, number] }) => x.fit[0] - y.fit[0] || x.fit[1] - y.fit[1] || x.fit[2] - y.fit[2];

/**
 * Groups candidates that are the same asset. Records of one source are never merged
 * with each other (a source lists each of its assets once); the first record of a
 * group, in source priority order, leads it. Each source's records are matched to the
 * groups of the sources before it all at once, best fits first (see `fit`), so a group
 * takes the record that fits it best rather than the first one read, and each record
 * joins at most one group. Groups are found through a grid wide enough for the longest
 * distance rule and through the lead's postcode (the same-postcode rule has no distance
 * limit), so this stays near linear.
 */
export function groupDuplicates(candidates: readonly AssetCandidate[]): AssetCandidate[][] {
  const nameKey = (c: AssetCandidate) => `${c.source}\u0000${c.categoryCode}\u0000${distinctiveWords(c.name, c.categoryCode).join(' ')}`;
  const nameCounts = new Map<string, number>();
  for (const c of candidates) nameCounts.set(nameKey(c), (nameCounts.get(nameKey(c)) ?? 0) + 1);
  const context: MatchContext = { uniqueName: (c) => nameCounts.get(nameKey(c)) === 1 };

  const cellKey = (x: number, y: number) => `${x}:${y}`;
  const grid = new Map<string, AssetCandidate[][]>();
  const byPostcode = new Map<string, AssetCandidate[][]>();
  const groups: AssetCandidate[][] = [];
  const spanY = Math.ceil(SAME_NAME_POSTCODE_METRES / (CELL * METRES_PER_DEGREE));

  const matchesOf = (c: AssetCandidate): AssetCandidate[][] => {
    const cx = Math.floor(c.lon / CELL);
    const cy = Math.floor(c.lat / CELL);
    const spanX = Math.ceil(SAME_NAME_POSTCODE_METRES / (CELL * METRES_PER_DEGREE * Math.cos((c.lat * Math.PI) / 180)));
    const seen = new Set<AssetCandidate[]>();
    const matches: AssetCandidate[][] = [];
    const consider = (group: AssetCandidate[]) => {
      if (seen.has(group)) return;
      seen.add(group);
      if (!group.some((g) => g.source === c.source) && isSameAsset(group[0]!, c, context)) matches.push(group);
    };
    for (let dx = -spanX; dx <= spanX; dx++) {
      for (let dy = -spanY; dy <= spanY; dy++) {
        for (const group of grid.get(cellKey(cx + dx, cy + dy)) ?? []) consider(group);
      }
    }
    if (c.postcode) for (const group of byPostcode.get(c.postcode) ?? []) consider(group);
    return matches;
  };

  const add = (c: AssetCandidate) => {
    const group = [c];
    groups.push(group);
    const k = cellKey(Math.floor(c.lon / CELL), Math.floor(c.lat / CELL));
    grid.set(k, [...(grid.get(k) ?? []), group]);
    if (c.postcode) byPostcode.set(c.postcode, [...(byPostcode.get(c.postcode) ?? []), group]);
  };

  // Sources in priority order, each as one batch.
  const batches = new Map<string, AssetCandidate[]>();
  for (const c of candidates) batches.set(c.source, [...(batches.get(c.source) ?? []), c]);
  for (const batch of batches.values()) {
    const pairs = batch.flatMap((c) => matchesOf(c).map((group) => ({ c, group, fit: fit(c, group) }))).sort(byFit);
    const placed = new Set<AssetCandidate>();
    const taken = new Set<AssetCandidate[]>();
    for (const { c, group } of pairs) {
      if (placed.has(c) || taken.has(group)) continue;
      group.push(c);
      placed.add(c);
      taken.add(group);
    }
    for (const c of batch) if (!placed.has(c)) add(c);
  }
  return groups;
}

/**
 * One asset from a group: the most exact location, and each field from the first
 * source (in priority order) that has it.
 */
export function mergeGroup(group: readonly AssetCandidate[]): AssetCandidate {
  const rank = { exact: 0, approximate: 1, postcode: 2 } as const;
  const placed = [...group].sort((a, b) => rank[a.precision] - rank[b.precision])[0]!;
  const first = <K extends keyof AssetCandidate>(k: K): AssetCandidate[K] | undefined =>
    group.find((g) => g[k] !== null && g[k] !== undefined && g[k] !== '')?.[k];
  const lead = group[0]!;
  return {
    ...lead,
    lon: placed.lon,
    lat: placed.lat,
    precision: placed.precision,
    description: first('description') ?? null,
    organisation: first('organisation') ?? null,
    tags: [...new Set(group.flatMap((g) => g.tags ?? []))],
    address: first('address') ?? null,
    postcode: first('postcode') ?? null,
    phone: first('phone') ?? null,
    email: first('email') ?? null,
    website: first('website') ?? null,
    openingHours: first('openingHours') ?? null,
    openingHoursNote: first('openingHoursNote') ?? null,
    wheelchair: first('wheelchair') ?? null,
    lifecycleStatus: lead.lifecycleStatus ?? 'active',
    capacity: first('capacity') ?? null,
    nationalId: first('nationalId') ?? null,
  };
}
