import type { Category, ClientConfig, DeprivationDomain } from '@common-ground/schema';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage, isAbort } from './api/api-client.js';
import { AreaPanel } from './features/areas/area-panel.js';
import { AssetPanel } from './features/assets/asset-panel.js';
import { AssetLegend } from './features/legend/asset-legend.js';
import { DeprivationLegend } from './features/legend/deprivation-legend.js';
import { SourcesDialog } from './features/sources/sources-dialog.js';
import type { AssetFilterOptions } from './map/map-style.js';
import { MapView, type Selection } from './map/map-view.js';

/** Used when /api/config cannot be read: the map still draws, without a basemap. */
const FALLBACK_CONFIG: ClientConfig = { basemapStyleUrl: null, attributions: [] };

const NARROW = '(max-width: 40rem)';

export function App() {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryError, setCategoryError] = useState<string | null>(null);
  const [measure, setMeasure] = useState<DeprivationDomain>('imd');
  const [assetFilter, setAssetFilter] = useState<AssetFilterOptions>({ showDefunct: false, hiddenGroups: [] });
  const [selection, setSelection] = useState<Selection>(null);
  const [sourcesOpen, setSourcesOpen] = useState(false);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  // On a phone the key starts folded so the map shows; it is one tap away.
  const [keyOpen, setKeyOpen] = useState(() => !window.matchMedia(NARROW).matches);

  const notify = useCallback((message: string) => {
    setNotices((current) => (current.includes(message) ? current : [...current, message]));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    api.getConfig(controller.signal).then(setConfig, (error: unknown) => {
      if (isAbort(error)) return;
      notify(`Settings could not be loaded (${errorMessage(error)}). Showing the map without a basemap.`);
      setConfig(FALLBACK_CONFIG);
    });
    api.getCategories(controller.signal).then(setCategories, (error: unknown) => {
      if (!isAbort(error)) setCategoryError(errorMessage(error));
    });
    return () => controller.abort();
  }, [notify]);

  const closePanel = useCallback(() => {
    const panelHadFocus = Boolean(document.activeElement?.closest('.side-panel'));
    setSelection(null);
    // Send focus back to the map rather than letting it fall to the page.
    if (panelHadFocus) map?.getCanvas().focus();
  }, [map]);

  const zoomTo = useCallback(
    (bbox: [number, number, number, number]) => {
      map?.fitBounds(
        [
          [bbox[0], bbox[1]],
          [bbox[2], bbox[3]],
        ],
        { padding: 48, maxZoom: 16 },
      );
    },
    [map],
  );

  return (
    <div className={`app${selection ? ' app--with-panel' : ''}`}>
      <div className="map-area">
        <button type="button" className="skip-link" onClick={() => map?.getCanvas().focus()} disabled={!map}>
          Skip to the map
        </button>
        <aside className="map-key" aria-label="Map key and settings">
          <header className="map-key__header">
            <div className="brand">
              <img src="/favicon.svg" alt="" width="28" height="28" />
              <div>
                <h1 className="brand__name">Common Ground</h1>
                <p className="brand__tagline">Community assets and neighbourhood deprivation in England</p>
              </div>
            </div>
          </header>
          <div className="map-key__actions">
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={keyOpen}
              aria-controls="map-key-body"
              onClick={() => setKeyOpen((open) => !open)}
            >
              {keyOpen ? 'Hide map key' : 'Show map key'}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setSourcesOpen(true)}>
              Data sources
            </button>
          </div>
          <div id="map-key-body" className="map-key__body" hidden={!keyOpen}>
            <DeprivationLegend measure={measure} onMeasureChange={setMeasure} />
            <AssetLegend categories={categories} filter={assetFilter} onFilterChange={setAssetFilter} error={categoryError} />
          </div>
        </aside>

        {config ? (
          <MapView
            config={config}
            categories={categories}
            measure={measure}
            assetFilter={assetFilter}
            selection={selection}
            onSelect={setSelection}
            onMapReady={setMap}
            onNotice={notify}
          />
        ) : (
          <div className="map map--loading" role="status">
            Loading the map…
          </div>
        )}

        {notices.length > 0 && (
          <div className="notices" role="status">
            {notices.map((n) => (
              <p key={n} className="notice">
                <span>{n}</span>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setNotices((current) => current.filter((c) => c !== n))}
                >
                  Dismiss
                </button>
              </p>
            ))}
          </div>
        )}
      </div>

      {selection?.kind === 'area' && (
        <AreaPanel code={selection.code} categories={categories} onClose={closePanel} onZoomTo={zoomTo} />
      )}
      {selection?.kind === 'asset' && (
        <AssetPanel
          id={selection.id}
          categories={categories}
          onClose={closePanel}
          onShowArea={(code) => setSelection({ kind: 'area', code })}
        />
      )}

      <SourcesDialog open={sourcesOpen} onClose={() => setSourcesOpen(false)} />
    </div>
  );
}
