import { describe, expect, it } from 'vitest';
import { perThousandOf, provisionMetrics } from './provision.js';
import { capacityWeightedCategories, countedCategories, provisionTable, supplyOf, type AssetInput, type ResidenceInput } from './provision-table.js';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const categories = [
  { code: 'health', parentCode: null },
  { code: 'gp-practice', parentCode: 'health' },
  { code: 'pharmacy', parentCode: 'health' },
  { code: 'food', parentCode: null },
  { code: 'food-bank', parentCode: 'food' },
  { code: 'library', parentCode: null },
];
const resultCodes = [...categories.map((c) => c.code), '*'];
const settings = { bands: [400, 800, 1600], catchment: 1600, decay: 'gaussian' as const };

function world(seed: number): { residences: ResidenceInput[]; assets: AssetInput[] } {
  const next = random(seed);
  // LSOAs on a 20 km square; a rare category far away from most of them; one LSOA without population.
  const residences = Array.from({ length: 120 }, (_, i) => ({
    area: `E0100${String(i).padStart(4, '0')}`,
    e: 400_000 + Math.round(next() * 400) * 50,
    n: 300_000 + Math.round(next() * 400) * 50,
    population: i === 7 ? null : 1000 + Math.round(next() * 1000),
  }));
  const leafCodes = ['gp-practice', 'pharmacy', 'food-bank'];
  const assets: AssetInput[] = Array.from({ length: 400 }, () => ({
    category: leafCodes[Math.floor(next() * leafCodes.length)]!,
    e: 400_000 + Math.round(next() * 400) * 50,
    n: 300_000 + Math.round(next() * 400) * 50,
  }));
  assets.push({ category: 'library', e: 300_000, n: 250_000 }, { category: 'library', e: 305_000, n: 251_000 });
  return { residences, assets };
}

describe('provisionTable', () => {
  it('gives, per LSOA and result category, the reference figures over that category and its descendants', () => {
    const { residences, assets } = world(11);
    const asked = residences.filter((_, i) => i % 3 === 0).map((r) => r.area);
    const table = provisionTable(residences, assets, categories, resultCodes, asked, settings);
    expect(table.areaCodes).toHaveLength(asked.length * resultCodes.length);

    const counted = countedCategories(categories);
    const demand = residences.map((r) => ({ e: r.e, n: r.n, population: r.population ?? 0 }));
    resultCodes.forEach((code, c) => {
      const members = counted.get(code)!;
      const supply = assets.filter((a) => members.has(a.category));
      // The reference answers every residence point; E2SFCA weighs them all either way.
      const reference = provisionMetrics(demand, supply, { bands: settings.bands, catchment: settings.catchment });
      asked.forEach((area, a) => {
        const row = a * resultCodes.length + c;
        const expected = reference[residences.findIndex((r) => r.area === area)]!;
        expect(table.areaCodes[row]).toBe(area);
        expect(table.categoryCodes[row]).toBe(code);
        expect(table.counts.map((band) => band[row])).toEqual(expected.counts);
        // The per-1,000 rate's denominator: the same catchment as the reference's.
        const rates = expected.counts.map((count, b) => perThousandOf(count, table.catchmentPopulations[b]![row]!));
        expect(rates).toEqual(expected.perThousand);
        expect(table.nearest[row]).toBe(expected.nearest);
        expect(table.access[row]! * 1000).toBeCloseTo(expected.e2sfca, 9);
      });
    });
  });

  it('answers null for a category with no asset anywhere; an unknown population counts 0 in catchments', () => {
    const { residences, assets } = world(5);
    const table = provisionTable(
      residences,
      assets.filter((a) => a.category !== 'library'),
      categories,
      resultCodes,
      ['E01000007'],
      settings,
    );
    const library = table.categoryCodes.indexOf('library');
    expect(table.nearest[library]).toBeNull();
    expect(table.counts.map((band) => band[library])).toEqual([0, 0, 0]);
    // E01000007's own population is unknown: its 400 m catchment is its neighbours' residents.
    const home = residences[7]!;
    const neighbours = residences
      .filter((r) => r.area !== home.area && Math.sqrt((r.e - home.e) ** 2 + (r.n - home.n) ** 2) <= 400)
      .reduce((sum, r) => sum + (r.population ?? 0), 0);
    expect(table.catchmentPopulations[0]![library]).toBe(neighbours);
  });

  it('finds the nearest asset of a category beyond reach (the far library, ~100 km away)', () => {
    const { residences, assets } = world(3);
    const table = provisionTable(residences, assets, categories, resultCodes, [residences[0]!.area], settings);
    const home = residences[0]!;
    const expected = Math.min(...assets.filter((a) => a.category === 'library').map((a) => Math.sqrt((a.e - home.e) ** 2 + (a.n - home.n) ** 2)));
    expect(table.nearest[table.categoryCodes.indexOf('library')]).toBe(expected);
    expect(expected).toBeGreaterThan(50_000);
  });

  it('leaves out an asked LSOA that has no residence point', () => {
    const { residences, assets } = world(2);
    const table = provisionTable(residences, assets, categories, resultCodes, ['E01NOWHERE', residences[1]!.area], settings);
    expect(new Set(table.areaCodes)).toEqual(new Set([residences[1]!.area]));
  });

  it("uses weight 1 throughout the catchment when decay is 'none'", () => {
    const residences = [{ area: 'A', e: 0, n: 0, population: 100 }];
    const assets = [{ category: 'library', e: 1000, n: 0 }];
    const table = provisionTable(residences, assets, categories, ['library'], ['A'], { ...settings, decay: 'none' });
    // R = 1 / (100 × 1); A = R × 1.
    expect(table.access[0]).toBeCloseTo(0.01, 15);
  });

  it("capacity-weighted E2SFCA: a category with one unit uses each asset's capacity (unknown 1, 0 none); parents and * use 1 for every asset", () => {
    const { residences, assets: plain } = world(17);
    const next = random(99);
    // GP practices: registered patients, some unknown, some 0; pharmacies: opening hours; food banks: none known.
    const assets: AssetInput[] = plain.map((a, i) =>
      a.category === 'gp-practice'
        ? {
            ...a,
            capacity: i % 7 === 0 ? null : i % 11 === 0 ? 0 : 2000 + Math.round(next() * 10_000),
            capacityUnit: i % 7 === 0 ? null : 'registered patients',
          }
        : a.category === 'pharmacy'
          ? { ...a, capacity: 40 + Math.round(next() * 60), capacityUnit: 'opening hours per week' }
          : a,
    );
    const weighted = capacityWeightedCategories(categories, assets);
    expect([...weighted].sort()).toEqual(['food-bank', 'gp-practice', 'library', 'pharmacy']);
    const asked = residences.filter((_, i) => i % 4 === 0).map((r) => r.area);
    const table = provisionTable(residences, assets, categories, resultCodes, asked, settings);
    const counted = countedCategories(categories);
    const demand = residences.map((r) => ({ e: r.e, n: r.n, population: r.population ?? 0 }));
    resultCodes.forEach((code, c) => {
      const members = counted.get(code)!;
      const own = weighted.has(code) && members.size === 1;
      const supply = assets.filter((a) => members.has(a.category)).map((a) => ({ e: a.e, n: a.n, capacity: supplyOf(a.capacity, own) }));
      const reference = provisionMetrics(demand, supply, { bands: settings.bands, catchment: settings.catchment });
      asked.forEach((area, a) => {
        const row = a * resultCodes.length + c;
        expect(table.access[row]! * 1000).toBeCloseTo(reference[residences.findIndex((r) => r.area === area)]!.e2sfca, 9);
      });
    });
    // Weighting matters: the GP figures differ from unweighted ones.
    const unweighted = provisionTable(residences, plain, categories, resultCodes, asked, settings);
    const rowsOf = (code: string) => asked.map((_, a) => a * resultCodes.length + resultCodes.indexOf(code));
    expect(rowsOf('gp-practice').filter((r) => Math.abs(table.access[r]! - unweighted.access[r]!) > 1e-9).length).toBeGreaterThan(asked.length / 2);
    for (const r of [...rowsOf('health'), ...rowsOf('*')]) expect(table.access[r]).toBeCloseTo(unweighted.access[r]!, 12);
    // Two units in one category: not weighted.
    expect(
      capacityWeightedCategories(categories, [
        { category: 'library', capacity: 1, capacityUnit: 'places' },
        { category: 'library', capacity: 2, capacityUnit: 'beds' },
      ]).has('library'),
    ).toBe(false);
    expect(supplyOf(0, true)).toBe(0);
    expect(supplyOf(null, true)).toBe(1);
    expect(supplyOf(500, false)).toBe(1);
  });
});
