import type { AssetCandidate } from './candidate.js';
import { nameSimilarity } from './names.js';

/** Names at least this similar (pg_trgm similarity) can be the same asset. */
export const SIMILAR_NAME = 0.5;
/** Two exactly placed records this close with similar names are one asset. */
export const SAME_PLACE_METRES = 50;
/** A postcode-centroid pin may be this far from the real site. */
export const SAME_PLACE_POSTCODE_METRES = 250;

export function distanceMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

/**
 * Whether two records from different sources describe the same asset: the same
 * category, similar names, and close enough for how exactly each is placed (50 m, or
 * 250 m or the same postcode when either is only a postcode centroid).
 */
export function isSameAsset(a: AssetCandidate, b: AssetCandidate): boolean {
  if (a.categoryCode !== b.categoryCode) return false;
  if (nameSimilarity(a.name, b.name) < SIMILAR_NAME) return false;
  const d = distanceMetres(a, b);
  if (d <= SAME_PLACE_METRES) return true;
  if (a.precision === 'postcode' || b.precision === 'postcode') {
    return d <= SAME_PLACE_POSTCODE_METRES || (!!a.postcode && a.postcode === b.postcode);
  }
  return false;
}

/**
 * Groups candidates that are the same asset. Records of one source are never merged
 * with each other (a source lists each of its assets once); the first record of a
 * group, in source priority order, leads it. A grid of ~500 m cells keeps this near
 * linear.
 */
export function groupDuplicates(candidates: readonly AssetCandidate[]): AssetCandidate[][] {
  const cell = 0.005;
  const key = (lon: number, lat: number) => `${Math.floor(lon / cell)}:${Math.floor(lat / cell)}`;
  const grid = new Map<string, AssetCandidate[][]>();
  const groups: AssetCandidate[][] = [];
  for (const c of candidates) {
    const cx = Math.floor(c.lon / cell);
    const cy = Math.floor(c.lat / cell);
    let match: AssetCandidate[] | undefined;
    search: for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const group of grid.get(`${cx + dx}:${cy + dy}`) ?? []) {
          if (group.some((g) => g.source === c.source)) continue;
          if (isSameAsset(group[0]!, c)) {
            match = group;
            break search;
          }
        }
      }
    }
    if (match) {
      match.push(c);
      continue;
    }
    const group = [c];
    groups.push(group);
    const k = key(c.lon, c.lat);
    grid.set(k, [...(grid.get(k) ?? []), group]);
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
  };
}
