import type { GapsLayer } from '@common-ground/schema';
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { AREAS_SOURCE, BACKGROUND_COLOUR } from '../../map/map-style.js';

/**
 * The gap map's 3 × 3 colours, [deprivation class 1–3][provision class 1–3] (Joshua
 * Stevens' pink–blue bivariate scheme): deprivation adds pink, thin provision adds teal,
 * and both together, the flagged cell, is the darkest blue. The corners differ in hue and
 * in lightness, so they stay apart in greyscale and for the common colour-vision deficiencies;
 * the legend names every cell in words and flagged LSOAs also get a dark outline.
 */
export const BIVARIATE_COLOURS: readonly (readonly [string, string, string])[] = [
  ['#e8e8e8', '#ace4e4', '#5ac8c8'],
  ['#dfb0d6', '#a5add3', '#5698b9'],
  ['#be64ac', '#8c62aa', '#3b4994'],
];
/** An LSOA of the area without a decile or without data for the category. */
export const NO_DATA_COLOUR = '#ffffff';
export const FLAG_OUTLINE_COLOUR = '#111827';

export const GAP_LAYER = {
  background: 'gaps-background',
  fill: 'gaps-fill',
  flagged: 'gaps-flagged',
  selectedCasing: 'gaps-selected-casing',
  selected: 'gaps-selected',
} as const;

/** The colour of a cell: `bivariateColour(3, 3)` is the flagged cell's. */
export function bivariateColour(dep: number, prov: number): string {
  if (dep < 1 || prov < 1) return NO_DATA_COLOUR;
  return BIVARIATE_COLOURS[dep - 1]![prov - 1]!;
}

/** Feature-state of one LSOA, from the layer's [dep, prov, flag]. */
export interface GapFeatureState {
  cell: number;
  flag: boolean;
}

/** The feature-state to set for each LSOA of a layer answer: `cell` is dep × 10 + prov (0: no data). */
export function featureStates(layer: GapsLayer): [string, GapFeatureState][] {
  return Object.entries(layer.classes).map(([code, [dep, prov, flag]]) => [code, { cell: dep === 0 || prov === 0 ? 0 : dep * 10 + prov, flag: flag === 1 }]);
}

const CELL = ['coalesce', ['feature-state', 'cell'], -1] as ExpressionSpecification;

/**
 * Fill from the feature-state joined onto the `areas` tiles: an LSOA outside the area (no
 * state) is not drawn.
 */
export function cellFillColour(): ExpressionSpecification {
  const arms = [1, 2, 3].flatMap((dep) => [1, 2, 3].flatMap((prov) => [dep * 10 + prov, bivariateColour(dep, prov)]));
  return ['match', CELL, ...arms, 0, NO_DATA_COLOUR, 'rgba(0, 0, 0, 0)'] as unknown as ExpressionSpecification;
}

/**
 * The style of the gap map: LSOA tiles with their code promoted to the feature id, so the
 * classes from GET /api/gaps/layer join on by code through feature-state; no new tiles.
 */
export function gapsStyle(origin: string, basemap: StyleSpecification | null): StyleSpecification {
  const overBasemap = basemap !== null;
  const sources: StyleSpecification['sources'] = {
    [AREAS_SOURCE]: {
      type: 'vector',
      tiles: [`${origin}/tiles/areas/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: 14,
      promoteId: { [AREAS_SOURCE]: 'code' },
    },
  };
  const layers: LayerSpecification[] = [
    {
      id: GAP_LAYER.fill,
      type: 'fill',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      paint: {
        'fill-color': cellFillColour(),
        'fill-opacity': overBasemap ? 0.75 : 0.95,
        'fill-antialias': false,
      },
    },
    {
      id: GAP_LAYER.flagged,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      minzoom: 7,
      paint: {
        'line-color': FLAG_OUTLINE_COLOUR,
        'line-opacity': ['case', ['boolean', ['feature-state', 'flag'], false], 0.9, 0],
        'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 11, 1.2, 14, 2],
      },
    },
    {
      id: GAP_LAYER.selectedCasing,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      filter: ['==', ['get', 'code'], ''],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#0b0c0c', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 4, 12, 7] },
    },
    {
      id: GAP_LAYER.selected,
      type: 'line',
      source: AREAS_SOURCE,
      'source-layer': AREAS_SOURCE,
      filter: ['==', ['get', 'code'], ''],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffdd00', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 2, 12, 3.5] },
    },
  ];
  if (!basemap) {
    return {
      version: 8,
      name: 'Common Ground gaps (offline)',
      sources,
      layers: [{ id: GAP_LAYER.background, type: 'background', paint: { 'background-color': BACKGROUND_COLOUR } }, ...layers],
    };
  }
  const firstLabel = basemap.layers.findIndex((l) => l.type === 'symbol');
  const split = firstLabel === -1 ? basemap.layers.length : firstLabel;
  return {
    ...basemap,
    name: 'Common Ground gaps',
    sources: { ...basemap.sources, ...sources },
    layers: [...basemap.layers.slice(0, split), ...layers, ...basemap.layers.slice(split)],
  };
}
