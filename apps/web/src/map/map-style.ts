import type { Category, DeprivationDomain } from '@common-ground/schema';
import { DECILE_COLOURS } from '@common-ground/geo';
import type { DataDrivenPropertyValueSpecification, ExpressionSpecification, FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { FONT_BOLD, fontFaces, PLACE_LABELS_SOURCE, placeLabelLayers, placeLabelSource, type FontFiles } from './orientation.js';

/** Source and source-layer names: the API's tile layers are called the same. */
export const AREAS_SOURCE = 'areas';
export const ASSETS_SOURCE = 'assets';

/** Our layer ids, bottom to top. */
export const LAYER = {
  background: 'cg-background',
  areasFill: 'cg-areas-fill',
  areasOutline: 'cg-areas-outline',
  areasHover: 'cg-areas-hover',
  areaSelectedCasing: 'cg-area-selected-casing',
  areaSelected: 'cg-area-selected',
  assets: 'cg-assets',
  assetSelected: 'cg-asset-selected',
  clusterCounts: 'cg-asset-cluster-counts',
  results: 'cg-search-results',
  resultHighlight: 'cg-search-result-highlight',
  resultNumbers: 'cg-search-result-numbers',
} as const;

/** The GeoJSON source holding the current search results. */
export const RESULTS_SOURCE = 'search-results';

/** England's extent with a little sea around it: [[west, south], [east, north]]. */
export const ENGLAND_BOUNDS: [[number, number], [number, number]] = [
  [-6.4, 49.85],
  [1.8, 55.85],
];

/** Paper colour under everything; also the whole map when no basemap can be had. */
export const BACKGROUND_COLOUR = '#e8edf0';
/** Assets whose category is unknown to the client (e.g. a category added since it loaded). */
export const UNKNOWN_CATEGORY_COLOUR = '#6b7280';
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

/** Tile zooms the API serves; MapLibre over-zooms beyond the maximum. */
const AREA_TILE_MAXZOOM = 14;
const ASSET_TILE_MAXZOOM = 14;
/**
 * Up to this tile zoom the API clusters assets (ASSET_CLUSTER_MAX_ZOOM in the API's
 * tiles.repository.ts): nearby places of one top-level group come as one point with a
 * `count` (and no `uuid`), so from map zoom 11 every place is its own point.
 */
export const ASSET_CLUSTER_MAX_ZOOM = 10;

/**
 * What shades the LSOAs: an IoD domain (its decile is in the area tiles) or a loaded need
 * measure's deciles, fetched from /api/deprivation/need:<slug> (they are not in the tiles,
 * which are public and cached).
 */
export type AreaShading = DeprivationDomain | { deciles: readonly { code: string; decile: number | null }[] };

/**
 * Fill colour of an LSOA: its decile's colour from DECILE_COLOURS (1 = most deprived, or
 * most need), transparent when it has none. For an IoD domain, a `match` on the tile's
 * integer property (a missing or non-number value falls through to transparent); for a
 * loaded measure, a `match` of the tile's `code` against the codes of each decile.
 * @example map.setPaintProperty(LAYER.areasFill, 'fill-color', decileFillColour('income'))
 */
export function decileFillColour(shading: AreaShading): ExpressionSpecification {
  if (typeof shading === 'string') {
    const stops = DECILE_COLOURS.flatMap((colour, index) => [index + 1, colour]);
    // The spec's tuple type cannot express a variable number of match arms.
    return ['match', ['get', shading], ...stops, TRANSPARENT] as unknown as ExpressionSpecification;
  }
  const codes = DECILE_COLOURS.map(() => [] as string[]);
  for (const { code, decile } of shading.deciles) if (decile !== null) codes[decile - 1]?.push(code);
  const arms = codes.flatMap((list, index) => (list.length > 0 ? [list, DECILE_COLOURS[index]!] : []));
  // A match needs one arm at least: before the deciles arrive, nothing is shaded.
  if (arms.length === 0) return ['match', ['get', 'code'], '', TRANSPARENT, TRANSPARENT] as unknown as ExpressionSpecification;
  return ['match', ['get', 'code'], ...arms, TRANSPARENT] as unknown as ExpressionSpecification;
}

/** The categories that colour the map: top-level ones, in the taxonomy's order. */
export function topLevelCategories(categories: readonly Category[]): Category[] {
  return categories.filter((c) => c.parentCode === null).sort((a, b) => a.sortOrder - b.sortOrder);
}

/**
 * Circle colour of an asset from its top-level category (the tile's `group` property).
 * @example categoryColour([{ code: 'food', colour: '#d95f02', … }]) // ['match', ['get', 'group'], 'food', '#d95f02', '#6b7280']
 */
export function categoryColour(categories: readonly Category[]): DataDrivenPropertyValueSpecification<string> {
  const groups = topLevelCategories(categories);
  if (groups.length === 0) return UNKNOWN_CATEGORY_COLOUR;
  return ['match', ['get', 'group'], ...groups.flatMap((c) => [c.code, c.colour]), UNKNOWN_CATEGORY_COLOUR] as unknown as ExpressionSpecification;
}

export interface AssetFilterOptions {
  /** Show assets whose lifecycle status is `defunct` (hidden by default: they no longer exist). */
  showDefunct: boolean;
  /** Top-level category codes the user has switched off. */
  hiddenGroups: readonly string[];
}

/** Which asset points are drawn. */
export function assetFilter({ showDefunct, hiddenGroups }: AssetFilterOptions): FilterSpecification {
  const clauses: ExpressionSpecification[] = [];
  if (!showDefunct) clauses.push(['!=', ['get', 'status'], 'defunct']);
  if (hiddenGroups.length > 0) clauses.push(['!', ['in', ['get', 'group'], ['literal', [...hiddenGroups]]]]);
  if (clauses.length === 0) return ['boolean', true];
  if (clauses.length === 1) return clauses[0]!;
  return ['all', ...clauses];
}

/** Which clusters carry their count: those of five places or more among the points drawn. */
export function clusterCountFilter(options: AssetFilterOptions): FilterSpecification {
  return ['all', IS_CLUSTER, ['>=', COUNT, 5], assetFilter(options)] as unknown as FilterSpecification;
}

/** Filter matching one value of a string property, or nothing when the value is null. */
export function matchOne(property: string, value: string | null): FilterSpecification {
  return ['==', ['get', property], value ?? ''];
}

const HOVER = ['boolean', ['feature-state', 'hover'], false] as ExpressionSpecification;
/** A cluster of assets rather than one place. */
const IS_CLUSTER = ['has', 'count'] as ExpressionSpecification;
/** How many places a point stands for: its `count`, else 1. */
const COUNT = ['number', ['get', 'count'], 1] as ExpressionSpecification;

/**
 * Radius of a cluster circle in pixels from its count: for 2 places `smallest` (set a
 * little above a lone point's radius at the zoom), then growing to 12 px more for 1,000
 * or more. Cells are 8 px apart, so small clusters sit side by side; the area grows more
 * slowly than the count, so a city's hundreds stay in their own patch of the map instead
 * of covering the region. Clusters of five or more also carry their count
 * (LAYER.clusterCounts) where there is room for it.
 * @example clusterRadius(3) // ['interpolate', ['linear'], ['number', ['get', 'count'], 1], 2, 3, 10, 5, …, 1000, 15]
 */
export function clusterRadius(smallest: number): ExpressionSpecification {
  return ['interpolate', ['linear'], COUNT, 2, smallest, 10, smallest + 2, 50, smallest + 4.5, 250, smallest + 8, 1000, smallest + 12];
}

/**
 * Per zoom stop: a lone point's radius (larger when hovered), or a cluster's from its
 * count, starting 1.4 px larger than a lone point so even a pair stands out.
 */
function pointRadius(single: number, hovered: number): ExpressionSpecification {
  return ['case', IS_CLUSTER, clusterRadius(single + 1.4), HOVER, hovered, single];
}

export interface OurStyleOptions {
  /** Origin tiles are fetched from; MapLibre's worker needs absolute URLs. */
  origin: string;
  measure: AreaShading;
  categories: readonly Category[];
  assetFilter: AssetFilterOptions;
  /** When drawn over a basemap, areas are more see-through so streets show. */
  overBasemap: boolean;
}

/** Our sources: LSOAs with deciles, and community assets, both as vector tiles from the API. */
export function ourSources(origin: string): StyleSpecification['sources'] {
  return {
    [AREAS_SOURCE]: {
      type: 'vector',
      tiles: [`${origin}/tiles/areas/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: AREA_TILE_MAXZOOM,
    },
    [ASSETS_SOURCE]: {
      type: 'vector',
      tiles: [`${origin}/tiles/assets/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: ASSET_TILE_MAXZOOM,
    },
  };
}

/** Our layers, bottom to top: the choropleth, its outlines and highlights, then asset points. */
export function ourLayers(options: OurStyleOptions): LayerSpecification[] {
  const baseOpacity = options.overBasemap ? 0.6 : 0.88;
  return [
    {
      id: LAYER.areasFill,
      type: 'fill',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      paint: {
        'fill-color': decileFillColour(options.measure),
        'fill-opacity': ['case', HOVER, Math.min(1, baseOpacity + 0.12), baseOpacity],
        'fill-antialias': false,
      },
    },
    {
      id: LAYER.areasOutline,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      minzoom: 8.5,
      paint: {
        'line-color': '#ffffff',
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 8.5, 0, 9.5, 0.45, 13, 0.6],
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.3, 12, 0.7, 16, 1.5],
      },
    },
    {
      id: LAYER.areasHover,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      // Below zoom 8 an LSOA is a few pixels across: the fill's hover change is enough.
      minzoom: 8,
      paint: {
        'line-color': '#111827',
        'line-opacity': ['case', HOVER, 0.9, 0],
        'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1, 12, 2],
      },
    },
    {
      id: LAYER.areaSelectedCasing,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      filter: matchOne('code', null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#111827', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 3, 12, 5.5] },
    },
    {
      id: LAYER.areaSelected,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      filter: matchOne('code', null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1.2, 12, 2.5] },
    },
    {
      id: LAYER.assets,
      type: 'circle',
      source: ASSETS_SOURCE,
      'source-layer': ASSETS_SOURCE,
      filter: assetFilter(options.assetFilter),
      layout: {
        // Lone points above clusters, small clusters above big ones, so none hides another.
        'circle-sort-key': ['-', COUNT],
      },
      paint: {
        'circle-color': categoryColour(options.categories),
        // Small enough that England's thousands of points stay a pattern at zoom 6, large
        // enough to tap at street level; hover makes a point grow. Clusters (zoom 10 and
        // below) are sized by how many places they hold.
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['zoom'],
          5,
          pointRadius(1.6, 4),
          8,
          pointRadius(2.4, 5),
          11,
          pointRadius(4, 7),
          14,
          pointRadius(6.5, 9),
          17,
          pointRadius(9, 12),
        ],
        'circle-stroke-color': '#ffffff',
        // No white ring while points are specks (it would wash the choropleth out), then one
        // that separates neighbours as they grow. Clusters always have one, so overlapping
        // circles stay apart.
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, ['case', IS_CLUSTER, 1, 0], 9, ['case', IS_CLUSTER, 1, 0.6], 12, 1, 15, 1.5],
        // Not running at the moment: drawn faded so active places stand out. A cluster of
        // running places and ones that are not (`mixed`) is drawn as running.
        'circle-opacity': ['match', ['get', 'status'], ['active', 'mixed'], 1, 0.45],
        'circle-stroke-opacity': ['match', ['get', 'status'], ['active', 'mixed'], 1, 0.6],
      },
    },
    {
      id: LAYER.assetSelected,
      type: 'circle',
      source: ASSETS_SOURCE,
      'source-layer': ASSETS_SOURCE,
      filter: matchOne('uuid', null),
      paint: {
        'circle-color': TRANSPARENT,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 5, 11, 8, 14, 11, 17, 14],
        'circle-stroke-color': '#111827',
        'circle-stroke-width': 3,
      },
    },
    {
      // How many places a cluster holds, written on it where there is room.
      id: LAYER.clusterCounts,
      type: 'symbol',
      source: ASSETS_SOURCE,
      'source-layer': ASSETS_SOURCE,
      minzoom: 6,
      filter: clusterCountFilter(options.assetFilter),
      layout: {
        'text-field': ['to-string', COUNT],
        'text-font': [FONT_BOLD],
        'text-size': ['interpolate', ['linear'], COUNT, 5, 9, 100, 11, 1000, 12],
        'text-padding': 1,
        'symbol-sort-key': ['-', COUNT],
      },
      paint: { 'text-color': '#111827', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
    },
  ];
}

/** The plain background that is all the basemap there is when none is configured or reachable. */
export function offlineBackground(): LayerSpecification {
  return { id: LAYER.background, type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } };
}

/**
 * The whole map style. With no basemap it is our background, our layers and place names
 * from our own API, drawn with the font built into the app (`font-faces`: no glyph server,
 * no sprites), so nothing but our own origin is ever fetched. Over a basemap, our layers go
 * below its first label layer so its place names stay readable; our font is added beside
 * its glyphs for the cluster counts.
 */
export function buildStyle(options: Omit<OurStyleOptions, 'overBasemap'> & { basemap: StyleSpecification | null; fonts: FontFiles }): StyleSpecification {
  const { basemap } = options;
  const layers = ourLayers({ ...options, overBasemap: basemap !== null });
  if (!basemap) {
    return {
      version: 8,
      name: 'Common Ground (offline)',
      'font-faces': fontFaces(options.fonts),
      sources: { ...ourSources(options.origin), [PLACE_LABELS_SOURCE]: placeLabelSource() },
      layers: [offlineBackground(), ...layers, ...placeLabelLayers()],
    };
  }
  const firstLabel = basemap.layers.findIndex((l) => l.type === 'symbol');
  const split = firstLabel === -1 ? basemap.layers.length : firstLabel;
  return {
    ...basemap,
    name: `Common Ground over ${basemap.name ?? 'basemap'}`,
    'font-faces': { ...basemap['font-faces'], ...fontFaces(options.fonts) },
    sources: { ...basemap.sources, ...ourSources(options.origin) },
    layers: [...basemap.layers.slice(0, split), ...layers, ...basemap.layers.slice(split)],
  };
}

/**
 * Search results, drawn on top of everything: a dark ring round each result, and a larger
 * yellow-and-black ring round the one hovered or focused in the list.
 */
export function resultLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.results,
      type: 'circle',
      source: RESULTS_SOURCE,
      paint: {
        'circle-color': '#ffffff',
        'circle-opacity': 0.95,
        // Big enough from zoom 10 to carry the result's number.
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 3, 9, 6, 10, 9, 14, 10, 17, 12],
        'circle-stroke-color': '#111827',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: LAYER.resultHighlight,
      type: 'circle',
      source: RESULTS_SOURCE,
      filter: matchOne('id', null),
      paint: {
        'circle-color': '#ffdd00',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 5, 7, 11, 10, 14, 13, 17, 16],
        'circle-stroke-color': '#0b0c0c',
        'circle-stroke-width': 3,
      },
    },
    {
      id: LAYER.resultNumbers,
      type: 'symbol',
      source: RESULTS_SOURCE,
      minzoom: 10,
      layout: {
        'text-field': ['to-string', ['get', 'n']],
        'text-font': [FONT_BOLD],
        'text-size': 11,
        // Every result keeps its number, even where pins touch.
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': '#0b0c0c' },
    },
  ];
}
