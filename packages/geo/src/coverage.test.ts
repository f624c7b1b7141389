import { describe, expect, it } from 'vitest';
import { CoverageResolver, type CoverageInput } from './coverage.js';

const categories = [
  { code: 'health', parentCode: null },
  { code: 'gp', parentCode: 'health' },
  { code: 'pharmacy', parentCode: 'health' },
  { code: 'dentist', parentCode: 'health' },
  { code: 'hospice', parentCode: 'health' },
  { code: 'community', parentCode: null },
];
const base: CoverageInput = {
  categories,
  claims: [
    { category: 'gp', completeness: 'complete', lads: 'england' },
    { category: 'pharmacy', completeness: 'complete', lads: 'england' },
    { category: 'dentist', completeness: 'partial', lads: ['A'] },
    { category: 'community', completeness: 'partial', lads: ['A'] },
  ],
  withAssets: new Set(['gp', 'pharmacy', 'dentist', 'community']),
};

describe('CoverageResolver', () => {
  it('a category: complete where a complete source speaks, partial where only partial ones do, else no_data', () => {
    const c = new CoverageResolver(base);
    expect(c.of('gp', 'B')).toBe('complete');
    expect(c.of('dentist', 'A')).toBe('partial');
    expect(c.of('dentist', 'B')).toBe('no_data');
  });
  it('parent rule: complete only where each child holding assets is complete; children without assets do not count', () => {
    const c = new CoverageResolver(base);
    expect(c.of('health', 'A')).toBe('partial');
    expect(c.of('health', 'B')).toBe('partial');
    const noDentists = new CoverageResolver({ ...base, withAssets: new Set(['gp', 'pharmacy', 'community']) });
    expect(noDentists.of('health', 'B')).toBe('complete');
    // '*' is the parent of the top-level categories: community has no source in B.
    expect(noDentists.of('*', 'B')).toBe('partial');
    expect(new CoverageResolver({ ...base, withAssets: new Set(['gp', 'pharmacy']) }).of('*', 'B')).toBe('complete');
    expect(new CoverageResolver({ ...base, claims: [] }).of('health', 'A')).toBe('no_data');
  });
  it("a worker's override replaces the derived value, and parents read it", () => {
    const c = new CoverageResolver({ ...base, overrides: new Map([['dentist|A', 'complete']]) });
    expect(c.of('dentist', 'A')).toBe('complete');
    expect(c.of('health', 'A')).toBe('complete');
    expect(c.of('health', 'B')).toBe('partial');
  });
  it("a parent's own complete claim covers its children", () => {
    const c = new CoverageResolver({ ...base, claims: [{ category: 'health', completeness: 'complete', lads: ['C'] }] });
    expect(c.of('dentist', 'C')).toBe('complete');
    expect(c.of('health', 'C')).toBe('complete');
  });
});
