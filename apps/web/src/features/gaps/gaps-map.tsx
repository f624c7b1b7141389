import type { ClientConfig, GapsLayer } from '@common-ground/schema';
import { ScaleControl, setWorkerUrl, type Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/api-client.js';
import { startMap } from '../../map/start-map.js';
import { AREAS_SOURCE, ENGLAND_BOUNDS, matchOne } from '../../map/map-style.js';
import { featureStates, GAP_LAYER, gapsStyle } from './gaps-map-style.js';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The live gap map, for end-to-end tests and debugging. */
    __commonGroundGaps?: { map: MapLibreMap };
  }
}

export interface GapsMapProps {
  config: ClientConfig;
  /** The classes to draw, or null while loading (the map keeps the last ones meanwhile). */
  layer: GapsLayer | null;
  selected: string | null;
  onSelect: (code: string) => void;
  /** Said to screen readers as the map's label: the table is its text alternative. */
  label: string;
}

type Bounds = [[number, number], [number, number]];

const toBounds = (b: [number, number, number, number]): Bounds => [
  [b[0], b[1]],
  [b[2], b[3]],
];

/**
 * The bivariate gap map: the `areas` LSOA tiles coloured by the classes of GET
 * /api/gaps/layer, joined on by code with feature-state. Clicking an LSOA of the area
 * selects it; the selected one is outlined and flown to.
 */
export function GapsMap({ config, layer, selected, onSelect, label }: GapsMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const latest = useRef({ onSelect, layer, selected });
  latest.current = { onSelect, layer, selected };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    return startMap({
      container,
      config,
      // The effect below names it after the answer shown.
      label: 'Map of where provision is thin',
      style: (basemap) => gapsStyle(window.location.origin, basemap),
      options: {
        bounds: latest.current.layer?.bbox ? toBounds(latest.current.layer.bbox) : ENGLAND_BOUNDS,
        fitBoundsOptions: { padding: 16 },
        minZoom: 4,
        maxZoom: 17,
        pitchWithRotate: false,
        touchPitch: false,
      },
      onCreate: (m) => {
        m.touchZoomRotate.disableRotation();
        m.keyboard.disableRotation();
        m.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
        m.on('click', GAP_LAYER.fill, (event) => {
          const feature = event.features?.[0];
          const code: unknown = feature?.properties.code;
          // Only LSOAs of the area have a class to explain.
          if (typeof code === 'string' && latest.current.layer?.classes[code]) latest.current.onSelect(code);
        });
        m.on('mouseenter', GAP_LAYER.fill, () => (m.getCanvas().style.cursor = 'pointer'));
        m.on('mouseleave', GAP_LAYER.fill, () => (m.getCanvas().style.cursor = ''));
        const onIdle = () => {
          if (m.isSourceLoaded(AREAS_SOURCE)) {
            document.body.dataset.gapsMapReady = 'true';
            m.off('idle', onIdle);
          }
        };
        m.on('idle', onIdle);
        m.once('load', () => setMap(m));
        window.__commonGroundGaps = { map: m };
        return () => {
          if (window.__commonGroundGaps?.map === m) delete window.__commonGroundGaps;
          delete document.body.dataset.gapsMapReady;
          setMap(null);
        };
      },
    });
  }, [config]);

  useEffect(() => {
    map?.getCanvas().setAttribute('aria-label', label);
  }, [map, label]);

  // The classes, joined onto the tiles by code; LSOAs of a previous answer are cleared first.
  useEffect(() => {
    if (!map || !layer) return;
    map.removeFeatureState({ source: AREAS_SOURCE, sourceLayer: AREAS_SOURCE });
    for (const [code, state] of featureStates(layer)) {
      map.setFeatureState({ source: AREAS_SOURCE, sourceLayer: AREAS_SOURCE, id: code }, { cell: state.cell, flag: state.flag });
    }
    document.body.dataset.gapsLayer = String(Object.keys(layer.classes).length);
  }, [map, layer]);

  // A new area: show all of it (England when none), unless an LSOA is picked.
  const bboxKey = layer?.bbox?.join(',') ?? 'england';
  useEffect(() => {
    const { layer: current, selected: picked } = latest.current;
    if (!map || !current || picked) return;
    map.fitBounds(current.bbox ? toBounds(current.bbox) : ENGLAND_BOUNDS, { padding: 24, duration: 0 });
    // Only when the area changes, not on every new answer for it.
  }, [map, bboxKey]);

  useEffect(() => {
    if (!map) return;
    map.setFilter(GAP_LAYER.selectedCasing, matchOne('code', selected));
    map.setFilter(GAP_LAYER.selected, matchOne('code', selected));
    if (!selected) return;
    const controller = new AbortController();
    api.getArea(selected, controller.signal).then(
      (area) => map.fitBounds(toBounds(area.bbox), { padding: 64, maxZoom: 15 }),
      () => undefined,
    );
    return () => controller.abort();
  }, [map, selected]);

  return <div ref={containerRef} className="gaps-map" data-testid="gaps-map" />;
}
