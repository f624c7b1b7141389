import {
  classThresholds,
  distanceWords,
  equityGradient,
  isCensored,
  isThin,
  thinSentence,
  worstWords,
  type ClassThreshold as RuleThreshold,
  type CoverageResolver,
} from '@common-ground/geo';
import {
  ALL_CATEGORIES,
  deprivationClass,
  GAP_DEFAULTS,
  parseNeedDomain,
  provisionClass,
  sortGapRows,
  WORSE_HALF_FRACTION,
  type ClassThreshold,
  type Coverage,
  type EquityQuery,
  type EquityResult,
  type GapLayerEntry,
  type GapMeasure,
  type GapRow,
  type FiguresFreshness,
  type GapSettings,
  type GapsLayer,
  type GapsLayerQuery,
  type GapsQuery,
  type GapsResult,
  type User,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError } from '../../errors.js';
import { coverageResolver } from '../coverage/coverage.service.js';
import { gapDataVersion } from './gap-cache.repository.js';
import { CUSTOM_PREFIX, customAreaScope } from '../custom-areas/custom-area-access.js';
import { toCsv, type CsvValue } from '../../http/csv.js';
import { resolveArea } from '../places/places.service.js';
import type { ProvisionFigures } from '../provision/provision-compute.repository.js';
import { DEFAULT_SETTINGS, figuresOfCategory } from '../provision/provision.service.js';
import {
  assetsByAuthority,
  capacityOf,
  categoryExists,
  categoryName,
  extentOf,
  lsoasOf,
  authorityExtents,
  distancesToAuthorities,
  residencePointsOf,
  ruralUrbanClasses,
  type AreaScope,
  type Extent,
  type GapArea,
} from './gaps.repository.js';

/** What the ranking needs of one LSOA: its need, coverage and figures (undefined when no data). */
export interface GapInput {
  area: GapArea;
  coverage: Coverage;
  figures: ProvisionFigures | undefined;
  /**
   * Metres from the residence point to the edge of the category's covered territory (README,
   * "Gaps", edges), where that edge is within the farthest any figure reaches; null otherwise.
   */
  edge: number | null;
}

/** Whether the LSOA's figure on `measure` is censored by the edge of the covered territory (packages/geo gap-rule.ts). */
export function censoredInput(input: GapInput, measure: GapMeasure): boolean {
  return !!input.figures && isCensored(input.edge, measure, input.figures.nearestM, DEFAULT_SETTINGS.catchment);
}

export interface GapRules {
  measure: GapMeasure;
  deprivedDeciles: number;
  worstFraction: number;
  /** Opt-in; null: off. */
  noneWithin: number | null;
}

const BAND_OF: Record<Exclude<GapMeasure, 'nearest' | 'e2sfca'>, number> = { count_400: 0, count_800: 1, count_1600: 2 };

/** The chosen measure's value (null for nearest: no asset anywhere). */
export function measureValue(f: ProvisionFigures, measure: GapMeasure): number | null {
  if (measure === 'nearest') return f.nearestM;
  if (measure === 'e2sfca') return f.e2sfca;
  return f.counts[BAND_OF[measure]]!;
}

/** The national distribution a ranking is cut against: thresholds per rural-urban class. */
export interface NationalCuts {
  thin: Map<string, RuleThreshold>;
  /** The gap map's "worse half", cut the same way per class. */
  half: Map<string, RuleThreshold>;
  ranked: number;
  /** No asset of the category lies where its coverage is complete: nothing can be called thin. */
  noAssetAnywhere: boolean;
}

/**
 * The national cuts: every LSOA of England whose coverage of the category is complete, which
 * has figures and a rural-urban class, and whose figure is not censored by the edge of the
 * covered territory, ranked within its class (packages/geo gap-rule.ts).
 */
export function nationalCuts(national: readonly GapInput[], rules: GapRules, assetsInCompleteTerritory: number): NationalCuts {
  const items = national
    .filter((i) => i.coverage === 'complete' && i.figures && i.area.ruc && !censoredInput(i, rules.measure))
    .map((i) => ({ ruc: i.area.ruc!, value: measureValue(i.figures!, rules.measure), nearest: i.figures!.nearestM }));
  return {
    thin: classThresholds(items, rules.measure, rules.worstFraction),
    half: classThresholds(items, rules.measure, WORSE_HALF_FRACTION),
    ranked: items.length,
    noAssetAnywhere: assetsInCompleteTerritory === 0,
  };
}

export interface Ranking {
  capacity: GapsResult['capacity'];
  thresholds: ClassThreshold[];
  ranked: number;
  worstFifthCount: number;
  noAssetAnywhere: boolean;
  rows: GapRow[];
}

export interface RankContext {
  /** "IMD", or the measure's name, for the sentences. */
  needLabel: string;
  /** The category in words, singular: "GP practice". */
  what: string;
  classNames: Map<string, string>;
}

/**
 * Flags thin provision in deprived LSOAs of the area and ranks them (the rule: methodText).
 * Only LSOAs with complete coverage can be thin or flagged; partial ones show their figures
 * as known assets only; no-data ones show none. Cuts are national, per rural-urban class.
 */
export function rankGaps(inputs: readonly GapInput[], cuts: NationalCuts, rules: GapRules, context: RankContext): Omit<Ranking, 'capacity'> {
  const bads: number[] = [];
  const rows = inputs.map((input): GapRow => {
    const { area, coverage, figures: f } = input;
    const deprived = area.decile !== null && area.decile <= rules.deprivedDeciles;
    const base = {
      code: area.code,
      name: area.name,
      population: area.population,
      decile: area.decile,
      rank: area.rank,
      deprived,
      coverage,
      ruc: area.ruc,
      depClass: deprivationClass(area.decile, rules.deprivedDeciles),
    };
    if (coverage === 'no_data' || !f) {
      bads.push(Number.NEGATIVE_INFINITY);
      return {
        ...base,
        coverage: 'no_data',
        nearestMetres: null,
        count400: null,
        count800: null,
        count1600: null,
        per1000_400: null,
        per1000_800: null,
        per1000_1600: null,
        e2sfca: null,
        value: null,
        edgeMetres: null,
        censored: false,
        worstFifth: false,
        nothingWithin: false,
        flag: false,
        provClass: 0,
        reason: 'No data: no source covers this category in this local authority, so an empty map here says nothing; not ranked or flagged.',
      };
    }
    const value = measureValue(f, rules.measure);
    const figures = {
      nearestMetres: f.nearestM,
      count400: f.counts[0]!,
      count800: f.counts[1]!,
      count1600: f.counts[2]!,
      per1000_400: f.per1000[0] ?? null,
      per1000_800: f.per1000[1] ?? null,
      per1000_1600: f.per1000[2] ?? null,
      e2sfca: f.e2sfca,
      value,
      edgeMetres: coverage === 'complete' ? input.edge : null,
      censored: false,
    };
    const need = area.decile === null ? 'no decile' : `${context.needLabel} decile ${area.decile}`;
    if (coverage === 'partial') {
      bads.push(Number.NEGATIVE_INFINITY);
      return {
        ...base,
        ...figures,
        worstFifth: false,
        nothingWithin: false,
        flag: false,
        provClass: 0,
        reason:
          'Known assets only: the sources for this category here are partial (no complete register), so an absence proves nothing; never ranked or flagged.',
      };
    }
    if (censoredInput(input, rules.measure)) {
      bads.push(Number.NEGATIVE_INFINITY);
      return {
        ...base,
        ...figures,
        censored: true,
        worstFifth: false,
        nothingWithin: false,
        flag: false,
        provClass: 0,
        reason: censoredReason(rules.measure, f.nearestM, input.edge!, context.what),
      };
    }
    const cut = area.ruc ? cuts.thin.get(area.ruc) : undefined;
    const half = area.ruc ? cuts.half.get(area.ruc) : undefined;
    const thin = !cuts.noAssetAnywhere && cut !== undefined && isThin(cut, value, f.nearestM, rules.measure);
    const worseHalf = !cuts.noAssetAnywhere && half !== undefined && isThin(half, value, f.nearestM, rules.measure);
    const nothingWithin = rules.noneWithin !== null && !cuts.noAssetAnywhere && (f.nearestM === null || f.nearestM > rules.noneWithin);
    const flag = deprived && (thin || nothingWithin);
    bads.push(rules.measure === 'nearest' ? (value ?? Number.POSITIVE_INFINITY) : -(value ?? 0));
    const className = area.ruc ? (context.classNames.get(area.ruc) ?? area.ruc) : 'unclassified';
    let reason: string;
    if (cuts.noAssetAnywhere) reason = 'Not flagged: no asset of this category lies where its coverage is complete, so nothing can be called thin.';
    else if (!cut) reason = 'Not ranked: this LSOA has no rural-urban class to be compared within.';
    else if (flag && thin) {
      reason = thinSentence({
        need,
        what: context.what,
        measure: rules.measure,
        value,
        nearest: f.nearestM,
        threshold: cut,
        className,
        fraction: rules.worstFraction,
      });
    } else if (flag) {
      reason = `${need}; ${f.nearestM === null ? `no ${context.what} anywhere` : `nearest ${context.what} ${distanceWords(f.nearestM)}`}, nothing within ${rules.noneWithin} m (none_within).`;
    } else if (deprived) reason = `Not flagged: deprived (${need}) but not in the ${worstWords(rules.worstFraction)} of its rural-urban class in England.`;
    else if (thin || nothingWithin) reason = `Not flagged: provision is thin here but the LSOA is not among the most deprived (${need}).`;
    else reason = `Not flagged: not among the most deprived (${need}) and provision is not thin.`;
    return {
      ...base,
      ...figures,
      worstFifth: thin,
      nothingWithin,
      flag,
      reason,
      provClass: provisionClass({ covered: true, thin: thin || nothingWithin, worseHalf }),
    };
  });
  const order = rows.map((_, i) => i);
  order.sort((i, j) => {
    const a = rows[i]!;
    const b = rows[j]!;
    return (
      Number(b.flag) - Number(a.flag) ||
      (a.decile ?? 11) - (b.decile ?? 11) ||
      (bads[j] === bads[i] ? 0 : bads[j]! > bads[i]! ? 1 : -1) ||
      // GSS codes are ASCII: code-point order is their order, without localeCompare's cost (33,755 rows for England).
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
    );
  });
  return {
    thresholds: [...cuts.thin.values()].map((t) => ({ ...t, name: context.classNames.get(t.ruc) ?? t.ruc })),
    ranked: cuts.ranked,
    noAssetAnywhere: cuts.noAssetAnywhere,
    worstFifthCount: rows.filter((r) => r.worstFifth).length,
    rows: order.map((i) => rows[i]!),
  };
}

/** Why a censored row is not ranked, in words. */
function censoredReason(measure: GapMeasure, nearest: number | null, edge: number, what: string): string {
  const edgeText = `the edge of the area where this category's coverage is complete is ${distanceWords(edge)} away`;
  const known = nearest === null ? `no known ${what} anywhere` : `the nearest known ${what} is ${distanceWords(nearest)} away`;
  if (measure === 'nearest' || nearest === null || edge < nearest) {
    return `Beyond the covered area: ${known} but ${edgeText}, so an unrecorded one just over it could be nearer (at least ${distanceWords(edge)}); not ranked or flagged.`;
  }
  const reach =
    measure === 'e2sfca'
      ? `the ${distanceWords(DEFAULT_SETTINGS.catchment)} E2SFCA catchment`
      : `the ${DEFAULT_SETTINGS.bands[BAND_OF[measure]]!.toLocaleString('en-GB')} m band`;
  return `Beyond the covered area: ${reach} reaches past the edge of the area where this category's coverage is complete (${distanceWords(edge)} away), so assets over it are not known; not ranked or flagged.`;
}

const MEASURE_WORDS: Record<GapMeasure, string> = {
  nearest: 'distance to the nearest asset (farther is worse; no asset anywhere is worst of all)',
  count_400: 'assets within 400 m (fewer is worse)',
  count_800: 'assets within 800 m (fewer is worse)',
  count_1600: 'assets within 1,600 m (fewer is worse)',
  e2sfca: 'E2SFCA accessibility score (lower is worse)',
};

export function methodText(rules: GapRules, domainLabel: string, areaName: string, customNeed = false): string {
  const worst = worstWords(rules.worstFraction);
  // A loaded measure's deciles are among the LSOAs its file covers (README, "Need measures").
  const among = customNeed ? 'of the LSOAs this measure covers; LSOAs it does not cover have no decile and are never flagged' : 'of England';
  return [
    `An LSOA of ${areaName} is flagged when its coverage of the category is complete, it is deprived — ${domainLabel} decile 1 to ${rules.deprivedDeciles} (the most deprived ${rules.deprivedDeciles * 10}% ${among}) — ` +
      `and its provision is thin: in the ${worst} of England's LSOAs of the same rural-urban class (ONS RUC 2021, six classes) on ${MEASURE_WORDS[rules.measure]}` +
      (rules.noneWithin === null ? '.' : `, or nothing within ${rules.noneWithin} m (none_within, opt-in).`),
    `The cuts are national (\`thresholds\`, one per class): every LSOA of England with complete coverage is ranked worst first within its class, and the cut is the value at position ⌈${rules.worstFraction} × n⌉ computed exactly; ` +
      'ties at the cut are in. When the cut of a count or score is 0 (the floor), thin means 0 AND a nearest distance in the same worst share of the class on nearest distance (`nearestCut`). ' +
      'A ward or custom area never re-ranks: an LSOA is thin or not whatever area it is looked at in.',
    "Coverage per local authority: 'complete' where a complete register speaks for the category (a parent only where every child holding assets is complete); " +
      "'partial' LSOAs show figures of known assets only and are never flagged; 'no_data' LSOAs have no figures. If no asset of the category lies where its coverage is complete, nothing is flagged. " +
      'Edges: where the edge of the territory with complete coverage (land shared with LSOAs whose coverage is not complete; not the coast) is nearer than a figure reaches (the nearest asset; a band or the catchment, and at least the nearest asset), the figure is censored: shown as a bound ("beyond the covered area, at least …"), not ranked, not in the national cuts, not flagged.',
    "Order: flagged first, then most deprived decile first, then worst provision first. Figures use the default settings (bands 400, 800, 1,600 m; E2SFCA catchment 1,600 m, Gaussian decay), from each LSOA's residence point (ONS population-weighted centroid).",
  ].join(' ');
}

/** A category name as one of it, for sentences: "GP practices" → "GP practice", "Libraries" → "library". */
export function singular(name: string): string {
  if (name === 'asset') return 'asset';
  if (/ and |,/.test(name)) return `asset (${name})`;
  const word = name.replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
  return /^[A-Z][A-Z]/.test(word) ? word : word.charAt(0).toLowerCase() + word.slice(1);
}

export interface Gaps {
  result: GapsResult;
  /** Short names for the CSV file. */
  categorySlug: string;
  areaSlug: string;
}

interface RankedArea {
  scope: AreaScope;
  settings: GapSettings;
  method: string;
  ranking: Ranking;
  categorySlug: string;
  areaSlug: string;
}

/** The query fields every gap answer shares. */
type GapScopeQuery = Pick<GapsLayerQuery, 'category' | 'area' | 'share'>;

/**
 * Checks a gap query before anything costly: the category exists, and the area exists and
 * the asker may read it (400/404 otherwise). Returns the area, or null for all of England.
 */
export async function resolveGapQuery(db: Queryable, query: GapScopeQuery, user: User | null): Promise<ScopedArea | null> {
  const category = query.category;
  if (category !== ALL_CATEGORIES && !(await categoryExists(db, category))) {
    throw BadRequestError.forParam('querystring.category', `no category ${category}`);
  }
  return query.area ? areaOf(db, query.area, query.share, user) : null;
}

/** Everything a ranking or an equity answer reads: England's LSOAs with coverage and figures, and the area's. */
interface GapData {
  scope: AreaScope;
  national: GapInput[];
  inArea: GapInput[];
  assetsInCompleteTerritory: number;
}

/**
 * Reads England's LSOAs with the category's coverage (packages/geo coverage.ts) and figures
 * (stored ones as they are; any missing computed now in memory, as the full recompute
 * computes them), and picks out the area's.
 */
async function gapData(db: Queryable, category: string, domain: GapsLayerQuery['domain'], named: ScopedArea | null): Promise<GapData> {
  const scope: AreaScope = named ? named.scope : { kind: 'england' };
  const england = await lsoasOf(db, { kind: 'england' }, domain);
  const coverage: CoverageResolver = await coverageResolver(db);
  const statusOf = new Map<string, Coverage>();
  for (const a of england) if (!statusOf.has(a.ladCode)) statusOf.set(a.ladCode, coverage.of(category, a.ladCode));
  const needed = england.filter((a) => statusOf.get(a.ladCode) !== 'no_data').map((a) => a.code);
  // One read of the data version keys both caches, so figures and edges are of one version.
  const version = (await gapDataVersion(db)).version;
  const figures = await nationalFigures(db, version, category, needed);
  const edges = await nationalEdges(db, version, category, england, statusOf, figures);
  const national = england.map((area) => ({
    area,
    coverage: statusOf.get(area.ladCode)!,
    figures: figures.get(area.code),
    edge: edges.get(area.code) ?? null,
  }));
  let inArea = national;
  if (named) {
    const codes = new Set((await lsoasOf(db, scope, domain)).map((a) => a.code));
    inArea = national.filter((i) => codes.has(i.area.code));
  }
  let assetsInCompleteTerritory = 0;
  for (const [lad, n] of await assetsByAuthority(db, category)) if (statusOf.get(lad) === 'complete') assetsInCompleteTerritory += n;
  return { scope, national, inArea, assetsInCompleteTerritory };
}

/**
 * England's figures of a category, kept in this process per data version (the version moves
 * with any asset change, figure, residence point or category: gap-cache.repository.ts), so
 * the list, the map and the equity gradient of one view share one read, and one in-memory
 * computation of any figures not stored. A few versions × categories at most.
 */
const NATIONAL_KEEP = 8;
const national = new Map<string, Promise<Map<string, ProvisionFigures>>>();
async function nationalFigures(db: Queryable, version: string, category: string, codes: readonly string[]): Promise<Map<string, ProvisionFigures>> {
  const key = `${version}|${category}|${codes.length}`;
  let found = national.get(key);
  if (!found) {
    found = figuresOfCategory(db, category, codes);
    national.set(key, found);
    found.catch(() => national.delete(key));
    while (national.size > NATIONAL_KEEP) national.delete(national.keys().next().value!);
  }
  return found;
}

/**
 * The edge of the category's covered territory (the LSOAs of local authorities where its
 * coverage is complete) from the residence point of each LSOA in it, where the edge is
 * nearer than the farthest any of its figures reaches (packages/geo `figureReach`: the
 * nearest asset, the widest band, the catchment). The edge's distance is the distance to
 * the nearest LSOA of an authority outside the territory. Each outside authority's extent is
 * a lower bound on that, so only the pairs (LSOA, outside authority) whose extent is nearer
 * than the LSOA's reach are measured, each by one KNN among that authority's LSOAs: a
 * category complete in all but one authority measures the LSOAs near it, not all of England
 * against it. None when the territory is all of England. Kept per data version (coverage
 * overrides move it), like the figures.
 */
const edgesKept = new Map<string, Promise<Map<string, number>>>();
async function nationalEdges(
  db: Queryable,
  version: string,
  category: string,
  england: readonly GapArea[],
  statusOf: ReadonlyMap<string, Coverage>,
  figures: ReadonlyMap<string, ProvisionFigures>,
): Promise<Map<string, number>> {
  const outside = [...statusOf]
    .filter(([, status]) => status !== 'complete')
    .map(([lad]) => lad)
    .sort();
  if (outside.length === 0) return new Map();
  const key = `${version}|${category}|${outside.join(',')}`;
  let found = edgesKept.get(key);
  if (!found) {
    found = measureEdges(db, england, statusOf, figures, outside);
    edgesKept.set(key, found);
    found.catch(() => edgesKept.delete(key));
    while (edgesKept.size > NATIONAL_KEEP) edgesKept.delete(edgesKept.keys().next().value!);
  }
  return found;
}

/** Distance from a point to a box (0 inside it): never more than to anything in the box. */
function boxDistance(e: number, n: number, box: Extent): number {
  const dx = Math.max(box.xmin - e, 0, e - box.xmax);
  const dy = Math.max(box.ymin - n, 0, n - box.ymax);
  return Math.sqrt(dx * dx + dy * dy);
}

async function measureEdges(
  db: Queryable,
  england: readonly GapArea[],
  statusOf: ReadonlyMap<string, Coverage>,
  figures: ReadonlyMap<string, ProvisionFigures>,
  outside: readonly string[],
): Promise<Map<string, number>> {
  const widest = Math.max(DEFAULT_SETTINGS.catchment, ...DEFAULT_SETTINGS.bands);
  const inside = england.filter((a) => statusOf.get(a.ladCode) === 'complete' && figures.has(a.code)).map((a) => a.code);
  const bound = (code: string) => Math.max(widest, figures.get(code)!.nearestM ?? Number.POSITIVE_INFINITY);
  const [extents, points] = [await authorityExtents(db, outside), await residencePointsOf(db, inside)];
  const pairs: { code: string; lad: string }[] = [];
  for (const [code, p] of points) {
    const reach = bound(code);
    for (const box of extents) if (boxDistance(p.e, p.n, box) < reach) pairs.push({ code, lad: box.lad });
  }
  const edges = await distancesToAuthorities(db, pairs);
  for (const [code, edge] of edges) if (!(edge < bound(code))) edges.delete(code);
  return edges;
}

function needLabelOf(domain: string, domainLabel: string): string {
  return domain === 'imd' ? 'IMD' : domainLabel;
}

/**
 * Ranks the LSOAs of the query's area (`named`, from resolveGapQuery) against England's
 * cuts per rural-urban class.
 */
async function rankArea(db: Queryable, query: GapsLayerQuery, named: ScopedArea | null, domainLabel: string): Promise<RankedArea> {
  const category = query.category;
  const data = await gapData(db, category, query.domain, named);
  const rules: GapRules = {
    measure: query.measure,
    deprivedDeciles: query.deprived_deciles,
    worstFraction: query.worst_fraction,
    noneWithin: query.none_within ?? null,
  };
  const cuts = nationalCuts(data.national, rules, data.assetsInCompleteTerritory);
  const ranking = {
    ...rankGaps(data.inArea, cuts, rules, {
      needLabel: needLabelOf(query.domain, domainLabel),
      what: singular(await categoryName(db, category)),
      classNames: await ruralUrbanClasses(db),
    }),
    capacity: await capacityOf(db, category),
  };
  const areaName = named ? named.name : 'England';
  return {
    scope: data.scope,
    categorySlug: category === ALL_CATEGORIES ? 'all' : category,
    areaSlug: named ? named.code.replace(CUSTOM_PREFIX, 'custom-') : 'england',
    settings: {
      category,
      domain: query.domain,
      domainLabel,
      area: named ? { kind: named.kind, code: named.code, name: areaName } : { kind: 'england', code: null, name: areaName },
      measure: rules.measure,
      deprivedDeciles: rules.deprivedDeciles,
      worstFraction: rules.worstFraction,
      noneWithin: rules.noneWithin,
      bands: [...DEFAULT_SETTINGS.bands],
      catchment: DEFAULT_SETTINGS.catchment,
    },
    method: methodText(rules, domainLabel, areaName, parseNeedDomain(query.domain).kind === 'custom'),
    ranking,
  };
}

function summary(ranking: Ranking) {
  const coverageCounts = { complete: 0, partial: 0, no_data: 0 };
  for (const r of ranking.rows) coverageCounts[r.coverage]++;
  return {
    thresholds: ranking.thresholds,
    ranked: ranking.ranked,
    worstFifthCount: ranking.worstFifthCount,
    noAssetAnywhere: ranking.noAssetAnywhere,
    censoredCount: ranking.rows.filter((r) => r.censored).length,
    coverageCounts,
    capacity: ranking.capacity,
  };
}

/**
 * The ranked priority list, in the asked order, one page of it. `freshness`: how current
 * the stored figures are, read by the caller before this (so the figures are at least as
 * current as it says).
 */
export async function gaps(db: Queryable, query: GapsQuery, named: ScopedArea | null, domainLabel: string, freshness: FiguresFreshness): Promise<Gaps> {
  const { settings, method, ranking, categorySlug, areaSlug } = await rankArea(db, query, named, domainLabel);
  const limit = query.limit ?? (query.format === 'csv' ? ranking.rows.length : GAP_DEFAULTS.limit);
  const rows = sortGapRows(ranking.rows, query.sort, query.order);
  return {
    categorySlug,
    areaSlug,
    result: {
      ...freshness,
      settings,
      method,
      ...summary(ranking),
      total: ranking.rows.length,
      flagged: ranking.rows.filter((r) => r.flag).length,
      limit,
      offset: query.offset,
      rows: rows.slice(query.offset, query.offset + limit),
    },
  };
}

export interface ScopedArea {
  kind: GapsResult['settings']['area']['kind'];
  code: string;
  name: string;
  scope: AreaScope;
}

/** `area=`: a named LSOA, ward or local authority, or a saved custom area the asker may read. */
async function areaOf(db: Queryable, area: string, share: string | undefined, user: User | null): Promise<ScopedArea> {
  if (area.startsWith(CUSTOM_PREFIX)) {
    const custom = await customAreaScope(db, user, area, share, 'querystring.area');
    return { kind: 'custom', code: `${CUSTOM_PREFIX}${custom.id}`, name: custom.name, scope: { kind: 'custom', codes: custom.lsoaCodes } };
  }
  const named = await resolveArea(db, area, 'querystring.area');
  return { kind: named.kind, code: named.code, name: named.name, scope: { kind: named.kind, code: named.code } };
}

/** Every LSOA's gap-map classes and flag, for the map to join onto the `areas` tiles. */
export async function gapsLayer(
  db: Queryable,
  query: GapsLayerQuery,
  named: ScopedArea | null,
  domainLabel: string,
  freshness: FiguresFreshness,
): Promise<GapsLayer> {
  const { settings, ranking, scope } = await rankArea(db, query, named, domainLabel);
  const classes: Record<string, GapLayerEntry> = {};
  const coverage: Record<string, Coverage> = {};
  // Sorted by code, so the same figures always give the same bytes (and ETag).
  for (const row of [...ranking.rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    classes[row.code] = [row.depClass, row.provClass, row.flag ? 1 : 0];
    coverage[row.code] = row.coverage;
  }
  return {
    ...freshness,
    settings,
    bbox: await extentOf(db, scope),
    ...summary(ranking),
    flagged: ranking.rows.filter((r) => r.flag).length,
    total: ranking.rows.length,
    classes,
    coverage,
  };
}

const CSV_COLUMNS = [
  'code',
  'name',
  'population',
  'decile',
  'rank',
  'deprived',
  'coverage',
  'ruc',
  'nearestMetres',
  'count400',
  'count800',
  'count1600',
  'per1000_400',
  'per1000_800',
  'per1000_1600',
  'e2sfca',
  'value',
  'edgeMetres',
  'censored',
  'worstFifth',
  'nothingWithin',
  'flag',
  'reason',
] as const satisfies readonly (keyof GapRow)[];

/**
 * A figure rounded for a spreadsheet: the CSVs carried 15-digit decimals ("117.73971515650119"
 * metres; issue 17) that claim a precision the data does not have.
 * @example roundFigure(117.73971515650119, 0) // 118
 */
export function roundFigure(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const k = 10 ** decimals;
  return Math.round(value * k) / k;
}

/**
 * Decimals kept per CSV column: whole metres; rates per 1,000 and scores to 4 places (a rate
 * over a catchment of tens of thousands of people is often under 0.1: 2 places lost it).
 */
const CSV_DECIMALS: Partial<Record<(typeof CSV_COLUMNS)[number], number>> = {
  nearestMetres: 0,
  edgeMetres: 0,
  per1000_400: 4,
  per1000_800: 4,
  per1000_1600: 4,
  e2sfca: 4,
  value: 4,
};

/** The rows as CSV (the app's one CSV writer): a header row (with `position`, 1 = top priority) and one row per LSOA. */
export function gapsCsv(result: GapsResult): string {
  return toCsv(
    ['position', ...CSV_COLUMNS],
    result.rows.map((row, i) => {
      const rounded: Record<string, number | null> = {};
      for (const [column, decimals] of Object.entries(CSV_DECIMALS)) rounded[column] = roundFigure(row[column as keyof GapRow] as number | null, decimals);
      return { position: result.offset + i + 1, ...row, ...rounded };
    }),
  );
}

const EQUITY_METHOD =
  'Per decile of the deprivation measure, over the LSOAs of the area whose coverage of the category is complete and whose figure is not censored by the edge of the covered territory: LSOAs, residents, the median and interquartile range ' +
  'of the access measure over LSOAs (unweighted; nearest-rank quantiles, the q-th of n sorted values being value ⌈q·n⌉), and the share of residents whose nearest asset ' +
  "is beyond 800 m and beyond 1,600 m. LSOAs with no asset at all count as beyond both and are left out of the medians (noValue). The concentration index is Wagstaff's, " +
  'population-weighted, with LSOAs ranked by the deprivation rank, most deprived first: CI = 2 Σ wᵢ (hᵢ − μ)(Rᵢ − ½) / μ; positive means the measure is higher among the less deprived. ' +
  '|CI| < 0.05 is called no clear gradient.';

/** The equity gradient of the category in the area (packages/geo equity.ts). */
export async function equity(
  db: Queryable,
  query: EquityQuery,
  named: ScopedArea | null,
  domainLabel: string,
  freshness: FiguresFreshness,
): Promise<{ result: EquityResult; categorySlug: string; areaSlug: string }> {
  const data = await gapData(db, query.category, query.domain, named);
  const complete = data.inArea.filter((i) => i.coverage === 'complete' && i.figures);
  const used = complete.filter((i) => !censoredInput(i, query.measure));
  const items = used.map((i) => ({
    decile: i.area.decile,
    rank: i.area.rank,
    population: i.area.population ?? 0,
    value: measureValue(i.figures!, query.measure),
    nearest: i.figures!.nearestM,
  }));
  const gradient = equityGradient(items, query.measure);
  const areaName = named ? named.name : 'England';
  return {
    categorySlug: query.category === ALL_CATEGORIES ? 'all' : query.category,
    areaSlug: named ? named.code.replace(CUSTOM_PREFIX, 'custom-') : 'england',
    result: {
      ...freshness,
      settings: {
        category: query.category,
        domain: query.domain,
        domainLabel,
        area: named ? { kind: named.kind, code: named.code, name: areaName } : { kind: 'england', code: null, name: areaName },
        measure: query.measure,
      },
      lsoas: used.length,
      leftOutForCoverage: data.inArea.length - complete.length,
      leftOutAsCensored: complete.length - used.length,
      noAsset: items.filter((i) => i.nearest === null).length,
      deciles: gradient.deciles,
      concentrationIndex: gradient.concentrationIndex,
      direction: gradient.direction,
      sentence: gradient.sentence,
      method: EQUITY_METHOD,
    },
  };
}

const EQUITY_COLUMNS = ['decile', 'lsoas', 'residents', 'noValue', 'median', 'q1', 'q3', 'beyond800', 'beyond1600'] as const;

/** The equity gradient as CSV: one row per decile, then the index and its sentence as rows of their own. */
export function equityCsv(result: EquityResult): string {
  const rows: Record<(typeof EQUITY_COLUMNS)[number], CsvValue>[] = result.deciles.map((d) => ({
    ...d,
    median: roundFigure(d.median, 4),
    q1: roundFigure(d.q1, 4),
    q3: roundFigure(d.q3, 4),
    beyond800: roundFigure(d.beyond800, 4),
    beyond1600: roundFigure(d.beyond1600, 4),
  }));
  rows.push({
    decile: 'concentration_index',
    lsoas: roundFigure(result.concentrationIndex, 4),
    residents: result.sentence,
    noValue: null,
    median: null,
    q1: null,
    q3: null,
    beyond800: null,
    beyond1600: null,
  });
  return toCsv(EQUITY_COLUMNS, rows);
}
