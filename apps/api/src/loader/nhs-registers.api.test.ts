import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { QueryResultRow } from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { DATA_DIR } from '../testing/test-database.js';
import { useApp } from '../testing/api-app.js';

/** A shipped CSV read here on its own (not through the loader's readers), with its header. */
function shippedCsv(file: string): Record<string, string>[] {
  return parse(gunzipSync(readFileSync(path.join(DATA_DIR, file))).toString('utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

/*
 * The NHS registers as loaded: every GP practice, community pharmacy and dental practice in
 * England (active, on a live English postcode), each with its ODS code, and the capacity
 * joined to it by that code. The counts match those made independently from the same files
 * (python csv over the raw ODS extracts and the postcode directory; data/ATTRIBUTION.md).
 */
describe.each(inject('databases'))('the NHS registers on the $kind database', (database) => {
  const app = useApp(database);
  const rows = async <T extends QueryResultRow>(sql: string, params: unknown[] = []) => (await app().pg.query<T>(sql, params)).rows;
  const count = async (sql: string, params: unknown[] = []) => (await rows<{ n: number }>(sql, params))[0]!.n;

  it('loads every active English GP practice, community pharmacy and dental practice, one record each', async () => {
    const loaded = await rows<{ source: string; n: number }>(
      `SELECT source, count(*)::int AS n FROM asset_sources WHERE source LIKE 'nhs-ods-%' GROUP BY source ORDER BY source`,
    );
    expect(loaded).toEqual([
      { source: 'nhs-ods-dental-practices', n: 9004 },
      { source: 'nhs-ods-gp-practices', n: 6216 },
      // 10,501 active on an English postcode, less 109 dispensing appliance contractors.
      { source: 'nhs-ods-pharmacies', n: 10392 },
    ]);
    // Each record is its own asset, carrying its ODS code: registers never merge with themselves.
    expect(
      await count(`SELECT count(DISTINCT a.id)::int AS n FROM assets a JOIN asset_sources s ON s.asset_id = a.id
                   WHERE s.source LIKE 'nhs-ods-%' AND a.national_id = s.source_id AND a.national_id_scheme = 'GB-NHS'`),
    ).toBe(9004 + 6216 + 10392);
  });

  it('gives each register its category, keeps only active records, and places each on its postcode in an English LSOA', async () => {
    const byCategory = await rows<{ source: string; category: string; status: string }>(
      `SELECT DISTINCT s.source, a.category_code AS category, a.lifecycle_status AS status
       FROM asset_sources s JOIN assets a ON a.id = s.asset_id WHERE s.source LIKE 'nhs-ods-%' ORDER BY 1`,
    );
    expect(byCategory).toEqual([
      { source: 'nhs-ods-dental-practices', category: 'dentist', status: 'active' },
      { source: 'nhs-ods-gp-practices', category: 'gp-practice', status: 'active' },
      { source: 'nhs-ods-pharmacies', category: 'pharmacy', status: 'active' },
    ]);
    // A practice closed in 2017 (A81003, Victoria Medical Practice) is not loaded.
    expect(await count(`SELECT count(*)::int AS n FROM asset_sources WHERE source = 'nhs-ods-gp-practices' AND source_id = 'A81003'`)).toBe(0);
    // On its postcode's centre, marked so, unless merged with a record placed exactly (OpenStreetMap).
    expect(
      await count(`SELECT count(*)::int AS n FROM asset_sources s JOIN assets a ON a.id = s.asset_id
                   LEFT JOIN postcodes p ON p.postcode = a.postcode AND ST_Equals(p.geom, a.geom)
                   WHERE s.source LIKE 'nhs-ods-%' AND (p.postcode IS NULL OR a.location_precision <> 'postcode')
                     AND NOT EXISTS (SELECT 1 FROM asset_sources o WHERE o.asset_id = a.id AND o.source NOT LIKE 'nhs-ods-%')`),
    ).toBe(0);
    // Each in an English LSOA: a postcode centre just outside the generalised boundaries (Looe Pharmacy,
    // 35 m off the coast's simplified line) takes its postcode's LSOA.
    expect(
      await count(`SELECT count(*)::int AS n FROM asset_sources s JOIN assets a ON a.id = s.asset_id
                   WHERE s.source LIKE 'nhs-ods-%' AND a.lsoa_code IS NULL`),
    ).toBe(0);
    const coastal = await rows<{ lsoa: string; postcodeLsoa: string }>(
      `SELECT a.lsoa_code AS lsoa, p.lsoa_code AS "postcodeLsoa" FROM assets a JOIN postcodes p ON p.postcode = a.postcode
       WHERE a.national_id = 'FEJ23' AND a.national_id_scheme = 'GB-NHS'`,
    );
    expect(coastal).toHaveLength(1);
    expect(coastal[0]!.lsoa).toBe(coastal[0]!.postcodeLsoa);
  });

  it('no longer loads the 2016 GP file: none of its records or its source remain', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM asset_sources WHERE source = 'nhs-gp-practices'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM sources WHERE code = 'nhs-gp-practices'`)).toBe(0);
  });

  it('joins registered patients to GP practices by ODS code: 6,177 matched, 39 practices without a list size', async () => {
    const listSizes = new Map(shippedCsv('capacity/nhs_gp_registered_patients_2025-04.csv.gz').map((r) => [r.CODE!, Number(r.NUMBER_OF_PATIENTS)]));
    const practices = await rows<{ code: string; capacity: number | null; unit: string | null }>(
      `SELECT a.national_id AS code, a.capacity, a.capacity_unit AS unit
       FROM assets a JOIN asset_sources s ON s.asset_id = a.id WHERE s.source = 'nhs-ods-gp-practices'`,
    );
    const matched = practices.filter((p) => listSizes.has(p.code));
    expect(matched).toHaveLength(6177);
    expect(practices.length - matched.length).toBe(39);
    expect(matched.every((p) => p.capacity === listSizes.get(p.code) && p.unit === 'registered patients')).toBe(true);
    expect(practices.filter((p) => !listSizes.has(p.code)).every((p) => p.capacity === null && p.unit === null)).toBe(true);
    // The list's other 62 practices are closed, dormant or not English GP practices by September 2025.
    expect(listSizes.size - matched.length).toBe(62);
    expect(matched.reduce((sum, p) => sum + p.capacity!, 0)).toBe(63_502_152);
  });

  it('joins weekly hours and opening times to pharmacies by ODS code: 9,807 matched, 585 without', async () => {
    const listed = new Map(shippedCsv('capacity/nhsbsa_consolidated_pharmaceutical_list_2023-24q3.csv.gz').map((r) => [r['PHARMACY_ODS_CODE_(F-CODE)']!, r]));
    const pharmacies = await rows<{ code: string; capacity: number | null; unit: string | null; hours: string | null; note: string | null; intervals: number }>(
      `SELECT a.national_id AS code, a.capacity, a.capacity_unit AS unit, a.opening_hours AS hours, a.opening_hours_note AS note,
              (SELECT count(*)::int FROM asset_open_intervals o WHERE o.asset_id = a.id) AS intervals
       FROM assets a JOIN asset_sources s ON s.asset_id = a.id WHERE s.source = 'nhs-ods-pharmacies' AND a.source = s.source`,
    );
    const matched = pharmacies.filter((p) => listed.has(p.code));
    // Merged with an OpenStreetMap record, a pharmacy still leads with the register.
    expect(pharmacies).toHaveLength(10392);
    expect(matched).toHaveLength(9807);
    expect(pharmacies.length - matched.length).toBe(585);
    expect(matched.every((p) => p.capacity === Number(listed.get(p.code)!.WEEKLY_TOTAL) && p.unit === 'opening hours per week')).toBe(true);
    // Hours in OpenStreetMap syntax (so "open now" works) for all but 4, whose days do not add
    // up to the list's own totals: their words are kept as the hours note instead.
    const structured = matched.filter((p) => p.hours !== null);
    expect(structured).toHaveLength(9803);
    expect(structured.every((p) => p.intervals > 0)).toBe(true);
    expect(matched.filter((p) => p.hours === null).every((p) => p.note !== null && p.intervals === 0)).toBe(true);
  });

  it('records each register as a complete source for its category, and OpenStreetMap as partial', async () => {
    const coverage = await rows<{ source: string; category: string; completeness: string }>(
      `SELECT source_code AS source, category_code AS category, completeness FROM source_coverage_categories
       WHERE source_code LIKE 'nhs-ods-%' OR source_code IN ('libraries-register', 'osm-gloucestershire') ORDER BY 1, 2`,
    );
    expect(coverage.filter((c) => c.source !== 'osm-gloucestershire')).toEqual([
      { source: 'libraries-register', category: 'library', completeness: 'complete' },
      { source: 'nhs-ods-dental-practices', category: 'dentist', completeness: 'complete' },
      { source: 'nhs-ods-gp-practices', category: 'gp-practice', completeness: 'complete' },
      { source: 'nhs-ods-pharmacies', category: 'pharmacy', completeness: 'complete' },
    ]);
    expect(new Set(coverage.filter((c) => c.source === 'osm-gloucestershire').map((c) => c.completeness))).toEqual(new Set(['partial']));
  });

  it('gives libraries their weekly staffed hours as capacity, and closed ones none', async () => {
    const libraries = await rows<{ open: boolean; withCapacity: number; total: number }>(
      `SELECT a.lifecycle_status <> 'defunct' AS open, count(a.capacity)::int AS "withCapacity", count(*)::int AS total
       FROM assets a JOIN asset_sources s ON s.asset_id = a.id AND s.source = 'libraries-register'
       GROUP BY 1 ORDER BY 1`,
    );
    expect(libraries.find((l) => !l.open)?.withCapacity).toBe(0);
    expect(libraries.find((l) => l.open)?.withCapacity).toBe(2742);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM assets WHERE category_code = 'library' AND capacity IS NOT NULL AND capacity_unit <> 'opening hours per week'`,
      ),
    ).toBe(0);
  });
});
