import { PointGeometry, type Category, type ClientConfig, type SearchHit, type Submission, type WorkerAsset } from '@common-ground/schema';
import { LngLatBounds, Marker } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage, isAbort } from '../../api/api-client.js';
import { MAP_FONTS } from '../../map/fonts.js';
import { startMap } from '../../map/start-map.js';
import { buildStyle } from '../../map/map-style.js';
import { distanceText } from '../search/result-text.js';
import { AppLink } from '../panel/app-link.js';
import { useLatest } from '../../lib/use-latest.js';

/** How far around the proposed pin to look for the same place already listed (issue 17). */
export const DUPLICATE_RADIUS_METRES = 100;

/** Marker colours: the proposed pin as the location picker draws it, the current one quieter. */
const PROPOSED_COLOUR = '#a61b1b';
const CURRENT_COLOUR = '#4f5d6b';

type Nearby = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; pin: [number, number] | null; duplicates: SearchHit[] };

/**
 * Looks for published places with a similar name within DUPLICATE_RADIUS_METRES of the
 * proposed pin, with the search residents use (its typo-forgiving name match), and finds
 * the pin of a proposal placed by postcode (the search says where the postcode's centre is).
 */
function useNearby(submission: Submission): Nearby {
  const [state, setState] = useState<Nearby>({ status: 'loading' });
  // A proposal is stored as sent (a record): read the three fields this needs from it.
  const proposed = submission.proposed;
  const point = PointGeometry.safeParse(proposed.location).data?.coordinates ?? null;
  const postcode = typeof proposed.postcode === 'string' && proposed.postcode.trim() ? proposed.postcode : null;
  const name = typeof proposed.name === 'string' && proposed.name.trim() ? proposed.name : submission.assetName;
  const lon = point?.[0];
  const lat = point?.[1];
  useEffect(() => {
    const params = new URLSearchParams({ q: name, radius: String(DUPLICATE_RADIUS_METRES), page_size: '6' });
    if (lon !== undefined && lat !== undefined) params.set('near', `${lon},${lat}`);
    else if (postcode) params.set('postcode', postcode);
    else {
      setState({ status: 'ready', pin: null, duplicates: [] });
      return;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
    api.search(params, controller.signal).then(
      (answer) => {
        const pin: [number, number] | null = lon !== undefined && lat !== undefined ? [lon, lat] : (answer.place?.location.coordinates ?? null);
        // An edit's own place is not a duplicate of itself.
        const duplicates = answer.results.filter((hit) => submission.kind === 'create' || hit.id !== submission.assetId);
        setState({ status: 'ready', pin, duplicates });
      },
      (error: unknown) => {
        if (!isAbort(error)) setState({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [name, lon, lat, postcode, submission.kind, submission.assetId]);
  return state;
}

/**
 * What a worker needs beside a proposal's change list: where the proposed pin is (against
 * the current one, for an edit) and any place nearby with a similar name, which may be the
 * same place listed twice.
 */
export function ProposalContext({
  submission,
  current,
  config,
  categories,
}: {
  submission: Submission;
  current: WorkerAsset | null;
  config: ClientConfig | null;
  categories: readonly Category[];
}) {
  const nearby = useNearby(submission);
  const pin = nearby.status === 'ready' ? nearby.pin : null;
  const currentPin = submission.kind === 'edit' && current ? current.location.coordinates : null;
  return (
    <div className="proposal-context">
      {config && (pin ?? currentPin) && <PinMap config={config} categories={categories} proposed={pin} current={currentPin} name={submission.assetName} />}
      <div className="proposal-context__duplicates" data-testid="possible-duplicates">
        {nearby.status === 'loading' && <p className="small muted">Looking for similar places nearby…</p>}
        {nearby.status === 'error' && <p className="small inline-error">Could not look for similar places nearby: {nearby.message}</p>}
        {nearby.status === 'ready' && nearby.pin === null && <p className="small muted">No pin or postcode, so nothing nearby to compare.</p>}
        {nearby.status === 'ready' && nearby.pin !== null && nearby.duplicates.length === 0 && (
          <p className="small">No published place with a similar name within {DUPLICATE_RADIUS_METRES} m.</p>
        )}
        {nearby.status === 'ready' && nearby.duplicates.length > 0 && (
          <div className="warning-note" role="note">
            <p className="small">
              <strong>Possibly already listed:</strong> {nearby.duplicates.length === 1 ? 'a place' : `${nearby.duplicates.length} places`} with a similar name
              within {DUPLICATE_RADIUS_METRES} m.
            </p>
            <ul className="plain-list small">
              {nearby.duplicates.map((hit) => (
                <li key={hit.id}>
                  <AppLink href={`/assets/${encodeURIComponent(hit.id)}`}>{hit.name}</AppLink>
                  <span className="muted">
                    {' '}
                    · {hit.categoryName}
                    {hit.distanceMetres !== null ? ` · ${distanceText(hit.distanceMetres)} away` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

/** A small map of the proposed pin (red) and, for an edit that moves it, the current one (grey). */
function PinMap({
  config,
  categories,
  proposed,
  current,
  name,
}: {
  config: ClientConfig;
  categories: readonly Category[];
  proposed: [number, number] | null;
  current: [number, number] | null;
  name: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const categoriesRef = useLatest(categories);
  const moved = Boolean(proposed && current && (proposed[0] !== current[0] || proposed[1] !== current[1]));
  const [pLon, pLat] = proposed ?? [null, null];
  const [cLon, cLat] = current ?? [null, null];
  useEffect(() => {
    const container = ref.current;
    const points = [
      pLon !== null && pLat !== null ? ([pLon, pLat] as [number, number]) : null,
      cLon !== null && cLat !== null ? ([cLon, cLat] as [number, number]) : null,
    ];
    const [first] = points.filter((p): p is [number, number] => p !== null);
    if (!container || !first) return;
    return startMap({
      container,
      config,
      label: `Small map of the pin proposed for ${name}`,
      style: (basemap) =>
        buildStyle({
          origin: window.location.origin,
          measure: 'imd',
          categories: categoriesRef.current,
          assetFilter: { showDefunct: false, hiddenGroups: [] },
          basemap,
          fonts: MAP_FONTS,
        }),
      options: { center: first, zoom: 16, cooperativeGestures: true },
      onCreate: (map) => {
        const [proposedPin, currentPin] = points;
        if (currentPin && (!proposedPin || proposedPin[0] !== currentPin[0] || proposedPin[1] !== currentPin[1])) {
          new Marker({ color: CURRENT_COLOUR, scale: 0.8 }).setLngLat(currentPin).addTo(map);
        }
        if (proposedPin) new Marker({ color: PROPOSED_COLOUR }).setLngLat(proposedPin).addTo(map);
        if (proposedPin && currentPin) {
          const bounds = new LngLatBounds(proposedPin, proposedPin).extend(currentPin);
          map.fitBounds(bounds, { padding: 40, maxZoom: 16, duration: 0 });
        }
      },
    });
    // Categories only colour the neighbouring dots: not worth rebuilding the map for.
  }, [config, pLon, pLat, cLon, cLat, name, categoriesRef]);
  return (
    <figure className="proposal-context__map">
      <div ref={ref} className="mini-map mini-map--small" data-testid="proposal-map" />
      <figcaption className="muted small">
        {moved ? 'The proposed pin (red) and where it is now (grey).' : current && !proposed ? 'Where it is now.' : 'The proposed pin.'}
      </figcaption>
    </figure>
  );
}
