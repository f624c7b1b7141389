import { SEARCH_DEFAULT_RADIUS_METRES, type Category, type ClientConfig, type NeedDomain, type SearchHit } from '@common-ground/schema';
import { LngLatBounds, type Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage, isAbort } from './api/api-client.js';
import { AreaPanel } from './features/areas/area-panel.js';
import { AssetPanel } from './features/assets/asset-panel.js';
import { SearchPanel } from './features/search/search-panel.js';
import { useSearchResults } from './features/search/use-search-results.js';
import { uncoveredText } from './features/search/result-text.js';
import { AccountBar } from './features/account/account-bar.js';
import { useAreaShading } from './features/needs/use-area-shading.js';
import { AppLink } from './features/panel/app-link.js';
import { useLocation } from './lib/use-location.js';
import {
  hasSearch,
  isPage,
  mapHash,
  parseMapHash,
  parseRoute,
  parseSearch,
  searchToQueryString,
  type MapViewState,
  type SearchState,
} from './lib/url-state.js';
import { AssetLegend } from './features/legend/asset-legend.js';
import { DecileScale, DeprivationLegend } from './features/legend/deprivation-legend.js';
import { SourcesDialog } from './features/sources/sources-dialog.js';
import type { AssetFilterOptions } from './map/map-style.js';
import { MapView, type Selection } from './map/map-view.js';
import { PageOver } from './app/pages.js';

// The area builder brings the drawing library (terra-draw): loaded only when it is opened.

/** Used when /api/config cannot be read: the map still draws, without a basemap. */
const FALLBACK_CONFIG: ClientConfig = { basemapStyleUrl: null, attributions: [] };

/**
 * Wide enough for the search panel and the whole map key side by side with most of the map
 * still showing. Below it (a 1280-pixel laptop, a tablet, a phone) the key opens folded.
 */
const ROOM_FOR_OPEN_KEY = '(min-width: 105rem) and (min-height: 56rem)';

const assetHref = (id: string) => `/assets/${encodeURIComponent(id)}`;

/** Map padding that keeps fitted results out from under the floating search panel. */
function clearOfSearchPanel(map: MapLibreMap): { top: number; bottom: number; left: number; right: number } {
  const padding = { top: 48, bottom: 48, left: 48, right: 48 };
  const panel = document.querySelector('.search-panel')?.getBoundingClientRect();
  const container = map.getContainer().getBoundingClientRect();
  if (!panel) return padding;
  if (panel.width < container.width * 0.8) padding.left = Math.min(panel.right - container.left + 40, container.width * 0.6);
  else padding.bottom = Math.min(container.bottom - panel.top + 32, container.height * 0.6);
  return padding;
}

export function App() {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryError, setCategoryError] = useState<string | null>(null);
  const [measure, setMeasure] = useState<NeedDomain>('imd');
  const shading = useAreaShading(measure);
  const [assetFilter, setAssetFilter] = useState<AssetFilterOptions>({ showDefunct: false, hiddenGroups: [] });
  const [selection, setSelection] = useState<Selection>(null);
  const [sourcesOpen, setSourcesOpen] = useState(false);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  // Unless the screen is large, the key starts folded so the map shows; it is one press away.
  // With a search in the address the key starts folded too, so the results show on the map.
  const [keyOpen, setKeyOpen] = useState(() => window.matchMedia(ROOM_FOR_OPEN_KEY).matches && !hasSearch(parseSearch(window.location.search)));
  // The phone's one-line brand card opens to the account, the key and the links.
  const [menuOpen, setMenuOpen] = useState(false);
  const [location, navigate] = useLocation();
  const route = parseRoute(location.pathname);
  // Under a page of its own (an asset, the add form, account …) the map view keeps the search
  // it had, so Back finds it unchanged.
  const mapSearchString = useRef(location.search);
  if (!isPage(route)) mapSearchString.current = location.search;
  // /embed: the map and the list only, for partners' iframes; details open on our site.
  const embed = route.page === 'embed';
  const searchString = mapSearchString.current;
  const search = useMemo(() => parseSearch(searchString), [searchString]);
  // Where focus was when an asset page opened: it goes back there on return.
  const returnFocus = useRef<HTMLElement | null>(null);
  const [initialView] = useState(() => parseMapHash(window.location.hash));
  // The address is the search: it runs whenever the query string changes (submit, Back, a shared link).
  const { outcome, retryMore } = useSearchResults(search);
  const [highlightedId, setHighlightedId] = useState<string | null>(null);
  // Fit the map to the next results: yes after a search, not when the address already says where to look.
  const fitNext = useRef(initialView === null);
  const routeRef = useRef(route);
  routeRef.current = route;

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

  const results = useMemo(() => (outcome.status === 'ready' ? outcome.data.results : []), [outcome]);
  // A searched postcode is where the resident is (or is looking from): mark it on the map.
  const here = useMemo(() => {
    const place = outcome.status === 'ready' ? outcome.data.place : null;
    if (!place || !['postcode', 'sector', 'district'].includes(place.kind)) return null;
    const coverage = outcome.status === 'ready' ? outcome.data.coverage : null;
    const note = coverage && !coverage.covered ? uncoveredText(coverage) : null;
    return { label: place.label, coordinates: place.location.coordinates, note };
  }, [outcome]);

  useEffect(() => {
    if (!map || outcome.status !== 'ready' || !fitNext.current) return;
    fitNext.current = false;
    if (search.bbox) return;
    // An area is shown whole, even where it has few results; a point search fits its results.
    const areaBbox = outcome.data.place?.bbox;
    if (areaBbox) {
      const [west, south, east, north] = areaBbox;
      map.fitBounds(
        [
          [west, south],
          [east, north],
        ],
        { padding: clearOfSearchPanel(map), maxZoom: 15, duration: 0 },
      );
      return;
    }
    const points = outcome.data.results.map((r) => r.location.coordinates);
    const place = outcome.data.place?.location.coordinates;
    if (place) {
      // A point search shows the whole circle it searched, so "no places found" is seen
      // to mean none within walking distance, not a street-level view of nothing.
      const [lon, lat] = place;
      const dLat = SEARCH_DEFAULT_RADIUS_METRES / 111_320;
      const dLon = dLat / Math.cos((lat * Math.PI) / 180);
      points.push([lon - dLon, lat - dLat], [lon + dLon, lat + dLat]);
    }
    if (points.length === 0) return;
    const bounds = new LngLatBounds(points[0], points[0]);
    for (const p of points) bounds.extend(p);
    map.fitBounds(bounds, { padding: clearOfSearchPanel(map), maxZoom: 15, duration: 0 });
  }, [map, outcome, search.bbox]);

  const submitSearch = useCallback(
    (next: SearchState) => {
      fitNext.current = true;
      setKeyOpen(false);
      setMenuOpen(false);
      navigate(`${routeRef.current.page === 'embed' ? '/embed' : '/'}${searchToQueryString(next)}${window.location.hash}`);
    },
    [navigate],
  );

  const searchArea = useCallback(() => {
    if (!map) return;
    const b = map.getBounds();
    fitNext.current = false;
    const path = routeRef.current.page === 'embed' ? '/embed' : '/';
    const bbox: [number, number, number, number] = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    navigate(`${path}${searchToQueryString({ ...search, place: '', area: '', bbox, pages: 1 })}${window.location.hash}`);
  }, [map, navigate, search]);

  // Another page of the same search: the address keeps it (so a link or a reload shows as much),
  // replacing the entry so Back still leaves the search rather than stepping through its pages.
  const showMore = useCallback(() => {
    navigate(`${window.location.pathname}${searchToQueryString({ ...search, pages: search.pages + 1 })}${window.location.hash}`, {
      replace: true,
    });
  }, [navigate, search]);

  const onViewChange = useCallback(
    (view: MapViewState) => {
      // Only the map page's address holds the view; pages over it keep their own.
      if (isPage(routeRef.current)) return;
      navigate(`${window.location.pathname}${window.location.search}${mapHash(view)}`, { replace: true });
    },
    [navigate],
  );

  const showOnMap = useCallback(
    (hit: SearchHit) => {
      const [lon, lat] = hit.location.coordinates;
      map?.flyTo({ center: [lon, lat], zoom: Math.max(15, map.getZoom()) });
      if (embed) setHighlightedId(hit.id);
      else setSelection({ kind: 'asset', id: hit.id });
    },
    [map, embed],
  );

  const openAsset = useCallback(
    (id: string) => {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      navigate(assetHref(id));
    },
    [navigate],
  );

  const onOwnPage = isPage(route);
  useEffect(() => {
    if (onOwnPage || !returnFocus.current) return;
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target.isConnected) target.focus({ preventScroll: false });
  }, [onOwnPage]);

  const backToMap = useCallback(() => {
    // Our own history entry: Back restores the view exactly; a direct visit goes to the map.
    if ((window.history.state as { cg?: boolean } | null)?.cg) window.history.back();
    else navigate('/');
  }, [navigate]);

  useEffect(() => {
    if (route.page === 'map') document.title = 'Common Ground: community assets and neighbourhood deprivation in England';
  }, [route.page]);

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

  const onAssetPage = onOwnPage;
  function openFromEmbed(picked: Exclude<Selection, null>) {
    // Inside a partner's page, a place's details open on Common Ground in a new tab.
    if (picked.kind === 'asset') window.open(new URL(assetHref(picked.id), window.location.origin).href, '_blank', 'noopener');
  }
  return (
    <>
      <div
        className={`app app--with-search${selection && !embed ? ' app--with-panel' : ''}${onAssetPage ? ' app--behind' : ''}${embed ? ' app--embed' : ''}`}
        inert={onAssetPage}
        aria-hidden={onAssetPage ? true : undefined}
      >
        <main className="map-area">
          {/* First in the page, so it is the first Tab stop (issue 17). */}
          <button type="button" className="skip-link" onClick={() => map?.getCanvas().focus()} disabled={!map}>
            Skip to the map
          </button>
          <SearchPanel
            categories={categories}
            search={search}
            outcome={outcome}
            highlightedId={highlightedId}
            onSubmit={submitSearch}
            onSearchArea={searchArea}
            onShowMore={showMore}
            onRetryMore={retryMore}
            onHighlight={setHighlightedId}
            onShowOnMap={showOnMap}
            assetHref={embed ? (id) => new URL(assetHref(id), window.location.origin).href : assetHref}
            onOpen={openAsset}
            embedded={embed}
          />
          {!embed && (
            <aside className={`map-key${menuOpen ? ' map-key--menu-open' : ''}${keyOpen ? ' map-key--open' : ''}`} aria-label="Map key and settings">
              <header className="map-key__header">
                <div className="brand">
                  <img src="/favicon.svg" alt="" width="28" height="28" />
                  <div>
                    <h1 className="brand__name">Common Ground</h1>
                    <p className="brand__tagline">Community assets and neighbourhood deprivation in England</p>
                  </div>
                </div>
                {/* On a phone the card is one line over the map (issue 17); the rest is one tap away. */}
                <button
                  type="button"
                  className="button button--quiet map-key__menu-toggle"
                  aria-expanded={menuOpen}
                  aria-controls="map-key-menu"
                  onClick={() => setMenuOpen((open) => !open)}
                >
                  {menuOpen ? 'Close menu' : 'Menu'}
                </button>
              </header>
              <div id="map-key-menu" className="map-key__menu">
                <AccountBar />
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
                  <AppLink href="/gaps" className="small">
                    Gaps
                  </AppLink>
                  <AppLink href="/privacy" className="small map-key__privacy">
                    Privacy
                  </AppLink>
                </div>
                {!keyOpen && <DecileScale caption={`Shading: ${shading.label}`} need={typeof shading.shading !== 'string'} />}
                <div id="map-key-body" className="map-key__body" hidden={!keyOpen}>
                  <DeprivationLegend measure={measure} onMeasureChange={setMeasure} choices={shading.choices} />
                  {shading.error && (
                    <p className="inline-error small" role="alert">
                      Could not load the measure: {shading.error}
                    </p>
                  )}
                  <AssetLegend categories={categories} filter={assetFilter} onFilterChange={setAssetFilter} error={categoryError} />
                </div>
              </div>
            </aside>
          )}

          {config ? (
            <MapView
              config={config}
              categories={categories}
              measure={shading.shading}
              assetFilter={assetFilter}
              selection={selection}
              onSelect={embed ? openFromEmbed : setSelection}
              onMapReady={setMap}
              onNotice={notify}
              initialView={initialView}
              results={results}
              here={here}
              highlightedId={highlightedId}
              onViewChange={onViewChange}
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
                  <button type="button" className="link-button" onClick={() => setNotices((current) => current.filter((c) => c !== n))}>
                    Dismiss
                  </button>
                </p>
              ))}
            </div>
          )}
        </main>

        {!embed && selection?.kind === 'area' && <AreaPanel code={selection.code} categories={categories} onClose={closePanel} onZoomTo={zoomTo} />}
        {!embed && selection?.kind === 'asset' && (
          <AssetPanel
            id={selection.id}
            categories={categories}
            onClose={closePanel}
            onShowArea={(code) => setSelection({ kind: 'area', code })}
            pageHref={assetHref(selection.id)}
            onOpenPage={() => openAsset(selection.id)}
          />
        )}

        <SourcesDialog open={sourcesOpen} onClose={() => setSourcesOpen(false)} />
      </div>
      <PageOver
        route={route}
        search={location.search}
        config={config}
        categories={categories}
        onCategoriesChange={setCategories}
        onBack={backToMap}
        onShowArea={(code) => {
          navigate('/');
          setSelection({ kind: 'area', code });
        }}
      />
    </>
  );
}
