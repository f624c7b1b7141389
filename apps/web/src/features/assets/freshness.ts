import { STALE_AFTER_DAYS, type Asset, type Freshness } from '@common-ground/schema';
import { formatDate } from '../../lib/format.js';

/**
 * How recently an asset was checked. The API sends this (`freshness`); an answer without it
 * (an older server, a worker's view) gets the same rule worked out here: the later of the
 * last verification and the newest source date, stale after STALE_AFTER_DAYS.
 */
export function freshnessOf(asset: Pick<Asset, 'lastVerifiedAt' | 'provenance'> & { freshness?: Freshness | undefined }, now = new Date()): Freshness {
  if (asset.freshness) return asset.freshness;
  const verified = asset.lastVerifiedAt?.slice(0, 10) ?? null;
  const sourced = asset.provenance.map((p) => p.sourceDate).filter((d): d is string => Boolean(d)).sort().at(-1) ?? null;
  // A source date may be a year or a month: compare as its first day.
  const sourceDay = sourced === null ? null : sourced.length === 4 ? `${sourced}-01-01` : sourced.length === 7 ? `${sourced}-01` : sourced.slice(0, 10);
  const basis = verified && (!sourceDay || verified >= sourceDay) ? 'verified' : sourceDay ? 'source' : 'unknown';
  const checkedOn = basis === 'verified' ? verified : basis === 'source' ? sourceDay : null;
  const stale = checkedOn === null || now.getTime() - new Date(`${checkedOn}T00:00:00Z`).getTime() > STALE_AFTER_DAYS * 86_400_000;
  return { basis, checkedOn, stale };
}

/** The source the API records for places people add here (rather than import). */
export const CONTRIBUTION_SOURCE = 'common-ground';

/** True when every source of an asset is people adding it here. */
export function isContributed(asset: Pick<Asset, 'provenance'>): boolean {
  return asset.provenance.length > 0 && asset.provenance.every((p) => p.source === CONTRIBUTION_SOURCE);
}

/**
 * Freshness in plain words. A worker's check and an import are told apart, because "the data
 * was published in 2016" is not "someone checked it".
 * @example freshnessText({ basis: 'verified', checkedOn: '2026-03-03', stale: false }) // 'Verified by a community worker on 3 March 2026'
 * @example freshnessText({ basis: 'source', checkedOn: '2016-01-01', stale: true }) // 'Not checked since import (source 2016)'
 */
export function freshnessText(freshness: Freshness, { verifiedBy = null, contributed = false }: { verifiedBy?: string | null; contributed?: boolean } = {}): string {
  if (freshness.basis === 'verified' && freshness.checkedOn) {
    return `Verified by ${verifiedBy ? `${verifiedBy}, a community worker,` : 'a community worker'} on ${formatDate(freshness.checkedOn)}`;
  }
  if (freshness.basis === 'source' && freshness.checkedOn) {
    // A place people added here has no import to speak of: its date is the day it was added.
    return contributed
      ? `Added by the community on ${formatDate(freshness.checkedOn)}; not checked by a community worker since`
      : `Not checked since import (source ${freshness.checkedOn.slice(0, 4)})`;
  }
  return 'Not checked by a community worker yet';
}
