import { MAP_FONTS } from '../../map/fonts.js';
import type { Asset, AssetWriteResult, Category, ClientConfig, WorkerAsset } from '@common-ground/schema';
import { Marker } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { getPublicAsset, getWorkerAsset, verifyAsset, type PublicAsset } from '../../api/assets-api.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../account/session.js';
import { Notes } from '../annotations/notes.js';
import { fromRecord } from '../contribute/asset-draft.js';
import { EditAsset } from '../contribute/edit-asset.js';
import { ReportProblem } from '../contribute/report-problem.js';
import { HistorySection } from '../history/history-section.js';
import { startMap } from '../../map/start-map.js';
import { buildStyle } from '../../map/map-style.js';
import { PanelStatus } from '../panel/side-panel.js';
import { AssetDetails } from './asset-panel.js';
import { freshnessText, isContributed } from './freshness.js';
import { useLatest } from '../../lib/use-latest.js';

interface PageAsset {
  /** What the page shows: the public record, or for a worker the worker's view when it is not public. */
  asset: PublicAsset;
  /** A worker's view (sensitive flag, who verified it), or null for everyone else. */
  worker: WorkerAsset | null;
}

/** `id|w|n`: the asset, whether a worker asks, and a reload counter. */
async function loadPageAsset(key: string, signal: AbortSignal): Promise<PageAsset> {
  const [id = '', who] = key.split('|');
  if (who !== 'w') return { asset: await getPublicAsset(id, signal), worker: null };
  const [publicAsset, worker] = await Promise.allSettled([getPublicAsset(id, signal), getWorkerAsset(id, signal)]);
  if (worker.status === 'rejected') {
    if (publicAsset.status === 'fulfilled') return { asset: publicAsset.value, worker: null };
    throw worker.reason;
  }
  // Pending and sensitive assets have no public record: workers see theirs.
  return { asset: publicAsset.status === 'fulfilled' ? publicAsset.value : worker.value, worker: worker.value };
}

export interface AssetPageProps {
  id: string;
  config: ClientConfig | null;
  categories: readonly Category[];
  onBack: () => void;
  onShowArea: (code: string) => void;
}

/** One community asset on its own shareable page (/assets/:id), with a small map. */
export function AssetPage({ id, config, categories, onBack, onShowArea }: AssetPageProps) {
  const session = useSession();
  const [reloads, setReloads] = useState(0);
  const resource = useResource(`${id}|${session.isWorker ? 'w' : 'p'}|${reloads}`, loadPageAsset);
  // Keep showing the last answer while a reload (after an edit) is under way.
  const [shown, setShown] = useState<PageAsset | null>(null);
  useEffect(() => {
    if (resource.status === 'ready') setShown(resource.data);
  }, [resource]);
  useEffect(() => setShown(null), [id]);
  const current = resource.status === 'ready' ? resource.data : shown;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const title = current ? current.asset.name : resource.status === 'error' ? 'Place not available' : 'Loading place…';

  useEffect(() => {
    document.title = `${title} · Common Ground`;
  }, [title]);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [id]);

  return (
    <main className="asset-page" data-testid="asset-page" aria-busy={resource.status === 'loading'}>
      <div className="asset-page__inner">
        <nav aria-label="Page" className="asset-page__nav">
          <button type="button" className="button button--quiet" onClick={onBack} data-testid="asset-page-back">
            ← Back to the map
          </button>
        </nav>
        <p className="side-panel__kicker">Community asset</p>
        <h1 ref={headingRef} tabIndex={-1} className="asset-page__title">
          {title}
        </h1>
        {!current && resource.status === 'loading' && <PanelStatus kind="loading">Loading details…</PanelStatus>}
        {!current && resource.status === 'error' && <PanelStatus kind="error">{resource.message}</PanelStatus>}
        {current && (
          <div className="asset-page__grid">
            <div>
              <AssetBody
                page={current}
                config={config}
                categories={categories}
                onShowArea={onShowArea}
                onChanged={() => setReloads((n) => n + 1)}
                reloads={reloads}
              />
            </div>
            {config && <MiniMap asset={current.asset} config={config} categories={categories} />}
          </div>
        )}
      </div>
    </main>
  );
}

interface AssetBodyProps {
  page: PageAsset;
  config: ClientConfig | null;
  categories: readonly Category[];
  onShowArea: (code: string) => void;
  onChanged: () => void;
  reloads: number;
}

/** The asset's facts, how fresh they are, and what people can do with it: edit, verify, report, notes, history. */
function AssetBody({ page, config, categories, onShowArea, onChanged, reloads }: AssetBodyProps) {
  const session = useSession();
  const { asset, worker } = page;
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const freshness = asset.freshness;
  const version = worker?.version ?? asset.version;

  function done(result: AssetWriteResult) {
    setEditing(false);
    setOutcome(
      result.outcome === 'pending'
        ? 'Sent for review — a community worker will check your change. The page shows the current version until then.'
        : 'Your change is published.',
    );
    onChanged();
    requestAnimationFrame(() => outcomeRef.current?.focus());
  }

  function verify() {
    setError(null);
    verifyAsset(asset.id, version).then(
      () => {
        setOutcome('Marked as checked today.');
        onChanged();
      },
      (e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 409
            ? 'Someone changed this place meanwhile; the page now shows the latest. Check it and try again.'
            : errorMessage(e),
        ),
    );
  }

  if (editing) {
    return (
      <section aria-label={`Edit ${asset.name}`}>
        <h2 className="section-title">Edit this place</h2>
        {!session.isWorker && <p>A community worker checks changes before they are published.</p>}
        <EditAsset
          assetId={asset.id}
          initial={fromRecord(worker ?? asset)}
          baseVersion={version}
          categories={categories}
          config={config}
          isWorker={session.isWorker}
          submitLabel={session.isWorker ? 'Save and publish' : 'Send for review'}
          onDone={done}
          onCancel={() => {
            setEditing(false);
            requestAnimationFrame(() => editRef.current?.focus());
          }}
        />
      </section>
    );
  }

  return (
    <>
      {worker && (worker.sensitive || worker.reviewState !== 'published') && (
        <p className="status-note" data-testid="worker-flags">
          {worker.sensitive ? 'Sensitive location: never shown publicly. ' : ''}
          {worker.reviewState !== 'published' ? `Not public: ${worker.reviewState.replace('_', ' ')}.` : ''}
        </p>
      )}
      <p className={`freshness${freshness.stale ? ' freshness--stale' : ''}`} data-testid="freshness">
        {freshnessText(freshness, { verifiedBy: worker?.verifiedBy?.displayName ?? null, contributed: isContributed(asset) })}
        {freshness.stale && <strong> · May be out of date</strong>}
      </p>
      {outcome && (
        <p ref={outcomeRef} tabIndex={-1} className="card" role="status" data-testid="asset-outcome">
          {outcome}
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button ref={editRef} type="button" className="button button--quiet" onClick={() => session.requireSignIn(() => setEditing(true))}>
          Edit<span className="visually-hidden"> {asset.name}</span>
        </button>
        {session.isWorker && (
          <button type="button" className="button button--quiet" onClick={verify}>
            Mark as checked today
          </button>
        )}
      </div>
      <AssetDetails asset={asset} categories={categories} onShowArea={onShowArea} sectionHeading="h2" />
      <p className="muted small">Record updated {formatDate(asset.updatedAt)}.</p>
      <div className="asset-actions">
        <ReportProblem assetId={asset.id} assetName={asset.name} />
        <Notes target={{ type: 'asset', assetId: asset.id }} subject={asset.name} />
        <HistorySection
          assetId={asset.id}
          assetName={asset.name}
          currentVersion={version}
          isWorker={session.isWorker}
          refreshKey={reloads}
          onReverted={onChanged}
        />
      </div>
    </>
  );
}

/** A small map centred on the asset, with a marker. It is a picture: the address is in the text. */
function MiniMap({ asset, config, categories }: { asset: Asset; config: ClientConfig; categories: readonly Category[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const categoriesRef = useLatest(categories);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const [lon, lat] = asset.location.coordinates;
    return startMap({
      container,
      config,
      label: `Small map showing where ${asset.name} is`,
      style: (basemap) =>
        buildStyle({
          origin: window.location.origin,
          measure: 'imd',
          categories: categoriesRef.current,
          assetFilter: { showDefunct: false, hiddenGroups: [] },
          basemap,
          fonts: MAP_FONTS,
        }),
      options: { center: [lon, lat], zoom: 15, cooperativeGestures: true },
      onCreate: (map) => {
        new Marker({ color: '#1d3b4f' }).setLngLat([lon, lat]).addTo(map);
      },
    });
    // Categories only colour the neighbouring dots: not worth rebuilding the map for.
  }, [asset, config, categoriesRef]);
  return (
    <figure className="asset-page__map">
      <div ref={ref} className="mini-map" />
      <figcaption className="muted small">Where it is. The address and how exact the pin is are given beside the map.</figcaption>
    </figure>
  );
}
