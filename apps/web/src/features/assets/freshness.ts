import { CONTRIBUTION_SOURCE, type Asset, type Freshness } from '@common-ground/schema';
import { formatDate } from '../../lib/format.js';

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
export function freshnessText(
  freshness: Freshness,
  { verifiedBy = null, contributed = false }: { verifiedBy?: string | null; contributed?: boolean } = {},
): string {
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
