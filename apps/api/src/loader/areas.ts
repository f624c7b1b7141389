import { BOUNDARIES_FILE, IMD_FILE, POPULATION_FILE } from '@common-ground/geo/asset-files';
import { DEPRIVATION_DOMAIN_LABELS, DeprivationDomain, IOD_VINTAGE } from '@common-ground/schema';
import type { Sql } from '../db/sql.js';
import { chunks, readCsv, readJson } from './files.js';
import { formatCount, type Log } from './progress.js';

export { BOUNDARIES_FILE, IMD_FILE, POPULATION_FILE };
export const REGIONS_FILE = 'lookups/lad24_to_region24_lookup_england.csv';

/**
 * Tolerances (metres, EPSG:3857) for the generalised tile geometries: band 0 serves
 * zooms 0–7, band 1 zooms 8–10, band 2 (ungeneralised) zoom 11 and deeper. Each is
 * about half a tile unit at the band's deepest zoom, below what a tile can show.
 */
export const TILE_BAND_TOLERANCES = [38, 5, 0] as const;

interface BoundaryFeature {
  properties: { lsoa21cd: string; lsoa21nm: string };
  geometry: unknown;
}

/** Loads regions, local authorities, wards and all LSOA 2021 areas with population. */
export async function loadAreas(sql: Sql, dataDir: string, log: Log): Promise<number> {
  const [boundaries, imd, population, regions] = await Promise.all([
    readJson<{ features: BoundaryFeature[] }>(dataDir, BOUNDARIES_FILE),
    readCsv(dataDir, IMD_FILE),
    readCsv(dataDir, POPULATION_FILE),
    readCsv(dataDir, REGIONS_FILE),
  ]);
  const imdByCode = new Map(imd.map((r) => [r.lsoa21cd!, r]));
  const popByCode = new Map(population.map((r) => [r.lsoa21cd!, r]));

  const regionNames = new Map(regions.map((r) => [r.rgn24cd!, r.rgn24nm!]));
  for (const [code, name] of regionNames) {
    await sql.query('INSERT INTO regions (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name', [code, name]);
  }
  const regionOfLad = new Map(regions.map((r) => [r.lad24cd!, r.rgn24cd!]));
  const lads = new Map(imd.map((r) => [r.lad24cd!, r.lad24nm!]));
  await sql.query(
    `INSERT INTO local_authorities (code, name, region_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region_code = EXCLUDED.region_code`,
    [[...lads.keys()], [...lads.values()], [...lads.keys()].map((c) => regionOfLad.get(c) ?? null)],
  );
  const wards = new Map(imd.map((r) => [r.wd24cd!, { name: r.wd24nm!, lad: r.lad24cd! }]));
  await sql.query(
    `INSERT INTO wards (code, name, lad_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, lad_code = EXCLUDED.lad_code`,
    [[...wards.keys()], [...wards.values()].map((w) => w.name), [...wards.values()].map((w) => w.lad)],
  );
  log(`  ${formatCount(regionNames.size)} regions, ${formatCount(lads.size)} local authorities, ${formatCount(wards.size)} wards`);

  let done = 0;
  for (const batch of chunks(boundaries.features, 500)) {
    const codes: string[] = [];
    const names: string[] = [];
    const ladCodes: string[] = [];
    const wardCodes: (string | null)[] = [];
    const pops: (number | null)[] = [];
    const ages: (string | null)[] = [];
    const geoms: string[] = [];
    for (const f of batch) {
      const code = f.properties.lsoa21cd;
      const row = imdByCode.get(code);
      if (!row) throw new Error(`${BOUNDARIES_FILE}: ${code} is not in ${IMD_FILE}`);
      const pop = popByCode.get(code);
      codes.push(code);
      names.push(row.lsoa21nm!);
      ladCodes.push(row.lad24cd!);
      wardCodes.push(row.wd24cd ?? null);
      pops.push(pop ? Number(pop.usual_residents_total) : null);
      ages.push(
        pop
          ? JSON.stringify({
              age0to15: Number(pop.age_0_15),
              age16to24: Number(pop.age_16_24),
              age25to34: Number(pop.age_25_34),
              age35to49: Number(pop.age_35_49),
              age50to64: Number(pop.age_50_64),
              age65plus: Number(pop.age_65_plus),
            })
          : null,
      );
      geoms.push(JSON.stringify(f.geometry));
    }
    await sql.query(
      `INSERT INTO areas (code, name, lad_code, ward_code, population, population_by_age, geom, area_sq_km)
       SELECT code, name, lad, ward, pop, ages::jsonb, g, ST_Area(g::geography) / 1e6
       FROM (
         SELECT code, name, lad, ward, pop, ages,
                ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326)) AS g
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
           AS t(code, name, lad, ward, pop, ages, geojson)
       ) s
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, lad_code = EXCLUDED.lad_code,
         ward_code = EXCLUDED.ward_code, population = EXCLUDED.population,
         population_by_age = EXCLUDED.population_by_age, geom = EXCLUDED.geom, area_sq_km = EXCLUDED.area_sq_km`,
      [codes, names, ladCodes, wardCodes, pops, ages, geoms],
    );
    done += batch.length;
    if (done % 5000 < 500 || done === boundaries.features.length) {
      log(`  areas ${formatCount(done)} / ${formatCount(boundaries.features.length)}`);
    }
  }

  log('  generalising boundaries for map tiles');
  await sql.query('DELETE FROM area_tile_geoms');
  for (const [band, tolerance] of TILE_BAND_TOLERANCES.entries()) {
    await sql.query(
      `INSERT INTO area_tile_geoms (area_id, band, geom, merc_area)
       SELECT id, $1::smallint, g, ST_Area(g)
       FROM (
         SELECT id, ST_Multi(CASE WHEN $2::float8 > 0
                                  THEN ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), $2::float8)
                                  ELSE ST_Transform(geom, 3857) END) AS g
         FROM areas
       ) s`,
      [band, tolerance],
    );
  }
  log('  naming places for search (LSOAs, wards, local authorities)');
  await sql.query('REFRESH MATERIALIZED VIEW named_areas');
  return boundaries.features.length;
}

/** Loads IoD2025: the IMD and all seven domains (score, rank, decile) as need measures. */
export async function loadDeprivation(sql: Sql, dataDir: string, log: Log): Promise<number> {
  const rows = await readCsv(dataDir, IMD_FILE);
  for (const measure of DeprivationDomain.options) {
    await sql.query(
      `INSERT INTO need_measure_definitions (measure, vintage, label, description, direction, source_code)
       VALUES ($1, $2, $3, $4, 'higher_is_more_need', 'mhclg-iod2025')
       ON CONFLICT (measure, vintage) DO UPDATE SET label = EXCLUDED.label, description = EXCLUDED.description`,
      [
        measure,
        IOD_VINTAGE,
        DEPRIVATION_DOMAIN_LABELS[measure],
        measure === 'imd'
          ? 'English Indices of Deprivation 2025: overall Index of Multiple Deprivation'
          : `English Indices of Deprivation 2025: ${DEPRIVATION_DOMAIN_LABELS[measure]} domain`,
      ],
    );
  }
  let loaded = 0;
  for (const batch of chunks(rows, 1000)) {
    const area: string[] = [];
    const measure: string[] = [];
    const score: (number | null)[] = [];
    const rank: (number | null)[] = [];
    const decile: (number | null)[] = [];
    for (const r of batch) {
      for (const m of DeprivationDomain.options) {
        area.push(r.lsoa21cd!);
        measure.push(m);
        score.push(numberOrNull(r[`${m}_score`]));
        rank.push(numberOrNull(r[`${m}_rank`]));
        decile.push(numberOrNull(r[`${m}_decile`]));
      }
    }
    await sql.query(
      `INSERT INTO need_measures (area_code, measure, vintage, score, rank, decile, direction)
       SELECT area, measure, $6, score, rank, decile, 'higher_is_more_need'
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::int[], $5::int[]) AS t(area, measure, score, rank, decile)
       ON CONFLICT (area_code, measure, vintage) DO UPDATE SET score = EXCLUDED.score, rank = EXCLUDED.rank,
         decile = EXCLUDED.decile, direction = EXCLUDED.direction`,
      [area, measure, score, rank, decile, IOD_VINTAGE],
    );
    loaded += area.length;
  }
  await sql.query('REFRESH MATERIALIZED VIEW area_deprivation');
  log(`  ${formatCount(loaded)} need measure values (${formatCount(rows.length)} areas × 8 measures)`);
  return loaded;
}

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '' || value === 'NA') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
