import { STALE_AFTER_DAYS } from './asset.js';
import { describe, expect, it } from 'vitest';
import { freshness } from './freshness.js';

const NOW = new Date('2025-06-01T12:00:00Z');

describe('freshness', () => {
  it('counts from a worker check later than the source', () => {
    expect(freshness('2025-03-01T10:00:00Z', '2016-02-01', NOW)).toEqual({ basis: 'verified', checkedOn: '2025-03-01', stale: false });
  });

  it('counts from the source when nobody has checked since import', () => {
    expect(freshness(null, '2016-02-01', NOW)).toEqual({ basis: 'source', checkedOn: '2016-02-01', stale: true });
  });

  it('counts from the source when it is newer than the last check', () => {
    expect(freshness('2020-01-01T00:00:00Z', '2025-05-01', NOW)).toEqual({ basis: 'source', checkedOn: '2025-05-01', stale: false });
  });

  it('counts a check on the source date as verified', () => {
    expect(freshness('2025-05-01T08:00:00Z', '2025-05-01', NOW).basis).toBe('verified');
  });

  it('is unknown, and stale, with neither date', () => {
    expect(freshness(null, null, NOW)).toEqual({ basis: 'unknown', checkedOn: null, stale: true });
  });

  it(`turns stale after ${STALE_AFTER_DAYS} days`, () => {
    const day = (offset: number) => new Date(NOW.getTime() - offset * 86_400_000).toISOString();
    expect(freshness(day(STALE_AFTER_DAYS - 1), null, NOW).stale).toBe(false);
    expect(freshness(day(STALE_AFTER_DAYS + 1), null, NOW).stale).toBe(true);
  });
});
