import { MAP_FONTS } from '../../map/fonts.js';
import type { AreaShape, ClientConfig } from '@common-ground/schema';
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { useEffect, useRef } from 'react';
import { startMap } from '../../map/start-map.js';
import { AREAS_SOURCE, buildStyle, ENGLAND_BOUNDS, LAYER } from '../../map/map-style.js';

/*
 * The area builder's map: click LSOAs to pick them (again to drop them), or draw a polygon
 * with terra-draw (click each corner, click the first again or double-click to finish).
 * The LSOA tiles and MapLibre worker are the main map's; without a basemap it still works.
 */

export type BuilderMode = 'pick' | 'draw';

const PICKED_FILL = 'ca-picked-fill';
const PICKED_LINE = 'ca-picked-line';

const pickedFilter = (codes: readonly string[]): FilterSpecification => ['in', ['get', 'code'], ['literal', [...codes]]];

export interface BuilderMapProps {
  config: ClientConfig | null;
  mode: BuilderMode;
  picked: readonly string[];
  onToggle: (code: string, name: string) => void;
  /** The drawn polygon when finished; null when cleared. */
  onDrawn: (shape: AreaShape | null) => void;
  /** Bumped to wipe the drawing. */
  clearDrawing: number;
  /** [west, south, east, north] to show, e.g. after an LSOA is found by name. */
  focus: [number, number, number, number] | null;
}

export function BuilderMap({ config, mode, picked, onToggle, onDrawn, clearDrawing, focus }: BuilderMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const drawRef = useRef<TerraDraw | null>(null);
  const latest = useRef({ mode, picked, onToggle, onDrawn });
  latest.current = { mode, picked, onToggle, onDrawn };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    return startMap({
      container,
      config,
      label: 'Map for building an area: click LSOAs to pick them, or draw an outline',
      style: (basemap) =>
        buildStyle({
          origin: window.location.origin,
          measure: 'imd',
          categories: [],
          assetFilter: { showDefunct: false, hiddenGroups: [] },
          basemap,
          fonts: MAP_FONTS,
        }),
      options: { bounds: ENGLAND_BOUNDS, minZoom: 4, maxZoom: 18, pitchWithRotate: false },
      onCreate: (live) => {
        mapRef.current = live;
        (window as { __areaBuilder?: MapLibreMap }).__areaBuilder = live;
        live.once('style.load', () => {
          // Picked LSOAs over the deprivation shading, under the assets.
          live.addLayer(
            {
              id: PICKED_FILL,
              type: 'fill',
              source: AREAS_SOURCE,
              'source-layer': AREAS_SOURCE,
              filter: pickedFilter(latest.current.picked),
              paint: { 'fill-color': '#1d4ed8', 'fill-opacity': 0.45 },
            },
            LAYER.assets,
          );
          live.addLayer(
            {
              id: PICKED_LINE,
              type: 'line',
              source: AREAS_SOURCE,
              'source-layer': AREAS_SOURCE,
              filter: pickedFilter(latest.current.picked),
              paint: { 'line-color': '#1e3a8a', 'line-width': 2 },
            },
            LAYER.assets,
          );
          const draw = new TerraDraw({
            adapter: new TerraDrawMapLibreGLAdapter({ map: live }),
            modes: [new TerraDrawPolygonMode()],
          });
          draw.start();
          draw.setMode(latest.current.mode === 'draw' ? 'polygon' : 'static');
          draw.on('finish', (id) => {
            // One outline at a time: a new one replaces the old.
            const features = draw.getSnapshot();
            const others = features.filter((f) => f.id !== id).map((f) => f.id!);
            if (others.length) draw.removeFeatures(others);
            const finished = draw.getSnapshotFeature(id);
            if (finished?.geometry.type === 'Polygon') {
              latest.current.onDrawn({ type: 'Polygon', coordinates: finished.geometry.coordinates as [number, number][][] });
            }
          });
          drawRef.current = draw;
          live.getContainer().dataset.builderReady = 'true';
        });
        live.on('click', (event) => {
          if (latest.current.mode !== 'pick') return;
          const area = live.queryRenderedFeatures(event.point, { layers: [LAYER.areasFill] })[0];
          const { code, name } = (area?.properties ?? {}) as { code?: unknown; name?: unknown };
          if (typeof code === 'string') latest.current.onToggle(code, typeof name === 'string' ? name : code);
        });
        return () => {
          drawRef.current?.stop();
          drawRef.current = null;
          mapRef.current = null;
        };
      },
    });
  }, [config]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map?.getLayer(PICKED_FILL)) return;
    map.setFilter(PICKED_FILL, pickedFilter(picked));
    map.setFilter(PICKED_LINE, pickedFilter(picked));
  }, [picked]);

  useEffect(() => {
    drawRef.current?.setMode(mode === 'draw' ? 'polygon' : 'static');
    if (mapRef.current) mapRef.current.getCanvas().style.cursor = mode === 'draw' ? 'crosshair' : '';
  }, [mode]);

  useEffect(() => {
    if (clearDrawing === 0) return;
    drawRef.current?.clear();
  }, [clearDrawing]);

  useEffect(() => {
    if (focus)
      mapRef.current?.fitBounds(
        [
          [focus[0], focus[1]],
          [focus[2], focus[3]],
        ],
        { padding: 40, maxZoom: 15, duration: 0 },
      );
  }, [focus]);

  return <div ref={containerRef} className="builder-map" data-testid="builder-map" />;
}
