import type { Sql } from '../db/sql.js';
import { BOUNDARIES_FILE, IMD_FILE, loadAreas, loadDeprivation, POPULATION_FILE, REGIONS_FILE } from './areas.js';
import { loadAssets, readSources, SOURCES_FILE } from './assets/load-assets.js';
import { MAPPINGS_FILE } from '@common-ground/geo/asset-files';
import { CATEGORIES_FILE, loadCategories } from './categories.js';
import { checksumFiles } from './files.js';
import { DISTRICTS_FILE, loadPostcodes, POSTCODES_FILE, SECTORS_FILE } from './postcodes.js';
import { step, type Log } from './progress.js';
import { loadPlaceLabels } from './place-labels.js';
import { loadResidencePoints, PWC_FILE } from './residence-points.js';
import { loadRuralUrban, RUC_FILE } from './rural-urban.js';

export interface LoadOptions {
  dataDir: string;
  log: Log;
  /** Reload every dataset even when its files have not changed. */
  force?: boolean;
  /** Load only these datasets (tests use this to skip the 1.5M postcodes). */
  only?: readonly DatasetName[];
}

export type DatasetName = 'categories' | 'areas' | 'rural-urban' | 'deprivation' | 'postcodes' | 'residence' | 'place-labels' | 'assets';

interface Dataset {
  name: DatasetName;
  label: string;
  /** The data files the dataset is read from; their checksum decides whether to reload. */
  files: (dataDir: string) => Promise<readonly string[]>;
  /** Bump to force a reload when the loading code changes what it writes. */
  revision: number;
  load(sql: Sql, dataDir: string, log: Log): Promise<number>;
}

/** In dependency order: areas before measures, postcodes before assets placed by postcode. */
const DATASETS: readonly Dataset[] = [
  {
    name: 'categories',
    label: 'Categories',
    files: () => Promise.resolve([CATEGORIES_FILE]),
    revision: 1,
    load: (sql, dataDir) => loadCategories(sql, dataDir),
  },
  {
    name: 'areas',
    label: 'LSOA 2021 areas, local authorities, wards and population',
    files: () => Promise.resolve([BOUNDARIES_FILE, IMD_FILE, POPULATION_FILE, REGIONS_FILE]),
    revision: 1,
    load: loadAreas,
  },
  {
    name: 'rural-urban',
    label: 'Rural-urban classification 2021',
    // After the areas, and again whenever their file changes (new areas need a class too).
    files: () => Promise.resolve([RUC_FILE, BOUNDARIES_FILE]),
    revision: 1,
    load: loadRuralUrban,
  },
  {
    name: 'deprivation',
    label: 'English Indices of Deprivation 2025',
    files: () => Promise.resolve([IMD_FILE]),
    revision: 1,
    load: loadDeprivation,
  },
  {
    name: 'postcodes',
    label: 'Postcodes',
    files: () => Promise.resolve([POSTCODES_FILE, DISTRICTS_FILE, SECTORS_FILE]),
    revision: 1,
    load: loadPostcodes,
  },
  {
    // The published centroids, with areas and postcodes for the fallbacks and the postcode
    // counts, so it reloads when any of them changes.
    name: 'residence',
    label: 'LSOA residence points (ONS population-weighted centroids)',
    files: () => Promise.resolve([PWC_FILE, BOUNDARIES_FILE, POSTCODES_FILE]),
    // 2: population-weighted centroids instead of postcode means.
    revision: 2,
    load: loadResidencePoints,
  },
  {
    // Derived from the areas, residence points and postcode districts above.
    name: 'place-labels',
    label: 'Place names for the map (local authorities, wards, postcode districts)',
    files: () => Promise.resolve([BOUNDARIES_FILE, POPULATION_FILE, PWC_FILE, POSTCODES_FILE, DISTRICTS_FILE]),
    revision: 1,
    load: (sql) => loadPlaceLabels(sql),
  },
  {
    name: 'assets',
    label: 'Community assets',
    files: assetFiles,
    // 2: opening hours as weekly intervals. 3: capacity, national ids, retiring dropped records.
    revision: 3,
    load: async (sql, dataDir, log) => (await loadAssets(sql, dataDir, log)).assets,
  },
];

/**
 * Loads the open data, each dataset in its own transaction. Idempotent: a dataset whose
 * files are unchanged since it was last loaded is skipped, and loading again upserts.
 */
export async function loadAll(sql: Sql, options: LoadOptions): Promise<void> {
  const { dataDir, log } = options;
  const started = performance.now();
  for (const dataset of DATASETS) {
    if (options.only && !options.only.includes(dataset.name)) continue;
    const files = await dataset.files(dataDir);
    const checksum = await checksumFiles(dataDir, files, `r${dataset.revision}`);
    const { rows } = await sql.query<{ checksum: string }>('SELECT checksum FROM data_loads WHERE dataset = $1', [dataset.name]);
    if (!options.force && rows[0]?.checksum === checksum) {
      log(`${dataset.label}: up to date`);
      continue;
    }
    await step(log, dataset.label, () =>
      sql.transaction(async (tx) => {
        const count = await dataset.load(tx, dataDir, log);
        await tx.query(
          `INSERT INTO data_loads (dataset, checksum, rows) VALUES ($1, $2, $3)
           ON CONFLICT (dataset) DO UPDATE SET checksum = EXCLUDED.checksum, rows = EXCLUDED.rows, loaded_at = now()`,
          [dataset.name, checksum, count],
        );
      }),
    );
  }
  await sql.query('ANALYZE');
  log(`Data ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** `pnpm start`'s first run: loads the open data only when the database has none. */
export async function loadIfEmpty(sql: Sql, options: LoadOptions): Promise<void> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM data_loads');
  if (rows[0]?.n !== 0) return;
  options.log('The database is empty: loading the open data (first start only; a few minutes on the embedded database)');
  await loadAll(sql, options);
}

/** The asset sources' files and the capacity files joined to them, as sources.json lists them, with the mapping and taxonomy. */
async function assetFiles(dataDir: string): Promise<string[]> {
  const sources = await readSources(dataDir);
  const files = sources.flatMap((s) => s.files).filter((f) => f.startsWith('assets/') || f.startsWith('capacity/'));
  return [SOURCES_FILE, MAPPINGS_FILE, CATEGORIES_FILE, ...files];
}
