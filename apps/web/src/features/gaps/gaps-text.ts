import {
  ALL_CATEGORIES,
  cutPosition,
  deprivationClassDeciles,
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
  'coverage' | 'population' | 'nearestMetres' | 'count400' | 'count800' | 'count1600' | 'per1000_400' | 'per1000_800' | 'per1000_1600' | 'e2sfca'
>;

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
  const within = metresText(settings.noneWithin);
  if (row.nearestMetres === null) {
    return `${peopleHere(row.population)}: there are no ${what} anywhere in our data, so none within ${within} or farther.`;
  }
  const nearest = distanceText(row.nearestMetres);
  if (row.nearestMetres > settings.noneWithin) {
    const verb = row.population === 1 ? 'lives' : 'live';
    return `${peopleHere(row.population)} ${row.population === null ? 'live' : verb} more than ${within} from any of the ${what}; the nearest is ${nearest} away.`;
  }
  const count800 = row.count800 ?? 0;
  return `The nearest of the ${what} is ${nearest} from where ${row.population === null ? 'people here' : `the ${formatCount(row.population)} people here`} live; ${count800 === 0 ? 'none' : formatCount(count800)} within 800 m.`;
}

/**
 * The walking bands of one row, for the profile: how many within each, per 1,000 residents.
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
    const rate = per1000 === null ? '' : ` (${per1000.toLocaleString('en-GB', { maximumFractionDigits: 2 })} per 1,000 residents)`;
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

/** The cut value in words: "2.3 km or farther", "none within 800 m" … */
export function thresholdText(measure: GapMeasure, threshold: number | null): string {
  if (measure === 'nearest') return threshold === null ? 'none anywhere' : `nearest ${distanceText(threshold)} or farther`;
  if (measure === 'e2sfca') return `a score of ${(threshold ?? 0).toLocaleString('en-GB', { maximumFractionDigits: 3 })} or lower`;
  const band = metresText(Number(measure.slice(6)));
  return threshold === 0 || threshold === null ? `none within ${band}` : `${formatCount(threshold)} or fewer within ${band}`;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * Ties at the cut in plain words: the worst fifth's share of the ranked LSOAs and, when
 * LSOAs tied at the cut make it larger than its share, how many more and why.
 * @example tieText(result) // 'The worst 20% would be 200 of 1,000 LSOAs; 260 are in it, because 60 more are tied at the cut (none within 800 m).'
 */
export function tieText(result: Pick<GapsResult, 'ranked' | 'worstFifthCount' | 'threshold' | 'settings'>): string {
  const { ranked, worstFifthCount, threshold, settings } = result;
  if (ranked === 0) return 'No LSOA here has data for this category, so none is ranked.';
  const share = cutPosition(ranked, settings.worstFraction);
  const cut = thresholdText(settings.measure, threshold);
  const head = `The worst ${percent(settings.worstFraction)} on ${measureName(settings.measure)} is ${formatCount(share)} of ${formatCount(ranked)} LSOAs`;
  if (worstFifthCount <= share) return `${head}: ${cut}.`;
  return `${head}; ${formatCount(worstFifthCount)} are in it, because ${formatCount(worstFifthCount - share)} more are tied at the cut (${cut}), and ties are all in.`;
}

/** How many LSOAs are flagged, and what that means. */
export function summaryText(result: Pick<GapsResult, 'flagged' | 'total' | 'settings'>, domainLabel: string, what: string): string {
  const { flagged, total, settings } = result;
  const deciles = settings.deprivedDeciles === 1 ? 'decile 1' : `deciles 1–${settings.deprivedDeciles}`;
  return (
    `${formatCount(flagged)} of ${formatCount(total)} LSOAs in ${settings.area.name} are flagged: among the most deprived ` +
    `(${domainLabel} ${deciles}) and with thin provision of ${what} — in the worst ${percent(settings.worstFraction)} on ` +
    `${measureName(settings.measure)}, or none within ${metresText(settings.noneWithin)}.`
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
    case 0: return 'No data';
    case 3: return `Thin (worst ${percent(settings.worstFraction)} or none within ${metresText(settings.noneWithin)})`;
    case 2: return 'Worse half';
    case 1: return 'Better half';
  }
}
