import type { ClientConfig } from '@common-ground/schema';
import { AttributionControl, Map as MapLibreMap, NavigationControl, type MapOptions, type StyleSpecification } from 'maplibre-gl';
import { loadBasemap, type BasemapResult } from './basemap.js';
import { foldCompactCredits } from './credits.js';

export interface MapSetup {
  container: HTMLElement;
  /** Null until /api/config answers: the map then starts without a basemap or credits of its own. */
  config: ClientConfig | null;
  /** The whole style, given the basemap's (null when there is none, or it could not be loaded). */
  style: (basemap: StyleSpecification | null) => StyleSpecification;
  /** What a screen reader calls the map. */
  label: string;
  /** The rest of MapLibre's options: the view (a centre and zoom, or bounds), zoom limits, gestures. */
  options?: Omit<MapOptions, 'container' | 'style' | 'attributionControl'>;
  /**
   * Runs as soon as the map exists, before any of its events fire: add sources, controls and
   * listeners here. What it returns runs when the map is taken down.
   */
  onCreate?: (map: MapLibreMap, basemap: BasemapResult) => void | (() => void);
}

/**
 * How every map of the app starts: the basemap is fetched (or skipped: offline by default),
 * then the map is built with the same zoom buttons, compact credits (folded once the map
 * loads, so they do not cover it on a phone) and a label for screen readers. Returns the
 * function that takes it down, for a React effect to return:
 * @example useEffect(() => startMap({ container, config, label, style, options: { center, zoom: 15 } }), [config]);
 */
export function startMap(setup: MapSetup): () => void {
  let cancelled = false;
  let map: MapLibreMap | null = null;
  let cleanUp: void | (() => void);
  void loadBasemap(setup.config?.basemapStyleUrl ?? null).then((basemap) => {
    if (cancelled) return;
    const created = new MapLibreMap({
      container: setup.container,
      style: setup.style(basemap.ok ? basemap.style : null),
      attributionControl: false,
      dragRotate: false,
      ...setup.options,
    });
    map = created;
    created.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    created.addControl(new AttributionControl({ customAttribution: setup.config?.attributions ?? [], compact: true }), 'bottom-right');
    created.getCanvas().setAttribute('aria-label', setup.label);
    created.once('load', () => foldCompactCredits(created));
    cleanUp = setup.onCreate?.(created, basemap);
  });
  return () => {
    cancelled = true;
    cleanUp?.();
    map?.remove();
  };
}
