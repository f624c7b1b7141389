import { describe, expect, it } from 'vitest';
import { freshnessText, isContributed } from './freshness.js';

const source = (sourceDate: string | null) => ({ source: 'x', sourceId: null, sourceDate, licence: 'OGL-UK-3.0' });

describe('freshnessText', () => {
  it("tells a worker's check apart from an import", () => {
    expect(freshnessText({ basis: 'verified', checkedOn: '2026-03-03', stale: false })).toBe('Verified by a community worker on 3 March 2026');
    expect(freshnessText({ basis: 'verified', checkedOn: '2026-03-03', stale: false }, { verifiedBy: 'Sam' })).toBe(
      'Verified by Sam, a community worker, on 3 March 2026',
    );
    expect(freshnessText({ basis: 'source', checkedOn: '2016-01-01', stale: true })).toBe('Not checked since import (source 2016)');
    expect(freshnessText({ basis: 'unknown', checkedOn: null, stale: true })).toBe('Not checked by a community worker yet');
    expect(freshnessText({ basis: 'source', checkedOn: '2026-05-01', stale: false }, { contributed: true })).toBe(
      'Added by the community on 1 May 2026; not checked by a community worker since',
    );
  });
});

describe('isContributed', () => {
  it('is true only when every source is people adding it here', () => {
    expect(isContributed({ provenance: [source('x')].map((p) => ({ ...p, source: 'common-ground' })) })).toBe(true);
    expect(isContributed({ provenance: [source('2016')] })).toBe(false);
    expect(isContributed({ provenance: [] })).toBe(false);
  });
});
