import type { Asset, Category, ClientConfig } from '@common-ground/schema';
import { AttributionControl, Map as MapLibreMap, Marker, NavigationControl } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { api } from '../../api/api-client.js';
import { formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { loadBasemap } from '../../map/basemap.js';
import { foldCompactCredits } from '../../map/credits.js';
import { buildStyle } from '../../map/map-style.js';
import { PanelStatus } from '../panel/side-panel.js';
import { AssetDetails } from './asset-panel.js';

const loadAsset = (id: string, signal: AbortSignal) => api.getAsset(id, signal);

export interface AssetPageProps {
  id: string;
  config: ClientConfig | null;
  categories: readonly Category[];
  onBack: () => void;
  onShowArea: (code: string) => void;
}

/** One community asset on its own shareable page (/assets/:id), with a small map. */
export function AssetPage({ id, config, categories, onBack, onShowArea }: AssetPageProps) {
  const asset = useResource(id, loadAsset);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const title = asset.status === 'ready' ? asset.data.name : asset.status === 'error' ? 'Place not available' : 'Loading place…';

  useEffect(() => {
    document.title = `${title} · Common Ground`;
  }, [title]);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [id]);

  return (
    <main className="asset-page" data-testid="asset-page" aria-busy={asset.status === 'loading'}>
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
        {asset.status === 'loading' && <PanelStatus kind="loading">Loading details…</PanelStatus>}
        {asset.status === 'error' && <PanelStatus kind="error">{asset.message}</PanelStatus>}
        {asset.status === 'ready' && (
          <div className="asset-page__grid">
            <div>
              <AssetDetails asset={asset.data} categories={categories} onShowArea={onShowArea} sectionHeading="h2" />
              <p className="muted small">
                Record updated {formatDate(asset.data.updatedAt)}.
              </p>
            </div>
            {config && <MiniMap asset={asset.data} config={config} categories={categories} />}
          </div>
        )}
      </div>
    </main>
  );
}

/** A small map centred on the asset, with a marker. It is a picture: the address is in the text. */
function MiniMap({ asset, config, categories }: { asset: Asset; config: ClientConfig; categories: readonly Category[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    let cancelled = false;
    let map: MapLibreMap | null = null;
    void (async () => {
      const basemap = await loadBasemap(config.basemapStyleUrl);
      if (cancelled) return;
      const [lon, lat] = asset.location.coordinates;
      map = new MapLibreMap({
        container,
        style: buildStyle({
          origin: window.location.origin,
          measure: 'imd',
          categories,
          assetFilter: { showDefunct: false, hiddenGroups: [] },
          basemap: basemap.ok ? basemap.style : null,
        }),
        center: [lon, lat],
        zoom: 15,
        attributionControl: false,
        dragRotate: false,
        cooperativeGestures: true,
      });
      map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new AttributionControl({ customAttribution: config.attributions, compact: true }), 'bottom-right');
      map.getCanvas().setAttribute('aria-label', `Small map showing where ${asset.name} is`);
      new Marker({ color: '#1d3b4f' }).setLngLat([lon, lat]).addTo(map);
      // Fold the compact credits so they do not cover the pin.
      const folding = map;
      folding.once('load', () => foldCompactCredits(folding));
    })();
    return () => {
      cancelled = true;
      map?.remove();
    };
    // Categories only colour the neighbouring dots: not worth rebuilding the map for.
  }, [asset, config]);
  return (
    <figure className="asset-page__map">
      <div ref={ref} className="mini-map" />
      <figcaption className="muted small">Where it is. The address and how exact the pin is are given beside the map.</figcaption>
    </figure>
  );
}
