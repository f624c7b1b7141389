import { MAP_FONTS } from '../../map/fonts.js';
import type { Category, ClientConfig } from '@common-ground/schema';
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { startMap } from '../../map/start-map.js';
import { buildStyle } from '../../map/map-style.js';
import { useLatest } from '../../lib/use-latest.js';

/** England's middle, for a form with no pin yet. */
const ENGLAND_CENTRE: [number, number] = [-1.6, 52.8];

export interface LocationPickerProps {
  config: ClientConfig;
  categories: readonly Category[];
  /** [lon, lat] or null. */
  location: [number, number] | null;
  /** Called with the point clicked, dragged to, or chosen with Enter at the map's centre. */
  onPlace: (location: [number, number]) => void;
  describedBy?: string | undefined;
}

/**
 * A map to place the pin on: click (or tap) to place it, drag it to adjust, or press Enter
 * with the map focused to place it at the centre (arrow keys pan). The postcode field beside
 * it is the other way in.
 */
export function LocationPicker({ config, categories, location, onPlace, describedBy }: LocationPickerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markerRef = useRef<Marker | null>(null);
  const onPlaceRef = useRef(onPlace);
  onPlaceRef.current = onPlace;
  const locationRef = useRef(location);
  locationRef.current = location;
  // Read when the map is built; the map is not rebuilt for them.
  const setup = useLatest({ categories, describedBy });

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const start = locationRef.current;
    return startMap({
      container,
      config,
      label: 'Map for placing the pin. Arrow keys move the map; Enter places the pin at its centre.',
      style: (basemap) =>
        buildStyle({
          origin: window.location.origin,
          measure: 'imd',
          categories: setup.current.categories,
          assetFilter: { showDefunct: false, hiddenGroups: [] },
          basemap,
          fonts: MAP_FONTS,
        }),
      options: { center: start ?? ENGLAND_CENTRE, zoom: start ? 15 : 5.5 },
      onCreate: (placing) => {
        mapRef.current = placing;
        const canvas = placing.getCanvas();
        if (setup.current.describedBy) canvas.setAttribute('aria-describedby', setup.current.describedBy);
        placing.on('click', (event) => onPlaceRef.current([event.lngLat.lng, event.lngLat.lat]));
        canvas.addEventListener('keydown', (event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          const centre = placing.getCenter();
          onPlaceRef.current([centre.lng, centre.lat]);
        });
        if (start) showMarker(placing, start);
        return () => {
          markerRef.current = null;
          mapRef.current = null;
        };
      },
    });
    // The map is built once; the pin follows `location` below.
  }, [config, setup]);

  function showMarker(map: MapLibreMap, point: [number, number]) {
    if (!markerRef.current) {
      const marker = new Marker({ color: '#a61b1b', draggable: true }).setLngLat(point).addTo(map);
      marker.on('dragend', () => {
        const p = marker.getLngLat();
        onPlaceRef.current([p.lng, p.lat]);
      });
      marker.getElement().setAttribute('aria-label', 'The pin: drag it to where the place is');
      markerRef.current = marker;
    } else {
      markerRef.current.setLngLat(point);
    }
  }

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (!location) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    const [lon, lat] = location;
    const current = markerRef.current?.getLngLat();
    showMarker(map, location);
    // A pin from a postcode may be far away: bring it into view. A click is already in view.
    if (!current || !map.getBounds().contains([lon, lat])) map.jumpTo({ center: location, zoom: Math.max(map.getZoom(), 15) });
  }, [location]);

  return <div ref={ref} className="mini-map location-picker" data-testid="location-picker" />;
}
