import { needRanks } from '@common-ground/geo';
import type { NeedMeasure, NeedMeasureCreated, NeedMeasureDryRun, NeedMeasureSummary, NeedMeasureUpload, User } from '@common-ground/schema';
import type { z } from 'zod';
import type { Queryable } from '../../db/queryable.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { isWorker } from '../access/access.js';
import { insertAudit } from '../auth/auth.repository.js';
import { fileProblems, readNeedCsv, type NeedRow } from './need-csv.js';
import * as repo from './need-measures.repository.js';
import type { Db } from '../../db/db.js';

/*
 * Custom need measures: workers and admins load one from a CSV (all or nothing: a file
 * with any unknown LSOA code is refused whole, so a measure never silently misses areas
 * the worker thinks it covers), everyone reads the public ones, workers read all, and the
 * uploader or an admin deletes one. Uploads and deletions are audited in their
 * transaction, as admins' changes to people are.
 */

const notFound = (slug: string) => new NotFoundError('need measure', slug);

const mayDelete = (user: User | null, m: repo.NeedMeasureRecord) => user !== null && (user.role === 'admin' || (isWorker(user) && m.uploadedById === user.id));

function present(user: User | null, m: repo.NeedMeasureRecord): NeedMeasure {
  const { uploadedById: _uploader, ...measure } = m;
  return { ...measure, canDelete: mayDelete(user, m) };
}

/** A slug from a name: 'Community Needs Index 2023' → 'community-needs-index-2023'. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : slug ? `measure-${slug}` : 'measure';
}

interface Checked {
  rows: NeedRow[];
  ranks: { rank: number; decile: number }[];
  summary: NeedMeasureSummary;
}

/** Reads and checks the file against the LSOAs in the database, and ranks it. */
async function check(db: Queryable, input: z.output<typeof NeedMeasureUpload>): Promise<Checked> {
  const file = readNeedCsv(input.csv, input.lsoaColumn, input.valueColumn);
  const unknown = await repo.unknownLsoaCodes(
    db,
    file.rows.map((r) => r.code),
  );
  if (unknown.length > 0) {
    const lineOf = new Map(file.rows.map((r) => [r.code, r.line]));
    throw fileProblems(
      `${unknown.length} of ${file.rows.length} LSOA codes are not 2021 LSOAs in England (the file is refused whole; ` + 'are they 2011 codes, or from Wales?)',
      unknown.map((code) => ({ path: `body.csv line ${lineOf.get(code)}, column "${file.lsoaColumn}"`, message: `${code} is not a 2021 LSOA in England` })),
    );
  }
  const values = file.rows.map((r) => r.value);
  const ranks = needRanks(values, input.direction);
  const decileCounts = new Array<number>(10).fill(0);
  for (const r of ranks) decileCounts[r.decile - 1]!++;
  const lsoas = await repo.countLsoas(db);
  return {
    rows: file.rows,
    ranks,
    summary: {
      lsoaColumn: file.lsoaColumn,
      valueColumn: file.valueColumn,
      rows: file.rows.length,
      matched: file.rows.length,
      coverage: file.rows.length / lsoas,
      min: Math.min(...values),
      max: Math.max(...values),
      decileCounts,
    },
  };
}

/**
 * Checks a file and, unless it is a dry run, stores the measure and its values in one
 * transaction. A taken slug is a 409.
 */
export async function uploadMeasure(
  { db, transact }: Db,
  user: User,
  input: z.output<typeof NeedMeasureUpload>,
  ip: string,
): Promise<NeedMeasureDryRun | NeedMeasureCreated> {
  const slug = input.slug ?? slugOf(input.name);
  const taken = () =>
    new ConflictError(
      'need_measure_exists',
      `A need measure named need:${slug} already exists: choose another short name (slug), or delete the old one first.`,
      [{ path: 'body.slug', message: `need:${slug} is taken` }],
    );
  if (await repo.findMeasure(db, slug)) throw taken();
  const checked = await check(db, input);
  if (input.dryRun) return { dryRun: true, summary: checked.summary };

  const id = await transact(async (tx) => {
    const created = await repo.insertMeasure(tx, {
      slug,
      name: input.name,
      description: input.description,
      source: input.source,
      direction: input.direction,
      visibility: input.visibility,
      uploadedBy: user.id,
      rowCount: checked.summary.rows,
      coverage: checked.summary.coverage,
      min: checked.summary.min,
      max: checked.summary.max,
    });
    if (!created) throw taken();
    await repo.insertValues(tx, created, {
      codes: checked.rows.map((r) => r.code),
      values: checked.rows.map((r) => r.value),
      ranks: checked.ranks.map((r) => r.rank),
      deciles: checked.ranks.map((r) => r.decile),
    });
    await insertAudit(tx, {
      action: 'need_measure_upload',
      actorId: user.id,
      subjectId: created,
      ip,
      details: { slug, name: input.name, visibility: input.visibility, direction: input.direction, rows: checked.summary.rows, source: input.source },
    });
    return created;
  });
  const stored = await repo.findMeasure(db, slug);
  if (stored?.id !== id) throw notFound(slug);
  return { dryRun: false, summary: checked.summary, measure: present(user, stored) };
}

export async function listMeasures(db: Queryable, user: User | null): Promise<NeedMeasure[]> {
  return (await repo.listMeasures(db, isWorker(user))).map((m) => present(user, m));
}

/** One measure, or 404 when it does not exist or is workers-only and the viewer is not a worker. */
export async function getMeasure(db: Queryable, user: User | null, slug: string): Promise<NeedMeasure> {
  const m = await repo.findMeasure(db, slug);
  if (!m || (m.visibility !== 'public' && !isWorker(user))) throw notFound(slug);
  return present(user, m);
}

/** Deletes a measure and its values: its uploader (still a worker) or an admin. */
export async function deleteMeasure({ transact }: Db, user: User, slug: string, ip: string): Promise<void> {
  await transact(async (tx) => {
    const m = await repo.findMeasure(tx, slug);
    if (!m) throw notFound(slug);
    if (!mayDelete(user, m)) throw new ForbiddenError('not_yours', 'Only the worker who loaded this measure, or an admin, can delete it.');
    await repo.deleteMeasure(tx, m.id);
    await insertAudit(tx, {
      action: 'need_measure_delete',
      actorId: user.id,
      subjectId: m.id,
      ip,
      details: { slug, name: m.name, visibility: m.visibility, rows: m.rowCount, uploadedBy: m.uploadedById },
    });
  });
}

/** A measure's deciles for every LSOA it covers (who may read it is resolved first: need-domain.ts). */
export { measureTable } from './need-measures.repository.js';
