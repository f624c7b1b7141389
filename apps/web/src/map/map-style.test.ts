import type { Category } from '@common-ground/schema';
import { DECILE_COLOURS } from '@common-ground/geo';
import { describe, expect, it } from 'vitest';
import { LAYER, assetFilter, buildStyle, categoryColour, clusterRadius, decileFillColour, topLevelCategories } from './map-style.js';
import { ORIENTATION_LAYER, PLACE_LABELS_SOURCE } from './orientation.js';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';

function category(code: string, parentCode: string | null, colour: string, sortOrder: number): Category {
  return { code, parentCode, name: code, description: '', abcdType: 'association', colour, sortOrder };
}

const CATEGORIES = [category('food-bank', 'food', '#d95f02', 1), category('health', null, '#c2185b', 300), category('food', null, '#d95f02', 200)];

const OPTIONS = {
  origin: 'http://example.test',
  measure: 'imd' as const,
  categories: CATEGORIES,
  assetFilter: { showDefunct: false, hiddenGroups: [] },
  fonts: { regular: '/f/r.woff2', regularExt: '/f/re.woff2', bold: '/f/b.woff2', boldExt: '/f/be.woff2' },
};

describe('decileFillColour', () => {
  it("matches the measure's own decile property", () => {
    const expression = decileFillColour('housing_and_services');
    expect(expression.slice(0, 2)).toEqual(['match', ['get', 'housing_and_services']]);
  });

  it("shades a loaded measure by each LSOA's code, its decile's colour, and leaves the rest transparent", () => {
    const expression = decileFillColour({
      deciles: [
        { code: 'E01000001', decile: 1 },
        { code: 'E01000002', decile: 10 },
        { code: 'E01000003', decile: 1 },
        { code: 'E01000004', decile: null },
      ],
    });
    expect(expression).toEqual(['match', ['get', 'code'], ['E01000001', 'E01000003'], DECILE_COLOURS[0], ['E01000002'], DECILE_COLOURS[9], 'rgba(0, 0, 0, 0)']);
    // Before its deciles arrive, nothing is shaded (and the expression is still valid).
    expect(decileFillColour({ deciles: [] })).toEqual(['match', ['get', 'code'], '', 'rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
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
  it('without a basemap draws its text with the shipped font only: no glyph server, no sprites, nothing off our origin', () => {
    const style = buildStyle({ ...OPTIONS, basemap: null });
    expect(style.layers[0]).toMatchObject({ id: LAYER.background, type: 'background' });
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const faces = style['font-faces'] ?? {};
    const symbols = style.layers.filter((l): l is Extract<LayerSpecification, { type: 'symbol' }> => l.type === 'symbol');
    expect(symbols.map((l) => l.id)).toEqual(expect.arrayContaining([LAYER.clusterCounts, ORIENTATION_LAYER.authorityLabels, ORIENTATION_LAYER.wardLabels]));
    // Every font a label asks for is one the style declares, from the app's own files.
    for (const layer of symbols) for (const font of layer.layout?.['text-font'] as string[]) expect(faces[font]).toBeDefined();
    expect(JSON.stringify(faces)).not.toMatch(/https?:/);
    expect(style.sources[PLACE_LABELS_SOURCE]).toEqual({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    // Names sit above the areas and the asset points.
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(ORIENTATION_LAYER.authorityLabels)).toBeGreaterThan(ids.indexOf(LAYER.assets));
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

  it('shades the chosen measure', () => {
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

/** A feature as the style sees it: tile properties, feature state, and the map's zoom. */
interface Evaluated {
  zoom: number;
  properties: Record<string, unknown>;
  state?: Record<string, unknown>;
}

/**
 * Evaluates the few expression operators our asset layer uses, as MapLibre does
 * (interpolate is linear and clamps at its ends), so tests check what is drawn rather
 * than how the expression is spelled.
 */
function evaluate(expression: unknown, at: Evaluated): unknown {
  if (!Array.isArray(expression)) return expression;
  const [op, ...args] = expression as [string, ...unknown[]];
  const arg = (i: number) => evaluate(args[i], at);
  switch (op) {
    case 'literal':
      return args[0];
    case 'zoom':
      return at.zoom;
    case 'get':
      return at.properties[args[0] as string] ?? null;
    case 'has':
      return (args[0] as string) in at.properties;
    case 'feature-state':
      return at.state?.[args[0] as string] ?? null;
    case 'number':
    case 'boolean': {
      for (let i = 0; i < args.length; i++) {
        const value = arg(i);
        if (typeof value === (op === 'number' ? 'number' : 'boolean')) return value;
      }
      throw new Error(`${op} assertion failed`);
    }
    case '-':
      return args.length === 1 ? -(arg(0) as number) : (arg(0) as number) - (arg(1) as number);
    case '!':
      return !arg(0);
    case '!=':
      return arg(0) !== arg(1);
    case 'in':
      return (arg(1) as unknown[]).includes(arg(0));
    case 'all':
      return args.every((_, i) => arg(i) === true);
    case 'case': {
      for (let i = 0; i + 1 < args.length; i += 2) if (arg(i) === true) return arg(i + 1);
      return arg(args.length - 1);
    }
    case 'match': {
      const value = arg(0);
      for (let i = 1; i + 1 < args.length; i += 2) {
        const labels = Array.isArray(args[i]) ? (args[i] as unknown[]) : [args[i]];
        if (labels.includes(value)) return arg(i + 1);
      }
      return arg(args.length - 1);
    }
    case 'interpolate': {
      const input = arg(1) as number;
      const stops = args.slice(2);
      if (input <= (stops[0] as number)) return evaluate(stops[1], at);
      for (let i = 2; i < stops.length; i += 2) {
        const [x0, x1] = [stops[i - 2] as number, stops[i] as number];
        if (input <= x1) {
          const [y0, y1] = [evaluate(stops[i - 1], at) as number, evaluate(stops[i + 1], at) as number];
          return y0 + ((y1 - y0) * (input - x0)) / (x1 - x0);
        }
      }
      return evaluate(stops.at(-1), at);
    }
    default:
      throw new Error(`the test evaluator does not know ${op}`);
  }
}

describe('asset clusters (the API merges nearby assets up to zoom 10)', () => {
  const assets = buildStyle({ ...OPTIONS, basemap: null }).layers.find((l) => l.id === LAYER.assets) as Extract<LayerSpecification, { type: 'circle' }>;
  const point = { group: 'food', status: 'active', uuid: 'a' };
  const cluster = (count: number, status = 'active') => ({ group: 'food', status, count });
  const radius = (properties: Record<string, unknown>, zoom: number) => evaluate(assets.paint?.['circle-radius'], { zoom, properties }) as number;

  it('draws a cluster larger than a lone point, and larger the more places it holds', () => {
    for (const zoom of [5, 6, 8, 10]) {
      expect(radius(cluster(2), zoom)).toBeGreaterThan(radius(point, zoom));
      expect(radius(cluster(10), zoom)).toBeGreaterThan(radius(cluster(2), zoom));
      expect(radius(cluster(200), zoom)).toBeGreaterThan(radius(cluster(50), zoom));
    }
  });

  it('caps a cluster at 12 px above its smallest size however many places it holds', () => {
    expect(radius(cluster(1000), 5)).toBe(15);
    expect(radius(cluster(250_000), 5)).toBe(15);
    expect(radius(cluster(250_000), 8)).toBeCloseTo(15.8);
    expect(evaluate(clusterRadius(3), { zoom: 6, properties: cluster(2) })).toBe(3);
  });

  it('keeps lone points sized by zoom, growing when hovered, as before clustering', () => {
    expect(radius(point, 8)).toBe(2.4);
    expect(evaluate(assets.paint?.['circle-radius'], { zoom: 8, properties: point, state: { hover: true } })).toBe(5);
    expect(radius(point, 14)).toBe(6.5);
  });

  it('draws lone points above clusters and small clusters above big ones', () => {
    const key = (properties: Record<string, unknown>) => evaluate(assets.layout?.['circle-sort-key'], { zoom: 8, properties }) as number;
    expect(key(point)).toBeGreaterThan(key(cluster(3)));
    expect(key(cluster(3))).toBeGreaterThan(key(cluster(40)));
  });

  it('colours clusters by their group and rings them white even at zoom 6', () => {
    expect(evaluate(assets.paint?.['circle-color'], { zoom: 6, properties: cluster(5) })).toBe('#d95f02');
    expect(evaluate(assets.paint?.['circle-stroke-width'], { zoom: 6, properties: cluster(5) })).toBe(1);
    expect(evaluate(assets.paint?.['circle-stroke-width'], { zoom: 6, properties: point })).toBe(0);
  });

  it('fades clusters of places not running, but not clusters that mix running and paused places', () => {
    const opacity = (status: string) => evaluate(assets.paint?.['circle-opacity'], { zoom: 6, properties: cluster(3, status) });
    expect(opacity('active')).toBe(1);
    expect(opacity('mixed')).toBe(1);
    expect(opacity('defunct')).toBeLessThan(1);
  });

  it('filters clusters like points: by group and by the closed-for-good switch', () => {
    const shown = (filter: Parameters<typeof assetFilter>[0], properties: Record<string, unknown>) => evaluate(assetFilter(filter), { zoom: 6, properties });
    expect(shown({ showDefunct: false, hiddenGroups: [] }, cluster(4))).toBe(true);
    expect(shown({ showDefunct: false, hiddenGroups: [] }, cluster(4, 'defunct'))).toBe(false);
    expect(shown({ showDefunct: true, hiddenGroups: [] }, cluster(4, 'defunct'))).toBe(true);
    expect(shown({ showDefunct: false, hiddenGroups: ['food'] }, cluster(4))).toBe(false);
    expect(assets.filter).toEqual(assetFilter(OPTIONS.assetFilter));
  });
});
