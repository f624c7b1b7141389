/**
 * The shipped files that describe LSOAs beyond their boundaries: ONS population-weighted
 * centroids (where each LSOA's people live) and the ONS rural-urban classification. Read
 * here for the loader and the reference computations alike.
 */
import { clean, readCsv } from './data-files.js';

/** ONS LSOA (Dec 2021) population-weighted centroids, England and Wales, V3. */
export const PWC_FILE = 'boundaries/lsoa21_pop_weighted_centroids_ew_v3.csv.gz';
/** ONS Rural Urban Classification (2021) of LSOAs in England and Wales. */
export const RUC_FILE = 'lookups/ruc21_lsoa21_ew.csv.gz';

/**
 * A population-weighted centroid as ONS publishes it: British National Grid easting and
 * northing in metres (EPSG:27700), kept as the published text (three decimals) so that
 * what is stored is exactly what was published, not a re-projection of the rounded
 * longitude and latitude beside them (those are about 2 m off).
 */
export interface PublishedCentroid {
  easting: string;
  northing: string;
}

/** Every LSOA's population-weighted centroid, by LSOA 2021 code (England and Wales). */
export async function readPopulationWeightedCentroids(dataDir: string): Promise<Map<string, PublishedCentroid>> {
  const centroids = new Map<string, PublishedCentroid>();
  for (const r of await readCsv(dataDir, PWC_FILE)) {
    const code = clean(r.lsoa21cd);
    const easting = clean(r.bng_easting);
    const northing = clean(r.bng_northing);
    if (!code || !easting || !northing || !Number.isFinite(Number(easting)) || !Number.isFinite(Number(northing))) {
      throw new Error(`${PWC_FILE}: a row without a code, easting or northing (${JSON.stringify(r)})`);
    }
    if (centroids.has(code)) throw new Error(`${PWC_FILE}: ${code} is listed twice`);
    centroids.set(code, { easting, northing });
  }
  return centroids;
}

/** An LSOA's rural-urban class. */
export interface RuralUrbanClass {
  /** `UN1`, `UF1`, `RLN1`, `RLF1`, `RSN1`, `RSF1`. */
  code: string;
  /** `Urban: Nearer to a major town or city` … */
  name: string;
  urbanRural: 'urban' | 'rural';
}

/** Every LSOA's rural-urban class, by LSOA 2021 code (England and Wales). */
export async function readRuralUrbanClasses(dataDir: string): Promise<Map<string, RuralUrbanClass>> {
  const classes = new Map<string, RuralUrbanClass>();
  for (const r of await readCsv(dataDir, RUC_FILE)) {
    const lsoa = clean(r.lsoa21cd);
    const code = clean(r.ruc21cd);
    const name = clean(r.ruc21nm);
    const flag = clean(r.urban_rural_flag)?.toLowerCase();
    if (!lsoa || !code || !name || (flag !== 'urban' && flag !== 'rural')) {
      throw new Error(`${RUC_FILE}: a row without a code, class or urban/rural flag (${JSON.stringify(r)})`);
    }
    classes.set(lsoa, { code, name, urbanRural: flag });
  }
  return classes;
}
