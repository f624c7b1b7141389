import type { Annotation, AnnotationBody, AnnotationEditBody, HideAnnotationBody, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { assertMayCurateIn, isWorker } from '../access/access.js';
import { changedFields, recordChange } from '../history/history.repository.js';
import * as repo from './annotations.repository.js';
import type { AnnotationRecord, AnnotationTarget, Viewer } from './annotations.repository.js';
import type { Db } from '../../db/db.js';

/*
 * Notes on assets and areas. Anyone reads public notes on public things; signed-in people
 * write; only authors change their own words; workers hide abusive notes (never delete
 * them), within their areas. Every change is recorded in change_history in its transaction.
 */

const viewerOf = (user: User | null): Viewer => ({ userId: user?.id ?? null, worker: isWorker(user) });

/** What history keeps of a note: what it says, to whom, and whether it is hidden. */
function snapshot(note: AnnotationRecord): Record<string, unknown> {
  return {
    target: note.target,
    body: note.body,
    visibility: note.visibility,
    hidden: note.hidden,
    hiddenReason: note.hiddenReason,
  };
}

/** Whether `user` may know this note exists (else it is a 404 to them). */
function maySee(user: User, note: AnnotationRecord): boolean {
  if (note.deleted) return false;
  if (isWorker(user) || note.authorId === user.id) return true;
  return note.visibility === 'public' && !note.hidden && note.targetPublic;
}

const notFound = (id: string) => new NotFoundError('note', id);

function assertMayChooseVisibility(user: User, visibility: AnnotationBody['visibility'] | undefined): void {
  if (visibility === 'workers' && !isWorker(user)) {
    throw new ForbiddenError('workers_only', 'Only community workers can write notes that only workers see.');
  }
}

/** Notes on a public asset, as `user` (or the public) may read them; 404 unless the asset is public. */
export async function notesOnPublicAsset(db: Queryable, user: User | null, assetId: string): Promise<Annotation[]> {
  if (!(await repo.isPublicAsset(db, assetId))) throw new NotFoundError('asset', assetId);
  return repo.listAnnotations(db, { type: 'asset', assetId }, viewerOf(user));
}

/** Every shown or hidden note on any asset, sensitive and unpublished ones too: for workers. */
export async function notesOnAnyAsset(db: Queryable, worker: User, assetId: string): Promise<Annotation[]> {
  if (!(await repo.findAssetForNotes(db, assetId))) throw new NotFoundError('asset', assetId);
  return repo.listAnnotations(db, { type: 'asset', assetId }, { userId: worker.id, worker: true });
}

export async function notesOnArea(db: Queryable, user: User | null, areaCode: string): Promise<Annotation[]> {
  if (!(await repo.areaExists(db, areaCode))) throw new NotFoundError('area', areaCode);
  return repo.listAnnotations(db, { type: 'area', areaCode }, viewerOf(user));
}

/** Adds a note. Residents write on public assets and any area; workers on any asset. */
export async function addNote({ transact }: Db, user: User, target: AnnotationTarget, input: AnnotationBody): Promise<Annotation> {
  assertMayChooseVisibility(user, input.visibility);
  return transact(async (tx) => {
    if (target.type === 'asset') {
      const asset = await repo.findAssetForNotes(tx, target.assetId);
      if (!asset || (!asset.public && !isWorker(user))) throw new NotFoundError('asset', target.assetId);
    } else if (!(await repo.areaExists(tx, target.areaCode))) {
      throw new NotFoundError('area', target.areaCode);
    }
    const id = await repo.insertAnnotation(tx, { target, body: input.body, visibility: input.visibility, authorId: user.id });
    const note = (await repo.findAnnotation(tx, id))!;
    await recordChange(tx, {
      entityType: 'annotation',
      entityId: id,
      version: note.version,
      action: 'create',
      actorId: user.id,
      before: null,
      after: snapshot(note),
    });
    return repo.toAnnotation(note);
  });
}

/** The note, locked, if `user` wrote it: 404 if they may not see it, 403 if it is someone else's. */
async function ownNote(tx: Queryable, user: User, id: string, verb: 'edit' | 'delete'): Promise<AnnotationRecord> {
  const note = await repo.findAnnotation(tx, id, true);
  if (!note || !maySee(user, note)) throw notFound(id);
  if (note.authorId !== user.id) {
    throw new ForbiddenError(
      'not_your_note',
      isWorker(user) ? `Only its author can ${verb} a note. If it breaks the rules, hide it instead.` : `Only its author can ${verb} this note.`,
    );
  }
  return note;
}

/** The author rewrites their note, against the version they saw: a stale edit is a 409 with the note as it is now. */
export async function editNote({ transact }: Db, user: User, id: string, input: AnnotationEditBody): Promise<Annotation> {
  assertMayChooseVisibility(user, input.visibility);
  return transact(async (tx) => {
    const before = await ownNote(tx, user, id, 'edit');
    if (before.version !== input.baseVersion) {
      throw new ConflictError(
        'version_conflict',
        `This note changed since you opened it (you edited version ${input.baseVersion}, it is now version ${before.version}). ` +
          'Compare it with yours and edit it again.',
        undefined,
        { current: repo.toAnnotation(before) },
      );
    }
    await repo.updateAnnotationBody(tx, id, { body: input.body, visibility: input.visibility ?? before.visibility });
    const after = (await repo.findAnnotation(tx, id))!;
    await recordChange(tx, {
      entityType: 'annotation',
      entityId: id,
      version: after.version,
      action: 'edit',
      actorId: user.id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return repo.toAnnotation(after);
  });
}

/** The author deletes their note: kept for history, shown to nobody. */
export async function deleteNote({ transact }: Db, user: User, id: string): Promise<void> {
  await transact(async (tx) => {
    const note = await ownNote(tx, user, id, 'delete');
    await repo.softDeleteAnnotation(tx, id);
    await recordChange(tx, {
      entityType: 'annotation',
      entityId: id,
      version: note.version,
      action: 'delete',
      actorId: user.id,
      before: snapshot(note),
      after: null,
    });
  });
}

/**
 * A worker hides a note (with a reason its author sees) or shows it again. A worker
 * limited to areas does so only for notes on assets or areas inside them.
 */
export async function setNoteHidden({ transact }: Db, worker: User, id: string, input: HideAnnotationBody): Promise<Annotation> {
  return transact(async (tx) => {
    const before = await repo.findAnnotation(tx, id, true);
    if (!before || before.deleted) throw notFound(id);
    await assertMayCurateIn(tx, worker, before.lsoaCode);
    await repo.setAnnotationHidden(tx, id, input.hidden ? { hidden: true, by: worker.id, reason: input.reason! } : { hidden: false });
    const after = (await repo.findAnnotation(tx, id))!;
    const [was, is] = [snapshot(before), snapshot(after)];
    if (changedFields(was, is).length > 0) {
      await recordChange(tx, {
        entityType: 'annotation',
        entityId: id,
        version: after.version,
        action: input.hidden ? 'hide' : 'unhide',
        actorId: worker.id,
        before: was,
        after: is,
        note: input.hidden ? (input.reason ?? null) : null,
      });
    }
    return repo.toAnnotation(after);
  });
}
