import type { Category } from '@common-ground/schema';
import { DECILE_COLOURS } from '@common-ground/geo';
import { describe, expect, it } from 'vitest';
import { LAYER, assetFilter, buildStyle, categoryColour, decileFillColour, topLevelCategories } from './map-style.js';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

function category(code: string, parentCode: string | null, colour: string, sortOrder: number): Category {
  return { code, parentCode, name: code, description: '', abcdType: 'association', colour, sortOrder };
}

const CATEGORIES = [
  category('food-bank', 'food', '#d95f02', 1),
  category('health', null, '#c2185b', 300),
  category('food', null, '#d95f02', 200),
];

const OPTIONS = {
  origin: 'http://example.test',
  measure: 'imd' as const,
  categories: CATEGORIES,
  assetFilter: { showDefunct: false, hiddenGroups: [] },
};

describe('decileFillColour', () => {
  it("matches the measure's own decile property", () => {
    const expression = decileFillColour('housing_and_services');
    expect(expression.slice(0, 2)).toEqual(['match', ['get', 'housing_and_services']]);
  });

  it('gives decile 1 the first (most deprived) colour and decile 10 the last', () => {
    const expression = decileFillColour('imd') as unknown[];
    expect(expression[2]).toBe(1);
    expect(expression[3]).toBe(DECILE_COLOURS[0]);
    expect(expression[20]).toBe(10);
    expect(expression[21]).toBe(DECILE_COLOURS[9]);
  });

  it('leaves areas without a decile transparent', () => {
    const expression = decileFillColour('imd') as unknown[];
    expect(expression).toHaveLength(2 + 20 + 1);
    expect(expression.at(-1)).toBe('rgba(0, 0, 0, 0)');
  });
});

describe('categoryColour', () => {
  it('colours points by their top-level group only, in taxonomy order', () => {
    expect(categoryColour(CATEGORIES)).toEqual(['match', ['get', 'group'], 'food', '#d95f02', 'health', '#c2185b', '#6b7280']);
  });

  it('falls back to one neutral colour before categories have loaded', () => {
    expect(categoryColour([])).toBe('#6b7280');
  });
});

describe('topLevelCategories', () => {
  it('drops child categories and sorts by sortOrder', () => {
    expect(topLevelCategories(CATEGORIES).map((c) => c.code)).toEqual(['food', 'health']);
  });
});

describe('assetFilter', () => {
  it('hides defunct assets by default', () => {
    expect(assetFilter({ showDefunct: false, hiddenGroups: [] })).toEqual(['!=', ['get', 'status'], 'defunct']);
  });

  it('shows everything when defunct assets are wanted and no group is hidden', () => {
    expect(assetFilter({ showDefunct: true, hiddenGroups: [] })).toEqual(['boolean', true]);
  });

  it('combines hidden groups with the defunct rule', () => {
    expect(assetFilter({ showDefunct: false, hiddenGroups: ['food'] })).toEqual([
      'all',
      ['!=', ['get', 'status'], 'defunct'],
      ['!', ['in', ['get', 'group'], ['literal', ['food']]]],
    ]);
  });
});

describe('buildStyle', () => {
  it('without a basemap is a background and our layers, with no glyphs, sprites or text', () => {
    const style = buildStyle({ ...OPTIONS, basemap: null });
    expect(style.layers[0]).toMatchObject({ id: LAYER.background, type: 'background' });
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
  });

  it('points tiles at absolute URLs on the given origin', () => {
    const style = buildStyle({ ...OPTIONS, basemap: null });
    expect(style.sources.areas).toMatchObject({ type: 'vector', tiles: ['http://example.test/tiles/areas/{z}/{x}/{y}.mvt'] });
    expect(style.sources.assets).toMatchObject({ tiles: ['http://example.test/tiles/assets/{z}/{x}/{y}.mvt'] });
  });

  it('draws asset points above the choropleth', () => {
    const ids = buildStyle({ ...OPTIONS, basemap: null }).layers.map((l) => l.id);
    expect(ids.indexOf(LAYER.assets)).toBeGreaterThan(ids.indexOf(LAYER.areasFill));
  });

  it("shades the chosen measure", () => {
    const style = buildStyle({ ...OPTIONS, measure: 'crime', basemap: null });
    const fill = style.layers.find((l) => l.id === LAYER.areasFill) as Extract<LayerSpecification, { type: 'fill' }>;
    expect(fill.paint?.['fill-color']).toEqual(decileFillColour('crime'));
  });

  it("over a basemap, slots our layers below the basemap's first label layer", () => {
    const basemap: StyleSpecification = {
      version: 8,
      name: 'Streets',
      glyphs: 'https://tiles.example/fonts/{fontstack}/{range}.pbf',
      sources: { streets: { type: 'vector', url: 'https://tiles.example/streets.json' } },
      layers: [
        { id: 'land', type: 'background', paint: { 'background-color': '#fff' } },
        { id: 'roads', type: 'line', source: 'streets', 'source-layer': 'roads' },
        { id: 'labels', type: 'symbol', source: 'streets', 'source-layer': 'places' },
      ],
    };
    const style = buildStyle({ ...OPTIONS, basemap });
    const ids = style.layers.map((l) => l.id);
    expect(ids.slice(0, 2)).toEqual(['land', 'roads']);
    expect(ids.at(-1)).toBe('labels');
    expect(ids).toContain(LAYER.assets);
    expect(ids).not.toContain(LAYER.background);
    expect(style.glyphs).toBe(basemap.glyphs);
    expect(Object.keys(style.sources).sort()).toEqual(['areas', 'assets', 'streets']);
  });
});
