import { createHash, randomUUID } from 'node:crypto';
import { distanceMetres, isSameAsset, SAME_PLACE_POSTCODE_METRES } from '@common-ground/geo/asset-files';
import {
  csvColumns,
  decodeImportText,
  ImportFileError,
  parseImportFile,
  sniffImportFormat,
  type ImportCandidate,
  type ImportRejection,
  type ParsedImport,
} from '@common-ground/geo/exchange';
import {
  CONTRIBUTION_SOURCE,
  IMPORT_MAX_RECORDS,
  type ImportFormat,
  type ImportReport,
  type ImportReportRow,
  type ImportRequest,
  type ImportSource,
  type LocationPrecision,
  type User,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import { AppError, BadRequestError, ConflictError } from '../../errors.js';
import { mayCurateIn } from '../access/access.js';
import * as assetWrites from '../assets/asset-writes.repository.js';
import type { AssetSnapshot } from '../assets/asset-snapshot.js';
import { weeklyIntervals } from '../assets/opening-hours.js';
import { insertAudit } from '../auth/auth.repository.js';
import { listCategories } from '../categories/categories.repository.js';
import { importTables } from './import-tables.js';
import * as repo from './imports.repository.js';

/*
 * Imports: someone else's file becomes assets, all or nothing. The steps, each reported
 * per record (line, field, message) so none is dropped silently:
 *
 *   read the file (packages/geo exchange readers) → place postcode-only records on their
 *   postcode's centre → keep what is in England (an LSOA holds the point) and, for a
 *   worker limited to areas, in their areas → refuse a second record with an id already
 *   seen in the file → match: the same (source, source id) stored before is this record
 *   again (`updated` when a field differs, else `unchanged`); else the data loader's rule
 *   (same category, similar name, within 50 m, or 250 m / the same postcode for postcode
 *   pins) finds the asset it describes (`merged`: the record is attached to that asset and
 *   fills only fields it lacks), unless the worker declined that merge; else `added`.
 *
 * A dry run stops there and writes nothing. Applying runs every step again inside one
 * transaction (so what is written is what was checked against the data as it is now) and
 * writes assets the way single edits do: history for each asset, opening hours as weekly
 * intervals for search, provenance in asset_sources; the triggers of assets keep LSOA,
 * search text, the provision change queue and the tile cache right.
 *
 * Ownership: an import may overwrite only assets its own source added. A record merged
 * into another source's asset fills gaps, now and on every re-import, and never overwrites.
 * Re-importing a file that changes nothing writes nothing, not even an `imports` row.
 */

export interface ImportDeps {
  db: Queryable;
  transact: Transact;
  dataDir: string;
}

/** Progress of a long import, for the CLI's progress bar. */
export type ImportProgress = (stage: 'reading' | 'checking' | 'writing', done: number, total: number) => void;

type Issue = { field: string | null; message: string };

/** A record placed in England, ready to be matched. */
interface Placed {
  candidate: ImportCandidate;
  lon: number;
  lat: number;
  precision: LocationPrecision;
  postcode: string | null;
  lsoaCode: string;
  openingHours: string | null;
  openingHoursNote: string | null;
  notes: Issue[];
}

type Decision =
  | { kind: 'rejected'; issues: Issue[] }
  | { kind: 'added'; placed: Placed; declined: repo.ExistingAsset | null }
  | { kind: 'updated' | 'unchanged'; placed: Placed; asset: repo.ExistingAsset; own: boolean; changed: string[] }
  | { kind: 'merged'; placed: Placed; asset: repo.ExistingAsset; distance: number; filled: string[] };

interface Entry {
  ref: string;
  line: number | null;
  sourceId: string | null;
  name: string | null;
  /** Position among the file's records, for the report's order. */
  order: number;
  decision: Decision;
}

const MAX_NAME = 200;

/** The file's bytes from the request; a 400 when it is not base64 at all. */
export function decodeFile(contentBase64: string): Buffer {
  const bytes = Buffer.from(contentBase64.replace(/\s+/g, ''), 'base64');
  if (bytes.length === 0) throw BadRequestError.forParam('body.contentBase64', 'the file is empty');
  return bytes;
}

function fileError(error: ImportFileError): AppError {
  return new AppError(
    400,
    'import_file_invalid',
    error.message,
    error.issues.map((i) => ({ path: i.field ? `file.${i.field}` : 'file', message: i.message })),
  );
}

/** A CSV's header, to answer "which columns are there?" when no mapping was sent; null when unreadable (the reader says why). */
function headerOf(bytes: Uint8Array): string[] | null {
  try {
    return csvColumns(decodeImportText(bytes));
  } catch {
    return null;
  }
}

/** Reads the file with the exchange readers; whole-file problems are a 400 naming them. */
async function readFile(deps: ImportDeps, input: ImportRequest, bytes: Uint8Array): Promise<ParsedImport> {
  const categories = await listCategories(deps.db);
  const known = new Set(categories.map((c) => c.code));
  const defaultCategory = input.defaultCategory ?? input.mapping?.defaultCategory;
  if (defaultCategory && !known.has(defaultCategory)) {
    throw BadRequestError.forParam(input.defaultCategory ? 'body.defaultCategory' : 'body.mapping.defaultCategory', `no category ${defaultCategory}`);
  }
  let format: ImportFormat;
  try {
    format = input.format === 'auto' ? sniffImportFormat(bytes, input.fileName) : input.format;
  } catch (error) {
    if (error instanceof ImportFileError) throw fileError(error);
    throw error;
  }
  if (format === 'csv' && !input.mapping) {
    const columns = headerOf(bytes);
    if (columns) {
      throw new AppError(
        400,
        'mapping_required',
        `This is a CSV file: say which columns hold the name and the place (lat and lon, a postcode or an address), ` +
          `and the category. Its columns are: ${columns.join(', ')}.`,
        [{ path: 'body.mapping', message: 'required for a CSV file' }],
        { format, columns },
      );
    }
  }
  const tables = await importTables(deps.dataDir);
  try {
    return parseImportFile(bytes, {
      format,
      fileName: input.fileName,
      ...(input.mapping && { mapping: input.mapping }),
      categories: categories.map((c) => ({ code: c.code, name: c.name })),
      osmTags: tables.osmTags,
      taxonomy: tables.taxonomy,
      ...(defaultCategory && { defaultCategory }),
      maxRecords: IMPORT_MAX_RECORDS,
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw fileError(error);
    throw error;
  }
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** What the record would write into its asset, compared field by field with what is stored. */
function contentOf(p: Placed, id: string): repo.ImportedContent {
  const c = p.candidate;
  return {
    id,
    name: c.name.trim(),
    categoryCode: c.categoryCode,
    lon: p.lon,
    lat: p.lat,
    precision: p.precision,
    postcode: p.postcode,
    description: clean(c.description),
    organisation: clean(c.organisation),
    address: clean(c.address),
    phone: clean(c.phone),
    email: clean(c.email),
    website: clean(c.website),
    openingHours: p.openingHours,
    openingHoursNote: p.openingHoursNote,
    wheelchair: c.wheelchair ?? null,
    tags: [...new Set((c.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    capacity: c.capacity?.value ?? null,
    capacityUnit: c.capacity?.unit ?? null,
  };
}

/** Fields an import writes, compared when a record comes again. */
const FIELDS = [
  'name', 'categoryCode', 'postcode', 'description', 'organisation', 'address', 'phone', 'email', 'website',
  'openingHours', 'openingHoursNote', 'wheelchair', 'tags', 'capacity', 'capacityUnit',
] as const;
/** Fields a merged record may fill when the asset lacks them (never the name, category or place). */
const FILLABLE = [
  'postcode', 'description', 'organisation', 'address', 'phone', 'email', 'website', 'openingHours', 'openingHoursNote',
  'wheelchair', 'tags', 'capacity', 'capacityUnit',
] as const;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const sorted = (v: readonly unknown[]) => v.map(String).sort().join('\u0000');
const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? sorted(a as unknown[]) === sorted(b as unknown[]) : (a ?? null) === (b ?? null);

function changedFields(asset: repo.ExistingAsset, next: repo.ImportedContent): string[] {
  const changed: string[] = FIELDS.filter((f) => !same(asset[f], next[f]));
  // Coordinates round-trip through float8: a change under 10 cm is no change.
  if (distanceMetres(asset, next) > 0.1 || asset.precision !== next.precision) changed.push('location');
  return changed;
}

/** A stored asset as the de-duplication rules compare it with a record. */
const asCandidate = (a: repo.ExistingAsset) => ({
  source: a.source, sourceId: a.id, name: a.name, categoryCode: a.categoryCode, lon: a.lon, lat: a.lat, precision: a.precision, postcode: a.postcode,
});

function fillableFields(asset: repo.ExistingAsset, next: repo.ImportedContent): string[] {
  return FILLABLE.filter((f) => isEmpty(asset[f]) && !isEmpty(next[f]));
}

/** Places each record (postcode centres for postcode-only ones) and keeps those in England and in the worker's areas. */
async function place(
  db: Queryable,
  user: User | null,
  records: readonly { entry: Entry; candidate: ImportCandidate }[],
): Promise<{ entry: Entry; placed: Placed }[]> {
  const postcodes = await repo.postcodePoints(
    db,
    records.filter((r) => r.candidate.lon === null || r.candidate.lat === null).flatMap((r) => (r.candidate.postcode ? [r.candidate.postcode] : [])),
  );
  const located: { entry: Entry; placed: Omit<Placed, 'lsoaCode'> }[] = [];
  for (const { entry, candidate: c } of records) {
    const notes: Issue[] = [...c.issues];
    let point: { lon: number; lat: number; precision: LocationPrecision } | null = null;
    if (c.lon !== null && c.lat !== null) {
      point = { lon: c.lon, lat: c.lat, precision: c.precision ?? 'exact' };
    } else if (c.postcode) {
      const centre = postcodes.get(c.postcode);
      if (!centre) {
        entry.decision = { kind: 'rejected', issues: [...notes, { field: 'postcode', message: `${c.postcode} is not in the postcode directory (England only)` }] };
        continue;
      }
      point = { ...centre, precision: 'postcode' };
    } else {
      entry.decision = { kind: 'rejected', issues: [...notes, { field: 'location', message: 'no coordinates or postcode to place it' }] };
      continue;
    }
    if (c.name.trim().length > MAX_NAME) {
      entry.decision = { kind: 'rejected', issues: [...notes, { field: 'name', message: `longer than ${MAX_NAME} characters` }] };
      continue;
    }
    let openingHours = clean(c.openingHours);
    let openingHoursNote = clean(c.openingHoursNote);
    if (openingHours && !weeklyIntervals(openingHours)) {
      // Kept, as words: a reader may still use it, and search does not pretend to know the hours.
      notes.push({ field: 'openingHours', message: `"${openingHours}" is not OpenStreetMap opening_hours; kept as a note` });
      openingHoursNote = openingHoursNote ? `${openingHoursNote}; ${openingHours}` : openingHours;
      openingHours = null;
    }
    located.push({
      entry,
      placed: { candidate: c, ...point, postcode: c.postcode, openingHours, openingHoursNote, notes },
    });
  }
  const lsoas = await repo.lsoasAt(db, located.map((l) => l.placed));
  const curates = new Map<string, boolean>();
  const out: { entry: Entry; placed: Placed }[] = [];
  for (const [i, { entry, placed }] of located.entries()) {
    const lsoaCode = lsoas[i];
    if (!lsoaCode) {
      const field = placed.precision === 'postcode' && placed.candidate.lon === null ? 'postcode' : 'location';
      entry.decision = { kind: 'rejected', issues: [...placed.notes, { field, message: 'outside England: Common Ground maps English neighbourhoods only' }] };
      continue;
    }
    if (!curates.has(lsoaCode)) curates.set(lsoaCode, user === null || (await mayCurateIn(db, user, lsoaCode)));
    if (!curates.get(lsoaCode)) {
      entry.decision = { kind: 'rejected', issues: [...placed.notes, { field: 'location', message: `outside the areas you curate (LSOA ${lsoaCode})` }] };
      continue;
    }
    out.push({ entry, placed: { ...placed, lsoaCode } });
  }
  return out;
}

/** Decides what becomes of every record (see the module comment). Reads only. */
async function decide(
  db: Queryable,
  user: User | null,
  parsed: ParsedImport,
  source: ImportSource,
  declineMerges: ReadonlySet<string>,
  progress?: ImportProgress,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  const records: { entry: Entry; candidate: ImportCandidate }[] = [];
  const firstLine = new Map<string, Entry>();
  parsed.records.forEach((c, order) => {
    const entry: Entry = { ref: c.ref, line: c.line, sourceId: c.sourceId, name: c.name, order, decision: { kind: 'rejected', issues: [] } };
    entries.push(entry);
    const first = firstLine.get(c.sourceId);
    if (first) {
      entry.decision = { kind: 'rejected', issues: [{ field: 'id', message: `same id as ${first.line !== null ? `line ${first.line}` : first.ref} (${c.sourceId})` }] };
      return;
    }
    firstLine.set(c.sourceId, entry);
    records.push({ entry, candidate: c });
  });
  parsed.rejected.forEach((r: ImportRejection, i) => {
    entries.push({
      ref: r.ref, line: r.line, sourceId: r.sourceId, name: r.name, order: parsed.records.length + i,
      decision: { kind: 'rejected', issues: r.issues.length ? r.issues : [{ field: null, message: 'rejected by the reader' }] },
    });
  });
  progress?.('checking', 0, records.length);

  const placed = await place(db, user, records);
  const bySourceId = await repo.assetsBySourceId(db, source.code, placed.map((p) => p.placed.candidate.sourceId));
  const unmatched = placed.filter((p) => !bySourceId.has(p.placed.candidate.sourceId));
  const near = await repo.assetsNear(
    db,
    source.code,
    unmatched.map((p, i) => ({ i, lon: p.placed.lon, lat: p.placed.lat, categoryCode: p.placed.candidate.categoryCode })),
    SAME_PLACE_POSTCODE_METRES,
  );
  const nearOf = new Map(unmatched.map((p, i) => [p.entry, near.get(i) ?? []]));
  /** An asset takes at most one record of this file: a source lists each place once. */
  const claimed = new Set<string>();
  const curates = new Map<string, boolean>();
  const mayTouch = async (asset: repo.ExistingAsset) => {
    const key = asset.lsoaCode ?? '';
    if (!curates.has(key)) curates.set(key, user === null || (await mayCurateIn(db, user, asset.lsoaCode)));
    return curates.get(key)!;
  };

  for (const [done, { entry, placed: p }] of placed.entries()) {
    const next = contentOf(p, '');
    const previous = bySourceId.get(p.candidate.sourceId);
    if (previous) {
      if (!(await mayTouch(previous))) {
        entry.decision = { kind: 'rejected', issues: [...p.notes, { field: null, message: `its asset ${previous.name} is outside the areas you curate` }] };
        continue;
      }
      claimed.add(previous.id);
      const own = previous.source === source.code;
      const changed = own ? changedFields(previous, next) : fillableFields(previous, next);
      entry.decision = { kind: changed.length ? 'updated' : 'unchanged', placed: p, asset: previous, own, changed };
      continue;
    }
    const me = { source: source.code, sourceId: p.candidate.sourceId, name: next.name, categoryCode: next.categoryCode, lon: p.lon, lat: p.lat, precision: p.precision, postcode: p.postcode };
    const matches = (nearOf.get(entry) ?? [])
      .filter((a) => !claimed.has(a.id) && isSameAsset(asCandidate(a), me))
      .map((a) => ({ a, d: distanceMetres(a, me) }))
      .sort((x, y) => x.d - y.d);
    const match = matches[0];
    if (match && !declineMerges.has(entry.ref) && (await mayTouch(match.a))) {
      claimed.add(match.a.id);
      entry.decision = { kind: 'merged', placed: p, asset: match.a, distance: match.d, filled: fillableFields(match.a, next) };
    } else {
      entry.decision = { kind: 'added', placed: p, declined: match && declineMerges.has(entry.ref) ? match.a : null };
    }
    if (done % 500 === 0) progress?.('checking', done, placed.length);
  }
  progress?.('checking', placed.length, placed.length);
  return inFileOrder(entries);
}

/**
 * The report's order is the file's: by line where the reader knows lines (CSV), else by
 * the number in refs like "feature 12" / "node 3" when all share one word, else records
 * in reading order, then the reader's rejections.
 */
function inFileOrder(entries: Entry[]): Entry[] {
  if (entries.every((e) => e.line !== null)) return [...entries].sort((a, b) => a.line! - b.line! || a.order - b.order);
  const numbered = entries.map((e) => /^(\w+) (\d+)$/.exec(e.ref));
  const word = numbered[0]?.[1];
  if (numbered.every((m) => m && m[1] === word)) {
    return entries.map((e, i) => ({ e, n: Number(numbered[i]![2]) })).sort((a, b) => a.n - b.n || a.e.order - b.e.order).map((x) => x.e);
  }
  return [...entries].sort((a, b) => a.order - b.order);
}

function reportRow(e: Entry, assetIds: ReadonlyMap<Entry, string>): ImportReportRow {
  const base = { ref: e.ref, line: e.line, sourceId: e.sourceId, name: e.name };
  const d = e.decision;
  if (d.kind === 'rejected') return { ...base, outcome: 'rejected', assetId: null, matched: null, issues: d.issues };
  const notes = [...d.placed.notes];
  const distance = (a: repo.ExistingAsset) => Math.round(distanceMetres(a, d.placed) * 10) / 10;
  switch (d.kind) {
    case 'added':
      if (d.declined) notes.push({ field: null, message: `not merged with "${d.declined.name}" (declined): added as a new asset` });
      return { ...base, outcome: 'added', assetId: assetIds.get(e) ?? null, matched: null, issues: notes };
    case 'updated':
    case 'unchanged':
      if (d.changed.length) notes.push({ field: null, message: `${d.own ? 'changes' : 'fills in'}: ${d.changed.join(', ')}` });
      return {
        ...base, outcome: d.kind, assetId: d.asset.id, issues: notes,
        matched: { id: d.asset.id, name: d.asset.name, distanceMetres: distance(d.asset), rule: 'source-id' },
      };
    case 'merged':
      if (d.filled.length) notes.push({ field: null, message: `fills in: ${d.filled.join(', ')}` });
      return {
        ...base, outcome: 'merged', assetId: d.asset.id, issues: notes,
        matched: { id: d.asset.id, name: d.asset.name, distanceMetres: Math.round(d.distance * 10) / 10, rule: 'name-and-place' },
      };
  }
}

function buildReport(entries: Entry[], dryRun: boolean, format: ImportFormat, source: ImportSource, assetIds: ReadonlyMap<Entry, string>, importId: string | null): ImportReport {
  const rows = entries.map((e) => reportRow(e, assetIds));
  const count = (o: ImportReportRow['outcome']) => rows.filter((r) => r.outcome === o).length;
  return {
    dryRun,
    format,
    source,
    importId,
    counts: {
      total: rows.length,
      added: count('added'),
      updated: count('updated'),
      merged: count('merged'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
    },
    rows,
  };
}

export interface ImportContext {
  /** The worker importing; null for the operator at the command line on the database itself (no area limits). */
  user: User | null;
  ip: string;
  progress?: ImportProgress;
}

/**
 * Checks a file (dry run) or imports it in one transaction. Rejected records stop an
 * apply unless the caller confirmed skipping them (a 400 carrying the report).
 */
export async function importFile(deps: ImportDeps, input: ImportRequest, ctx: ImportContext): Promise<ImportReport> {
  const bytes = decodeFile(input.contentBase64);
  // An import owns (may overwrite) the assets of its source code: never the data loader's or contributions'.
  if (input.source.code === CONTRIBUTION_SOURCE || (await repo.isNonImportSource(deps.db, input.source.code))) {
    throw new ConflictError(
      'source_code_taken',
      `The source code ${input.source.code} belongs to data that was not imported (the shipped open data or contributions made here): choose another code for this file.`,
      [{ path: 'body.source.code', message: 'used by data that was not imported' }],
    );
  }
  ctx.progress?.('reading', 0, bytes.length);
  const parsed = await readFile(deps, input, bytes);
  ctx.progress?.('reading', bytes.length, bytes.length);
  const declined = new Set(input.declineMerges);
  const noIds = new Map<Entry, string>();

  if (input.dryRun) {
    const entries = await decide(deps.db, ctx.user, parsed, input.source, declined, ctx.progress);
    return buildReport(entries, true, parsed.format, input.source, noIds, null);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return deps.transact(async (tx) => {
    const entries = await decide(tx, ctx.user, parsed, input.source, declined, ctx.progress);
    const rejected = entries.filter((e) => e.decision.kind === 'rejected').length;
    if (rejected > 0 && !input.skipRejected) {
      const report = buildReport(entries, true, parsed.format, input.source, noIds, null);
      throw new AppError(
        400,
        'records_rejected',
        `${rejected} ${rejected === 1 ? 'record was' : 'records were'} rejected; fix them or confirm skipping them (skipRejected). Nothing was imported.`,
        [{ path: 'body.skipRejected', message: 'confirm skipping the rejected records, or fix them' }],
        { report },
      );
    }
    const assetIds = await write(tx, entries, input, parsed.format, sha256, ctx);
    return buildReport(entries, false, parsed.format, input.source, assetIds.ids, assetIds.importId);
  });
}

/** Writes the decided changes (in the caller's transaction) and the import's record; nothing when nothing changes. */
async function write(
  tx: Queryable,
  entries: Entry[],
  input: ImportRequest,
  format: ImportFormat,
  sha256: string,
  ctx: ImportContext,
): Promise<{ ids: Map<Entry, string>; importId: string | null }> {
  const ids = new Map<Entry, string>();
  const added: { entry: Entry; content: repo.ImportedContent & { sourceId: string } }[] = [];
  const updated: repo.ImportedContent[] = [];
  /** Records merged into (or filling) another source's asset: only the gaps are written. */
  const filled: repo.ImportedContent[] = [];
  const sources: { assetId: string; sourceId: string }[] = [];
  for (const e of entries) {
    const d = e.decision;
    if (d.kind === 'added') {
      const id = randomUUID();
      ids.set(e, id);
      added.push({ entry: e, content: { ...contentOf(d.placed, id), sourceId: d.placed.candidate.sourceId } });
      sources.push({ assetId: id, sourceId: d.placed.candidate.sourceId });
    } else if (d.kind === 'updated') {
      const content = contentOf(d.placed, d.asset.id);
      (d.own ? updated : filled).push(content);
      sources.push({ assetId: d.asset.id, sourceId: d.placed.candidate.sourceId });
    } else if (d.kind === 'merged') {
      if (d.filled.length) filled.push(contentOf(d.placed, d.asset.id));
      sources.push({ assetId: d.asset.id, sourceId: d.placed.candidate.sourceId });
    }
  }
  if (sources.length === 0) return { ids, importId: null };

  const total = added.length + updated.length + filled.length;
  ctx.progress?.('writing', 0, total);
  const counts = countsOf(entries);
  await repo.upsertSource(tx, input.source);
  const importId = await repo.insertImport(tx, {
    sourceCode: input.source.code, format, fileName: input.fileName, sha256, importedBy: ctx.user?.id ?? null, counts,
  });
  const before = await assetWrites.assetSnapshots(tx, [...updated, ...filled].map((c) => c.id));

  await repo.insertAssets(tx, added.map((a) => a.content), { source: input.source.code, licence: input.source.licence, createdBy: ctx.user?.id ?? null });
  ctx.progress?.('writing', added.length, total);
  await repo.updateAssets(tx, updated);
  await repo.fillAssets(tx, filled);
  ctx.progress?.('writing', total, total);
  await repo.upsertAssetSources(tx, sources, { source: input.source.code, licence: input.source.licence, importId });
  await repo.refreshSourceRecords(tx, input.source.code);

  // Search's "open at" reads weekly intervals: rewrite them for every asset whose hours may have changed.
  const hoursOf = (c: repo.ImportedContent) => ({ id: c.id, intervals: c.openingHours ? (weeklyIntervals(c.openingHours) ?? []) : [] });
  await assetWrites.replaceOpenIntervalsBulk(tx, [...added.map((a) => a.content), ...updated].map(hoursOf));
  const filledHours = await repo.openingHoursOf(tx, filled.filter((c) => c.openingHours).map((c) => c.id));
  await assetWrites.replaceOpenIntervalsBulk(tx, filledHours.map((h) => ({ id: h.id, intervals: weeklyIntervals(h.openingHours) ?? [] })));

  const note = `imported from ${input.fileName} (source ${input.source.code})`;
  const snapshot = (id: string): AssetSnapshot | null => before.get(id) ?? null;
  await assetWrites.recordBulkAssetChanges(
    tx,
    [
      ...added.map((a) => ({ id: a.content.id, action: 'import', before: null })),
      ...updated.map((c) => ({ id: c.id, action: 'import_update', before: snapshot(c.id) })),
      ...filled.map((c) => ({ id: c.id, action: 'import_merge', before: snapshot(c.id) })),
    ],
    ctx.user?.id ?? null,
    note,
  );
  await insertAudit(tx, {
    action: 'asset_import',
    actorId: ctx.user?.id ?? null,
    subjectId: importId,
    ip: ctx.ip,
    details: { source: input.source.code, fileName: input.fileName, format, sha256, counts },
  });
  return { ids, importId };
}

function countsOf(entries: Entry[]): repo.ImportRecordRow['counts'] {
  const count = (k: Decision['kind']) => entries.filter((e) => e.decision.kind === k).length;
  return {
    total: entries.length, added: count('added'), updated: count('updated'), merged: count('merged'),
    unchanged: count('unchanged'), rejected: count('rejected'),
  };
}
