import {
  distanceMetres,
  isSameAsset,
  nameSimilarity,
  namesMatch,
  SAME_NAME_POSTCODE_METRES,
  SAME_PLACE_METRES,
  SAME_PLACE_POSTCODE_METRES,
  sameName,
} from '@common-ground/geo/asset-files';
import type { ImportCandidate, ImportRejection, ParsedImport } from '@common-ground/geo/exchange';
import type { ImportMatchRule, ImportSource, LocationPrecision, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { mayCurateIn } from '../access/access.js';
import { weeklyIntervals } from '@common-ground/geo/opening-hours';
import * as repo from './imports.repository.js';

/*
 * Matching: what becomes of each record, decided without writing anything.
 *
 *   place each record (postcode centres for postcode-only ones) → keep what is in England
 *   (an LSOA holds the point, or, on the coast, its postcode's LSOA is within 1 km) and in
 *   the worker's areas → refuse a second record with an id already seen in the file →
 *   match it to a stored asset, by the first rule that finds one:
 *
 *     1. source-id: this source's record stored before (its own asset, or one it merged into);
 *     2. asset-id: the file is our own export coming back and names the asset;
 *     3. identifier: an asset with the same register code (NHS ODS code, charity number);
 *     4. name-and-place: among the few nearest assets and those of the same name nearby,
 *        the ones the data loader's rule calls the same (same category, similar name, 50 m,
 *        or 250 m / the same postcode for postcode pins), best name first, then nearest.
 *        Two that fit exactly as well are not chosen between: the record is added and
 *        both are listed as possible duplicates, for the worker to decide.
 *
 *   An asset within 50 m in another category with the same or nearly the same name is
 *   never merged (a merge keeps one category) but is listed as a possible duplicate.
 *
 * What a match may change (fields and owners): the asset's own source owns its fields; a
 * record merged into it fills the fields it lacks and owns those from then on. Only the
 * owner changes or clears a field, so two sources importing in turn settle.
 */

export type Issue = { field: string | null; message: string };

/** A record placed in England, ready to be matched. */
export interface Placed {
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

export interface Match {
  asset: repo.ExistingAsset;
  rule: ImportMatchRule;
  reason: string;
  /** This source's records on the asset that the file no longer has: the record takes their place (a re-keyed row). */
  rekeyed: string[];
}

export interface PossibleDuplicate {
  id: string;
  name: string;
  categoryCode: string;
  distanceMetres: number;
  reason: string;
}

export type Decision =
  | { kind: 'rejected'; issues: Issue[] }
  | { kind: 'added'; placed: Placed; declined: repo.ExistingAsset | null; duplicates: PossibleDuplicate[] }
  | {
      kind: 'updated' | 'unchanged' | 'merged';
      placed: Placed;
      match: Match;
      /** Whether the asset is this source's own (it added it). */
      own: boolean;
      /** Fields the record changes, fills or clears (only those this source owns or that are empty). */
      changed: string[];
      /** The asset's field owners as stored (field → source), for the write and undo. */
      owners: Map<string, string>;
      duplicates: PossibleDuplicate[];
    };

export interface Entry {
  ref: string;
  line: number | null;
  sourceId: string | null;
  name: string | null;
  /** Position among the file's records, for the report's order. */
  order: number;
  decision: Decision;
}

/** The source's assets absent from the file, closed by a re-sync. */
export interface Retirement {
  asset: repo.ExistingAsset;
  sourceId: string;
}

/** Progress of a long import, for the CLI's progress bar and the screen. */
export type ImportProgress = (stage: 'reading' | 'checking' | 'writing', done: number, total: number) => void;

const MAX_NAME = 200;

export const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** What the record would write into its asset, compared field by field with what is stored. */
export function contentOf(p: Placed, id: string): repo.ImportedContent {
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

/** Fields only the asset's own source sets: what the place is and where. */
const CORE = ['name', 'categoryCode'] as const;
/** Fields any source may fill when empty, and then owns. Capacity travels with its unit. */
export const FILLABLE = [
  'postcode',
  'description',
  'organisation',
  'address',
  'phone',
  'email',
  'website',
  'openingHours',
  'openingHoursNote',
  'wheelchair',
  'tags',
  'capacity',
] as const;
export type FillableField = (typeof FILLABLE)[number];

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const sorted = (v: readonly unknown[]) => v.map(String).sort().join('\u0000');
const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? sorted(a as unknown[]) === sorted(b as unknown[]) : (a ?? null) === (b ?? null);
const sameField = (asset: repo.ImportedContent, next: repo.ImportedContent, f: FillableField | (typeof CORE)[number]) =>
  f === 'capacity' ? same(asset.capacity, next.capacity) && same(asset.capacityUnit, next.capacityUnit) : same(asset[f], next[f]);

/**
 * The fields this source may write in the asset and that differ: its own asset's name,
 * category and place; any fillable field it owns (changed or cleared) or that is empty
 * (filled). A field another source owns is left alone, whatever this record says.
 */
export function writableChanges(asset: repo.ExistingAsset, next: repo.ImportedContent, source: string, owners: ReadonlyMap<string, string>): string[] {
  const own = asset.source === source;
  const ownerOf = (f: string) => owners.get(f) ?? asset.source;
  const changed: string[] = [];
  if (own) {
    for (const f of CORE) if (!sameField(asset, next, f)) changed.push(f);
    // Coordinates round-trip through float8: a change under 10 cm is no change.
    if (distanceMetres(asset, next) > 0.1 || asset.precision !== next.precision) changed.push('location');
  }
  for (const f of FILLABLE) {
    if (sameField(asset, next, f)) continue;
    const mine = ownerOf(f) === source;
    const fills = isEmpty(asset[f]) && !isEmpty(next[f]);
    if (mine || fills) changed.push(f);
  }
  return changed;
}

/**
 * The asset's content after the record writes the fields it may (`changed`), and the
 * owner changes that go with it: a field this source now holds in another source's asset
 * is owned by it; one it cleared, or its own asset's field, goes back to the asset's source.
 */
export function afterWrite(
  asset: repo.ExistingAsset,
  next: repo.ImportedContent,
  changed: readonly string[],
  source: string,
): { content: repo.ImportedContent; owners: { assetId: string; field: string; source: string | null }[] } {
  const content: repo.ImportedContent = {
    id: asset.id,
    name: asset.name,
    categoryCode: asset.categoryCode,
    lon: asset.lon,
    lat: asset.lat,
    precision: asset.precision,
    postcode: asset.postcode,
    description: asset.description,
    organisation: asset.organisation,
    address: asset.address,
    phone: asset.phone,
    email: asset.email,
    website: asset.website,
    openingHours: asset.openingHours,
    openingHoursNote: asset.openingHoursNote,
    wheelchair: asset.wheelchair,
    tags: asset.tags,
    capacity: asset.capacity,
    capacityUnit: asset.capacityUnit,
  };
  const owners: { assetId: string; field: string; source: string | null }[] = [];
  const own = asset.source === source;
  for (const f of changed) {
    if (f === 'location') Object.assign(content, { lon: next.lon, lat: next.lat, precision: next.precision });
    else if (f === 'capacity') Object.assign(content, { capacity: next.capacity, capacityUnit: next.capacityUnit });
    else Object.assign(content, { [f]: next[f as keyof repo.ImportedContent] });
    if ((FILLABLE as readonly string[]).includes(f)) {
      const field = f as FillableField;
      const cleared = field === 'capacity' ? next.capacity === null : isEmpty(next[field]);
      owners.push({ assetId: asset.id, field, source: own || cleared ? null : source });
    }
  }
  return { content, owners };
}

/** A stored asset as the de-duplication rules compare it with a record. */
const asCandidate = (a: repo.ExistingAsset) => ({
  source: a.source,
  sourceId: a.id,
  name: a.name,
  categoryCode: a.categoryCode,
  lon: a.lon,
  lat: a.lat,
  precision: a.precision,
  postcode: a.postcode,
});

const metres = (d: number) => Math.round(d * 10) / 10;

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
  const tick = yielder();
  const located: { entry: Entry; placed: Omit<Placed, 'lsoaCode'> }[] = [];
  for (const { entry, candidate: c } of records) {
    await tick();
    const notes: Issue[] = [...c.issues];
    let point: { lon: number; lat: number; precision: LocationPrecision } | null = null;
    if (c.lon !== null && c.lat !== null) {
      point = { lon: c.lon, lat: c.lat, precision: c.precision ?? 'exact' };
    } else if (c.postcode) {
      const centre = postcodes.get(c.postcode);
      if (!centre) {
        entry.decision = {
          kind: 'rejected',
          issues: [...notes, { field: 'postcode', message: `${c.postcode} is not in the postcode directory (England only)` }],
        };
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
    located.push({ entry, placed: { candidate: c, ...point, postcode: c.postcode, openingHours, openingHoursNote, notes } });
  }
  const lsoas = await repo.lsoasAt(
    db,
    located.map((l) => l.placed),
  );
  // On the coast a true point can fall just outside the generalised boundaries: its postcode decides.
  const offshore = located.flatMap((l, i) => (lsoas[i] || !l.placed.postcode ? [] : [i]));
  const coastal = await repo.coastalLsoas(
    db,
    offshore.map((i) => located[i]!.placed),
  );
  offshore.forEach((i, k) => {
    const code = coastal[k];
    if (!code) return;
    lsoas[i] = code;
    located[i]!.placed.notes.push({
      field: 'location',
      message: `the point is just outside England's generalised LSOA boundaries (the coast); kept there, in LSOA ${code} of its postcode ${located[i]!.placed.postcode}`,
    });
  });
  const curates = new Map<string, boolean>();
  const out: { entry: Entry; placed: Placed }[] = [];
  for (const [i, { entry, placed }] of located.entries()) {
    await tick();
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

/**
 * Gives the event loop a turn once `sliceMs` of work has passed since the last turn. Loops
 * over a file's records call it once per record, so another request waits at most about
 * one slice (a fixed count of records per turn was not enough: 500 records in a dense area
 * were 100-500 ms).
 */
export function yielder(sliceMs = 15): () => Promise<void> {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return Promise.resolve();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

export interface DecideOptions {
  declineMerges: ReadonlySet<string>;
  retireMissing: boolean;
  progress?: ImportProgress;
}

/** Decides what becomes of every record (see the module comment), and with retireMissing which assets close. Reads only. */
export async function decide(
  db: Queryable,
  user: User | null,
  parsed: ParsedImport,
  source: ImportSource,
  options: DecideOptions,
): Promise<{ entries: Entry[]; retired: Retirement[] }> {
  const entries: Entry[] = [];
  const records: { entry: Entry; candidate: ImportCandidate }[] = [];
  const firstLine = new Map<string, Entry>();
  /** Every record id the file has, accepted or not: none of these is missing from it. */
  const fileIds = new Set<string>();
  const tick = yielder();
  for (const [order, c] of parsed.records.entries()) {
    await tick();
    fileIds.add(c.sourceId);
    const entry: Entry = { ref: c.ref, line: c.line, sourceId: c.sourceId, name: c.name, order, decision: { kind: 'rejected', issues: [] } };
    entries.push(entry);
    const first = firstLine.get(c.sourceId);
    if (first) {
      entry.decision = {
        kind: 'rejected',
        issues: [{ field: 'id', message: `same id as ${first.line !== null ? `line ${first.line}` : first.ref} (${c.sourceId})` }],
      };
      continue;
    }
    firstLine.set(c.sourceId, entry);
    records.push({ entry, candidate: c });
  }
  parsed.rejected.forEach((r: ImportRejection, i) => {
    if (r.sourceId) fileIds.add(r.sourceId);
    entries.push({
      ref: r.ref,
      line: r.line,
      sourceId: r.sourceId,
      name: r.name,
      order: parsed.records.length + i,
      decision: { kind: 'rejected', issues: r.issues.length ? r.issues : [{ field: null, message: 'rejected by the reader' }] },
    });
  });
  options.progress?.('checking', 0, records.length);

  const placed = await place(db, user, records);
  const bySourceId = await repo.assetsBySourceId(
    db,
    source.code,
    placed.map((p) => p.placed.candidate.sourceId),
  );
  const unmatched = placed.filter((p) => !bySourceId.has(p.placed.candidate.sourceId));
  const byAssetId = await repo.assetsById(
    db,
    source.code,
    unmatched.flatMap((p) => (p.placed.candidate.assetId ? [p.placed.candidate.assetId] : [])),
  );
  const byCode = await repo.assetsByIdentifier(
    db,
    source.code,
    unmatched.flatMap((p) => p.placed.candidate.identifiers ?? []),
  );
  const near = await repo.candidatesNear(
    db,
    source.code,
    unmatched.map((p, i) => ({ i, lon: p.placed.lon, lat: p.placed.lat, name: p.placed.candidate.name.trim() })),
    SAME_PLACE_POSTCODE_METRES,
    SAME_NAME_POSTCODE_METRES,
  );
  const nearIndex = new Map(unmatched.map((p, i) => [p.entry, i]));

  /** An asset takes at most one record of this file: a source lists each place once. Source-id matches claim first. */
  const claimed = new Set<string>([...bySourceId.values()].map((a) => a.id));
  const curates = new Map<string, boolean>();
  const mayTouch = async (asset: repo.ExistingAsset) => {
    const key = asset.lsoaCode ?? '';
    if (!curates.has(key)) curates.set(key, user === null || (await mayCurateIn(db, user, asset.lsoaCode)));
    return curates.get(key)!;
  };
  /** An asset this source holds a record of that is still in the file is that record's, not this one's. */
  const free = (a: repo.NearAsset) => !claimed.has(a.id) && !a.heldIds.some((id) => fileIds.has(id));

  const matched: { entry: Entry; placed: Placed; match: Match; duplicates: PossibleDuplicate[] }[] = [];
  for (const [done, { entry, placed: p }] of placed.entries()) {
    if (done % 500 === 0) options.progress?.('checking', done, placed.length);
    await tick();
    const c = p.candidate;
    const previous = bySourceId.get(c.sourceId);
    if (previous) {
      matched.push({
        entry,
        placed: p,
        duplicates: [],
        match: { asset: previous, rule: 'source-id', reason: `this source's record ${c.sourceId}, imported before`, rekeyed: [] },
      });
      continue;
    }
    const me = {
      source: source.code,
      sourceId: c.sourceId,
      name: c.name.trim(),
      categoryCode: c.categoryCode,
      lon: p.lon,
      lat: p.lat,
      precision: p.precision,
      postcode: p.postcode,
    };
    const at = nearIndex.get(entry);
    const candidates = at === undefined ? [] : near(at);
    const duplicates: PossibleDuplicate[] = [];
    let match: Match | null = null;

    const byId = c.assetId ? byAssetId.get(c.assetId) : undefined;
    if (byId && free(byId)) {
      match = { asset: byId, rule: 'asset-id', reason: `the file gives this asset's own id (${byId.id}): our export coming back`, rekeyed: byId.heldIds };
    }
    if (!match) {
      for (const code of c.identifiers ?? []) {
        const holders = (byCode.get(repo.identifierKey(code.scheme, code.value)) ?? []).filter(free);
        holders.sort((x, y) => distanceMetres(x, me) - distanceMetres(y, me) || x.id.localeCompare(y.id));
        const first = holders[0];
        if (!first) continue;
        const others = holders.length > 1 ? `; ${holders.length - 1} other asset${holders.length > 2 ? 's' : ''} with the code, further away` : '';
        match = {
          asset: first,
          rule: 'identifier',
          rekeyed: first.heldIds,
          reason: `the same ${code.scheme} code ${code.value}, ${metres(distanceMetres(first, me))} m away${others}`,
        };
        break;
      }
    }
    if (!match) {
      const ranked = candidates
        .filter((a) => free(a) && isSameAsset(asCandidate(a), me))
        .map((a) => ({ a, s: nameSimilarity(a.name, me.name), d: distanceMetres(a, me) }))
        .sort((x, y) => y.s - x.s || x.d - y.d);
      const [best, second] = ranked;
      if (best && second && Math.abs(best.s - second.s) < 1e-9 && Math.abs(best.d - second.d) < 1) {
        // Never the lowest id silently: two that fit exactly as well are for the worker to tell apart.
        for (const t of ranked.filter((r) => Math.abs(r.s - best.s) < 1e-9 && Math.abs(r.d - best.d) < 1)) {
          duplicates.push({
            id: t.a.id,
            name: t.a.name,
            categoryCode: t.a.categoryCode,
            distanceMetres: metres(t.d),
            reason: `fits as well as another asset (name ${Math.round(t.s * 100)}% alike, ${metres(t.d)} m): not merged, so nothing is attached to the wrong one`,
          });
        }
      } else if (best) {
        const rivals =
          ranked.length > 1 ? `; preferred to ${ranked.length - 1} other candidate${ranked.length > 2 ? 's' : ''} with less alike names or further away` : '';
        match = {
          asset: best.a,
          rule: 'name-and-place',
          rekeyed: best.a.heldIds,
          reason: `same category, name ${Math.round(best.s * 100)}% alike, ${metres(best.d)} m away${rivals}`,
        };
      }
    }
    // Another category, the same name, at the same place: perhaps one place recorded twice.
    for (const a of candidates) {
      if (a.categoryCode === me.categoryCode || claimed.has(a.id) || match?.asset.id === a.id) continue;
      const d = distanceMetres(a, me);
      if (d > SAME_PLACE_METRES) continue;
      if (!(sameName(a.name, me.name, me.categoryCode) || namesMatch(a.name, me.name, a.categoryCode))) continue;
      duplicates.push({
        id: a.id,
        name: a.name,
        categoryCode: a.categoryCode,
        distanceMetres: metres(d),
        reason: `same or nearly the same name ${metres(d)} m away, in category ${a.categoryCode}: possibly the same place (not merged: a merge keeps one category)`,
      });
    }
    if (match && !options.declineMerges.has(entry.ref) && (await mayTouch(match.asset))) {
      claimed.add(match.asset.id);
      matched.push({ entry, placed: p, match, duplicates });
    } else {
      entry.decision = { kind: 'added', placed: p, declined: match && options.declineMerges.has(entry.ref) ? match.asset : null, duplicates };
    }
  }

  const owners = await repo.fieldOwners(
    db,
    matched.map((m) => m.match.asset.id),
  );
  for (const { entry, placed: p, match, duplicates } of matched) {
    await tick();
    if (match.rule === 'source-id' && !(await mayTouch(match.asset))) {
      entry.decision = { kind: 'rejected', issues: [...p.notes, { field: null, message: `its asset ${match.asset.name} is outside the areas you curate` }] };
      continue;
    }
    const assetOwners = owners.get(match.asset.id) ?? new Map<string, string>();
    const changed = writableChanges(match.asset, contentOf(p, match.asset.id), source.code, assetOwners);
    const own = match.asset.source === source.code;
    const kind = match.rule === 'source-id' || own ? (changed.length || match.rekeyed.length ? 'updated' : 'unchanged') : 'merged';
    entry.decision = { kind, placed: p, match, own, changed, owners: assetOwners, duplicates };
  }

  let retired: Retirement[] = [];
  if (options.retireMissing) {
    const present = [...fileIds];
    const missing = await repo.missingFromSource(db, source.code, present);
    // A re-keyed asset (an edited row of a file without ids) is in the file under its new id.
    const taken = new Set([...matched.map((m) => m.match.asset.id)]);
    retired = [];
    for (const a of missing) if (!taken.has(a.id) && (await mayTouch(a))) retired.push({ asset: a, sourceId: a.sourceId });
  }
  options.progress?.('checking', placed.length, placed.length);
  return { entries: inFileOrder(entries), retired };
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
    return entries
      .map((e, i) => ({ e, n: Number(numbered[i]![2]) }))
      .sort((a, b) => a.n - b.n || a.e.order - b.e.order)
      .map((x) => x.e);
  }
  return [...entries].sort((a, b) => a.order - b.order);
}
