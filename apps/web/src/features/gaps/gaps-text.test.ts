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
  tieText,
} from './gaps-text.js';

function row(over: Partial<GapRow>): GapRow {
  return {
    code: 'E01000001', name: 'Somewhere 001A', population: 1240, decile: 1, rank: 10, deprived: true, coverage: 'covered',
    nearestMetres: 2345, count400: 0, count800: 0, count1600: 0, per1000_400: 0, per1000_800: 0, per1000_1600: 0,
    e2sfca: 0, value: 2345, worstFifth: true, nothingWithin: true, flag: true, depClass: 3, provClass: 3, reason: '',
    ...over,
  };
}

const settings = {
  category: 'food-bank', domain: 'imd' as const, domainLabel: 'Index of Multiple Deprivation', area: { kind: 'england' as const, code: null, name: 'England' },
  measure: 'nearest' as const, deprivedDeciles: 2, worstFraction: 0.2, noneWithin: 800, bands: [400, 800, 1600], catchment: 1600,
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
    expect(bandSentences(row({ count800: 2, per1000_800: 1.6129 }), 'food banks')[1]).toBe('2 within 800 m (1.61 per 1,000 residents).');
    expect(bandSentences(row({ coverage: 'no_data' }), 'food banks')).toEqual([]);
  });
});

describe('tieText', () => {
  const result = (over: Partial<GapsResult>): Pick<GapsResult, 'ranked' | 'worstFifthCount' | 'threshold' | 'settings'> => ({
    ranked: 1000, worstFifthCount: 200, threshold: 1234, settings, ...over,
  });

  it('gives the share and the cut when there are no extra ties', () => {
    expect(tieText(result({}))).toBe('The worst 20% on distance to the nearest is 200 of 1,000 LSOAs: nearest 1.2 km or farther.');
  });

  it('explains that LSOAs tied at the cut are all in', () => {
    expect(tieText(result({ worstFifthCount: 260, threshold: null }))).toBe(
      'The worst 20% on distance to the nearest is 200 of 1,000 LSOAs; 260 are in it, because 60 more are tied at the cut (none anywhere), and ties are all in.',
    );
    expect(tieText(result({ worstFifthCount: 400, threshold: 0, settings: { ...settings, measure: 'count_800' } }))).toMatch(
      /200 more are tied at the cut \(none within 800 m\)/,
    );
  });

  it('says when nothing is ranked', () => {
    expect(tieText(result({ ranked: 0, worstFifthCount: 0 }))).toMatch(/none is ranked/);
  });
});

describe('summary and class names', () => {
  it('sums up the flagged LSOAs and the rule', () => {
    expect(summaryText({ flagged: 12, total: 345, settings }, 'Index of Multiple Deprivation', 'food banks')).toBe(
      '12 of 345 LSOAs in England are flagged: among the most deprived (Index of Multiple Deprivation deciles 1–2) and with thin provision of food banks — in the worst 20% on distance to the nearest, or none within 800 m.',
    );
  });

  it('names each class with its cut points', () => {
    expect([3, 2, 1, 0].map((c) => deprivationClassText(c as 0 | 1 | 2 | 3, 2))).toEqual([
      'Most deprived (deciles 1–2)', 'Middle (deciles 3–6)', 'Least deprived (deciles 7–10)', 'No decile',
    ]);
    expect(deprivationClassText(3, 1)).toBe('Most deprived (decile 1)');
    expect(provisionClassText(3, settings)).toBe('Thin (worst 20% or none within 800 m)');
    expect(provisionClassText(2, settings)).toBe('Worse half');
  });
});
