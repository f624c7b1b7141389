import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile, sniffImportFormat } from './parse.js';
import { baseOptions, total, utf8 } from './test-support.js';
import { ImportFileError, type ParseImportOptions } from './types.js';

let base: Omit<ParseImportOptions, 'format'>;
beforeAll(async () => {
  base = await baseOptions();
});

const json = (v: unknown) => utf8(JSON.stringify(v));
const parse = (v: unknown, extra: Partial<ParseImportOptions> = {}) => parseImportFile(json(v), { ...base, format: 'auto', ...extra });
const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
const feature = (properties: Record<string, unknown>, geometry: unknown = point(-2.2382, 51.8642), id?: unknown) => ({
  type: 'Feature',
  ...(id !== undefined ? { id } : {}),
  geometry,
  properties,
});

describe('GeoJSON import', () => {
  it('round-trips our own export: properties, source + source_id as the source id', () => {
    const exported = {
      type: 'FeatureCollection',
      features: [
        feature({
          id: '3f0c7a1e-0000-4000-8000-000000000001',
          name: 'Kingsholm Community Centre',
          category: 'community-centre',
          description: 'A hall for hire.',
          website: 'https://example.org',
          phone: '01452 000000',
          email: 'hello@example.org',
          opening_hours: 'Mo-Fr 09:00-17:00',
          postcode: 'GL1 3AX',
          address: 'Kingsholm Road, Gloucester',
          source: 'osm-gloucestershire',
          source_id: 'node/123',
          licence: 'ODbL-1.0',
          wheelchair: 'limited',
        }),
      ],
    };
    expect(sniffImportFormat(json(exported))).toBe('geojson');
    const [r] = parse(exported).records;
    expect(r).toMatchObject({
      ref: 'feature 1',
      sourceId: 'osm-gloucestershire:node/123',
      name: 'Kingsholm Community Centre',
      categoryCode: 'community-centre',
      lon: -2.2382,
      lat: 51.8642,
      precision: 'exact',
      postcode: 'GL1 3AX',
      description: 'A hall for hire.',
      website: 'https://example.org',
      phone: '01452 000000',
      email: 'hello@example.org',
      openingHours: 'Mo-Fr 09:00-17:00',
      address: 'Kingsholm Road, Gloucester',
      wheelchair: 'limited',
      issues: [],
    });
  });

  it('reads our export’s capacity and capacity_unit, and the API’s { value, unit }', () => {
    const gp = (props: Record<string, unknown>) =>
      parse({ type: 'FeatureCollection', features: [feature({ name: 'Gosberton Medical Centre', category: 'gp-practice', ...props })] }).records[0]!;
    expect(gp({ capacity: 8207, capacity_unit: 'registered patients', national_id: 'C83036' }).capacity).toEqual({ value: 8207, unit: 'registered patients' });
    expect(gp({ capacity: { value: 40.5, unit: 'opening hours per week' } }).capacity).toEqual({ value: 40.5, unit: 'opening hours per week' });
    expect(gp({ capacity: null, capacity_unit: null }).capacity).toBeNull();
    const bad = gp({ capacity: -4, capacity_unit: 'places' });
    expect(bad.capacity).toBeNull();
    expect(bad.issues).toEqual([expect.objectContaining({ field: 'capacity' })]);
  });

  it('reads the search API camelCase properties (categoryCode, openingHours, locationPrecision)', () => {
    const [r] = parse({
      type: 'FeatureCollection',
      features: [
        feature({ name: 'Pharmacy', categoryCode: 'pharmacy', openingHours: 'Mo 09:00-12:00', locationPrecision: 'postcode' }, point(-1.5, 52.5), 'abc'),
      ],
    }).records;
    expect(r).toMatchObject({ sourceId: 'abc', categoryCode: 'pharmacy', openingHours: 'Mo 09:00-12:00', precision: 'postcode' });
  });

  it('places polygons and lines at a representative point, marked approximate', () => {
    const square = [
      [-2.0, 52.0],
      [-1.0, 52.0],
      [-1.0, 53.0],
      [-2.0, 53.0],
      [-2.0, 52.0],
    ];
    const small = [
      [0, 51],
      [0.01, 51],
      [0.01, 51.01],
      [0, 51],
    ];
    const parsed = parse([
      feature({ name: 'Park', category: 'park' }, { type: 'Polygon', coordinates: [square] }),
      feature({ name: 'Big park', category: 'park' }, { type: 'MultiPolygon', coordinates: [[small], [square]] }),
      feature(
        { name: 'Path', category: 'park' },
        {
          type: 'LineString',
          coordinates: [
            [-2, 52],
            [-1, 53],
          ],
        },
      ),
    ]);
    expect(parsed.records.map((r) => [r.lon, r.lat, r.precision])).toEqual([
      [-1.5, 52.5, 'approximate'],
      [-1.5, 52.5, 'approximate'],
      [-1.5, 52.5, 'approximate'],
    ]);
  });

  it('places a feature with no geometry by its postcode, and rejects one with neither', () => {
    const parsed = parse({
      type: 'FeatureCollection',
      features: [
        feature({ Name: 'Hall', category: 'Community centres and village halls', Postcode: 'gl12tg' }, null),
        feature({ title: 'Lost', category: 'community' }, null),
      ],
    });
    expect(parsed.records[0]).toMatchObject({ name: 'Hall', categoryCode: 'community-centre', lon: null, precision: 'postcode', postcode: 'GL1 2TG' });
    expect(parsed.rejected[0]).toMatchObject({
      ref: 'feature 2',
      name: 'Lost',
      issues: [{ field: 'geometry', message: 'no geometry and no postcode to place it' }],
    });
  });

  it('uses OSM-looking properties for the category, and rejects unknown categories with a hint', () => {
    const parsed = parse({
      type: 'FeatureCollection',
      features: [
        feature({ name: 'Library', amenity: 'library', 'addr:postcode': 'GL1 1AA' }),
        feature({ name: 'Thing', category: 'spaceport' }),
        feature({ name: 'Nothing' }),
        feature({ name: 'Far', category: 'park' }, point(10, 45)),
        feature({ name: 'Bad', category: 'park' }, { type: 'Point', coordinates: ['x', 1] }),
      ],
    });
    expect(total(parsed)).toBe(5);
    expect(parsed.records.map((r) => [r.name, r.categoryCode, r.postcode])).toEqual([['Library', 'library', 'GL1 1AA']]);
    const [thing, nothing, far, bad] = parsed.rejected;
    expect(thing!.issues[0]!.message).toMatch(/"spaceport" is not a known category; use a code or name such as community/);
    expect(nothing!.issues[0]!.field).toBe('category');
    expect(far!.issues[0]!.message).toMatch(/outside England/);
    expect(bad!.issues[0]).toMatchObject({ field: 'geometry' });
  });

  it('falls back to the default category with a note', () => {
    const [r] = parse([feature({ name: 'Something' })], { defaultCategory: 'community-group' }).records;
    expect(r!.categoryCode).toBe('community-group');
    expect(r!.issues[0]!.message).toMatch(/^category guessed/);
  });

  it('reads an OSM GeoJSON export (overpass-turbo and osmtogeojson styles) with node/way ids', () => {
    const overpass = {
      type: 'FeatureCollection',
      features: [
        feature(
          { '@id': 'node/101', name: 'St Mary', amenity: 'place_of_worship', wheelchair: 'yes', 'contact:phone': '01452 1' },
          point(-2.24, 51.86),
          'node/101',
        ),
        feature(
          { '@id': 'way/202', name: 'Rec', leisure: 'park' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [-2, 52],
                [-1, 52],
                [-1, 53],
                [-2, 53],
                [-2, 52],
              ],
            ],
          },
          'way/202',
        ),
        feature({ '@id': 'node/303', amenity: 'bench' }, point(-2.24, 51.86), 'node/303'),
        feature({ '@id': 'node/404', name: 'Corner Shop', shop: 'hairdresser' }, point(-2.24, 51.86), 'node/404'),
      ],
    };
    expect(sniffImportFormat(json(overpass))).toBe('osm-geojson');
    const parsed = parse(overpass);
    expect(parsed.format).toBe('osm-geojson');
    expect(parsed.records.map((r) => [r.sourceId, r.categoryCode, r.precision])).toEqual([
      ['node/101', 'place-of-worship', 'exact'],
      ['way/202', 'park', 'approximate'],
    ]);
    expect(parsed.records[0]).toMatchObject({ wheelchair: 'yes', phone: '01452 1' });
    expect(parsed.rejected.map((r) => [r.sourceId, r.issues.map((i) => i.message)])).toEqual([
      ['node/303', ['the name is empty', 'no category for tags amenity=bench']],
      ['node/404', ['no category for tags shop=hairdresser']],
    ]);

    const osmtogeojson = {
      type: 'FeatureCollection',
      features: [feature({ type: 'node', id: 55, tags: { name: 'Doctors', amenity: 'doctors', 'addr:postcode': 'GL1 2TG' } }, point(-2.24, 51.86), 'node/55')],
    };
    const [r] = parse(osmtogeojson).records;
    expect(r).toMatchObject({ sourceId: 'node/55', categoryCode: 'gp-practice', postcode: 'GL1 2TG' });
  });

  it('reports invalid JSON with its line and column, and refuses JSON of no known shape', () => {
    const bad = utf8('{\n  "type": "FeatureCollection",\n  "features": [,]\n}');
    expect(() => parseImportFile(bad, { ...base, format: 'auto' })).toThrow(/not valid JSON at line 3, column 16/);
    expect(() => parseImportFile(json({ hello: 'world' }), { ...base, format: 'auto' })).toThrow(ImportFileError);
    expect(() => sniffImportFormat(utf8('just some words'))).toThrow(/Cannot tell/);
  });

  it('refuses a file with more features than maxRecords', () => {
    const features = Array.from({ length: 6 }, (_, i) => feature({ name: `F${i}`, category: 'park' }));
    expect(() => parse({ type: 'FeatureCollection', features }, { maxRecords: 5 })).toThrow(/at most 5/);
  });
});
