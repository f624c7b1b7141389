import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import type { ProvisionTable } from '@common-ground/geo';
import { readRecomputeInputs, writeTable } from './provision-recompute.repository.js';
import {
  advanceState,
  changedPoints,
  changesUpTo,
  lockStateIfFree,
  readState,
  settledQueueHead,
  storedNearest,
  type ChangedPoint,
} from './provision.repository.js';
import { DEFAULT_SETTINGS, reachOf } from './provision.service.js';

/** How big one step of the change worker is. */
export interface CatchUpLimits {
  /** Queued changes one step takes on. */
  maxChanges: number;
  /** Rows per write transaction. */
  rowsPerWrite: number;
}

/**
 * Sizes per engine. The embedded database has one connection for every request, so each
 * write is kept short and requests get the connection between them; a server has a pool.
 */
export const CATCH_UP_LIMITS: Record<'embedded' | 'server', CatchUpLimits> = {
  embedded: { maxChanges: 200, rowsPerWrite: 5_000 },
  server: { maxChanges: 500, rowsPerWrite: 20_000 },
};

/** The rows of several tables as one (same columns, one after another). */
function concatTables(parts: readonly ProvisionTable[]): ProvisionTable {
  const flat = <T>(pick: (t: ProvisionTable) => readonly T[]) => parts.flatMap((t) => [...pick(t)]);
  return {
    areaCodes: flat((t) => t.areaCodes),
    categoryCodes: flat((t) => t.categoryCodes),
    catchmentPopulations: [0, 1, 2].map((b) => flat((t) => t.catchmentPopulations[b]!)),
    counts: [0, 1, 2].map((b) => flat((t) => t.counts[b]!)),
    nearest: flat((t) => t.nearest),
    access: flat((t) => t.access),
  };
}

/**
 * The figures of every LSOA × result category the changes can alter, as they are now:
 * - within reach (the widest band or the catchment) of a changed asset's old or new place, in
 *   every result category it counts in (itself, its ancestors, '*'): counts and E2SFCA there;
 * - anywhere, where the nearest asset of such a category is no longer the stored one (found
 *   by computing the category for every LSOA and comparing nearest distances with the stored
 *   ones; unchanged rows were written by this same calculator, so equal means the same double).
 */
async function affectedFigures(db: Queryable, changes: readonly ChangedPoint[]): Promise<ProvisionTable> {
  const { areaCodes, calculator } = await readRecomputeInputs(db, DEFAULT_SETTINGS);
  const reach = reachOf(DEFAULT_SETTINGS);
  const nearby = new Map<string, Set<string>>();
  for (const change of changes) {
    const areas = calculator.areasWithin(change.e, change.n, reach);
    for (const code of calculator.resultCodesOf(change.category)) {
      const set = nearby.get(code) ?? new Set<string>();
      for (const area of areas) set.add(area);
      nearby.set(code, set);
    }
  }
  const parts: ProvisionTable[] = [];
  for (const [code, within] of nearby) {
    const everywhere = calculator.table([code], areaCodes);
    const stored = await storedNearest(db, code);
    const keep = everywhere.areaCodes
      .map((area, i) => i)
      .filter((i) => {
        const area = everywhere.areaCodes[i]!;
        return within.has(area) || !stored.has(area) || stored.get(area) !== everywhere.nearest[i];
      });
    parts.push(rowsOf(everywhere, keep));
  }
  return concatTables(parts);
}

/** The rows of `table` at `positions`. */
function rowsOf(table: ProvisionTable, positions: readonly number[]): ProvisionTable {
  const pick = <T>(column: readonly T[]) => positions.map((i) => column[i]!);
  return {
    areaCodes: pick(table.areaCodes),
    categoryCodes: pick(table.categoryCodes),
    catchmentPopulations: table.catchmentPopulations.map(pick),
    counts: table.counts.map(pick),
    nearest: pick(table.nearest),
    access: pick(table.access),
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

export type CatchUpStep =
  /** Changes were applied; `complete`: the figures reached the queue's head (there may be newer changes since). */
  | { outcome: 'applied'; changes: number; pairs: number; complete: boolean }
  /** Nothing queued since the figures. */
  | { outcome: 'idle' }
  /** No full recompute yet: nothing stored to keep current. */
  | { outcome: 'not_computed' }
  /** Not now: a writer is part-way through adding changes, or a full recompute holds the figures. Try again shortly. */
  | { outcome: 'busy' };

/**
 * One step of the change worker: applies up to `maxChanges` queued asset changes to the
 * stored figures, recomputing exactly the LSOA × category pairs they can alter
 * (affectedFigures), and moves the watermark past them.
 *
 * No request waits for it, and it holds nothing a request takes: the figures are computed in
 * memory outside any transaction (provisionTable, from one read of the inputs), then
 * written in transactions of `rowsPerWrite` rows that
 * take the watermark's row only when it is free (a full recompute holding it means "later").
 * The watermark moves in the transaction of the last write, so a step cut short (an error,
 * the app closing, the database going away) leaves the watermark where it was and the next
 * step does the same work again; rows already written hold figures at least as new as the
 * watermark says, never older.
 *
 * Why recomputing after the fact is exact: figures are recomputed from the assets as they
 * are when the inputs are read, so a pair may already reflect changes after the step's last
 * one; every such change is still queued and the next step recomputes the pairs it can
 * alter again, judged against the figures as then stored. Applying a change twice is harmless.
 */
export async function applyQueuedChanges(db: Queryable, transact: Transact, limits: CatchUpLimits): Promise<CatchUpStep> {
  const state = await readState(db);
  if (!state) return { outcome: 'not_computed' };
  const head = await settledQueueHead(transact);
  if (!head) return { outcome: 'busy' };
  const after = state.lastChangeId;
  const next = await changesUpTo(db, after, head.id, limits.maxChanges);
  if (!next) return { outcome: 'idle' };
  const { upTo } = next;
  const complete = upTo === head.id;

  // Computed in memory over the same k-d trees as the full recompute (one read of the
  // residence points and public assets), not by SQL: on the embedded database a step of
  // ~60k pairs took 70 s as SQL, most of it finding the LSOAs whose nearest asset moved.
  const changes = await changedPoints(db, after, upTo);
  const table = changes.length > 0 ? await affectedFigures(db, changes) : concatTables([]);
  const rows = table.areaCodes.length;

  // At least one write, the last of which moves the watermark (also when nothing was affected).
  const writes = Math.max(1, Math.ceil(rows / limits.rowsPerWrite));
  for (let w = 0; w < writes; w++) {
    const last = w === writes - 1;
    const written = await transact(async (tx) => {
      if ((await lockStateIfFree(tx)) !== after) return false;
      const positions = range(w * limits.rowsPerWrite, Math.min(rows, (w + 1) * limits.rowsPerWrite));
      await writeTable(tx, 'provision_results', table, positions, 'upsert');
      // figuresAsOf moves only for changes the public can see: moving it for a sensitive
      // asset's would tell them one was made (and "complete before" stays true either way).
      if (last) await advanceState(tx, upTo, complete && next.visible > 0 ? head.at : null);
      return true;
    });
    if (!written) return { outcome: 'busy' };
  }
  return { outcome: 'applied', changes: next.count, pairs: rows, complete };
}

/**
 * Runs steps until no change is left to apply (`pnpm provision:recompute` after its
 * recompute, and tests that need the figures current now). Returns how many changes were
 * applied; stops early when the queue stays busy for `busyWaitMs`.
 */
export async function drainChangeQueue(
  db: Queryable,
  transact: Transact,
  limits: CatchUpLimits,
  busyWaitMs = 60_000,
): Promise<{ changes: number; pairs: number }> {
  let changes = 0;
  let pairs = 0;
  let busySince: number | undefined;
  for (;;) {
    const step = await applyQueuedChanges(db, transact, limits);
    if (step.outcome === 'idle' || step.outcome === 'not_computed') return { changes, pairs };
    if (step.outcome === 'busy') {
      busySince ??= performance.now();
      if (performance.now() - busySince > busyWaitMs) return { changes, pairs };
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    busySince = undefined;
    changes += step.changes;
    pairs += step.pairs;
  }
}
