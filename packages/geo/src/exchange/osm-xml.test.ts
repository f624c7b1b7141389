import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile, sniffImportFormat } from './parse.js';
import { baseOptions, total, utf8 } from './test-support.js';
import type { ParseImportOptions } from './types.js';

let base: Omit<ParseImportOptions, 'format'>;
beforeAll(async () => {
  base = await baseOptions();
});

const OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <bounds minlat="51.8" minlon="-2.3" maxlat="51.9" maxlon="-2.2"/>
  <!-- a tagged node -->
  <node id="1" lat="51.8642" lon="-2.2382">
    <tag k="amenity" v="community_centre"/>
    <tag k="name" v="Kingsholm &amp; District Hall"/>
    <tag k="opening_hours" v="Mo-Fr 09:00-17:00"/>
    <tag k="wheelchair" v="limited"/>
    <tag k="contact:website" v="https://example.org"/>
    <tag k="operator" v="Gloucester City Council"/>
    <tag k="addr:housenumber" v="12"/>
    <tag k="addr:street" v="Kingsholm Road"/>
    <tag k="addr:city" v="Gloucester"/>
    <tag k="addr:postcode" v="GL1 3AX"/>
  </node>
  <node id="2" lat="51.86" lon="-2.24"><tag k="amenity" v="bench"/></node>
  <node id="3" lat="51.860" lon="-2.250"/>
  <node id="4" lat="51.860" lon="-2.240"/>
  <node id="5" lat="51.870" lon="-2.240"/>
  <node id="6" lat="51.870" lon="-2.250"/>
  <node id="7" lat="51.80" lon="-2.30" version="1"><tag k="created_by" v="JOSM"/></node>
  <way id="10">
    <nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><nd ref="3"/>
    <tag k="leisure" v="park"/>
    <tag k="name" v="Kingsholm Park"/>
  </way>
  <way id="11"><nd ref="3"/><nd ref="4"/><nd ref="5"/><nd ref="6"/><nd ref="3"/></way>
  <way id="12"><nd ref="999"/><tag k="amenity" v="library"/><tag k="name" v="Missing Library"/></way>
  <relation id="20">
    <member type="way" ref="11" role="outer"/>
    <tag k="type" v="multipolygon"/>
    <tag k="landuse" v="allotments"/>
    <tag k="name" v="Kingsholm Allotments"/>
  </relation>
  <node id="30" lat="51.86" lon="-2.24" action="delete"><tag k="amenity" v="library"/><tag k="name" v="Deleted"/></node>
  <relation id="21">
    <member type="way" ref="9999" role="outer"/>
    <tag k="type" v="multipolygon"/>
    <tag k="leisure" v="park"/>
    <tag k="name" v="Elsewhere Park"/>
  </relation>
</osm>`;

describe('OSM XML import', () => {
  it('is recognised by its <osm> element', () => {
    expect(sniffImportFormat(utf8(OSM), 'export.osm')).toBe('osm-xml');
  });

  it('turns tagged nodes, ways and relations into records, and leaves untagged geometry out', () => {
    const parsed = parseImportFile(utf8(OSM), { ...base, format: 'auto' });
    expect(parsed.format).toBe('osm-xml');
    // Records: node 1, node 2, way 10, way 12, relation 20, relation 21. Untagged nodes 3–6,
    // node 7 (only an editor tag) and way 11 are geometry, not records.
    expect(total(parsed)).toBe(6);
    expect(parsed.records.map((r) => [r.ref, r.sourceId, r.categoryCode, r.precision])).toEqual([
      ['node 1', 'node/1', 'community-centre', 'exact'],
      ['way 10', 'way/10', 'park', 'approximate'],
      ['relation 20', 'relation/20', 'allotment-garden', 'approximate'],
    ]);
    const [hall, park, allotments] = parsed.records;
    expect(hall).toMatchObject({
      name: 'Kingsholm & District Hall',
      lon: -2.2382,
      lat: 51.8642,
      line: 5,
      openingHours: 'Mo-Fr 09:00-17:00',
      wheelchair: 'limited',
      website: 'https://example.org',
      organisation: 'Gloucester City Council',
      address: '12 Kingsholm Road, Gloucester, GL1 3AX',
      postcode: 'GL1 3AX',
    });
    expect([park!.lon, park!.lat]).toEqual([-2.245, 51.865]);
    expect([allotments!.lon, allotments!.lat]).toEqual([-2.245, 51.865]);
    expect(parsed.rejected.map((r) => [r.sourceId, r.issues.map((i) => i.message)])).toEqual([
      ['node/2', ['no name tag (amenity=bench)', 'no category for tags amenity=bench']],
      ['way/12', ['way without its nodes in the file']],
      ['relation/21', ['relation without member geometry in the file']],
    ]);
  });

  it('uses the default category for tags with no mapping, with a note', () => {
    const xml = '<osm><node id="8" lat="51.5" lon="-0.1"><tag k="shop" v="hairdresser"/><tag k="name" v="Cuts"/></node></osm>';
    const [r] = parseImportFile(utf8(xml), { ...base, format: 'osm-xml', defaultCategory: 'local-economy' }).records;
    expect(r!.categoryCode).toBe('local-economy');
    expect(r!.issues[0]!.message).toBe('category guessed: no category for tags shop=hairdresser, so local-economy was used');
  });

  it('rejects a tagged node outside England', () => {
    const xml = '<osm><node id="9" lat="48.85" lon="2.35"><tag k="amenity" v="library"/><tag k="name" v="Paris"/></node></osm>';
    const parsed = parseImportFile(utf8(xml), { ...base, format: 'osm-xml' });
    expect(parsed.rejected[0]!.issues[0]!.message).toMatch(/outside England/);
  });

  it('refuses XML that is not OpenStreetMap', () => {
    expect(() => parseImportFile(utf8('<gpx><wpt/></gpx>'), { ...base, format: 'auto' })).toThrow(/not OpenStreetMap XML/);
    expect(() => parseImportFile(utf8('<gpx><wpt/></gpx>'), { ...base, format: 'osm-xml' })).toThrow(/no <osm> element/);
  });
});
