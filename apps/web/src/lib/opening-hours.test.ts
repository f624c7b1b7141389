import { describe, expect, it } from 'vitest';
import { openingStatus } from './opening-hours.js';

describe('openingStatus', () => {
  it('says a place is open and when it closes, in London time', () => {
    // Monday 23 November 2026, 10:00 GMT.
    expect(openingStatus('Mo-Fr 09:00-17:00', new Date('2026-11-23T10:00:00Z'))).toBe('Open now, closes at 5pm');
  });

  it('reads British Summer Time: 08:30 UTC in July is 09:30 in London', () => {
    expect(openingStatus('Mo-Fr 09:00-17:00', new Date('2026-07-06T08:30:00Z'))).toBe('Open now, closes at 5pm');
  });

  it('says when a closed place opens next', () => {
    expect(openingStatus('Mo-Fr 09:00-17:00', new Date('2026-11-23T18:00:00Z'))).toBe('Closed now, opens tomorrow at 9am');
    expect(openingStatus('Mo-Fr 09:00-17:00', new Date('2026-11-28T12:00:00Z'))).toBe('Closed now, opens Monday at 9am');
  });

  it('gives null for rules it cannot read', () => {
    expect(openingStatus('whenever we feel like it')).toBeNull();
  });
});
