import {
  ALL_CATEGORIES,
  DEFAULT_PROVISION_BANDS,
  DEFAULT_PROVISION_CATCHMENT,
  DEFAULT_PROVISION_DECAY,
  type AreaProvision,
  type FiguresFreshness,
  type ProvisionQuery,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import * as repo from './provision.repository.js';
import { computeProvision, postcodeMeanNearest, type ProvisionFigures, type ProvisionSettings } from './provision-compute.repository.js';
import { coverageResolver } from '../coverage/coverage.service.js';
import { storedFiguresOf } from '../gaps/gaps.repository.js';
import { figuresOfTable, readRecomputeInputs, recomputeBatch, type RecomputeStep } from './provision-recompute.repository.js';

export const DEFAULT_SETTINGS: ProvisionSettings = {
  bands: DEFAULT_PROVISION_BANDS,
  catchment: DEFAULT_PROVISION_CATCHMENT,
  decay: DEFAULT_PROVISION_DECAY,
};

/** The distance within which an asset can alter an LSOA's counts or E2SFCA. */
export function reachOf(settings: ProvisionSettings): number {
  return Math.max(settings.catchment, ...settings.bands);
}

/** Every category code plus '*': the result categories of a measure for all of England. */
async function resultCategories(db: Queryable): Promise<string[]> {
  return [...(await repo.allCategoryCodes(db)), ALL_CATEGORIES];
}

export interface RecomputeProgress {
  areas: number;
  of: number;
}

/**
 * The queue's settled head (settledQueueHead), waiting for writers part-way through a
 * transaction to finish: polled, never queued behind, so writers are not held up. Gives up
 * after `waitMs` (a bulk import taking that long), and the caller tries again later.
 */
export async function waitForSettledHead(transact: Transact, waitMs = 120_000, shouldStop?: () => boolean): Promise<repo.QueueHead> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const head = await repo.settledQueueHead(transact);
    if (head) return head;
    if (performance.now() > deadline || shouldStop?.()) {
      throw new Error(`asset changes were being written for ${Math.round(waitMs / 1000)} s without a pause: try the recompute again later`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Recomputes the stored figures for every LSOA × (every category and '*'), set-based
 * (recomputeBatch). The figures become complete up to the queue's settled head read first;
 * changes after it (the recompute may already see some) are left to the change worker,
 * which applies them again: applying a change is idempotent.
 * - 'all' (the server default): England in one transaction, which readers see change at
 *   once on commit (they wait only for the brief swap at the end, see recomputeBatch). It
 *   holds the provision_state row, so the worker, which only takes it when free, writes
 *   nothing into the table being replaced, and an advisory lock, so a second full recompute
 *   at the same time returns `busy` instead of repeating the work.
 * - `batchSize` LSOAs per transaction (embedded): other requests get their turn between
 *   batches; `shouldStop` is asked between them (the app closing).
 */
export async function recomputeAll(
  db: Queryable,
  transact: Transact,
  options: {
    batchSize?: number | 'all';
    onBatch?: (progress: RecomputeProgress) => void;
    onStep?: (step: RecomputeStep, milliseconds: number) => void;
    shouldStop?: () => boolean;
  } = {},
): Promise<{ areas: number; rows: number; outcome: 'done' | 'busy' | 'stopped' }> {
  const batchSize = options.batchSize ?? 'all';
  const codes = await repo.allAreaCodes(db);
  const head = await waitForSettledHead(transact, undefined, options.shouldStop);
  if (batchSize === 'all') {
    const stored = await transact(async (tx) => {
      if (!(await repo.tryRecomputeLock(tx))) return undefined;
      await repo.lockState(tx);
      const n = await recomputeBatch(tx, 'all', DEFAULT_SETTINGS, options.onStep);
      await repo.advanceState(tx, head.id, head.at);
      return n;
    });
    if (stored === undefined) return { areas: 0, rows: 0, outcome: 'busy' };
    options.onBatch?.({ areas: codes.length, of: codes.length });
    return { areas: codes.length, rows: stored, outcome: 'done' };
  }
  // Read once for every batch: changes after the head are left to the worker, whichever
  // batch they would have fallen in.
  const inputs = await readRecomputeInputs(db, DEFAULT_SETTINGS);
  let stored = 0;
  for (let i = 0; i < codes.length; i += batchSize) {
    if (options.shouldStop?.()) return { areas: i, rows: stored, outcome: 'stopped' };
    const batch = codes.slice(i, i + batchSize);
    stored += await transact((tx) => recomputeBatch(tx, batch, DEFAULT_SETTINGS, options.onStep, inputs));
    options.onBatch?.({ areas: Math.min(i + batchSize, codes.length), of: codes.length });
  }
  await transact((tx) => repo.advanceState(tx, head.id, head.at));
  return { areas: codes.length, rows: stored, outcome: 'done' };
}

function isDefault(settings: ProvisionSettings): boolean {
  return (
    settings.catchment === DEFAULT_SETTINGS.catchment &&
    settings.decay === DEFAULT_SETTINGS.decay &&
    settings.bands.length === DEFAULT_SETTINGS.bands.length &&
    settings.bands.every((b, i) => b === DEFAULT_SETTINGS.bands[i])
  );
}

/**
 * One LSOA's provision per category and for all assets. For the default settings the
 * stored figures as they are (the change worker keeps them current in the background; the
 * answer says how current: figuresAsOf, pendingChanges), and any category without a stored
 * row (say one added since the last full recompute) computed now; for other settings
 * everything is computed for this request. Undefined when the LSOA does not exist.
 */
export async function areaProvision(db: Queryable, code: string, query: ProvisionQuery): Promise<AreaProvision | undefined> {
  const settings: ProvisionSettings = {
    bands: query.bands ?? DEFAULT_SETTINGS.bands,
    catchment: query.catchment ?? DEFAULT_SETTINGS.catchment,
    decay: query.decay ?? DEFAULT_SETTINGS.decay,
  };
  const area = await repo.areaCategories(db, code);
  if (!area) return undefined;
  const coverage = await coverageResolver(db);
  const byCategory = new Map<string, ProvisionFigures>();
  let figures: AreaProvision['figures'] = 'computed';
  let freshness: FiguresFreshness = { figuresAsOf: null, pendingChanges: 0 };
  if (isDefault(settings)) {
    // Read before the figures: they are then at least as current as it says.
    const current = await repo.provisionFreshness(db);
    for (const f of await repo.storedFigures(db, code)) byCategory.set(f.categoryCode, f);
    if (byCategory.size > 0) {
      figures = 'stored';
      freshness = current;
    }
  }
  const missing = area.categories.map((c) => c.code).filter((c) => !byCategory.has(c));
  for (const f of await computeProvision(db, [code], missing, settings)) byCategory.set(f.categoryCode, f);
  // The postcode-level measure has no settings and is not stored: computed for the request.
  const postcodeMeans = await postcodeMeanNearest(
    db,
    [code],
    area.categories.map((c) => c.code),
  );
  const postcodeMean = new Map(postcodeMeans.map((m) => [m.categoryCode, m.meanM]));
  return {
    ...freshness,
    areaCode: code,
    settings: { bands: [...settings.bands], catchment: settings.catchment, decay: settings.decay },
    residencePoint: area.residencePoint === 'pwc' || area.residencePoint === 'postcode_mean' ? area.residencePoint : 'point_on_surface',
    postcodes: postcodeMeans[0]?.postcodes ?? 0,
    figures,
    categories: area.categories.map((c) => {
      const f = byCategory.get(c.code);
      const status = coverage.of(c.code, area.ladCode);
      const covered = status !== 'no_data';
      const shown = covered && f;
      return {
        code: c.code,
        name: c.name,
        coverage: status,
        bands: shown ? settings.bands.map((metres, i) => ({ metres, count: f.counts[i]!, per1000: f.per1000[i] ?? null })) : null,
        nearestMetres: shown ? f.nearestM : null,
        e2sfca: shown ? f.e2sfca : null,
        postcodeMeanNearestMetres: covered ? (postcodeMean.get(c.code) ?? null) : null,
      };
    }),
  };
}

/**
 * The postcode-level (AHAH-style) measure for every LSOA in England × every category and
 * '*': `batchSize` LSOAs per statement, so the one-connection embedded database serves other
 * work between batches. Not stored (it has no settings to default, and each request for an
 * area computes its own); this is what the benchmark times for all of England.
 */
export async function postcodeMeansForAll(
  db: Queryable,
  options: { batchSize?: number; limit?: number; onBatch?: (progress: RecomputeProgress) => void } = {},
): Promise<{ areas: number; rows: number; postcodes: number }> {
  const batchSize = options.batchSize ?? 500;
  const categories = await resultCategories(db);
  // `limit`: the first LSOAs by code only, for a quick benchmark run.
  const codes = (await repo.allAreaCodes(db)).slice(0, options.limit);
  let results = 0;
  let postcodes = 0;
  for (let i = 0; i < codes.length; i += batchSize) {
    const means = await postcodeMeanNearest(db, codes.slice(i, i + batchSize), categories);
    results += means.length;
    postcodes += means.filter((m) => m.categoryCode === ALL_CATEGORIES).reduce((sum, m) => sum + m.postcodes, 0);
    options.onBatch?.({ areas: Math.min(i + batchSize, codes.length), of: codes.length });
  }
  return { areas: codes.length, rows: results, postcodes };
}

/**
 * One category's figures (default settings) for these LSOAs: the stored ones as they are
 * (the change worker keeps them current), and any not stored computed now in memory by the
 * full recompute's calculator (one read of the inputs; seconds for all of England, where
 * the per-LSOA SQL took minutes). The national ranking of the gap analysis needs every LSOA.
 */
export async function figuresOfCategory(db: Queryable, category: string, areaCodes: readonly string[]): Promise<Map<string, ProvisionFigures>> {
  const figures = new Map<string, ProvisionFigures>();
  const wanted = new Set(areaCodes);
  for (const f of await storedFiguresOf(db, category, null)) if (wanted.has(f.areaCode)) figures.set(f.areaCode, f);
  const missing = areaCodes.filter((c) => !figures.has(c));
  if (missing.length > 0) {
    const inputs = await readRecomputeInputs(db, DEFAULT_SETTINGS);
    for (const f of figuresOfTable(inputs.calculator.table([category], missing))) figures.set(f.areaCode, f);
  }
  return figures;
}
