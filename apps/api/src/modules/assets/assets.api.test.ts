import { Asset, AssetFeatureCollection, ErrorBody, SearchResults } from '@common-ground/schema';
import { stableAssetId } from '../../loader/assets/load-assets.js';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';

describe.each(inject('databases'))('assets on the $kind database', (database) => {
  const app = useApp(database);

  async function idOf(source: string, sourceId: string): Promise<string> {
    const { rows } = await app().pg.query<{ asset_id: string }>('SELECT asset_id FROM asset_sources WHERE source = $1 AND source_id = $2', [source, sourceId]);
    expect(rows).toHaveLength(1);
    return rows[0]!.asset_id;
  }

  it('returns a real GP practice from the NHS register, placed on its postcode, with its registered patients and ODS code', async () => {
    const id = await idOf('nhs-ods-gp-practices', 'C83036');
    const res = await app().inject(`/api/assets/${id}`);
    expect(res.statusCode).toBe(200);
    const asset = Asset.parse(res.json());
    expect(asset).toMatchObject({
      name: 'GOSBERTON MEDICAL CENTRE',
      categoryCode: 'gp-practice',
      abcdType: 'institution',
      postcode: 'PE11 4NL',
      locationPrecision: 'postcode',
      phone: '01775 840204',
      reviewState: 'published',
      lifecycleStatus: 'active',
      // NHS England, patients registered at the practice on 1 April 2025.
      capacity: { value: 8207, unit: 'registered patients' },
      nationalId: { scheme: 'GB-NHS', id: 'C83036' },
    });
    expect(asset.provenance).toContainEqual(
      expect.objectContaining({ source: 'nhs-ods-gp-practices', sourceId: 'C83036', licence: 'OGL-UK-3.0', sourceDate: '2025-09-01' }),
    );
    expect(asset.areaCode).toMatch(/^E01/);
    // Its id is the stable one of the register's record, the same on every database.
    expect(id).toBe(stableAssetId('nhs-ods-gp-practices', 'C83036'));
  });

  it('returns a pharmacy with its weekly hours as capacity and its opening times in OSM syntax, found open when it is', async () => {
    const id = await idOf('nhs-ods-pharmacies', 'FA002');
    const asset = Asset.parse((await app().inject(`/api/assets/${id}`)).json());
    expect(asset).toMatchObject({
      name: 'ROWLANDS PHARMACY',
      categoryCode: 'pharmacy',
      organisation: 'L ROWLAND & CO (RETAIL) LTD',
      openingHours: 'Mo-Fr 09:00-13:00,14:00-17:30; Sa 09:00-12:00',
      capacity: { value: 40.5, unit: 'opening hours per week' },
      nationalId: { scheme: 'GB-NHS', id: 'FA002' },
    });
    // Wednesday 10:30 and 13:30 UK time (BST), Sunday noon: open, lunch, closed.
    const near = `near=${asset.location.coordinates.join(',')}&radius=50&category=pharmacy`;
    const found = async (at: string) =>
      SearchResults.parse((await app().inject(`/api/search?${near}&open_at=${encodeURIComponent(at)}`)).json()).results.some((r) => r.id === id);
    expect(await found('2025-07-16T09:30:00Z')).toBe(true);
    expect(await found('2025-07-16T12:30:00Z')).toBe(false);
    expect(await found('2025-07-20T11:00:00Z')).toBe(false);
  });

  it('places a library from the register on its postcode and says so, with hours in OSM syntax', async () => {
    const { rows } = await app().pg.query<{ asset_id: string }>(
      `SELECT s.asset_id FROM asset_sources s JOIN assets a ON a.id = s.asset_id
       WHERE s.source = 'libraries-register' AND a.opening_hours IS NOT NULL AND a.location_precision = 'postcode'
       ORDER BY s.source_id LIMIT 1`,
    );
    const asset = Asset.parse((await app().inject(`/api/assets/${rows[0]!.asset_id}`)).json());
    expect(asset.locationPrecision).toBe('postcode');
    expect(asset.openingHours).toMatch(/^(Mo|Tu|We|Th|Fr|Sa|Su)[-,A-Za-z]* \d\d:\d\d-\d\d:\d\d/);
  });

  it('keeps one asset for a library listed by two sources, recording both', async () => {
    const { rows } = await app().pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT asset_id FROM asset_sources GROUP BY asset_id
         HAVING bool_or(source = 'gm-libraries') AND bool_or(source = 'libraries-register')) x`,
    );
    expect(rows[0]!.n).toBeGreaterThan(50);
  });

  it('lists assets in a map area as GeoJSON, filtered to a category and its children', async () => {
    // Central Gloucester.
    const res = await app().inject('/api/assets?bbox=-2.27,51.85,-2.22,51.88&category=faith&limit=500');
    expect(res.statusCode).toBe(200);
    const fc = AssetFeatureCollection.parse(res.json());
    expect(fc.features.length).toBeGreaterThan(5);
    for (const f of fc.features) {
      expect(f.properties.categoryCode).toBe('place-of-worship');
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThanOrEqual(-2.27);
      expect(lon).toBeLessThanOrEqual(-2.22);
      expect(lat).toBeGreaterThanOrEqual(51.85);
      expect(lat).toBeLessThanOrEqual(51.88);
    }
  });

  it('bounds the page size and says when results were cut', async () => {
    const fc = AssetFeatureCollection.parse((await app().inject('/api/assets?limit=3')).json());
    expect(fc.features).toHaveLength(3);
    expect(fc.truncated).toBe(true);
    const tooMany = await app().inject('/api/assets?limit=5000');
    expect(tooMany.statusCode).toBe(400);
    expect(ErrorBody.parse(tooMany.json()).issues?.[0]?.path).toBe('querystring.limit');
  });

  it.each([
    ['bbox=1,2,3', 'querystring.bbox'],
    ['bbox=3,2,1,4', 'querystring.bbox'],
    ['bbox=a,b,c,d', 'querystring.bbox'],
    ['limit=0', 'querystring.limit'],
    ['category=Not%20A%20Code', 'querystring.category'],
    ['category=no-such-category', 'querystring.category'],
  ])('rejects %s with a 400 naming %s', async (query, path) => {
    const res = await app().inject(`/api/assets?${query}`);
    expect(res.statusCode).toBe(400);
    const body = ErrorBody.parse(res.json());
    expect(body.issues?.map((i) => i.path)).toContain(path);
  });

  it('answers an unknown asset id with 404 and a malformed one with 400', async () => {
    const missing = await app().inject('/api/assets/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found' });
    const bad = await app().inject('/api/assets/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(ErrorBody.parse(bad.json()).issues?.[0]?.path).toBe('params.id');
  });

  it('never shows an asset that is not published or is sensitive', async () => {
    const { rows } = await app().pg.query<{ id: string }>(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, sensitive, source, licence)
       VALUES ('Test refuge', 'community-centre', ST_SetSRID(ST_MakePoint(-2.244, 51.864), 4326), 'exact',
               'published', true, 'test', 'none'),
              ('Test pending group', 'community-group', ST_SetSRID(ST_MakePoint(-2.245, 51.865), 4326), 'exact',
               'pending', false, 'test', 'none')
       RETURNING id`,
    );
    try {
      for (const { id } of rows) {
        expect((await app().inject(`/api/assets/${id}`)).statusCode).toBe(404);
      }
      const fc = AssetFeatureCollection.parse((await app().inject('/api/assets?bbox=-2.25,51.86,-2.24,51.87&limit=1000')).json());
      expect(fc.features.map((f) => f.id)).not.toContain(rows[0]!.id);
      expect(fc.features.map((f) => f.id)).not.toContain(rows[1]!.id);
    } finally {
      await app().pg.query("DELETE FROM assets WHERE source = 'test'");
    }
  });
});
