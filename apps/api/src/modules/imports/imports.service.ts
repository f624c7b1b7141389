import { Readable } from 'node:stream';
import { distanceMetres } from '@common-ground/geo/asset-files';
import {
  CONTRIBUTION_SOURCE,
  type ImportFormat,
  type ImportReport,
  type ImportReportRow,
  type ImportRequest,
  type ImportSource,
  type ImportProgressStatus,
  type ImportUndoResult,
  type User,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import * as assetWrites from '../assets/asset-writes.repository.js';
import { weeklyIntervals } from '@common-ground/geo/opening-hours';
import { insertAudit } from '../auth/auth.repository.js';
import { decide, yielder, type Entry, type ImportProgress, type Retirement } from './import-matching.js';
import { readFile } from './import-reading.js';
import { countsOf, write } from './import-writing.js';
import * as repo from './imports.repository.js';

/*
 * Imports: someone else's file becomes assets, all or nothing, each record reported (line,
 * field, message; and for a match, the rule and why) so none is dropped silently. Three
 * steps, each its own module:
 *
 *   reading   (import-reading)  the file → records and the reader's rejections;
 *   matching  (import-matching) each record → rejected, added, or matched to a stored asset
 *                               (source id, our asset id, a register code, name and place),
 *                               with the fields it may change; and with retireMissing, the
 *                               source's assets the file no longer lists;
 *   writing   (import-writing)  the decisions → assets, provenance, history, and what undo needs.
 *
 * A dry run stops after matching and writes nothing. Applying runs matching again inside
 * one transaction (so what is written is what was checked against the data as it is now).
 * Re-importing a file that changes nothing writes nothing, not even an `imports` row.
 * An applied import can be undone (undoImport) while nothing changed its assets since.
 */

export interface ImportDeps {
  db: Queryable;
  transact: Transact;
  dataDir: string;
}

export type { ImportProgress };

function reportRow(e: Entry, assetIds: ReadonlyMap<Entry, string>): ImportReportRow {
  const base = { ref: e.ref, line: e.line, sourceId: e.sourceId, name: e.name };
  const d = e.decision;
  if (d.kind === 'rejected') return { ...base, outcome: 'rejected', assetId: null, matched: null, possibleDuplicates: [], issues: d.issues };
  const notes = [...d.placed.notes];
  if (d.kind === 'added') {
    if (d.declined) notes.push({ field: null, message: `not merged with "${d.declined.name}" (declined): added as a new asset` });
    if (d.duplicates.length)
      notes.push({
        field: null,
        message: `possibly the same place as ${d.duplicates.map((p) => `"${p.name}" (${p.categoryCode}, ${p.distanceMetres} m)`).join(', ')}: check before applying`,
      });
    return { ...base, outcome: 'added', assetId: assetIds.get(e) ?? null, matched: null, possibleDuplicates: d.duplicates, issues: notes };
  }
  const { asset, rule, reason, rekeyed } = d.match;
  if (rekeyed.length) notes.push({ field: null, message: `takes the place of this source's record ${rekeyed.join(', ')}, no longer in the file` });
  if (d.changed.length) notes.push({ field: null, message: `${d.own ? 'changes' : 'fills in'}: ${d.changed.join(', ')}` });
  return {
    ...base,
    outcome: d.kind,
    assetId: asset.id,
    issues: notes,
    possibleDuplicates: d.duplicates,
    matched: { id: asset.id, name: asset.name, distanceMetres: Math.round(distanceMetres(asset, d.placed) * 10) / 10, rule, reason },
  };
}

/**
 * A report before its rows are made: each row is made when asked for (row(i)), so the API
 * writes the rows as it makes them (reportStream) and 50,000 row objects never live at once.
 */
export interface ReportDraft {
  head: Omit<ImportReport, 'rows'>;
  rowCount: number;
  row: (i: number) => ImportReportRow;
}

function draftReport(
  warnings: readonly { field: string | null; message: string }[],
  entries: readonly Entry[],
  retired: readonly Retirement[],
  dryRun: boolean,
  format: ImportFormat,
  source: ImportSource,
  assetIds: ReadonlyMap<Entry, string>,
  importId: string | null,
): ReportDraft {
  return {
    head: {
      dryRun,
      format,
      source,
      importId,
      counts: countsOf(entries, retired.length),
      retired: retired.map((r) => ({ assetId: r.asset.id, name: r.asset.name, sourceId: r.sourceId })),
      warnings: [...warnings],
    },
    rowCount: entries.length,
    row: (i) => reportRow(entries[i]!, assetIds),
  };
}

/** The whole report, every row made (with the event loop's turns between). */
export async function fullReport(draft: ReportDraft): Promise<ImportReport> {
  const tick = yielder();
  const rows: ImportReportRow[] = [];
  for (let i = 0; i < draft.rowCount; i++) {
    await tick();
    rows.push(draft.row(i));
  }
  const { head } = draft;
  return {
    dryRun: head.dryRun,
    format: head.format,
    source: head.source,
    importId: head.importId,
    counts: head.counts,
    rows,
    retired: head.retired,
    warnings: head.warnings,
  };
}

export interface ImportContext {
  /** The worker importing; null for the operator at the command line on the database itself (no area limits). */
  user: User | null;
  ip: string;
  progress?: ImportProgress;
  /**
   * The file's base64 text as bytes (one per character), already checked as base64: the API
   * route takes it out of the request body in the reader thread (parseJsonOffThread), so the
   * event loop never holds, checks or re-encodes a 32 MiB string. When given, it is the file
   * and input.contentBase64 is not read.
   */
  content?: Uint8Array;
}

/**
 * Progress kept in PostgreSQL under the client's id, for the import screen to poll (GET
 * /api/import-progress/{id}; migration 022): any API process can answer the poll. At most
 * a write a second, none awaited but the last, so recording never slows the import; on the
 * embedded database a write waits for an apply's transaction, and seq keeps such a late
 * write from taking the row back. A failed write only leaves the row stale: it is a hint
 * for a person watching, never what the import depends on.
 */
function progressKeeper(db: Queryable, id: string, userId: string | null) {
  let seq = 0;
  let last = 0;
  let lastStage: repo.ProgressStage | null = null;
  let lastTotal = 0;
  const write = (stage: repo.ProgressStage, done: number, total: number) =>
    repo.recordProgress(db, { id, userId, stage, done, total, seq: ++seq }).catch(() => undefined);
  return {
    progress: (stage: 'reading' | 'checking' | 'writing', done: number, total: number) => {
      const now = Date.now();
      if (stage === lastStage && now - last < 1000 && done < total) return;
      lastStage = stage;
      last = now;
      lastTotal = total;
      void write(stage, done, total);
    },
    finish: (stage: 'done' | 'failed') => write(stage, stage === 'done' ? lastTotal : 0, lastTotal),
  };
}

/**
 * Checks a file (dry run) or imports it in one transaction. Rejected records stop an
 * apply unless the caller confirmed skipping them (a 400 carrying the report).
 */
export async function importFile(deps: ImportDeps, input: ImportRequest, ctx: ImportContext): Promise<ImportReport> {
  return fullReport(await importDraft(deps, input, ctx));
}

/** importFile, answering with the report's draft: its rows made as they are written (the API route). */
export async function importDraft(deps: ImportDeps, input: ImportRequest, ctx: ImportContext): Promise<ReportDraft> {
  if (!input.progressId) return checkOrApply(deps, input, ctx);
  const keeper = progressKeeper(deps.db, input.progressId, ctx.user?.id ?? null);
  const progress: ImportProgress = (stage, done, total) => {
    ctx.progress?.(stage, done, total);
    keeper.progress(stage, done, total);
  };
  try {
    const report = await checkOrApply(deps, input, { ...ctx, progress });
    await keeper.finish('done');
    return report;
  } catch (error) {
    await keeper.finish('failed');
    throw error;
  }
}

async function checkOrApply(deps: ImportDeps, input: ImportRequest, ctx: ImportContext): Promise<ReportDraft> {
  // An import owns (may overwrite) the assets of its source code: never the data loader's or contributions'.
  if (input.source.code === CONTRIBUTION_SOURCE || (await repo.isNonImportSource(deps.db, input.source.code))) {
    throw new ConflictError(
      'source_code_taken',
      `The source code ${input.source.code} belongs to data that was not imported (the shipped open data or contributions made here): choose another code for this file.`,
      [{ path: 'body.source.code', message: 'used by data that was not imported' }],
    );
  }
  const size = ctx.content?.length ?? input.contentBase64.length;
  ctx.progress?.('reading', 0, size);
  const { parsed, sha256 } = await readFile(deps, input, ctx.content);
  ctx.progress?.('reading', size, size);
  const options = { declineMerges: new Set(input.declineMerges), retireMissing: input.retireMissing, ...(ctx.progress && { progress: ctx.progress }) };
  const noIds = new Map<Entry, string>();

  if (input.dryRun) {
    const { entries, retired } = await decide(deps.db, ctx.user, parsed, input.source, options);
    return draftReport(parsed.warnings ?? [], entries, retired, true, parsed.format, input.source, noIds, null);
  }
  return deps.transact(async (tx) => {
    const { entries, retired } = await decide(tx, ctx.user, parsed, input.source, options);
    const rejected = entries.filter((e) => e.decision.kind === 'rejected').length;
    if (rejected > 0 && !input.skipRejected) {
      const report = await fullReport(draftReport(parsed.warnings ?? [], entries, retired, true, parsed.format, input.source, noIds, null));
      throw new AppError(
        400,
        'records_rejected',
        `${rejected} ${rejected === 1 ? 'record was' : 'records were'} rejected; fix them or confirm skipping them (skipRejected). Nothing was imported.`,
        [{ path: 'body.skipRejected', message: 'confirm skipping the rejected records, or fix them' }],
        { report },
      );
    }
    const written = await write(tx, entries, retired, input, parsed.format, sha256, ctx);
    return draftReport(parsed.warnings ?? [], entries, retired, false, parsed.format, input.source, written.ids, written.importId);
  });
}

/**
 * Undoes an applied import in one transaction: assets it added are withdrawn (hidden as
 * rejected drafts, their history kept), assets it updated, merged into or retired get back
 * their fields, field owners, provenance and identifiers; each change is recorded in
 * history and the audit log. Refused (409) when a later import of the same source is not
 * undone (undo newest first), when it was undone already, or when an asset it touched was
 * changed since (undoing would lose that change).
 */
export async function undoImport(deps: ImportDeps, importId: string, ctx: { user: User | null; ip: string }): Promise<ImportUndoResult> {
  return deps.transact(async (tx) => {
    const found = await repo.importById(tx, importId);
    if (!found) throw new NotFoundError('import', importId);
    if (ctx.user && ctx.user.role !== 'admin' && found.importedBy !== ctx.user.id) {
      throw new ForbiddenError('not_importer', 'An import can be undone by the worker who applied it or by an admin.');
    }
    if (found.undoneAt) throw new ConflictError('import_undone', `The import of ${found.fileName} was undone already.`);
    if (found.laterImport) {
      throw new ConflictError('import_not_latest', `A later import of source ${found.sourceCode} is in place: undo that one first.`);
    }
    const changes = await repo.importChanges(tx, importId);
    const moved = changes.filter((c) => c.versionNow !== c.versionAfter);
    if (moved.length > 0) {
      throw new ConflictError(
        'import_assets_changed',
        `${moved.length} asset${moved.length === 1 ? ' was' : 's were'} changed after this import (${moved
          .slice(0, 5)
          .map((c) => c.name)
          .join(', ')}${moved.length > 5 ? ', …' : ''}); undoing it would lose those changes.`,
        moved.slice(0, 50).map((c) => ({ path: `assets.${c.assetId}`, message: `${c.name}: changed since the import` })),
      );
    }
    const added = changes.filter((c) => c.action === 'added');
    const others = changes.filter((c) => c.action !== 'added');
    const rewrite = others.filter((c) => c.before !== null && c.action !== 'retired');
    const reopen = others.filter((c) => c.action === 'retired');
    const touched = [...added.map((c) => c.assetId), ...rewrite.map((c) => c.assetId), ...reopen.map((c) => c.assetId)];
    const before = await assetWrites.assetSnapshots(tx, touched);

    await repo.withdrawAssets(
      tx,
      found.sourceCode,
      added.map((c) => c.assetId),
    );
    await repo.updateAssets(
      tx,
      rewrite.map((c) => c.before!),
    );
    await repo.setLifecycle(
      tx,
      reopen.map((c) => ({ id: c.assetId, status: c.before!.lifecycleStatus })),
    );
    await repo.restoreProvenance(tx, found.sourceCode, others);
    await repo.refreshSourceRecords(tx, found.sourceCode);
    await assetWrites.replaceOpenIntervalsBulk(
      tx,
      rewrite.map((c) => ({ id: c.assetId, intervals: c.before!.openingHours ? (weeklyIntervals(c.before!.openingHours) ?? []) : [] })),
    );
    await assetWrites.recordBulkAssetChanges(
      tx,
      touched.map((id) => ({ id, action: 'import_undo', before: before.get(id) ?? null })),
      ctx.user?.id ?? null,
      `import of ${found.fileName} (source ${found.sourceCode}) undone`,
    );
    await repo.markUndone(tx, importId, ctx.user?.id ?? null);
    const counts = {
      withdrawn: added.length,
      restored: others.length - reopen.length,
      reopened: reopen.length,
    };
    await insertAudit(tx, {
      action: 'asset_import_undo',
      actorId: ctx.user?.id ?? null,
      subjectId: importId,
      ip: ctx.ip,
      details: { source: found.sourceCode, ...counts },
    });
    return { importId, sourceCode: found.sourceCode, ...counts };
  });
}

/**
 * The report as a stream of JSON, each row made and written as the client reads it, a slice
 * at a time with the event loop's turns between: 50,000 rows in one JSON.stringify (and the
 * response schema's check of each) held every other request for most of a second, and made
 * all at once, then written as one string (then a buffer, then compressed) they were four
 * copies of tens of megabytes at the end of a check, kept until V8 next collected its old
 * generation. A row made and written at once dies young. Built here to the ImportReport schema.
 */
export function reportStream(draft: ReportDraft): Readable {
  const headJson = JSON.stringify(draft.head);
  async function* chunks(): AsyncGenerator<string> {
    const tick = yielder();
    let out = `${headJson.slice(0, -1)}${headJson.length > 2 ? ',' : ''}"rows":[`;
    for (let i = 0; i < draft.rowCount; i++) {
      await tick();
      out += `${i > 0 ? ',' : ''}${JSON.stringify(draft.row(i))}`;
      if (out.length >= 64 * 1024) {
        yield out;
        out = '';
      }
    }
    yield `${out}]}`;
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** An import's progress, for the worker who started it or an admin; 404 otherwise (or before its first write). */
export async function importProgress(deps: Pick<ImportDeps, 'db'>, id: string, user: User): Promise<ImportProgressStatus> {
  const row = await repo.progressById(deps.db, id);
  // The client polls from the moment it sends, so "nothing yet" is an answer, not an error;
  // someone else's import reads the same, so an id tells nobody else anything.
  if (!row || (user.role !== 'admin' && row.userId !== user.id)) {
    const now = new Date().toISOString();
    return { id, stage: 'waiting', done: 0, total: 0, startedAt: now, updatedAt: now };
  }
  const { userId: _, ...status } = row;
  return status;
}
