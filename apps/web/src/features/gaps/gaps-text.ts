import {
  ALL_CATEGORIES,
  deprivationClassDeciles,
  type ClassThreshold,
  type EquityResult,
  type DeprivationClass,
  type GapMeasure,
  type GapRow,
  type GapSettings,
  type GapsResult,
  type ProvisionClass,
} from '@common-ground/schema';
import { formatCount } from '../../lib/format.js';

/*
 * Every number of the Gaps view in plain words: what a row's figures mean for the people
 * who live there, why a row is or is not flagged, and how ties and missing data are handled.
 */

/**
 * A distance as people say it: metres to the nearest 10 below 1 km, else km to one place.
 * @example distanceText(347) // '350 m'
 * @example distanceText(2345) // '2.3 km'
 */
export function distanceText(metres: number): string {
  if (metres < 995) return `${formatCount(Math.round(metres / 10) * 10)} m`;
  return `${(metres / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} km`;
}

/**
 * A set distance (a band, a threshold) as written in the rule: whole metres.
 * @example metresText(1600) // '1,600 m'
 */
export function metresText(metres: number): string {
  return `${formatCount(metres)} m`;
}

/**
 * What a category is called inside a sentence: its name with a lower-case first letter
 * (but "GP practices" keeps its capitals), or "community assets" for all of them.
 * @example categoryWords('*', 'All') // 'community assets'
 * @example categoryWords('food-bank', 'Food banks and pantries') // 'food banks and pantries'
 */
export function categoryWords(code: string, name: string): string {
  if (code === ALL_CATEGORIES) return 'community assets';
  return /^[A-Z][A-Z]/.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

/** The figures of one LSOA the sentences read (a GapRow has them all). */
export type GapFigures = Pick<
  GapRow,
  'coverage' | 'population' | 'nearestMetres' | 'count400' | 'count800' | 'count1600' | 'per1000_400' | 'per1000_800' | 'per1000_1600' | 'e2sfca' | 'edgeMetres'
>;

/**
 * The edge of the covered territory is nearer than the nearest known asset: the nearest
 * distance is only a bound (README, "Gaps", edges).
 */
export function beyondCoveredArea(row: Pick<GapRow, 'nearestMetres' | 'edgeMetres'>): boolean {
  return row.edgeMetres !== null && (row.nearestMetres === null || row.edgeMetres < row.nearestMetres);
}

/**
 * The nearest distance for a table cell: "2.3 km", "none", or, past the edge of the covered
 * territory, "beyond the covered area (at least 460 m)".
 */
export function nearestCell(row: Pick<GapRow, 'coverage' | 'nearestMetres' | 'edgeMetres'>): string {
  if (row.coverage === 'no_data') return 'no data';
  if (beyondCoveredArea(row)) return `beyond the covered area (at least ${distanceText(row.edgeMetres!)})`;
  return row.nearestMetres === null ? 'none' : distanceText(row.nearestMetres);
}

function peopleHere(population: number | null): string {
  return population === null ? 'The people here' : `${formatCount(population)} ${population === 1 ? 'person' : 'people'} here`;
}

/**
 * One row's main figure in a sentence: how far people are from the category, in words.
 * @example rowSentence(row, settings, 'food banks and pantries')
 * // '1,240 people here live more than 800 m from any of the food banks and pantries; the nearest is 2.3 km away.'
 */
export function rowSentence(row: GapFigures, settings: Pick<GapSettings, 'noneWithin'>, what: string): string {
  if (row.coverage === 'no_data') {
    return `No data: no source we hold covers ${what} in this local authority.`;
  }
  if (row.coverage === 'partial') return `Known assets only (partial coverage): ${rowSentence({ ...row, coverage: 'complete' }, settings, what)}`;
  const limit = settings.noneWithin ?? 800;
  const within = metresText(limit);
  if (beyondCoveredArea(row)) {
    const known = row.nearestMetres === null ? `there are no known ${what} anywhere` : `the nearest known is ${distanceText(row.nearestMetres)} away`;
    return `Beyond the covered area: ${known}, but the edge of the area our complete sources cover is ${distanceText(row.edgeMetres!)} away, so one just over it could be nearer.`;
  }
  if (row.nearestMetres === null) {
    return `${peopleHere(row.population)}: there are no ${what} anywhere in our data, so none within ${within} or farther.`;
  }
  const nearest = distanceText(row.nearestMetres);
  if (row.nearestMetres > limit) {
    const verb = row.population === 1 ? 'lives' : 'live';
    return `${peopleHere(row.population)} ${row.population === null ? 'live' : verb} more than ${within} from any of the ${what}; the nearest is ${nearest} away.`;
  }
  const count800 = row.count800 ?? 0;
  return `The nearest of the ${what} is ${nearest} from where ${row.population === null ? 'people here' : `the ${formatCount(row.population)} people here`} live; ${count800 === 0 ? 'none' : formatCount(count800)} within 800 m.`;
}

/**
 * The walking bands of one row, for the profile: how many within each, per 1,000 people living within it.
 * @example bandSentences(row, 'food banks and pantries')[2] // 'No food banks and pantries within 1,600 m; the nearest is 2.3 km away.'
 */
export function bandSentences(row: GapFigures, what: string): string[] {
  if (row.coverage === 'no_data') return [];
  const bands: [number, number | null, number | null][] = [
    [400, row.count400, row.per1000_400],
    [800, row.count800, row.per1000_800],
    [1600, row.count1600, row.per1000_1600],
  ];
  return bands.map(([metres, count, per1000]) => {
    const band = metresText(metres);
    if (!count) {
      const nearest = row.nearestMetres === null ? 'there are none anywhere in our data' : `the nearest is ${distanceText(row.nearestMetres)} away`;
      return `No ${what} within ${band}; ${nearest}.`;
    }
    // A rate over the catchment: everyone living within the band, not only this LSOA's residents.
    const rate = per1000 === null ? '' : ` (${per1000.toLocaleString('en-GB', { maximumFractionDigits: 2 })} per 1,000 people living within ${band})`;
    return `${formatCount(count)} within ${band}${rate}.`;
  });
}

const MEASURE_NAMES: Record<GapMeasure, string> = {
  nearest: 'distance to the nearest',
  count_400: 'how many are within 400 m',
  count_800: 'how many are within 800 m',
  count_1600: 'how many are within 1,600 m',
  e2sfca: 'the access score (E2SFCA)',
};

export function measureName(measure: GapMeasure): string {
  return MEASURE_NAMES[measure];
}

/** A class's cut in words: "2.3 km or farther", "none within 800 m and nearest 2.1 km or farther" … */
export function thresholdText(measure: GapMeasure, t: Pick<ClassThreshold, 'cut' | 'atFloor' | 'nearestCut'>): string {
  const nearest = (m: number | null) => (m === null ? 'none anywhere' : `nearest ${distanceText(m)} or farther`);
  if (measure === 'nearest') return nearest(t.cut);
  if (t.atFloor) {
    const none = measure === 'e2sfca' ? 'a score of 0' : `none within ${metresText(Number(measure.slice(6)))}`;
    return `${none} and ${nearest(t.nearestCut)}`;
  }
  if (measure === 'e2sfca') return `a score of ${(t.cut ?? 0).toLocaleString('en-GB', { maximumFractionDigits: 3 })} or lower`;
  return `${formatCount(t.cut ?? 0)} or fewer within ${metresText(Number(measure.slice(6)))}`;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * The national cuts in words, one per rural-urban class: what "thin" means for an LSOA of
 * that class wherever it is looked at.
 * @example cutLines(result)[0] // 'Urban: Nearer to a major town or city — nearest 1.4 km or farther (worst 20% of 24,123 LSOAs in England)'
 */
export function cutLines(result: Pick<GapsResult, 'thresholds'> & { settings: Pick<GapSettings, 'measure' | 'worstFraction'> }): string[] {
  return result.thresholds.map(
    (t) =>
      `${t.name} — ${thresholdText(result.settings.measure, t)} (worst ${percent(result.settings.worstFraction)} of ${formatCount(t.ranked)} LSOAs in England)`,
  );
}

/** What the national ranking is, and when nothing can be flagged. */
export function tieText(result: Pick<GapsResult, 'ranked' | 'noAssetAnywhere' | 'settings' | 'coverageCounts' | 'censoredCount'>): string {
  // No complete coverage anywhere says more than "no asset where coverage is complete" (there is no such place).
  if (result.ranked === 0) return 'No LSOA of England has complete coverage of this category, so none is ranked or flagged.';
  if (result.noAssetAnywhere) return 'No asset of this category lies where its coverage is complete, so nothing can be called thin and nothing is flagged.';
  const partial = result.coverageCounts.partial;
  return (
    `Thin is judged against all of England: ${formatCount(result.ranked)} LSOAs with complete coverage, each compared only with LSOAs of its own rural-urban class (ties at the cut are in; where the cut is "none", nearest distance decides).` +
    (partial > 0 ? ` ${formatCount(partial)} LSOAs here have partial coverage: their figures count known assets only and they are never flagged.` : '') +
    (result.censoredCount > 0
      ? ` ${formatCount(result.censoredCount)} LSOAs here are beyond the covered area: the edge of the area our complete sources cover is nearer than their figure reaches, so they are not ranked or flagged.`
      : '')
  );
}

/** The equity gradient's per-decile figure in words, for the panel and the report. */
export function equityValueText(measure: GapMeasure, value: number | null): string {
  if (value === null) return '–';
  if (measure === 'nearest') return distanceText(value);
  if (measure === 'e2sfca') return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return formatCount(value);
}

/** A share (0..1) as a percentage, or a dash. */
export function shareText(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

/** The equity headline: the index with its sign in words, and LSOAs left out. */
export function equityHeadline(e: Pick<EquityResult, 'sentence' | 'noAsset' | 'leftOutForCoverage' | 'leftOutAsCensored'>): string {
  const notes = [
    e.noAsset > 0 ? `${formatCount(e.noAsset)} LSOAs have no asset at all (counted as beyond, left out of medians)` : '',
    e.leftOutForCoverage > 0 ? `${formatCount(e.leftOutForCoverage)} LSOAs without complete coverage are left out` : '',
    e.leftOutAsCensored > 0 ? `${formatCount(e.leftOutAsCensored)} beyond the covered area are left out` : '',
  ].filter(Boolean);
  return notes.length > 0 ? `${e.sentence} ${notes.join('; ')}.` : e.sentence;
}

/** How many LSOAs are flagged, and what that means. */
export function summaryText(result: Pick<GapsResult, 'flagged' | 'total' | 'settings'>, domainLabel: string, what: string): string {
  const { flagged, total, settings } = result;
  const deciles = settings.deprivedDeciles === 1 ? 'decile 1' : `deciles 1–${settings.deprivedDeciles}`;
  return (
    `${formatCount(flagged)} of ${formatCount(total)} LSOAs in ${settings.area.name} are flagged: among the most deprived ` +
    `(${domainLabel} ${deciles}) and with thin provision of ${what} — in the worst ${percent(settings.worstFraction)} on ` +
    `${measureName(settings.measure)} among England's LSOAs of the same rural-urban class` +
    (settings.noneWithin === null ? '.' : `, or none within ${metresText(settings.noneWithin)}.`)
  );
}

/** No-data rows in words (they are listed but never ranked or flagged). */
export function noDataText(rows: number, what: string): string {
  return `${formatCount(rows)} ${rows === 1 ? 'LSOA has' : 'LSOAs have'} no data: no source we hold covers ${what} in ${rows === 1 ? 'its' : 'their'} local authority, so they are listed but never ranked or flagged.`;
}

/** A deprivation class's name: "Most deprived (deciles 1–2)". */
export function deprivationClassText(cls: DeprivationClass, deprivedDeciles: number): string {
  if (cls === 0) return 'No decile';
  const range = deprivationClassDeciles(cls, deprivedDeciles);
  const name = cls === 3 ? 'Most deprived' : cls === 2 ? 'Middle' : 'Least deprived';
  if (!range) return `${name} (no deciles)`;
  return `${name} (decile${range[0] === range[1] ? ` ${range[0]}` : `s ${range[0]}–${range[1]}`})`;
}

/** A provision class's name: "Thin (worst 20% or none within 800 m)". */
export function provisionClassText(cls: ProvisionClass, settings: Pick<GapSettings, 'worstFraction' | 'noneWithin'>): string {
  switch (cls) {
    case 0:
      return 'No data';
    case 3:
      return `Thin (worst ${percent(settings.worstFraction)} of its class in England${settings.noneWithin === null ? '' : ` or none within ${metresText(settings.noneWithin)}`})`;
    case 2:
      return 'Worse half';
    case 1:
      return 'Better half';
  }
}
