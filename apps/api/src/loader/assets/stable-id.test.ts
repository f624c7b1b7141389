import { describe, expect, it } from 'vitest';
import { stableAssetId } from './load-assets.js';

describe('stableAssetId', () => {
  it('gives a record the same version-5 UUID on every load', () => {
    const id = stableAssetId('nhs-gp-practices', 'C83036');
    expect(id).toBe(stableAssetId('nhs-gp-practices', 'C83036'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs between sources and ids', () => {
    expect(stableAssetId('a', '1')).not.toBe(stableAssetId('b', '1'));
    expect(stableAssetId('a', '1')).not.toBe(stableAssetId('a', '2'));
  });
});
