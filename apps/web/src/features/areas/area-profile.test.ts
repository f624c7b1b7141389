import type { NeedMeasureValue } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { ageShares, measureLabel, orderDomains, vintageText } from './area-profile.js';

function measure(code: string, label = code): NeedMeasureValue {
  return { measure: code, label, vintage: 'IoD2025', score: 1, rank: 1, decile: 1, direction: 'higher_is_more_need', outOf: 33755 };
}

describe('orderDomains', () => {
  it('drops the overall IMD and orders domains as the measure selector does', () => {
    const api = [measure('imd'), measure('housing_and_services'), measure('crime'), measure('income')];
    expect(orderDomains(api).map((m) => m.measure)).toEqual(['income', 'crime', 'housing_and_services']);
  });

  it('keeps measures it does not know, after the known ones', () => {
    expect(orderDomains([measure('idaci'), measure('health')]).map((m) => m.measure)).toEqual(['health', 'idaci']);
  });
});

describe('measureLabel', () => {
  it("uses the client's label for a known domain and the API's for others", () => {
    expect(measureLabel(measure('housing_and_services', 'x'))).toBe('Barriers to housing and services');
    expect(measureLabel(measure('idaci', 'Income deprivation affecting children'))).toBe('Income deprivation affecting children');
  });
});

describe('vintageText', () => {
  it('spells out an IoD vintage and leaves others alone', () => {
    expect(vintageText('IoD2025')).toBe('English Indices of Deprivation 2025');
    expect(vintageText('Census 2021')).toBe('Census 2021');
  });
});

describe('ageShares', () => {
  it('gives each band its whole-percent share of the total', () => {
    const shares = ageShares({
      total: 200,
      age0to15: 50,
      age16to24: 25,
      age25to34: 25,
      age35to49: 50,
      age50to64: 30,
      age65plus: 20,
      source: 'Census 2021',
    });
    expect(shares.map((s) => s.percent)).toEqual([25, 13, 13, 25, 15, 10]);
    expect(shares[5]).toEqual({ key: 'age65plus', label: '65 and over', count: 20, percent: 10 });
  });

  it('gives 0% rather than NaN for an empty area', () => {
    const shares = ageShares({ total: 0, age0to15: 0, age16to24: 0, age25to34: 0, age35to49: 0, age50to64: 0, age65plus: 0, source: '' });
    expect(shares.every((s) => s.percent === 0)).toBe(true);
  });
});
