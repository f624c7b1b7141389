import type { ExpressionSpecification, FontFacesSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { StreetLayer } from '@common-ground/schema';

/**
 * What lets a resident find their way with no basemap: place names, streets where the
 * product ships them, and a "you are here" marker. All of it is drawn from our own API and
 * from a font file built into the app (Noto Sans, SIL Open Font License, fonts/OFL.txt),
 * which MapLibre rasterises in the browser: no glyph server, no network beyond our origin.
 */

/** The font names our symbol layers use; `font-faces` maps them to files. */
export const FONT_REGULAR = 'Common Ground Sans Regular';
export const FONT_BOLD = 'Common Ground Sans Bold';

/** Basic Latin and Latin-1 (as the font's own subset), then the Latin Extended file for the rest. */
const LATIN = [
  'U+0000-00FF',
  'U+0131',
  'U+0152-0153',
  'U+02BB-02BC',
  'U+02C6',
  'U+02DA',
  'U+02DC',
  'U+2000-206F',
  'U+20AC',
  'U+2122',
  'U+2212',
  'U+FEFF',
  'U+FFFD',
];
const LATIN_EXT = ['U+0100-02AF', 'U+1E00-1EFF', 'U+20A0-20C0', 'U+2C60-2C7F', 'U+A720-A7FF'];

export interface FontFiles {
  regular: string;
  regularExt: string;
  bold: string;
  boldExt: string;
}

/** The style's `font-faces`: each of our font names backed by the shipped files. */
export function fontFaces(files: FontFiles): FontFacesSpecification {
  return {
    [FONT_REGULAR]: [
      { url: files.regular, 'unicode-range': LATIN },
      { url: files.regularExt, 'unicode-range': LATIN_EXT },
    ],
    [FONT_BOLD]: [
      { url: files.bold, 'unicode-range': LATIN },
      { url: files.boldExt, 'unicode-range': LATIN_EXT },
    ],
  };
}

export const PLACE_LABELS_SOURCE = 'place-labels';
export const HERE_SOURCE = 'you-are-here';
/** Street sources are named after their layer: `streets-<id>`. */
export const streetSourceId = (id: string) => `streets-${id}`;

export const ORIENTATION_LAYER = {
  streetsMinor: (id: string) => `cg-streets-minor-${id}`,
  streetsMajor: (id: string) => `cg-streets-major-${id}`,
  streetNames: (id: string) => `cg-street-names-${id}`,
  wardLabels: 'cg-labels-ward',
  districtLabels: 'cg-labels-district',
  authorityLabels: 'cg-labels-authority',
  here: 'cg-you-are-here',
  hereLabel: 'cg-you-are-here-label',
} as const;

/** Dark text on a white halo: readable over every decile colour (WCAG contrast of #111827 on white is 17:1). */
const TEXT_PAINT = {
  'text-color': '#111827',
  'text-halo-color': '#ffffff',
  'text-halo-width': 1.6,
  'text-halo-blur': 0.2,
} as const;

const BY_POPULATION = ['-', ['number', ['get', 'population'], 0]] as ExpressionSpecification;

/** Empty at first: map-view fetches the labels itself, retrying while the server is busy (a GeoJSON source never retries). */
export function placeLabelSource(): SourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

/**
 * Place names over the choropleth: local authorities from the county view to the town,
 * postcode districts and wards as the neighbourhood comes into view. Bigger places win a
 * clash; names never overlap one another.
 */
export function placeLabelLayers(): LayerSpecification[] {
  const layer = (
    id: string,
    kind: string,
    minzoom: number,
    maxzoom: number,
    size: ExpressionSpecification,
    font: string,
    extra: Record<string, unknown> = {},
  ): LayerSpecification => ({
    id,
    type: 'symbol',
    source: PLACE_LABELS_SOURCE,
    filter: ['==', ['get', 'kind'], kind],
    minzoom,
    maxzoom,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': [font],
      'text-size': size,
      'text-max-width': 8,
      'text-padding': 4,
      'symbol-sort-key': BY_POPULATION,
      ...extra,
    },
    paint: { ...TEXT_PAINT },
  });
  return [
    layer(ORIENTATION_LAYER.wardLabels, 'ward', 11.5, 24, ['interpolate', ['linear'], ['zoom'], 11.5, 11, 15, 14] as ExpressionSpecification, FONT_REGULAR),
    layer(
      ORIENTATION_LAYER.districtLabels,
      'postcode_district',
      10,
      14,
      ['interpolate', ['linear'], ['zoom'], 10, 11, 13, 13] as ExpressionSpecification,
      FONT_BOLD,
      {
        'text-letter-spacing': 0.05,
      },
    ),
    layer(
      ORIENTATION_LAYER.authorityLabels,
      'local_authority',
      6,
      11.5,
      ['interpolate', ['linear'], ['zoom'], 6, 11, 8, 13, 11, 16] as ExpressionSpecification,
      FONT_BOLD,
    ),
  ];
}

export function streetSource(origin: string, layer: StreetLayer): SourceSpecification {
  return { type: 'geojson', data: `${origin}${layer.url}`, attribution: layer.attribution };
}

/** Below this zoom streets are a grey smear: they are drawn from here on. */
export const STREETS_MIN_ZOOM = 12;

/** Streets as thin white lines (main roads wider), with their names along them where known. */
export function streetLayers(layer: StreetLayer): LayerSpecification[] {
  const source = streetSourceId(layer.id);
  const layers: LayerSpecification[] = [
    {
      id: ORIENTATION_LAYER.streetsMinor(layer.id),
      type: 'line',
      source,
      minzoom: STREETS_MIN_ZOOM,
      filter: ['!=', ['get', 'class'], 'major'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-opacity': 0.85, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 16, 4] },
    },
    {
      id: ORIENTATION_LAYER.streetsMajor(layer.id),
      type: 'line',
      source,
      minzoom: STREETS_MIN_ZOOM,
      filter: ['==', ['get', 'class'], 'major'],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': '#fff7d6', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 16, 7] },
    },
  ];
  if (layer.named) {
    layers.push({
      id: ORIENTATION_LAYER.streetNames(layer.id),
      type: 'symbol',
      source,
      minzoom: 14,
      filter: ['has', 'name'],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': [FONT_REGULAR],
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 17, 14],
        'text-padding': 2,
      },
      paint: { ...TEXT_PAINT },
    });
  }
  return layers;
}

/** The searched postcode or place, as GeoJSON for the marker. */
export function hereData(place: { label: string; coordinates: [number, number]; note?: string | null } | null) {
  return {
    type: 'FeatureCollection' as const,
    features: place
      ? [
          {
            type: 'Feature' as const,
            geometry: { type: 'Point' as const, coordinates: place.coordinates },
            properties: { label: place.label, note: place.note ?? '' },
          },
        ]
      : [],
  };
}

/** A "you are here" marker: a blue dot in a white ring, named beneath. */
export function hereLayers(): LayerSpecification[] {
  return [
    {
      id: ORIENTATION_LAYER.here,
      type: 'circle',
      source: HERE_SOURCE,
      paint: {
        'circle-color': '#1d70b8',
        'circle-radius': 8,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    },
    {
      id: ORIENTATION_LAYER.hereLabel,
      type: 'symbol',
      source: HERE_SOURCE,
      layout: {
        // A second line says when the search's category is not covered here (issue 17:
        // the map, not only the list, must not suggest that an empty area has none).
        'text-field': [
          'case',
          ['==', ['get', 'note'], ''],
          ['concat', 'You are here: ', ['get', 'label']],
          ['concat', 'You are here: ', ['get', 'label'], '\n', ['get', 'note']],
        ],
        'text-max-width': 18,
        'text-font': [FONT_BOLD],
        'text-size': 13,
        'text-anchor': 'top',
        'text-offset': [0, 1.1],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { ...TEXT_PAINT, 'text-color': '#0b0c0c', 'text-halo-width': 2 },
    },
  ];
}

/** Whether the map's view overlaps a layer's extent. */
export function overlaps(view: { west: number; south: number; east: number; north: number }, bounds: readonly [number, number, number, number]): boolean {
  const [west, south, east, north] = bounds;
  return view.west <= east && view.east >= west && view.south <= north && view.north >= south;
}
