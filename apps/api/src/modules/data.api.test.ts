import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';

describe.each(inject('databases'))('loaded data on the $kind database', (database) => {
  const app = useApp(database);

  const count = async (sql: string) => (await app().pg.query<{ n: number }>(sql)).rows[0]!.n;

  it('gives every asset a category, a source and a licence, and records every source', async () => {
    expect(await count('SELECT count(*)::int AS n FROM assets')).toBeGreaterThan(35000);
    expect(
      await count(`SELECT count(*)::int AS n FROM assets
                   WHERE category_code IS NULL OR source IS NULL OR licence IS NULL OR licence = ''`),
    ).toBe(0);
    expect(
      // Loaded assets only: other test files add fixtures of their own to the shared database.
      await count(`SELECT count(*)::int AS n FROM assets a
                   WHERE a.source IN (SELECT code FROM sources)
                     AND NOT EXISTS (SELECT 1 FROM asset_sources s WHERE s.asset_id = a.id)`),
    ).toBe(0);
  });

  it('ships only openly licensed data', async () => {
    const { rows } = await app().pg.query<{ licence: string }>('SELECT DISTINCT licence FROM sources ORDER BY 1');
    expect(rows.map((r) => r.licence)).toEqual(['ODbL-1.0', 'OGL-UK-3.0']);
  });

  it('loads the England postcode lookup and its district and sector centroids', async () => {
    expect(await count('SELECT count(*)::int AS n FROM postcodes')).toBe(1491311);
    const { rows } = await app().pg.query<{ lsoa_code: string; lad_code: string }>("SELECT lsoa_code, lad_code FROM postcodes WHERE postcode = 'GL1 2TG'");
    expect(rows[0]).toEqual({ lsoa_code: 'E01032937', lad_code: 'E07000081' });
    expect(await count("SELECT count(*)::int AS n FROM postcode_districts WHERE outcode = 'GL1'")).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM postcode_sectors WHERE sector = 'GL1 2'")).toBe(1);
  });

  it('names unnamed OpenStreetMap features plainly and invents nothing else', async () => {
    const { rows } = await app().pg.query<{ name: string }>(
      `SELECT DISTINCT a.name FROM assets a JOIN asset_sources s ON s.asset_id = a.id
       WHERE s.source = 'osm-gloucestershire' AND a.name IN ('Playground', 'Park', 'Public toilets')`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual(['Park', 'Playground', 'Public toilets']);
    // Unnamed pitches and private-looking pools are skipped, not named.
    expect(await count("SELECT count(*)::int AS n FROM assets WHERE name IN ('Pitch', 'Swimming pool')")).toBe(0);
  });

  it('records which places and categories each source covers', async () => {
    expect(await count("SELECT count(*)::int AS n FROM source_coverage_areas WHERE source_code = 'osm-london-worship'")).toBe(33);
    expect(await count("SELECT count(*)::int AS n FROM source_coverage_categories WHERE source_code = 'gm-food-banks' AND category_code = 'food-bank'")).toBe(
      1,
    );
  });

  it('is idempotent: every dataset is recorded as loaded once', async () => {
    const { rows } = await app().pg.query<{ dataset: string }>('SELECT dataset FROM data_loads ORDER BY dataset');
    expect(rows.map((r) => r.dataset)).toEqual(['areas', 'assets', 'categories', 'deprivation', 'place-labels', 'postcodes', 'residence', 'rural-urban']);
  });
});
