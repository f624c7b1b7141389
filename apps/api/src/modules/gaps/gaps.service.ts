import {
  ALL_CATEGORIES,
  cutPosition,
  deprivationClass,
  GAP_DEFAULTS,
  parseNeedDomain,
  provisionClass,
  sortGapRows,
  WORSE_HALF_FRACTION,
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
import { BadRequestError, ConflictError } from '../../errors.js';
import { CUSTOM_PREFIX, customAreaScope } from '../custom-areas/custom-area-access.js';
import { resolveArea } from '../places/places.service.js';
import { computeProvision, type ProvisionFigures } from '../provision/provision.repository.js';
import { DEFAULT_SETTINGS } from '../provision/provision.service.js';
import { categoryExists, coveredAuthorities, extentOf, lsoasOf, storedFiguresOf, type AreaScope, type GapArea } from './gaps.repository.js';

/** What the ranking needs of one LSOA: its need, coverage and figures (undefined when no data). */
export interface GapInput {
  area: GapArea;
  figures: ProvisionFigures | undefined;
}

export interface GapRules {
  measure: GapMeasure;
  deprivedDeciles: number;
  worstFraction: number;
  noneWithin: number;
}

const BAND_OF: Record<Exclude<GapMeasure, 'nearest' | 'e2sfca'>, number> = { count_400: 0, count_800: 1, count_1600: 2 };

/** The chosen measure's value (null for nearest: no asset anywhere). */
export function measureValue(f: ProvisionFigures, measure: GapMeasure): number | null {
  if (measure === 'nearest') return f.nearestM;
  if (measure === 'e2sfca') return f.e2sfca;
  return f.counts[BAND_OF[measure]]!;
}

/**
 * How bad a value is, larger worse, so every measure sorts one way: a distance as it is
 * (none anywhere = +∞, the worst), a count or score negated (fewer is worse).
 */
export function badness(value: number | null, measure: GapMeasure): number {
  if (measure === 'nearest') return value === null ? Number.POSITIVE_INFINITY : value;
  return -(value ?? 0);
}

/** The cut's position among the ranked LSOAs (shared with the gap map's classes). */
export { cutPosition };

export interface Ranking {
  threshold: number | null;
  ranked: number;
  worstFifthCount: number;
  rows: GapRow[];
}

/**
 * Flags thin provision in deprived LSOAs and ranks them (the rule and its ties: `methodText`).
 * Only covered LSOAs are ranked; no-data LSOAs are listed last-in-their-decile, never flagged.
 */
export function rankGaps(inputs: readonly GapInput[], rules: GapRules): Ranking {
  const covered = inputs.filter((i) => i.figures);
  const worstFirst = covered.map((i) => badness(measureValue(i.figures!, rules.measure), rules.measure)).sort((a, b) => b - a);
  const cut = covered.length > 0 ? worstFirst[cutPosition(covered.length, rules.worstFraction) - 1]! : undefined;
  // The gap map's middle provision class: the worse half, cut the same way (ties included).
  const halfCut = covered.length > 0 ? worstFirst[cutPosition(covered.length, WORSE_HALF_FRACTION) - 1]! : undefined;
  const threshold =
    cut === undefined || cut === Number.POSITIVE_INFINITY ? null : rules.measure === 'nearest' ? cut : cut === 0 ? 0 : -cut;

  // How bad each row is, beside the rows rather than in them: the rows are the answer as they are.
  const bads: number[] = [];
  const rows = inputs.map(({ area, figures: f }): GapRow => {
    const deprived = area.decile !== null && area.decile <= rules.deprivedDeciles;
    if (!f) {
      bads.push(Number.NEGATIVE_INFINITY);
      return {
        code: area.code, name: area.name, population: area.population, decile: area.decile, rank: area.rank, deprived,
        coverage: 'no_data',
        nearestMetres: null, count400: null, count800: null, count1600: null,
        per1000_400: null, per1000_800: null, per1000_1600: null, e2sfca: null, value: null,
        worstFifth: false, nothingWithin: false, flag: false,
        depClass: deprivationClass(area.decile, rules.deprivedDeciles), provClass: 0,
        reason: 'No data: no source covers this category in this local authority, so an empty map here says nothing; not ranked or flagged.',
      };
    }
    const value = measureValue(f, rules.measure);
    const bad = badness(value, rules.measure);
    bads.push(bad);
    const worstFifth = cut !== undefined && bad >= cut;
    const nothingWithin = f.nearestM === null || f.nearestM > rules.noneWithin;
    const flag = deprived && (worstFifth || nothingWithin);
    const need = area.decile === null ? 'no decile' : `decile ${area.decile}`;
    const thin = [worstFifth ? 'in the worst fifth' : '', nothingWithin ? `nothing within ${rules.noneWithin} m` : ''].filter(Boolean).join(' and ');
    const reason = flag
      ? `Flagged: deprived (${need}) and ${thin}.`
      : deprived
        ? `Not flagged: deprived (${need}) but provision is not thin here.`
        : thin
          ? `Not flagged: provision is thin (${thin}) but the LSOA is not among the most deprived (${need}).`
          : `Not flagged: not among the most deprived (${need}) and provision is not thin.`;
    return {
      code: area.code, name: area.name, population: area.population, decile: area.decile, rank: area.rank, deprived,
      coverage: 'covered',
      nearestMetres: f.nearestM,
      count400: f.counts[0]!, count800: f.counts[1]!, count1600: f.counts[2]!,
      per1000_400: f.per1000[0] ?? null, per1000_800: f.per1000[1] ?? null, per1000_1600: f.per1000[2] ?? null,
      e2sfca: f.e2sfca, value, worstFifth, nothingWithin, flag, reason,
      depClass: deprivationClass(area.decile, rules.deprivedDeciles),
      provClass: provisionClass({ covered: true, thin: worstFifth || nothingWithin, worseHalf: halfCut !== undefined && bad >= halfCut }),
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
    threshold,
    ranked: covered.length,
    worstFifthCount: rows.filter((r) => r.worstFifth).length,
    rows: order.map((i) => rows[i]!),
  };
}

const MEASURE_WORDS: Record<GapMeasure, string> = {
  nearest: 'distance to the nearest asset (farther is worse; no asset anywhere is worst of all)',
  count_400: 'assets within 400 m (fewer is worse)',
  count_800: 'assets within 800 m (fewer is worse)',
  count_1600: 'assets within 1,600 m (fewer is worse)',
  e2sfca: 'E2SFCA accessibility score (lower is worse)',
};

export function methodText(rules: GapRules, domainLabel: string, areaName: string, customNeed = false): string {
  const pct = Math.round(rules.worstFraction * 100);
  // A loaded measure's deciles are among the LSOAs its file covers (README, "Need measures").
  const among = customNeed ? 'of the LSOAs this measure covers; LSOAs it does not cover have no decile and are never flagged' : 'of England';
  return [
    `An LSOA is flagged when it is deprived — ${domainLabel} decile 1 to ${rules.deprivedDeciles} (the most deprived ${rules.deprivedDeciles * 10}% ${among}) — ` +
      `and its provision is thin: in the worst ${pct}% of the LSOAs of ${areaName} on ${MEASURE_WORDS[rules.measure]}, or nothing within ${rules.noneWithin} m.`,
    `Worst ${pct}% and ties: the LSOAs with data are ranked worst first; the cut is the value at position ⌈${rules.worstFraction} × n⌉ (at least 1), ` +
      'and every LSOA at or worse than that value is in, so LSOAs tied at the cut (say, many with no asset in reach) are all in, and the worst group may hold more than its share. ' +
      '`threshold` is the cut value (null: no asset anywhere) and `worstFifthCount` how many LSOAs it holds.',
    "LSOAs where no source covers the category in their local authority are 'no_data': not ranked and never flagged, since an empty map there says nothing.",
    'Order: flagged first, then most deprived decile first, then worst provision first. Figures use the default settings (bands 400, 800, 1,600 m; E2SFCA catchment 1,600 m, Gaussian decay), from where residents live (mean of live postcodes).',
  ].join(' ');
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

/**
 * Checks a gap query before anything costly: the category exists, and the area exists and
 * the asker may read it (400/404 otherwise). Returns the area, or null for all of England.
 */
export async function resolveGapQuery(db: Queryable, query: GapsLayerQuery, user: User | null): Promise<ScopedArea | null> {
  const category = query.category;
  if (category !== ALL_CATEGORIES && !(await categoryExists(db, category))) {
    throw BadRequestError.forParam('querystring.category', `no category ${category}`);
  }
  return query.area ? areaOf(db, query.area, query.share, user) : null;
}

/**
 * Ranks the LSOAs of the query's area (`named`, from resolveGapQuery). Figures are the
 * stored ones as they are (the change worker keeps them current; nothing here waits for
 * it); for an area, rows missing from the store are computed now. For all of England that
 * would take minutes, so missing rows there are a 409 for the operator.
 */
async function rankArea(db: Queryable, query: GapsLayerQuery, named: ScopedArea | null, domainLabel: string): Promise<RankedArea> {
  const category = query.category;
  const scope: AreaScope = named ? named.scope : { kind: 'england' };
  const areas = await lsoasOf(db, scope, query.domain);
  const covered = await coveredAuthorities(db, category, [...new Set(areas.map((a) => a.ladCode))]);

  const figures = new Map<string, ProvisionFigures>();
  for (const f of await storedFiguresOf(db, category, named ? areas.map((a) => a.code) : null)) figures.set(f.areaCode, f);
  const missing = areas.filter((a) => covered.has(a.ladCode) && !figures.has(a.code)).map((a) => a.code);
  if (missing.length > 0 && !named) {
    throw new ConflictError(
      'provision_not_computed',
      `Provision figures for ${category === ALL_CATEGORIES ? 'all assets' : `category ${category}`} are not stored for ${missing.length} of England's LSOAs; ` +
        'ranking all of England needs them stored. After a first start the app computes them in the background (a few minutes): ' +
        'try again shortly, or run `pnpm provision:recompute`, or ask for an area (area=…).',
    );
  }
  for (let i = 0; i < missing.length; i += 1000) {
    for (const f of await computeProvision(db, missing.slice(i, i + 1000), [category], DEFAULT_SETTINGS)) figures.set(f.areaCode, f);
  }

  const rules: GapRules = {
    measure: query.measure,
    deprivedDeciles: query.deprived_deciles,
    worstFraction: query.worst_fraction,
    noneWithin: query.none_within,
  };
  const ranking = rankGaps(
    areas.map((area) => ({ area, figures: covered.has(area.ladCode) ? figures.get(area.code) : undefined })),
    rules,
  );
  const areaName = named ? named.name : 'England';
  return {
    scope,
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

/**
 * The ranked priority list, in the asked order, one page of it. `freshness`: how current
 * the stored figures are, read by the caller before this (so the figures are at least as
 * current as it says).
 */
export async function gaps(
  db: Queryable,
  query: GapsQuery,
  named: ScopedArea | null,
  domainLabel: string,
  freshness: FiguresFreshness,
): Promise<Gaps> {
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
      threshold: ranking.threshold,
      ranked: ranking.ranked,
      worstFifthCount: ranking.worstFifthCount,
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
  // Sorted by code, so the same figures always give the same bytes (and ETag).
  for (const row of [...ranking.rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    classes[row.code] = [row.depClass, row.provClass, row.flag ? 1 : 0];
  }
  return {
    ...freshness,
    settings,
    bbox: await extentOf(db, scope),
    threshold: ranking.threshold,
    ranked: ranking.ranked,
    worstFifthCount: ranking.worstFifthCount,
    flagged: ranking.rows.filter((r) => r.flag).length,
    total: ranking.rows.length,
    classes,
  };
}

const CSV_COLUMNS: (keyof GapRow)[] = [
  'code', 'name', 'population', 'decile', 'rank', 'deprived', 'coverage', 'nearestMetres',
  'count400', 'count800', 'count1600', 'per1000_400', 'per1000_800', 'per1000_1600', 'e2sfca',
  'value', 'worstFifth', 'nothingWithin', 'flag', 'reason',
];

/** A CSV cell: quoted when needed; a leading =, +, - or @ on text is defused for spreadsheets. */
function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV: a header row (with `position`, 1 = top priority) and one row per LSOA. */
export function gapsCsv(result: GapsResult): string {
  const lines = [['position', ...CSV_COLUMNS].join(',')];
  result.rows.forEach((row, i) => lines.push([result.offset + i + 1, ...CSV_COLUMNS.map((c) => row[c])].map(cell).join(',')));
  return `${lines.join('\r\n')}\r\n`;
}
