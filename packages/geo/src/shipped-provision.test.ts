import { describe, expect, it } from 'vitest';
import { e2sfcaScores } from './provision.js';
import { countedCategories } from './shipped-provision.js';

describe('countedCategories', () => {
  it('counts a category in itself, every ancestor and *', () => {
    const counted = countedCategories([
      { code: 'health', parentCode: null },
      { code: 'gp', parentCode: 'health' },
      { code: 'branch', parentCode: 'gp' },
      { code: 'food', parentCode: null },
    ]);
    expect([...counted.get('health')!].sort()).toEqual(['branch', 'gp', 'health']);
    expect([...counted.get('gp')!].sort()).toEqual(['branch', 'gp']);
    expect([...counted.get('branch')!]).toEqual(['branch']);
    expect([...counted.get('*')!].sort()).toEqual(['branch', 'food', 'gp', 'health']);
  });
});

describe('e2sfcaScores scoreAt', () => {
  it('scores only the points asked for, with supply ratios over every demand point', () => {
    const demand = [
      { e: 0, n: 0, population: 1000 },
      { e: 100, n: 0, population: 3000 },
    ];
    const supply = [{ e: 0, n: 0 }];
    const all = e2sfcaScores(demand, supply, { decay: { kind: 'stepped', weights: [1, 1, 1] } });
    const one = e2sfcaScores(demand, supply, { decay: { kind: 'stepped', weights: [1, 1, 1] }, scoreAt: [demand[1]!] });
    // R = 1 / 4000 for the one asset; both points get 1000 × R.
    expect(all).toEqual([0.25, 0.25]);
    expect(one).toEqual([0.25]);
  });
});
