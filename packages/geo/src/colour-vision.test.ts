import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DECILE_COLOURS } from './classification.js';
import { colourDifference, deltaE2000, simulateVision, type Vision } from './colour-vision.js';

/*
 * The category colours (data/categories.json) and why they are what they are (issue 17).
 *
 * The areas are shaded with viridis (DECILE_COLOURS), which runs dark purple → blue → teal →
 * green → lime and, to deuteranopes and protanopes, dark blue → grey → yellow. A category
 * colour anywhere on that ramp reads as a decile: the old "Learning and libraries" navy
 * (#393b79, from d3's category20b) looked like "most deprived". So the palette is chosen from
 * what the ramp does not use, and checked, not assumed:
 *
 * - every category colour is at least ΔE2000 12 from every decile colour, for typical vision,
 *   deuteranopia and protanopia (Machado 2009 simulation, what Chromium's DevTools emulates);
 * - the categories are at least ΔE2000 15 from each other for typical vision.
 *
 * It starts from the colours of Paul Tol's and Okabe–Ito's colour-blind-safe schemes that
 * pass the first rule (Tol's red #cc3311, pale pink #ffaabb) and adds the colours that keep
 * the categories furthest apart. No palette of 17 colours can keep every pair apart for
 * colour-blind readers (their colour space has about two dimensions); the map does not rely
 * on colour alone: each pin has a white ring, the key and the filters name each category,
 * and results are numbered pins matching the list.
 */
interface CategoryRow {
  code: string;
  parentCode: string | null;
  colour: string;
}
const categories = (JSON.parse(readFileSync(new URL('../../../data/categories.json', import.meta.url), 'utf8')) as { categories: CategoryRow[] }).categories;
const groups = categories.filter((c) => c.parentCode === null);

describe('colour differences', () => {
  it('matches the published CIEDE2000 test data (Sharma, Wu and Dalal 2005)', () => {
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
    expect(deltaE2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 4);
    expect(deltaE2000([60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387])).toBeCloseTo(1.2644, 4);
  });

  it('leaves greys as they are in every simulated vision', () => {
    for (const vision of ['deuteranopia', 'protanopia', 'tritanopia'] as const) {
      const [r, g, b] = simulateVision('#808080', vision);
      expect(Math.abs(r - g) + Math.abs(g - b)).toBeLessThan(0.01);
    }
  });

  it('sees red and green as alike with deuteranopia, unlike typical vision', () => {
    expect(colourDifference('#cc3311', '#008800', 'typical')).toBeGreaterThan(50);
    expect(colourDifference('#cc3311', '#008800', 'deuteranopia')).toBeLessThan(colourDifference('#cc3311', '#008800', 'typical') / 2);
  });

  it('rejects a colour that is not #rrggbb', () => {
    expect(() => simulateVision('red', 'typical')).toThrow(RangeError);
  });
});

describe('category colours', () => {
  it('gives each top-level category its own colour, and children their group’s', () => {
    expect(new Set(groups.map((g) => g.colour.toLowerCase())).size).toBe(groups.length);
    for (const c of categories.filter((x) => x.parentCode !== null)) {
      expect(c.colour, c.code).toBe(groups.find((g) => g.code === c.parentCode)?.colour);
    }
  });

  it.each(['typical', 'deuteranopia', 'protanopia'] satisfies Vision[])('keeps every category apart from every decile shade (%s)', (vision) => {
    for (const group of groups) {
      for (const decile of DECILE_COLOURS) {
        expect(colourDifference(group.colour, decile, vision), `${group.code} ${group.colour} vs ${decile}`).toBeGreaterThanOrEqual(12);
      }
    }
  });

  it('keeps the categories apart from each other for typical vision', () => {
    for (const a of groups) {
      for (const b of groups) {
        if (a.code < b.code) expect(colourDifference(a.colour, b.colour, 'typical'), `${a.code} vs ${b.code}`).toBeGreaterThanOrEqual(15);
      }
    }
  });
});
