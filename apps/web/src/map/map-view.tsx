import { type Category, type ClientConfig, type SearchHit, type StreetLayer } from '@common-ground/schema';
import { ScaleControl, setWorkerUrl, type GeoJSONSource, type Map as MapLibreMap, type MapGeoJSONFeature, type PointLike } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// Vite does not bundle MapLibre 6's worker on its own: ship it as a file and say where it is.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';
import { ApiError } from '../api/api-client.js';
import { getPlaceLabels, getStreetLayers } from '../api/map-api.js';
import { MAP_FONTS } from './fonts.js';
import {
  PLACE_LABELS_SOURCE,
  HERE_SOURCE,
  hereData,
  hereLayers,
  overlaps,
  STREETS_MIN_ZOOM,
  streetLayers,
  streetSource,
  streetSourceId,
} from './orientation.js';
import type { MapViewState } from '../lib/url-state.js';
import { startMap } from './start-map.js';
import { foldCompactCredits } from './credits.js';
import {
  AREAS_SOURCE,
  ASSET_CLUSTER_MAX_ZOOM,
  ASSETS_SOURCE,
  ENGLAND_BOUNDS,
  LAYER,
  assetFilter as buildAssetFilter,
  buildStyle,
  categoryColour,
  clusterCountFilter,
  decileFillColour,
  matchOne,
  RESULTS_SOURCE,
  resultLayers,
  type AreaShading,
  type AssetFilterOptions,
} from './map-style.js';

setWorkerUrl(workerUrl);

/** The place a search was run from, marked "you are here". */
export interface HerePlace {
  label: string;
  coordinates: [number, number];
  /** A second line under the marker, e.g. that the searched category is not covered here. */
  note?: string | null;
}

export type Selection = { kind: 'area'; code: string } | { kind: 'asset'; id: string } | null;

declare global {
  interface Window {
    /** The live map, for end-to-end tests and debugging. */
    __commonGround?: { map: MapLibreMap };
  }
}

export interface MapViewProps {
  config: ClientConfig;
  categories: readonly Category[];
  /** An IoD domain, or a loaded measure's deciles (keep the object stable: a new one repaints). */
  measure: AreaShading;
  assetFilter: AssetFilterOptions;
  selection: Selection;
  onSelect: (selection: Exclude<Selection, null>) => void;
  onMapReady: (map: MapLibreMap) => void;
  onNotice: (message: string) => void;
  /** Where to open (from the address); null fits England. */
  initialView: MapViewState | null;
  /** Search results, drawn as rings above the tiles. */
  results: readonly SearchHit[];
  /** The result being hovered or focused in the list. */
  highlightedId: string | null;
  /** Called when the user has moved the map. */
  onViewChange: (view: MapViewState) => void;
  /** The searched postcode or place, marked on the map; null for none. */
  here?: HerePlace | null;
}

/** Search results as GeoJSON for the results source. */
function resultsData(results: readonly SearchHit[]) {
  return {
    type: 'FeatureCollection' as const,
    features: results.map((r, index) => ({
      type: 'Feature' as const,
      geometry: r.location,
      // Numbered as in the list, so a pin and its entry can be matched by eye.
      properties: { id: r.id, name: r.name, n: index + 1 },
    })),
  };
}

/** Pixels around the pointer within which an asset point counts as hit (touch needs slack). */
const ASSET_HIT_RADIUS = 8;

const MAP_LABEL =
  "Map of England's neighbourhoods shaded by deprivation, with community assets as dots. " +
  'Arrow keys pan, plus and minus zoom, Enter opens the place or neighbourhood at the centre.';

/** The asset nearest the point, else the neighbourhood under it: assets take priority. */
function pick(map: MapLibreMap, x: number, y: number): { selection: Exclude<Selection, null>; feature: MapGeoJSONFeature } | null {
  const box: [PointLike, PointLike] = [
    [x - ASSET_HIT_RADIUS, y - ASSET_HIT_RADIUS],
    [x + ASSET_HIT_RADIUS, y + ASSET_HIT_RADIUS],
  ];
  let best: MapGeoJSONFeature | null = null;
  let bestDistance = Infinity;
  for (const feature of map.queryRenderedFeatures(box, { layers: [LAYER.assets] })) {
    // GeoJSON's types are not resolvable from here (a transitive dependency): say what we read.
    const geometry = feature.geometry as unknown as { type: string; coordinates: [number, number] };
    if (geometry.type !== 'Point' || typeof feature.properties.uuid !== 'string') continue;
    const [lon, lat] = geometry.coordinates;
    const p = map.project([lon, lat]);
    const distance = Math.hypot(p.x - x, p.y - y);
    if (distance < bestDistance) {
      best = feature;
      bestDistance = distance;
    }
  }
  if (best) return { selection: { kind: 'asset', id: best.properties.uuid as string }, feature: best };
  const area = map.queryRenderedFeatures([x, y], { layers: [LAYER.areasFill] })[0];
  if (area && typeof area.properties.code === 'string') {
    return { selection: { kind: 'area', code: area.properties.code }, feature: area };
  }
  return null;
}

/**
 * When the topmost thing drawn at the point is a cluster of assets (zoom 10 and below),
 * zooms in on it, far enough that it splits or its places show one by one.
 */
function zoomIntoCluster(map: MapLibreMap, point: PointLike): boolean {
  const top = map.queryRenderedFeatures(point, { layers: [LAYER.assets] })[0];
  const geometry = top?.geometry as unknown as { type: string; coordinates: [number, number] } | undefined;
  if (typeof top?.properties.count !== 'number' || geometry?.type !== 'Point') return false;
  map.easeTo({ center: geometry.coordinates, zoom: Math.min(map.getZoom() + 2, ASSET_CLUSTER_MAX_ZOOM + 1) });
  return true;
}

/**
 * The full-window map: LSOAs shaded by a deprivation measure, community assets on top.
 * Props after the first render update the live map rather than rebuilding it.
 */
/** Tells screen-reader users, through the live region `el`, what a key press did when nothing visible changes. */
function announce(el: HTMLElement | null, message: string) {
  if (!el) return;
  // Clearing first makes a repeated message be read again.
  el.textContent = '';
  window.setTimeout(() => (el.textContent = message), 50);
}

/**
 * Hover, click, tap and Enter on the map: what is under the pointer (or the centre) is
 * offered to `onSelect`; Enter on nothing is said in `announcer`.
 */
function wireInteractions(map: MapLibreMap, onSelect: (selection: Exclude<Selection, null>) => void, announcer: { readonly current: HTMLElement | null }) {
  const hovered: { areas: string | number | null; assets: string | number | null } = { areas: null, assets: null };
  function setHover(source: 'areas' | 'assets', id: string | number | undefined | null) {
    const previous = hovered[source];
    if (previous === (id ?? null)) return;
    if (previous !== null) map.setFeatureState({ source, sourceLayer: source, id: previous }, { hover: false });
    hovered[source] = id ?? null;
    if (id !== undefined && id !== null) map.setFeatureState({ source, sourceLayer: source, id }, { hover: true });
  }

  map.on('mousemove', (event) => {
    if (!map.getLayer(LAYER.assets)) return;
    const hit = pick(map, event.point.x, event.point.y);
    setHover('assets', hit?.selection.kind === 'asset' ? hit.feature.id : null);
    const area = hit?.selection.kind === 'area' ? hit.feature : map.queryRenderedFeatures(event.point, { layers: [LAYER.areasFill] })[0];
    setHover('areas', area?.id);
    map.getCanvas().style.cursor = hit ? 'pointer' : '';
  });
  map.getCanvas().addEventListener('mouseleave', () => {
    setHover('assets', null);
    setHover('areas', null);
  });
  // A wheel zoom or a pinch by the user folds them too (a fitted search result does not).
  map.on('movestart', (event: { originalEvent?: unknown }) => {
    if (event.originalEvent) foldCompactCredits(map);
  });
  map.on('click', (event) => {
    // Like a drag, a tap folds the compact (phone-sized) credits back to their (i) button,
    // so they do not cover the map above the bottom sheet.
    foldCompactCredits(map);
    if (zoomIntoCluster(map, event.point)) return;
    const hit = pick(map, event.point.x, event.point.y);
    if (hit) onSelect(hit.selection);
  });
  // Keyboard users pan the map with the arrow keys; Enter opens what is at the centre.
  map.getCanvas().addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const centre = map.project(map.getCenter());
    const hit = pick(map, centre.x, centre.y);
    event.preventDefault();
    if (hit) onSelect(hit.selection);
    else announce(announcer.current, 'Nothing to open at the centre of the map. Move the map with the arrow keys.');
  });
}

export function MapView({
  config,
  categories,
  measure,
  assetFilter,
  selection,
  onSelect,
  onMapReady,
  onNotice,
  initialView,
  results,
  highlightedId,
  onViewChange,
  here = null,
}: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const announcerRef = useRef<HTMLParagraphElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  // The latest props, read by the one-off initialisation and by event handlers.
  const latest = useRef({ categories, measure, assetFilter, selection, onSelect, onMapReady, onNotice, initialView, results, onViewChange, here });
  latest.current = { categories, measure, assetFilter, selection, onSelect, onMapReady, onNotice, initialView, results, onViewChange, here };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const start = latest.current;
    const wide = window.matchMedia('(min-width: 56rem)').matches;
    return startMap({
      container,
      config,
      label: MAP_LABEL,
      style: (basemap) =>
        buildStyle({
          origin: window.location.origin,
          measure: latest.current.measure,
          categories: latest.current.categories,
          assetFilter: latest.current.assetFilter,
          basemap,
          fonts: MAP_FONTS,
        }),
      options: {
        ...(start.initialView
          ? { center: [start.initialView.lon, start.initialView.lat] as [number, number], zoom: start.initialView.zoom }
          : {
              bounds: ENGLAND_BOUNDS,
              // Leave room for the search panel that floats over the top left on wide screens.
              fitBoundsOptions: { padding: wide ? { top: 24, bottom: 24, left: 380, right: 24 } : 16 },
            }),
        minZoom: 4,
        maxZoom: 18,
        maxBounds: [
          [-12, 47.5],
          [6, 58.5],
        ],
        pitchWithRotate: false,
        touchPitch: false,
        cooperativeGestures: false,
      },
      onCreate: (map, basemap) => {
        if (!basemap.ok && config.basemapStyleUrl) {
          latest.current.onNotice('The street basemap could not be loaded, so the map is shown without it.');
          console.warn(`Common Ground: ${basemap.reason}`);
        }
        map.once('style.load', () => {
          map.addSource(RESULTS_SOURCE, { type: 'geojson', data: resultsData(latest.current.results) });
          for (const layer of resultLayers()) map.addLayer(layer);
          map.addSource(HERE_SOURCE, { type: 'geojson', data: hereData(latest.current.here) });
          for (const layer of hereLayers()) map.addLayer(layer);
          styled.add(map);
          // Over a basemap its own streets and names show; without one, ours.
          if (!basemap.ok) {
            showShippedStreets(map);
            void loadPlaceLabels(map);
          }
        });
        map.on('moveend', () => {
          const centre = map.getCenter();
          latest.current.onViewChange({ zoom: map.getZoom(), lat: centre.lat, lon: centre.lng });
        });
        map.touchZoomRotate.disableRotation();
        map.keyboard.disableRotation();
        map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
        mapRef.current = map;
        window.__commonGround = { map };
        wireInteractions(map, (selection) => latest.current.onSelect(selection), announcerRef);

        const onIdle = () => {
          if (map.getSource(AREAS_SOURCE) && map.isSourceLoaded(AREAS_SOURCE)) {
            document.body.dataset.mapReady = 'true';
            map.off('idle', onIdle);
          }
        };
        map.on('idle', onIdle);
        map.on('load', () => latest.current.onMapReady(map));
        let tileErrorShown = false;
        map.on('error', (event) => {
          console.warn('Map error', event.error);
          // Tile failures carry the source they came from.
          const { sourceId } = event as { sourceId?: unknown };
          if (!tileErrorShown && (sourceId === AREAS_SOURCE || sourceId === ASSETS_SOURCE)) {
            tileErrorShown = true;
            latest.current.onNotice('Some map data could not be loaded. Try again in a moment.');
          }
        });
        return () => {
          mapRef.current = null;
          if (window.__commonGround?.map === map) delete window.__commonGround;
          delete document.body.dataset.mapReady;
        };
      },
    });
    // The map is built once per config; other props are applied by the effects below.
  }, [config]);

  /** Fills the place-name source, trying again while the server turns requests away (503). */
  async function loadPlaceLabels(map: MapLibreMap) {
    for (let attempt = 1; attempt <= 6; attempt++) {
      try {
        const labels = await getPlaceLabels();
        if (mapRef.current === map) void map.getSource<GeoJSONSource>(PLACE_LABELS_SOURCE)?.setData(labels);
        return;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 503) || attempt === 6) {
          console.warn('Place names could not be loaded', error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      }
    }
  }

  /**
   * Adds each shipped street layer the first time the map is zoomed in over it: the files
   * are a few hundred kilobytes, so a resident in Gloucester never fetches London's.
   */
  function showShippedStreets(map: MapLibreMap) {
    let pending: StreetLayer[] = [];
    const addVisible = () => {
      if (map.getZoom() < STREETS_MIN_ZOOM - 0.5) return;
      const b = map.getBounds();
      const view = { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
      const [now, later] = [pending.filter((l) => overlaps(view, l.bounds)), pending.filter((l) => !overlaps(view, l.bounds))];
      pending = later;
      for (const layer of now) {
        map.addSource(streetSourceId(layer.id), streetSource(window.location.origin, layer));
        // Streets go over the shading and under the asset points, so places stay on top.
        for (const style of streetLayers(layer)) map.addLayer(style, LAYER.assets);
      }
    };
    getStreetLayers().then(
      ({ layers }) => {
        if (mapRef.current !== map) return;
        pending = layers;
        map.on('moveend', addVisible);
        addVisible();
      },
      // Streets are a help, not the map: without them the map still works.
      (error: unknown) => console.warn('Street layers could not be listed', error),
    );
  }

  // Live updates. Each waits for the style: before it has loaded, the initial build used the same values.
  useEffect(() => {
    whenStyled(mapRef.current, (map) => map.setPaintProperty(LAYER.areasFill, 'fill-color', decileFillColour(measure)));
  }, [measure]);
  useEffect(() => {
    whenStyled(mapRef.current, (map) => map.setPaintProperty(LAYER.assets, 'circle-color', categoryColour(categories)));
  }, [categories]);
  useEffect(() => {
    whenStyled(mapRef.current, (map) => {
      map.setFilter(LAYER.assets, buildAssetFilter(assetFilter));
      map.setFilter(LAYER.clusterCounts, clusterCountFilter(assetFilter));
    });
  }, [assetFilter]);
  useEffect(() => {
    whenStyled(mapRef.current, (map) => {
      void map.getSource<GeoJSONSource>(HERE_SOURCE)?.setData(hereData(here));
    });
  }, [here]);
  useEffect(() => {
    whenStyled(mapRef.current, (map) => {
      void map.getSource<GeoJSONSource>(RESULTS_SOURCE)?.setData(resultsData(results));
    });
  }, [results]);
  useEffect(() => {
    whenStyled(mapRef.current, (map) => map.setFilter(LAYER.resultHighlight, matchOne('id', highlightedId)));
  }, [highlightedId]);
  useEffect(() => {
    whenStyled(mapRef.current, (map) => {
      const areaCode = selection?.kind === 'area' ? selection.code : null;
      const assetId = selection?.kind === 'asset' ? selection.id : null;
      map.setFilter(LAYER.areaSelectedCasing, matchOne('code', areaCode));
      map.setFilter(LAYER.areaSelected, matchOne('code', areaCode));
      map.setFilter(LAYER.assetSelected, matchOne('uuid', assetId));
    });
  }, [selection]);

  return (
    <>
      <div ref={containerRef} className="map" data-testid="map" />
      <p ref={announcerRef} className="visually-hidden" role="status" aria-live="polite" />
    </>
  );
}

/** Maps whose style has loaded, so layers can be changed (`isStyleLoaded` also waits for tiles). */
const styled = new WeakSet<MapLibreMap>();

/** Runs `apply` now if the map's style has loaded, else as soon as it has. */
function whenStyled(map: MapLibreMap | null, apply: (map: MapLibreMap) => void) {
  if (!map) return;
  if (styled.has(map)) apply(map);
  else map.once('style.load', () => apply(map));
}
