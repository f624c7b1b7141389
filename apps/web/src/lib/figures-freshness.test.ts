import { describe, expect, it } from 'vitest';
import { freshnessText } from './figures-freshness.js';

describe('freshnessText', () => {
  const now = new Date('2025-05-01T15:00:00Z');

  it('gives the London time of the figures and how many changes are not in them yet', () => {
    expect(freshnessText({ figuresAsOf: '2025-05-01T10:42:10.000Z', pendingChanges: 3 }, now)).toBe('Figures as of 11:42; 3 recent changes not yet included.');
    expect(freshnessText({ figuresAsOf: '2025-05-01T10:42:10.000Z', pendingChanges: 1 }, now)).toBe('Figures as of 11:42; 1 recent change not yet included.');
    expect(freshnessText({ figuresAsOf: '2025-05-01T10:42:10.000Z', pendingChanges: 1200 }, now)).toBe(
      'Figures as of 11:42; 1,200 recent changes not yet included.',
    );
  });

  it('says when no change has been made since', () => {
    expect(freshnessText({ figuresAsOf: '2025-05-01T10:42:10.000Z', pendingChanges: 0 }, now)).toBe('Figures as of 11:42; no changes to places since.');
  });

  it('names the day when the figures are from another day in London', () => {
    expect(freshnessText({ figuresAsOf: '2025-04-29T23:30:00.000Z', pendingChanges: 2 }, now)).toBe(
      'Figures as of 30 April, 00:30; 2 recent changes not yet included.',
    );
  });

  it('says figures were worked out for the answer when none were stored', () => {
    expect(freshnessText({ figuresAsOf: null, pendingChanges: 0 }, now)).toBe('Figures worked out just now from the places as they are.');
  });
});
