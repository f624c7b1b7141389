import type { WorkerAsset } from '@common-ground/schema';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, isAbort } from '../../api/api-client.js';
import { staleAssets, verifyAsset } from '../../api/assets-api.js';
import { formatDate } from '../../lib/format.js';
import { AppLink } from '../panel/app-link.js';
import { PanelStatus } from '../panel/side-panel.js';

/** How many to show at a time: a morning's re-checking. */
const STALE_PAGE = 10;

/** When anyone last vouched for a place: a worker's check, or else its source's date. */
function checkedText(asset: WorkerAsset): string {
  if (asset.lastVerifiedAt) return `Last checked ${formatDate(asset.lastVerifiedAt)}`;
  const sourceDates = asset.provenance
    .map((p) => p.sourceDate)
    .filter((d): d is string => d !== null)
    .sort();
  return sourceDates[0] ? `Never checked; source dated ${formatDate(sourceDates[0])}` : 'Never checked';
}

/**
 * Places to re-check (issue 17): the published places in the worker's areas that have gone
 * longest without anyone confirming them, oldest first, each with "Mark as checked".
 */
export function StalePlaces() {
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; assets: WorkerAsset[] }>({
    status: 'loading',
  });
  const [done, setDone] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback((signal?: AbortSignal) => {
    staleAssets(STALE_PAGE, signal).then(
      (list) => setState({ status: 'ready', assets: list.assets }),
      (error: unknown) => {
        if (!isAbort(error)) setState({ status: 'error', message: errorMessage(error) });
      },
    );
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function check(asset: WorkerAsset) {
    setFailed(null);
    try {
      await verifyAsset(asset.id, asset.version);
      setDone(`${asset.name}: marked as checked today.`);
      load();
    } catch (error) {
      setFailed(`${asset.name}: ${errorMessage(error)}`);
    }
  }

  return (
    <section aria-labelledby="stale-heading" data-testid="stale-places">
      <h2 id="stale-heading" className="section-title">
        Places to re-check
      </h2>
      <p className="small muted">
        In your areas, the longest since anyone checked them first. Check the details (a call, a visit, their website), then mark them.
      </p>
      <p role="status" className="small" data-testid="stale-status">
        {done}
      </p>
      {failed && (
        <p className="inline-error small" role="alert">
          {failed}
        </p>
      )}
      {state.status === 'loading' && <PanelStatus kind="loading">Loading places to re-check…</PanelStatus>}
      {state.status === 'error' && <PanelStatus kind="error">{state.message}</PanelStatus>}
      {state.status === 'ready' &&
        (state.assets.length === 0 ? (
          <p>Nothing to re-check in your areas.</p>
        ) : (
          <ul className="card-list">
            {state.assets.map((asset) => (
              <li key={asset.id} className="card stale-place" data-testid="stale-place" data-asset-name={asset.name}>
                <div>
                  <p className="card__title">
                    <AppLink href={`/assets/${encodeURIComponent(asset.id)}`}>{asset.name}</AppLink>
                  </p>
                  <p className="small muted">
                    {asset.categoryName}
                    {asset.areaName ? ` · ${asset.areaName}` : ''} · {checkedText(asset)}
                  </p>
                </div>
                <button type="button" className="button button--quiet" onClick={() => void check(asset)}>
                  Mark as checked<span className="visually-hidden"> {asset.name}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
