import { Asset, EXPORT_COLUMNS, ExportFeatureCollection, ExportQuery, HsdsService, SearchResults } from '@common-ground/schema';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { hsdsErrors } from '../../testing/hsds-schemas.js';
import { assetsInView } from './export.service.js';

/** A word no real asset has, so the test's own assets are found by it alone. */
const WORD = `Qxportzed${randomUUID().slice(0, 6)}`;
const HERE = { lon: -2.2441, lat: 51.8642 };

describe.each(inject('databases'))('export on the $kind database', (database) => {
  const app = useApp(database);

  beforeAll(async () => {
    // Published and public; sensitive; pending: the export may show the first only. The
    // public one's name would run as a formula in a spreadsheet if written as it is.
    await app().pg.query(
      `INSERT INTO assets (name, description, category_code, geom, location_precision, review_state, sensitive, source, source_id, licence)
       VALUES ($1, '@cmd|calc', 'community-centre', ST_SetSRID(ST_MakePoint($4, $5), 4326), 'exact', 'published', false, 'export-test', 'x-1', 'CC-BY-SA-4.0'),
              ($2, null, 'community-centre', ST_SetSRID(ST_MakePoint($4, $5), 4326), 'exact', 'published', true, 'export-test', 'x-2', 'CC-BY-SA-4.0'),
              ($3, null, 'community-group', ST_SetSRID(ST_MakePoint($4, $5), 4326), 'exact', 'pending', false, 'export-test', 'x-3', 'CC-BY-SA-4.0')`,
      [`=HYPERLINK("http://evil.example","${WORD} hall")`, `${WORD} refuge`, `${WORD} pending`, HERE.lon, HERE.lat],
    );
  });
  afterAll(async () => {
    await app().pg.query("DELETE FROM assets WHERE source = 'export-test'");
  });

  async function exportOf(query: string) {
    const res = await app().inject(`/api/export/assets?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  }
  const csvRows = (body: string) => parse<Record<string, string>>(body, { columns: true });
  async function searchTotal(query: string): Promise<number> {
    const res = await app().inject(`/api/search?${query}&page_size=1`);
    expect(res.statusCode, res.body).toBe(200);
    return SearchResults.parse(res.json()).total;
  }

  it.each([
    ['a category inside a council', 'category=library&area=E08000019'],
    ['a postcode radius', 'postcode=GL1%202TG&radius=1500'],
    ['words near a point', 'q=church&near=-0.1357,51.5145&radius=3000'],
  ])('exports exactly the assets the search finds, in its order: %s', async (_label, query) => {
    const csv = csvRows((await exportOf(`${query}&format=csv`)).body);
    const total = await searchTotal(query);
    expect(total).toBeGreaterThan(0);
    expect(csv).toHaveLength(total);
    const firstPage = SearchResults.parse((await app().inject(`/api/search?${query}&page_size=100`)).json());
    expect(csv.slice(0, 100).map((r) => r.id)).toEqual(firstPage.results.map((h) => h.id));
    const geojson = ExportFeatureCollection.parse((await exportOf(`${query}&format=geojson`)).json());
    expect(geojson.features.map((f) => f.id)).toEqual(csv.map((r) => r.id));
  });

  it("writes CSV with the importers' header, CRLF line ends and a download name", async () => {
    const res = await exportOf('category=library&area=E08000019');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="common-ground-assets-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(res.body.endsWith('\r\n')).toBe(true);
    const [row] = csvRows(res.body);
    expect(Number(row!.lat)).toBeGreaterThan(53);
    expect(row!.category).toBe('library');
    expect(row!.licence).not.toBe('');
    expect(row!.attribution).not.toBe('');
  });

  it('never exports sensitive or unpublished assets, and defuses formulas', async () => {
    const rows = csvRows((await exportOf(`near=${HERE.lon},${HERE.lat}&radius=50&format=csv`)).body);
    const ours = rows.filter((r) => r.source === 'export-test');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.name).toBe(`'=HYPERLINK("http://evil.example","${WORD} hall")`);
    expect(ours[0]!.description).toBe("'@cmd|calc");
    // An unregistered source keeps the asset's licence; CC BY-SA is share-alike too.
    expect(ours[0]).toMatchObject({ licence: 'CC-BY-SA-4.0', attribution: 'export-test', share_alike: 'true' });
    for (const format of ['geojson', 'hsds']) {
      const body = (await exportOf(`q=${WORD}&format=${format}`)).body;
      expect(body).toContain(`${WORD} hall`);
      expect(body).not.toContain(`${WORD} refuge`);
      expect(body).not.toContain(`${WORD} pending`);
    }
  });

  it("carries each row's licence, share-alike for OpenStreetMap rows, and sums them up", async () => {
    // Westminster's places of worship come from OpenStreetMap; its libraries from the register.
    const fc = ExportFeatureCollection.parse((await exportOf('area=E09000033&format=geojson')).json());
    const osm = fc.features.filter((f) => f.properties.source === 'osm-london-worship');
    const register = fc.features.filter((f) => f.properties.source === 'libraries-register');
    expect(osm.length).toBeGreaterThan(0);
    expect(register.length).toBeGreaterThan(0);
    for (const f of osm) {
      expect(f.properties).toMatchObject({ licence: 'ODbL-1.0', share_alike: true });
      expect(f.properties.attribution).toContain('OpenStreetMap');
    }
    for (const f of register) expect(f.properties).toMatchObject({ licence: 'OGL-UK-3.0', share_alike: false });
    expect(fc.licences.find((l) => l.licence === 'ODbL-1.0')).toMatchObject({ shareAlike: true });
    expect(fc.attribution).toContain('© OpenStreetMap contributors');
    expect(fc.licences.reduce((sum, l) => sum + l.rows, 0)).toBeGreaterThanOrEqual(fc.features.length);
  });

  it('exports Open Referral services that pass the official HSDS 3.0 schema', async () => {
    const res = await exportOf('category=library&area=E08000019&format=hsds');
    expect(res.headers['content-disposition']).toMatch(/\.hsds\.json"$/);
    const services = res.json<unknown[]>();
    expect(services.length).toBe(await searchTotal('category=library&area=E08000019'));
    for (const service of services) {
      expect(hsdsErrors('service', service)).toBe('');
      HsdsService.parse(service);
    }
  });

  it('carries everything an importer needs to give back the same asset', async () => {
    // Sheffield's libraries: register rows with hours; every row checked against the asset's own page.
    const fc = ExportFeatureCollection.parse((await exportOf('category=library&area=E08000019&format=geojson')).json());
    const csv = csvRows((await exportOf('category=library&area=E08000019&format=csv')).body);
    expect(fc.features.some((f) => f.properties.opening_hours)).toBe(true);
    for (const [i, feature] of fc.features.entries()) {
      const asset = Asset.parse((await app().inject(`/api/assets/${feature.id}`)).json());
      const p = feature.properties;
      expect(feature.geometry.coordinates).toEqual(asset.location.coordinates);
      expect(p).toMatchObject({
        name: asset.name,
        category: asset.categoryCode,
        abcd: asset.abcdType,
        description: asset.description,
        organisation: asset.organisation,
        address: asset.address,
        postcode: asset.postcode,
        location_precision: asset.locationPrecision,
        phone: asset.phone,
        email: asset.email,
        website: asset.website,
        opening_hours: asset.openingHours,
        opening_hours_note: asset.openingHoursNote,
        wheelchair: asset.wheelchair,
        is_free: asset.free,
        tags: asset.tags,
        source: asset.provenance[0]!.source,
        source_id: asset.provenance[0]!.sourceId,
        capacity: asset.capacity?.value ?? null,
        capacity_unit: asset.capacity?.unit ?? null,
      });
      // The CSV says the same, as text: numbers exactly, nothing as an empty cell.
      const row = csv[i]!;
      expect([Number(row.lat), Number(row.lon)]).toEqual([p.lat, p.lon]);
      expect(row.opening_hours).toBe(p.opening_hours ?? '');
      expect(row.tags).toBe(p.tags.join('; '));
    }
  });

  it('gives each NHS-registered asset its ODS code and capacity, in CSV, GeoJSON and Open Referral alike', async () => {
    const { rows } = await app().pg.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM assets WHERE national_id = 'C83036' AND national_id_scheme = 'GB-NHS'`,
    );
    const query = `category=gp-practice&near=${rows[0]!.lon},${rows[0]!.lat}&radius=1`;
    const [row] = csvRows((await exportOf(`${query}&format=csv`)).body);
    expect(row).toMatchObject({
      name: 'GOSBERTON MEDICAL CENTRE',
      national_id: 'C83036',
      national_id_scheme: 'GB-NHS',
      capacity: '8207',
      capacity_unit: 'registered patients',
    });
    const [feature] = ExportFeatureCollection.parse((await exportOf(`${query}&format=geojson`)).json()).features;
    expect(feature!.properties).toMatchObject({ national_id: 'C83036', national_id_scheme: 'GB-NHS', capacity: 8207, capacity_unit: 'registered patients' });
    const [service] = (await exportOf(`${query}&format=hsds`)).json<unknown[]>();
    expect(hsdsErrors('service', service)).toBe('');
    expect(HsdsService.parse(service)).toMatchObject({
      capacities: [{ available: 8207, unit: { name: 'registered patients' }, description: '8,207 registered patients' }],
      x_provenance: { national_id: 'C83036', national_id_scheme: 'GB-NHS' },
    });
    // An asset whose capacity is not known has empty cells, not zeros.
    const [worship] = csvRows((await exportOf('category=place-of-worship&area=E08000019&format=csv')).body);
    expect(worship).toMatchObject({ capacity: '', capacity_unit: '', national_id: '', national_id_scheme: '' });
  });

  it('answers If-None-Match with a 304 and a public cache header', async () => {
    const first = await exportOf('category=library&area=E08000019&format=geojson');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers['x-data-licences']).toContain('OGL-UK-3.0');
    const etag = first.headers.etag as string;
    const again = await app().inject({ url: '/api/export/assets?category=library&area=E08000019&format=geojson', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('refuses a view bigger than the cap with a 400 asking for a narrower search', async () => {
    const refused = await assetsInView(app().pg, ExportQuery.parse({ category: 'library', area: 'E08000019' }), 3).then(
      () => null,
      (error: unknown) => error as { statusCode: number; message: string },
    );
    expect(refused?.statusCode).toBe(400);
    expect(refused?.message).toMatch(/more than 3 assets.*narrow the search/);
  });

  it.each([
    ['format=xlsx', 'querystring.format'],
    ['category=no-such-category', 'querystring.category'],
    ['near=-2,52&postcode=GL1', 'querystring.postcode'],
    ['area=Atlantis', 'querystring.area'],
  ])('rejects %s with a 400 naming %s', async (query, path) => {
    const res = await app().inject(`/api/export/assets?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ issues?: { path: string }[] }>().issues?.map((i) => i.path)).toContain(path);
  });
});
