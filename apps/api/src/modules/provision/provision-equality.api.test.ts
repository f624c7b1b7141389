import path from 'node:path';
import { capacityWeightedCategories } from '@common-ground/geo';
import { SOURCE_READERS } from '@common-ground/geo/asset-files';
import { readShippedData, shippedProvision, type ShippedData, type ShippedFigures } from '@common-ground/geo/shipped-provision';
import { ALL_CATEGORIES, AreaProvision } from '@common-ground/schema';
import type { PoolClient } from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../env.js';
import { useApp } from '../../testing/api-app.js';
import { computeProvision, postcodeMeanNearest, type ProvisionFigures } from './provision-compute.repository.js';
import { DEFAULT_SETTINGS } from './provision.service.js';

/*
 * The PostGIS figures equal a TypeScript reference that reads only the shipped files and
 * projects with its own code (@common-ground/geo/shipped-provision), on the real data for
 * every LSOA of Sheffield × every category of data/categories.json and '*', default settings.
 *
 * Tolerances: counts exactly; nearest distances, residence points, asset positions and the
 * postcode-level means to 1e-6 m (the projections agree to ~3e-9 m); per 1,000 and E2SFCA to
 * a relative 1e-9: they are sums and ratios of doubles taken in a different order (and per
 * 1,000 is numeric arithmetic in SQL), so they agree to ~1e-14 relative, and a 1e-6 m move of
 * a point moves the Gaussian weight by under 1e-9.
 *
 * Isolation: the test database is loaded with the shipped files, but other test files add
 * their own assets (and remove them when they end; one that fails may leave some). The SQL
 * side therefore runs in a transaction that first marks every asset not from a shipped
 * source as defunct, so only shipped assets count, and is rolled back: nothing is changed.
 */

const SHEFFIELD = 'E08000019';
const DATA_DIR = path.join(REPO_ROOT, 'data');
const METRES = 1e-6;
const RELATIVE = 1e-9;

let data: ShippedData;
let sheffield: string[];
let categories: string[];
let reference: Map<string, ShippedFigures>;
const key = (area: string, category: string) => `${area} ${category}`;

beforeAll(async () => {
  const started = performance.now();
  data = await readShippedData(DATA_DIR, (area) => area.lad === SHEFFIELD);
  sheffield = [...data.areas.values()]
    .filter((a) => a.lad === SHEFFIELD)
    .map((a) => a.code)
    .sort();
  categories = [...data.categories.map((c) => c.code), ALL_CATEGORIES].sort();
  reference = new Map(shippedProvision(data, sheffield, categories).map((f) => [key(f.areaCode, f.categoryCode), f]));
  process.stderr.write(`provision equality: TypeScript reference in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
});

function close(a: number | null, b: number | null, absolute: number, relative = 0): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= Math.max(absolute, relative * Math.max(Math.abs(a), Math.abs(b)));
}

describe.each(inject('databases'))('SQL provision = the TypeScript reference on the shipped data ($kind database)', (database) => {
  const app = useApp(database);

  /** Runs `fn` with only shipped assets public and not defunct, then rolls back. */
  async function onShippedAssets<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await app().pg.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE assets SET lifecycle_status = 'defunct' WHERE source <> ALL($1::text[]) AND lifecycle_status <> 'defunct'`, [
        SOURCE_READERS.map((r) => r.source),
      ]);
      return await fn(client);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  it('has the same LSOAs in Sheffield and the same residence point for every LSOA in England', async () => {
    const { rows: lsoas } = await app().pg.query<{ code: string }>('SELECT code FROM areas WHERE lad_code = $1 ORDER BY code', [SHEFFIELD]);
    expect(lsoas.map((r) => r.code)).toEqual(sheffield);
    expect(sheffield.length).toBeGreaterThan(300);

    const { rows } = await app().pg.query<{ code: string; e: number; n: number; postcodes: number; method: string }>(
      'SELECT area_code AS code, ST_X(geom_bng) AS e, ST_Y(geom_bng) AS n, postcodes, method FROM area_residence_points',
    );
    expect(rows.length).toBe(data.residencePoints.size);
    const wrong = rows.filter((r) => {
      const p = data.residencePoints.get(r.code);
      return (
        !p || r.method !== (p.source === 'pwc' ? 'pwc' : 'postcode_mean') || r.postcodes !== p.postcodes || !close(r.e, p.e, METRES) || !close(r.n, p.n, METRES)
      );
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('has the same public, not defunct assets from the shipped files, in the same places and categories', async () => {
    const rows = await onShippedAssets(
      async (client) =>
        (
          await client.query<{ source: string; sourceId: string; e: number; n: number; category: string }>(
            `SELECT source, source_id AS "sourceId", ST_X(geom_bng) AS e, ST_Y(geom_bng) AS n, category_code AS category
           FROM public_assets WHERE lifecycle_status <> 'defunct'`,
          )
        ).rows,
    );
    const shipped = new Map(data.assets.map((a) => [`${a.source} ${a.sourceId}`, a]));
    expect(rows.length).toBe(shipped.size);
    const wrong = rows.filter((r) => {
      const a = shipped.get(`${r.source} ${r.sourceId}`);
      return !a || a.category !== r.category || !close(a.e, r.e, METRES) || !close(a.n, r.n, METRES);
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('gives the same counts, nearest distance, per 1,000 and E2SFCA for every Sheffield LSOA × category', async () => {
    const started = performance.now();
    const figures = await onShippedAssets((client) => computeProvision(client, sheffield, categories, DEFAULT_SETTINGS));
    process.stderr.write(`provision equality (${database.kind}): computeProvision in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    expect(figures.length).toBe(sheffield.length * categories.length);
    const differs = (f: ProvisionFigures): boolean => {
      const t = reference.get(key(f.areaCode, f.categoryCode));
      if (!t) return true;
      return (
        f.counts.length !== t.counts.length ||
        f.counts.some((c, i) => c !== t.counts[i]) ||
        f.per1000.some((p, i) => !close(p === null ? null : Number(p), t.per1000[i] ?? null, 0, RELATIVE)) ||
        !close(f.nearestM, t.nearestM, METRES) ||
        !close(Number(f.e2sfca), t.e2sfca, 1e-12, RELATIVE)
      );
    };
    const wrong = figures.filter(differs).map((f) => ({ sql: f, reference: reference.get(key(f.areaCode, f.categoryCode)) }));
    expect(wrong.slice(0, 3)).toEqual([]);
    // The comparison is not vacuous: assets near and far, and scores, were compared.
    expect(figures.filter((f) => f.categoryCode === ALL_CATEGORIES && f.counts[2]! > 0).length).toBeGreaterThan(sheffield.length / 2);
    expect(figures.some((f) => f.e2sfca > 0)).toBe(true);
    expect(figures.some((f) => f.categoryCode !== ALL_CATEGORIES && f.nearestM !== null && f.nearestM > 1600)).toBe(true);
    // Capacity-weighted E2SFCA was compared: GP practices (registered patients) and pharmacies
    // (opening hours) weigh each asset by its capacity, in the SQL and the reference alike.
    const weighted = capacityWeightedCategories(data.categories, data.assets);
    expect(weighted.has('gp-practice') && weighted.has('pharmacy')).toBe(true);
    expect(weighted.has('health')).toBe(false);
    expect(data.assets.filter((a) => a.category === 'gp-practice' && a.capacity !== null && a.capacity > 1).length).toBeGreaterThan(1000);
    // Scores per 1,000 in patients: far above the unweighted scale (assets per 1,000) for GP practices.
    expect(Math.max(...figures.filter((f) => f.categoryCode === 'gp-practice').map((f) => f.e2sfca))).toBeGreaterThan(100);
  }, 600_000);

  it('gives the same postcode-level mean nearest distance for every Sheffield LSOA × category', async () => {
    const started = performance.now();
    const means = await onShippedAssets((client) => postcodeMeanNearest(client, sheffield, categories));
    process.stderr.write(`provision equality (${database.kind}): postcodeMeanNearest in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const postcodes = new Map<string, number>();
    for (const p of data.postcodes) postcodes.set(p.area, (postcodes.get(p.area) ?? 0) + 1);
    expect(means.length).toBe(sheffield.length * categories.length);
    const wrong = means.filter((m) => {
      const t = reference.get(key(m.areaCode, m.categoryCode));
      return !t || m.postcodes !== (postcodes.get(m.areaCode) ?? 0) || !close(m.meanM, t.postcodeMeanNearestM, METRES);
    });
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(means.filter((m) => m.categoryCode === ALL_CATEGORIES).every((m) => m.meanM !== null && m.postcodes > 0)).toBe(true);
  }, 600_000);

  it('answers GET /api/areas/:code/provision with the postcode-level mean for each covered category', async () => {
    const code = sheffield[0]!;
    const res = await app().inject({ method: 'GET', url: `/api/areas/${code}/provision` });
    expect(res.statusCode).toBe(200);
    const body = AreaProvision.parse(res.json());
    expect(body.postcodes).toBe(data.postcodes.filter((p) => p.area === code).length);
    const all = body.categories.find((c) => c.code === ALL_CATEGORIES)!;
    // Other files' assets may be published meanwhile, so only '*' of shipped assets is an upper bound.
    expect(all.postcodeMeanNearestMetres).not.toBeNull();
    expect(all.postcodeMeanNearestMetres!).toBeLessThanOrEqual(reference.get(key(code, ALL_CATEGORIES))!.postcodeMeanNearestM! + METRES);
    for (const c of body.categories.filter((x) => x.coverage === 'no_data')) expect(c.postcodeMeanNearestMetres).toBeNull();
  });
});
