/**
 * The provision measures computed from the shipped files alone, in TypeScript: the reference
 * the API's PostGIS figures are checked against on the real data. Node-only (it reads
 * `data/`), so it has its own entry point, `@common-ground/geo/shipped-provision`.
 *
 * Nothing here reads the database or the API's code. What the loader keeps as an asset comes
 * from the same readers, mapping and de-duplication rules (`./asset-files`), and positions
 * are projected here with `lonLatToBng`, not by PostGIS.
 */
import path from 'node:path';
import type { Category } from '@common-ground/schema';
import {
  BOUNDARIES_FILE,
  groupDuplicates,
  IMD_FILE,
  mergeGroup,
  POPULATION_FILE,
  readAssetRecords,
  readCategories,
  readCsv,
  readJson,
  readMappings,
  readPopulationWeightedCentroids,
  type PostcodeLookup,
} from './asset-files/index.js';
import { lonLatToBng, type BngPoint } from './bng.js';
import { POSTCODES_FILE, readPostcodes } from './postcode-file.js';
import {
  catchmentPopulations,
  countsWithin,
  DEFAULT_BANDS,
  DEFAULT_CATCHMENT,
  DEFAULT_DECAY,
  e2sfcaScores,
  meanNearestByArea,
  nearestDistances,
  perThousandOf,
  type AreaPoint,
  type DemandPoint,
  type ProvisionOptions,
} from './provision.js';
import { capacityWeightedCategories, countedCategories, supplyOf } from './provision-table.js';
import { ResidencePointAccumulator, withPopulationWeightedCentroids, type ResidencePoint } from './residence-points.js';

export { countedCategories } from './provision-table.js';

/** An asset as the public sees it, placed in BNG metres. */
export interface ShippedAsset extends BngPoint {
  category: string;
  source: string;
  sourceId: string;
  /** Capacity as loaded (null: not known) and its unit. */
  capacity: number | null;
  capacityUnit: string | null;
}

export interface ShippedArea {
  code: string;
  /** Local authority (from the deprivation file, as the loader takes it). */
  lad: string;
  /** Census 2021 usual residents; null when the population file has no row. */
  population: number | null;
}

export interface ShippedData {
  categories: Category[];
  /** Public, not defunct assets: one per de-duplicated group, placed where the loader places it. */
  assets: ShippedAsset[];
  /** Every LSOA in the boundary file (the loader's `areas`), by code. */
  areas: Map<string, ShippedArea>;
  /** Every LSOA's residence point (its ONS population-weighted centroid, BNG metres), by code. */
  residencePoints: Map<string, ResidencePoint>;
  /** The live postcodes of the LSOAs asked for in `postcodesOf`, in BNG metres. */
  postcodes: AreaPoint[];
}

/**
 * Reads what the provision measures need from the shipped files in `dataDir`.
 * `postcodesOf` picks the LSOAs whose postcodes are kept for the postcode-level measure
 * (all 1.49M would be held in memory otherwise).
 */
export async function readShippedData(dataDir: string, postcodesOf: (area: ShippedArea) => boolean = () => false): Promise<ShippedData> {
  const [categories, mappings, boundaries, imd, population, published] = await Promise.all([
    readCategories(dataDir),
    readMappings(dataDir),
    readJson<{ features: { properties: { lsoa21cd: string } }[] }>(dataDir, BOUNDARIES_FILE),
    readCsv(dataDir, IMD_FILE),
    readCsv(dataDir, POPULATION_FILE),
    readPopulationWeightedCentroids(dataDir),
  ]);
  // The loader's areas: every LSOA of the boundary file, its local authority from the
  // deprivation file and its usual residents from the census file.
  const ladOf = new Map(imd.map((r) => [r.lsoa21cd!, r.lad24cd!]));
  const populationOf = new Map(population.map((r) => [r.lsoa21cd!, Number(r.usual_residents_total)]));
  const areas = new Map<string, ShippedArea>();
  for (const { properties } of boundaries.features) {
    const code = properties.lsoa21cd;
    areas.set(code, { code, lad: ladOf.get(code) ?? '', population: populationOf.get(code) ?? null });
  }
  const keep = new Set([...areas.values()].filter(postcodesOf).map((a) => a.code));

  // One pass over the postcode file: residence points for every LSOA, the postcodes asked
  // for, and a look-up for the readers that place assets by postcode (as the loader's
  // look-up in the postcodes table does: every live postcode, with or without an LSOA).
  const accumulator = new ResidencePointAccumulator();
  const postcodes: AreaPoint[] = [];
  const index = new Map<string, number>();
  const lons: number[] = [];
  const lats: number[] = [];
  for await (const row of readPostcodes(path.join(dataDir, POSTCODES_FILE))) {
    index.set(row.postcode, lons.length);
    lons.push(row.lon);
    lats.push(row.lat);
    accumulator.add(row);
    if (row.lsoa !== null && keep.has(row.lsoa)) postcodes.push({ ...lonLatToBng(row.lon, row.lat), area: row.lsoa });
  }
  const lookup: PostcodeLookup = (wanted) => {
    const found = new Map<string, { lon: number; lat: number }>();
    for (const postcode of wanted) {
      const i = index.get(postcode);
      if (i !== undefined) found.set(postcode, { lon: lons[i] as number, lat: lats[i] as number });
    }
    return Promise.resolve(found);
  };

  const { candidates } = await readAssetRecords({ dataDir, mappings, postcodes: lookup });
  const assets: ShippedAsset[] = [];
  for (const group of groupDuplicates(candidates)) {
    const asset = mergeGroup(group);
    // Loaded assets are published and not sensitive, so public; defunct ones do not count.
    if (asset.lifecycleStatus === 'defunct') continue;
    assets.push({
      ...lonLatToBng(asset.lon, asset.lat),
      category: asset.categoryCode,
      source: asset.source,
      sourceId: asset.sourceId,
      capacity: asset.capacity?.value ?? null,
      capacityUnit: asset.capacity?.unit ?? null,
    });
  }

  const residencePoints = new Map<string, ResidencePoint>();
  const centroids = new Map([...published].map(([code, c]) => [code, { e: Number(c.easting), n: Number(c.northing) }]));
  const all = withPopulationWeightedCentroids(accumulator.result(), centroids);
  const without: string[] = [];
  for (const code of areas.keys()) {
    const point = all.get(code);
    if (point) residencePoints.set(code, point);
    else without.push(code);
  }
  // The loader falls back to ST_PointOnSurface of the polygon for an LSOA with neither a
  // centroid nor a live postcode. That is GEOS's algorithm, not reproduced here; on the
  // shipped data every LSOA has a centroid, so the reference refuses rather than guess.
  if (without.length > 0) throw new Error(`no centroid or live postcode in ${without.length} LSOAs (e.g. ${without[0]}): no reference residence point`);
  return { categories, assets, areas, residencePoints, postcodes };
}

/** One LSOA × category, in the shape and units of the API's figures. */
export interface ShippedFigures {
  areaCode: string;
  categoryCode: string;
  counts: number[];
  per1000: (number | null)[];
  nearestM: number | null;
  e2sfca: number;
  /** Mean over the LSOA's live postcodes of the distance to the nearest asset; null without assets or postcodes. */
  postcodeMeanNearestM: number | null;
}

/**
 * The figures for `areaCodes` × `categoryCodes` (a category counts its descendants; '*'
 * counts every asset), as the API computes them: from each LSOA's residence point, over
 * every public, not defunct asset in England; E2SFCA supply ratios over every LSOA's
 * population in reach; the postcode-level mean over the postcodes read for these LSOAs.
 */
export function shippedProvision(
  data: ShippedData,
  areaCodes: readonly string[],
  categoryCodes: readonly string[],
  options: ProvisionOptions = {},
): ShippedFigures[] {
  const bands = options.bands ?? DEFAULT_BANDS;
  const e2sfcaOptions = { catchment: options.catchment ?? DEFAULT_CATCHMENT, decay: options.decay ?? DEFAULT_DECAY };
  const demand: DemandPoint[] = [...data.areas.values()].map((a) => {
    const point = data.residencePoints.get(a.code)!;
    return { e: point.e, n: point.n, population: a.population ?? 0 };
  });
  const asked = areaCodes.map((code) => {
    const point = data.residencePoints.get(code);
    if (!point) throw new Error(`unknown LSOA ${code}`);
    return { code, e: point.e, n: point.n, population: data.areas.get(code)?.population ?? 0 };
  });
  // The per-1,000 rates' denominators: residents within each band of each asked LSOA, over all of England.
  const catchments = catchmentPopulations(asked, demand, bands);
  const askedSet = new Set(areaCodes);
  const postcodes = data.postcodes.filter((p) => askedSet.has(p.area));
  const counted = countedCategories(data.categories);
  const weighted = capacityWeightedCategories(data.categories, data.assets);
  const figures: ShippedFigures[] = [];
  for (const category of categoryCodes) {
    const members = counted.get(category) ?? new Set<string>();
    // Capacity is the supply only in a capacity-weighted category itself (never a parent or '*').
    const own = weighted.has(category) && members.size === 1;
    const supply = data.assets.filter((a) => members.has(a.category)).map((a) => ({ ...a, capacity: supplyOf(a.capacity, own) }));
    const counts = countsWithin(asked, supply, bands);
    const nearest = nearestDistances(asked, supply);
    const scores = e2sfcaScores(demand, supply, { ...e2sfcaOptions, scoreAt: asked });
    const means = meanNearestByArea(postcodes, supply);
    asked.forEach((area, i) => {
      const areaCounts = counts[i] as number[];
      figures.push({
        areaCode: area.code,
        categoryCode: category,
        counts: areaCounts,
        per1000: areaCounts.map((count, b) => perThousandOf(count, catchments[i]![b]!)),
        nearestM: nearest[i] ?? null,
        e2sfca: scores[i] as number,
        postcodeMeanNearestM: means.get(area.code)?.meanDistance ?? null,
      });
    });
  }
  return figures;
}
