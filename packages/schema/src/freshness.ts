import { STALE_AFTER_DAYS, type Freshness } from './asset.js';

const DAY_MS = 86_400_000;

/**
 * How fresh an asset's details are: the later of a worker's last check and its source's
 * date. A verification on the source's own date counts as `verified` (a person looked).
 * An asset with neither date is `unknown` and counted stale: nothing says it still runs.
 * The one place freshness is decided; the public page and workers' views both use it.
 * @example freshness('2025-03-01T10:00:00Z', '2016-02-01', new Date('2025-06-01'))
 *   // { basis: 'verified', checkedOn: '2025-03-01', stale: false }
 */
export function freshness(lastVerifiedAt: string | null, sourceDate: string | null, now: Date = new Date()): Freshness {
  const verifiedOn = lastVerifiedAt ? lastVerifiedAt.slice(0, 10) : null;
  const sourceOn = sourceDate ? sourceDate.slice(0, 10) : null;
  // ISO dates compare correctly as strings.
  const basis = verifiedOn && (!sourceOn || verifiedOn >= sourceOn) ? 'verified' : sourceOn ? 'source' : 'unknown';
  const checkedOn = basis === 'verified' ? verifiedOn : basis === 'source' ? sourceOn : null;
  const stale = checkedOn === null || now.getTime() - Date.parse(`${checkedOn}T00:00:00Z`) > STALE_AFTER_DAYS * DAY_MS;
  return { basis, checkedOn, stale };
}
