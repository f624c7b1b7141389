import { randomUUID } from 'node:crypto';
import type { ImportFormat, ImportRequest } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import * as assetWrites from '../assets/asset-writes.repository.js';
import type { AssetSnapshot } from '../assets/asset-snapshot.js';
import { weeklyIntervals } from '@common-ground/geo/opening-hours';
import { insertAudit } from '../auth/auth.repository.js';
import { afterWrite, contentOf, type Entry, type ImportProgress, type Retirement } from './import-matching.js';
import * as repo from './imports.repository.js';

/*
 * Writing: the decided changes, in the caller's transaction, the way single edits write
 * assets (history for each, opening hours as weekly intervals for search, provenance in
 * asset_sources; the triggers of assets keep LSOA, search text, the provision change queue
 * and the tile cache right), plus what undo needs: one import_changes row per asset
 * touched, holding what was there before.
 */

export interface WriteContext {
  user: { id: string } | null;
  ip: string;
  progress?: ImportProgress;
}

export type ImportCounts = repo.ImportRecordRow['counts'];

export function countsOf(entries: readonly Entry[], retired: number): ImportCounts {
  const count = (k: Entry['decision']['kind']) => entries.filter((e) => e.decision.kind === k).length;
  return {
    total: entries.length,
    added: count('added'),
    updated: count('updated'),
    merged: count('merged'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    retired,
  };
}

/** Writes the decided changes and the import's record; nothing at all when nothing changes. */
export async function write(
  tx: Queryable,
  entries: readonly Entry[],
  retired: readonly Retirement[],
  input: ImportRequest,
  format: ImportFormat,
  sha256: string,
  ctx: WriteContext,
): Promise<{ ids: Map<Entry, string>; importId: string | null }> {
  const code = input.source.code;
  const sourceDate = input.sourceDate ?? null;
  const ids = new Map<Entry, string>();
  const added: (repo.ImportedContent & { sourceId: string })[] = [];
  const rewritten: (repo.ImportedContent & { sourceDate?: string | null })[] = [];
  const ownerChanges: { assetId: string; field: string; source: string | null }[] = [];
  const sources: { assetId: string; sourceId: string }[] = [];
  const rekeyed: string[] = [];
  const codes: { assetId: string; scheme: string; value: string; source: string }[] = [];
  const changes = new Map<string, repo.ImportChange>();
  const matchedIds = entries.flatMap((e) => ('match' in e.decision ? [e.decision.match.asset.id] : []));
  const heldCodes = await repo.identifiersOf(tx, matchedIds);

  for (const e of entries) {
    const d = e.decision;
    if (d.kind === 'rejected') continue;
    if (d.kind === 'added') {
      const id = randomUUID();
      ids.set(e, id);
      added.push({ ...contentOf(d.placed, id), sourceId: d.placed.candidate.sourceId });
      sources.push({ assetId: id, sourceId: d.placed.candidate.sourceId });
      for (const c of d.placed.candidate.identifiers ?? []) codes.push({ assetId: id, ...c, source: code });
      changes.set(id, { assetId: id, action: 'added', before: null, ownersBefore: [], sourcesBefore: [], identifiersAdded: [] });
      continue;
    }
    const asset = d.match.asset;
    const newCodes = (d.placed.candidate.identifiers ?? []).filter(
      (c) =>
        !heldCodes.has(`${asset.id}\u0000${repo.identifierKey(c.scheme, c.value)}`) &&
        !(repo.identifierKey(c.scheme, c.value) === repo.identifierKey(asset.nationalIdScheme ?? '', asset.nationalId ?? '')),
    );
    const linkChanges = d.kind === 'merged' || d.match.rekeyed.length > 0;
    if (d.changed.length === 0 && !linkChanges && newCodes.length === 0) continue;
    if (d.changed.length > 0) {
      const { content, owners } = afterWrite(asset, contentOf(d.placed, asset.id), d.changed, code);
      rewritten.push(d.own ? { ...content, sourceDate } : content);
      ownerChanges.push(...owners);
    }
    rekeyed.push(...d.match.rekeyed);
    sources.push({ assetId: asset.id, sourceId: d.placed.candidate.sourceId });
    for (const c of newCodes) codes.push({ assetId: asset.id, ...c, source: code });
    changes.set(asset.id, {
      assetId: asset.id,
      action: d.kind === 'merged' ? 'merged' : 'updated',
      before: d.changed.length > 0 ? asset : null,
      ownersBefore: [...d.owners].map(([field, source]) => ({ field, source })),
      sourcesBefore: [],
      identifiersAdded: newCodes.map((c) => ({ scheme: c.scheme.toUpperCase(), value: c.value })),
    });
  }
  for (const r of retired) {
    changes.set(r.asset.id, { assetId: r.asset.id, action: 'retired', before: r.asset, ownersBefore: [], sourcesBefore: [], identifiersAdded: [] });
  }
  if (changes.size === 0) return { ids, importId: null };

  const total = added.length + rewritten.length + retired.length;
  ctx.progress?.('writing', 0, total);
  const counts = countsOf(entries, retired.length);
  await repo.upsertSource(tx, input.source, sourceDate);
  const importId = await repo.insertImport(tx, {
    sourceCode: code,
    format,
    fileName: input.fileName,
    sha256,
    importedBy: ctx.user?.id ?? null,
    counts,
    sourceDate,
  });
  // What undo puts back: this source's provenance rows on every asset touched, before this import.
  const existing = [...changes.values()].filter((c) => c.action !== 'added').map((c) => c.assetId);
  const sourcesBefore = await repo.sourceRows(tx, code, existing);
  for (const id of existing) changes.get(id)!.sourcesBefore = sourcesBefore.get(id) ?? [];
  const before = await assetWrites.assetSnapshots(tx, [...rewritten.map((c) => c.id), ...retired.map((r) => r.asset.id)]);

  await repo.insertAssets(tx, added, { source: code, licence: input.source.licence, createdBy: ctx.user?.id ?? null, sourceDate });
  ctx.progress?.('writing', added.length, total);
  await repo.updateAssets(tx, rewritten);
  await repo.setFieldOwners(tx, ownerChanges);
  await repo.setLifecycle(
    tx,
    retired.map((r) => ({ id: r.asset.id, status: 'defunct' })),
  );
  ctx.progress?.('writing', total, total);
  await repo.deleteAssetSources(tx, code, rekeyed);
  await repo.upsertAssetSources(tx, sources, { source: code, licence: input.source.licence, importId, sourceDate });
  await repo.insertIdentifiers(tx, codes);
  await repo.refreshSourceRecords(tx, code);

  // Search's "open at" reads weekly intervals: rewrite them for every asset whose hours may have changed.
  const hoursOf = (c: repo.ImportedContent) => ({ id: c.id, intervals: c.openingHours ? (weeklyIntervals(c.openingHours) ?? []) : [] });
  await assetWrites.replaceOpenIntervalsBulk(tx, [...added, ...rewritten].map(hoursOf));

  const note = `imported from ${input.fileName} (source ${code})`;
  const snapshot = (id: string): AssetSnapshot | null => before.get(id) ?? null;
  const actionOf = (id: string) => (changes.get(id)!.action === 'merged' ? 'import_merge' : 'import_update');
  await assetWrites.recordBulkAssetChanges(
    tx,
    [
      ...added.map((a) => ({ id: a.id, action: 'import', before: null })),
      ...rewritten.map((c) => ({ id: c.id, action: actionOf(c.id), before: snapshot(c.id) })),
      ...retired.map((r) => ({ id: r.asset.id, action: 'import_retire', before: snapshot(r.asset.id) })),
    ],
    ctx.user?.id ?? null,
    note,
  );
  await repo.insertImportChanges(tx, importId, [...changes.values()]);
  await insertAudit(tx, {
    action: 'asset_import',
    actorId: ctx.user?.id ?? null,
    subjectId: importId,
    ip: ctx.ip,
    details: { source: code, fileName: input.fileName, format, sha256, counts },
  });
  return { ids, importId };
}
