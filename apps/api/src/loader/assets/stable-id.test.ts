import type { AssetCandidate } from '@common-ground/geo/asset-files';
import { describe, expect, it } from 'vitest';
import { assetIds, stableAssetId } from './load-assets.js';

describe('stableAssetId', () => {
  it('gives a record the same version-5 UUID on every load', () => {
    const id = stableAssetId('nhs-ods-gp-practices', 'C83036');
    expect(id).toBe(stableAssetId('nhs-ods-gp-practices', 'C83036'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs between sources and ids', () => {
    expect(stableAssetId('a', '1')).not.toBe(stableAssetId('b', '1'));
    expect(stableAssetId('a', '1')).not.toBe(stableAssetId('a', '2'));
  });
});

describe('assetIds', () => {
  const record = (source: string, sourceId: string): AssetCandidate => ({
    source,
    sourceId,
    name: 'Marple Library',
    categoryCode: 'library',
    lon: -2.06,
    lat: 53.39,
    precision: 'exact',
  });
  const gm = record('gm-libraries', 'Marple Library|SK6 6BA');
  const register = record('libraries-register', 'Stockport|Marple');

  it('gives a new group the stable id of its lead record', () => {
    const group = [gm, register];
    expect(assetIds([group], () => undefined).get(group)).toBe(stableAssetId('gm-libraries', 'Marple Library|SK6 6BA'));
  });

  it('keeps the id a record already has, so a record joining another asset brings its links along', () => {
    const group = [gm, register];
    const stored = new Map([[register, 'a0000000-0000-5000-8000-000000000001']]);
    expect(assetIds([group], (r) => stored.get(r)).get(group)).toBe('a0000000-0000-5000-8000-000000000001');
  });

  it('gives each stored id to one group only when an asset’s records split apart', () => {
    const first = [gm];
    const second = [register];
    const ids = assetIds([first, second], () => 'a0000000-0000-5000-8000-000000000001');
    expect(ids.get(first)).toBe('a0000000-0000-5000-8000-000000000001');
    expect(ids.get(second)).toBe(stableAssetId('libraries-register', 'Stockport|Marple'));
  });
});
