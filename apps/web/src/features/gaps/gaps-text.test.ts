import type { GapRow, GapsResult } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import {
  bandSentences,
  categoryWords,
  deprivationClassText,
  distanceText,
  provisionClassText,
  rowSentence,
  summaryText,
  cutLines,
  equityHeadline,
  thresholdText,
  tieText,
  nearestCell,
} from './gaps-text.js';

function row(over: Partial<GapRow>): GapRow {
  return {
    code: 'E01000001',
    name: 'Somewhere 001A',
    population: 1240,
    decile: 1,
    rank: 10,
    deprived: true,
    coverage: 'complete',
    ruc: 'UN1',
    nearestMetres: 2345,
    count400: 0,
    count800: 0,
    count1600: 0,
    per1000_400: 0,
    per1000_800: 0,
    per1000_1600: 0,
    e2sfca: 0,
    value: 2345,
    edgeMetres: null,
    censored: false,
    worstFifth: true,
    nothingWithin: true,
    flag: true,
    depClass: 3,
    provClass: 3,
    reason: '',
    ...over,
  };
}

const settings = {
  category: 'food-bank',
  domain: 'imd' as const,
  domainLabel: 'Index of Multiple Deprivation',
  area: { kind: 'england' as const, code: null, name: 'England' },
  measure: 'nearest' as const,
  deprivedDeciles: 2,
  worstFraction: 0.2,
  noneWithin: 800,
  bands: [400, 800, 1600],
  catchment: 1600,
};

describe('distanceText', () => {
  it('says metres to the nearest 10 under a kilometre, else kilometres to one place', () => {
    expect(distanceText(347)).toBe('350 m');
    expect(distanceText(800)).toBe('800 m');
    expect(distanceText(996)).toBe('1 km');
    expect(distanceText(2345)).toBe('2.3 km');
    expect(distanceText(1600)).toBe('1.6 km');
  });
});

describe('categoryWords', () => {
  it('lower-cases the first letter, keeps acronyms, and names all assets', () => {
    expect(categoryWords('food-bank', 'Food banks and pantries')).toBe('food banks and pantries');
    expect(categoryWords('gp-practice', 'GP practices')).toBe('GP practices');
    expect(categoryWords('*', 'whatever')).toBe('community assets');
  });
});

describe('rowSentence', () => {
  const what = 'food banks and pantries';

  it('says how many people live farther than the threshold, and how far the nearest is', () => {
    expect(rowSentence(row({}), settings, what)).toBe(
      '1,240 people here live more than 800 m from any of the food banks and pantries; the nearest is 2.3 km away.',
    );
  });

  it('says where the nearest is when it is within reach', () => {
    expect(rowSentence(row({ nearestMetres: 347, count800: 3 }), settings, what)).toBe(
      'The nearest of the food banks and pantries is 350 m from where the 1,240 people here live; 3 within 800 m.',
    );
  });

  it('says when there is none anywhere, when the population is unknown, and when there is no data', () => {
    expect(rowSentence(row({ nearestMetres: null }), settings, what)).toBe(
      '1,240 people here: there are no food banks and pantries anywhere in our data, so none within 800 m or farther.',
    );
    expect(rowSentence(row({ population: null }), settings, what)).toMatch(/^The people here live more than 800 m/);
    expect(rowSentence(row({ coverage: 'no_data' }), settings, what)).toMatch(/^No data: no source we hold covers food banks and pantries/);
  });
});

describe('bandSentences', () => {
  it('says "No … within 1,600 m; the nearest is 2.3 km away" for an empty band, and counts with rates otherwise', () => {
    expect(bandSentences(row({}), 'food banks and pantries')[2]).toBe('No food banks and pantries within 1,600 m; the nearest is 2.3 km away.');
    expect(bandSentences(row({ count800: 2, per1000_800: 1.6129 }), 'food banks')[1]).toBe('2 within 800 m (1.61 per 1,000 people living within 800 m).');
    expect(bandSentences(row({ coverage: 'no_data' }), 'food banks')).toEqual([]);
  });
});

describe('national cuts in words', () => {
  const t = { ruc: 'UN1', name: 'Urban: Nearer to a major town or city', ranked: 24000, position: 4800, cut: 1434, atFloor: false, nearestCut: null };
  const result = (
    over: Partial<GapsResult>,
  ): Pick<GapsResult, 'ranked' | 'noAssetAnywhere' | 'settings' | 'coverageCounts' | 'thresholds' | 'censoredCount'> => ({
    ranked: 33000,
    noAssetAnywhere: false,
    settings,
    coverageCounts: { complete: 10, partial: 0, no_data: 0 },
    thresholds: [t],
    censoredCount: 0,
    ...over,
  });

  it('gives each class its cut, and at the floor the nearest-distance tie-break', () => {
    expect(cutLines(result({}))).toEqual(['Urban: Nearer to a major town or city — nearest 1.4 km or farther (worst 20% of 24,000 LSOAs in England)']);
    expect(thresholdText('count_800', { cut: 0, atFloor: true, nearestCut: 2100 })).toBe('none within 800 m and nearest 2.1 km or farther');
    expect(thresholdText('count_800', { cut: 3, atFloor: false, nearestCut: null })).toBe('3 or fewer within 800 m');
  });

  it('says the ranking is national, and when nothing can be flagged', () => {
    expect(tieText(result({}))).toMatch(/^Thin is judged against all of England: 33,000 LSOAs/);
    expect(tieText(result({ coverageCounts: { complete: 0, partial: 4, no_data: 0 } }))).toMatch(/4 LSOAs here have partial coverage/);
    expect(tieText(result({ noAssetAnywhere: true }))).toMatch(/nothing is flagged/);
    expect(tieText(result({ ranked: 0 }))).toMatch(/none is ranked/);
    expect(tieText(result({ censoredCount: 3 }))).toMatch(/3 LSOAs here are beyond the covered area/);
  });

  it("shows a nearest distance past the covered territory's edge as a bound", () => {
    expect(nearestCell(row({ nearestMetres: 4818, edgeMetres: 462 }))).toBe('beyond the covered area (at least 460 m)');
    expect(nearestCell(row({ nearestMetres: 300, edgeMetres: 462 }))).toBe('300 m');
    expect(nearestCell(row({ nearestMetres: null, edgeMetres: 5000 }))).toBe('beyond the covered area (at least 5 km)');
    expect(nearestCell(row({ nearestMetres: 2345, edgeMetres: null }))).toBe('2.3 km');
    expect(rowSentence(row({ nearestMetres: 4818, edgeMetres: 462 }), settings, 'food banks')).toMatch(
      /^Beyond the covered area: the nearest known is 4.8 km away, but the edge .* is 460 m away/,
    );
  });

  it('words the equity headline with what is left out', () => {
    expect(equityHeadline({ sentence: 'S.', noAsset: 2, leftOutForCoverage: 0, leftOutAsCensored: 0 })).toBe(
      'S. 2 LSOAs have no asset at all (counted as beyond, left out of medians).',
    );
  });
});

describe('summary and class names', () => {
  it('sums up the flagged LSOAs and the rule', () => {
    expect(summaryText({ flagged: 12, total: 345, settings }, 'Index of Multiple Deprivation', 'food banks')).toBe(
      "12 of 345 LSOAs in England are flagged: among the most deprived (Index of Multiple Deprivation deciles 1–2) and with thin provision of food banks — in the worst 20% on distance to the nearest among England's LSOAs of the same rural-urban class, or none within 800 m.",
    );
  });

  it('names each class with its cut points', () => {
    expect([3, 2, 1, 0].map((c) => deprivationClassText(c as 0 | 1 | 2 | 3, 2))).toEqual([
      'Most deprived (deciles 1–2)',
      'Middle (deciles 3–6)',
      'Least deprived (deciles 7–10)',
      'No decile',
    ]);
    expect(deprivationClassText(3, 1)).toBe('Most deprived (decile 1)');
    expect(provisionClassText(3, settings)).toBe('Thin (worst 20% of its class in England or none within 800 m)');
    expect(provisionClassText(3, { ...settings, noneWithin: null })).toBe('Thin (worst 20% of its class in England)');
    expect(provisionClassText(2, settings)).toBe('Worse half');
  });
});
