import { AnnotationBody, type Annotation, type AnnotationVisibility } from '@common-ground/schema';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { addAnnotation, deleteAnnotation, editAnnotation, hideAnnotation, listAnnotations, type AnnotationTarget } from '../../api/annotations-api.js';
import { formatDate } from '../../lib/format.js';
import { useSession } from '../account/session.js';
import { useLatest } from '../../lib/use-latest.js';

export interface NotesProps {
  target: AnnotationTarget;
  /** What the notes are about, for labels ("Notes on Hillside Hall"). */
  subject: string;
  heading?: 'h2' | 'h3';
}

/**
 * Notes on an asset or an area: "youth club closed in March". Anyone signed in adds one; its
 * author edits or deletes it; workers may keep a note to workers and hide (not delete) abusive
 * ones, which then show only to workers and the author, marked.
 */
export function Notes({ target, subject, heading: Heading = 'h2' }: NotesProps) {
  const session = useSession();
  const headingId = useId();
  const [notes, setNotes] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; list: Annotation[] }>({
    status: 'loading',
  });
  const targetKey = target.type === 'asset' ? target.assetId : target.areaCode;

  const targetRef = useLatest(target);
  const load = useCallback(() => {
    listAnnotations(targetRef.current, session.isWorker).then(
      (list) => setNotes({ status: 'ready', list }),
      (error: unknown) => setNotes({ status: 'error', message: errorMessage(error) }),
    );
  }, [session.isWorker, targetRef]);

  // A new target (by its key: a new object for the same one is no reason to reload), and who
  // is signed in (workers-only and hidden notes), change what the list holds.
  useEffect(load, [load, session.user?.id, targetKey, target.type]);

  return (
    <section aria-labelledby={headingId} className="notes" data-testid="notes">
      <Heading id={headingId} className="section-title">
        Notes
      </Heading>
      {notes.status === 'loading' && <p className="muted">Loading notes…</p>}
      {notes.status === 'error' && <p className="inline-error">Notes could not be loaded: {notes.message}</p>}
      {notes.status === 'ready' &&
        (notes.list.length === 0 ? (
          <p className="muted">No notes yet.</p>
        ) : (
          <ul className="notes-list" aria-label={`Notes on ${subject}`}>
            {notes.list.map((n) => (
              <NoteItem key={n.id} note={n} onChanged={load} />
            ))}
          </ul>
        ))}
      {session.user ? (
        <AddNote target={target} subject={subject} isWorker={session.isWorker} onAdded={load} />
      ) : (
        <button type="button" className="button button--quiet" onClick={() => session.requireSignIn()}>
          Sign in to add a note
        </button>
      )}
    </section>
  );
}

function visibilityError(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) return 'You have written a lot in a short time. Wait a minute, then try again.';
  if (error instanceof ApiError && error.issues[0]) return error.issues[0].message;
  return errorMessage(error);
}

function VisibilityChoice({ value, onChange }: { value: AnnotationVisibility; onChange: (v: AnnotationVisibility) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Who can see it</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as AnnotationVisibility)}>
        <option value="public">Everyone</option>
        <option value="workers">Community workers only</option>
      </select>
    </div>
  );
}

function AddNote({ target, subject, isWorker, onAdded }: { target: AnnotationTarget; subject: string; isWorker: boolean; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<AnnotationVisibility>('public');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = AnnotationBody.safeParse({ body, visibility });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'write something');
      document.getElementById(id)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await addAnnotation(target, parsed.data.body, parsed.data.visibility);
      setBody('');
      onAdded();
    } catch (e) {
      setError(visibilityError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="note-form">
      <div className="field">
        <label htmlFor={id}>Add a note about {subject}</label>
        <p className="field-hint" id={`${id}-hint`}>
          For example “Closed over the summer holidays” or “The hall is free on Tuesdays”. Shown with your name.
        </p>
        <textarea
          id={id}
          rows={3}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
        />
      </div>
      {isWorker && <VisibilityChoice value={visibility} onChange={setVisibility} />}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Adding…' : 'Add note'}
      </button>
    </form>
  );
}

function NoteItem({ note, onChanged }: { note: Annotation; onChanged: () => void }) {
  const session = useSession();
  const mine = Boolean(session.user && note.author?.id === session.user.id);
  const [mode, setMode] = useState<'view' | 'edit' | 'hide'>('view');
  const [body, setBody] = useState(note.body);
  const [visibility, setVisibility] = useState<AnnotationVisibility>(note.visibility);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const editId = useId();
  const reasonId = useId();

  function run(action: () => Promise<void>) {
    setError(null);
    action().then(
      () => {
        setMode('view');
        onChanged();
      },
      (e: unknown) => setError(e instanceof ApiError && e.status === 409 ? 'The note changed meanwhile: reload the page to see it.' : visibilityError(e)),
    );
  }

  return (
    <li className={`note${note.hidden ? ' note--hidden' : ''}`} data-testid="note">
      <p className="small muted">
        <strong>{note.author?.displayName ?? 'A former member'}</strong> · {formatDate(note.createdAt)}
        {note.updatedAt !== note.createdAt ? ' (edited)' : ''}
        {note.visibility === 'workers' && <span className="badge">Community workers only</span>}
      </p>
      {note.hidden && (
        <p className="small">
          <strong>Hidden by a community worker</strong>
          {note.hiddenReason ? `: ${note.hiddenReason}` : ''}. Only you and community workers can see it.
        </p>
      )}
      {mode === 'edit' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = AnnotationBody.safeParse({ body, visibility });
            if (!parsed.success) {
              setError(parsed.error.issues[0]?.message ?? 'write something');
              return;
            }
            run(() => editAnnotation(note.id, parsed.data.body, parsed.data.visibility, note.version));
          }}
          noValidate
        >
          <div className="field">
            <label htmlFor={editId}>Edit your note</label>
            <textarea id={editId} rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          </div>
          {session.isWorker && <VisibilityChoice value={visibility} onChange={setVisibility} />}
          <div className="button-row">
            <button type="submit" className="button">
              Save note
            </button>
            <button type="button" className="button button--quiet" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="note__body">{note.body}</p>
      )}
      {mode === 'hide' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            run(() => hideAnnotation(note.id, true, reason));
          }}
        >
          <div className="field">
            <label htmlFor={reasonId}>Why hide it (the author sees this)</label>
            <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button">
              Hide note
            </button>
            <button type="button" className="button button--quiet" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {mode === 'view' && (mine || session.isWorker) && (
        <div className="button-row small">
          {mine && (
            <>
              <button type="button" className="link-button" onClick={() => setMode('edit')}>
                Edit<span className="visually-hidden"> your note</span>
              </button>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  if (window.confirm('Delete this note? This cannot be undone.')) run(() => deleteAnnotation(note.id));
                }}
              >
                Delete<span className="visually-hidden"> your note</span>
              </button>
            </>
          )}
          {session.isWorker &&
            (note.hidden ? (
              <button type="button" className="link-button" onClick={() => run(() => hideAnnotation(note.id, false))}>
                Show again<span className="visually-hidden"> the note by {note.author?.displayName ?? 'a former member'}</span>
              </button>
            ) : (
              <button type="button" className="link-button" onClick={() => setMode('hide')}>
                Hide<span className="visually-hidden"> the note by {note.author?.displayName ?? 'a former member'}</span>
              </button>
            ))}
        </div>
      )}
    </li>
  );
}
