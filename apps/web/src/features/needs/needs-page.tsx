import { MeasureDirection, NeedMeasureVisibility, type NeedMeasure, type NeedMeasureSummary } from '@common-ground/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { checkNeedMeasure, deleteNeedMeasure, uploadNeedMeasure } from '../../api/need-measures-api.js';
import { formatDate } from '../../lib/format.js';
import { apiIssuesByField, type FieldErrors } from '../../lib/field-issues.js';
import { useSession } from '../account/session.js';
import { FieldShell, focusFirstInvalid, SelectField, TextField } from '../panel/form-field.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { EMPTY_NEED_DRAFT, summaryLines, toNeedUpload, type NeedDraft } from './need-upload.js';
import { useNeedMeasures } from './use-need-measures.js';

const DIRECTIONS: readonly { value: MeasureDirection; label: string }[] = [
  { value: MeasureDirection.enum.higher_is_more_need, label: 'Higher values mean more need' },
  { value: MeasureDirection.enum.lower_is_more_need, label: 'Lower values mean more need' },
];
const VISIBILITIES: readonly { value: NeedMeasureVisibility; label: string }[] = [
  { value: NeedMeasureVisibility.enum.workers, label: 'Community workers only' },
  { value: NeedMeasureVisibility.enum.public, label: 'Everyone' },
];

/** Workers load need measures from CSV (check, then load), and see and delete the loaded ones. */
export function NeedsPage({ onBack }: { onBack: () => void }) {
  const session = useSession();
  const user = session.user;
  // Bumped after a load or a delete, to read the list again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (user === null) session.requireSignIn();
  }, [user, session]);

  return (
    <FullPage testId="needs-page" kicker="Need measures" title="Your own measures of need" onBack={onBack} busy={user === undefined}>
      {user === undefined && <PanelStatus kind="loading">Loading…</PanelStatus>}
      {user === null && (
        <div className="prose">
          <p>Sign in as a community worker to load need measures.</p>
          <button type="button" className="button" onClick={() => session.requireSignIn()}>
            Sign in
          </button>
        </div>
      )}
      {user && !session.isWorker && (
        <div data-testid="needs-workers-only">
          <PanelStatus kind="error">Only community workers and admins can load need measures.</PanelStatus>
        </div>
      )}
      {user && session.isWorker && (
        <>
          <div className="prose">
            <p>
              Besides the Index of Multiple Deprivation and its seven domains, you can rank gaps by a measure of your own: a local survey, or a licensed index
              such as the Community Needs Index. Load it as a CSV file with one row per neighbourhood (2021 LSOA code and a value). Each LSOA gets a rank and a
              decile among the LSOAs in your file (1 = the most need); tied values share the better decile.
            </p>
          </div>
          <UploadForm onLoaded={() => setVersion((v) => v + 1)} />
          <MeasureList version={version} onDeleted={() => setVersion((v) => v + 1)} />
        </>
      )}
    </FullPage>
  );
}

type Checked = { summary: NeedMeasureSummary; body: ReturnType<typeof toNeedUpload> };

function UploadForm({ onLoaded }: { onLoaded: () => void }) {
  const [draft, setDraft] = useState<NeedDraft>(EMPTY_NEED_DRAFT);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [fileIssues, setFileIssues] = useState<readonly { path: string; message: string }[]>([]);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [busy, setBusy] = useState<'check' | 'load' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const headingId = useId();

  const set =
    <K extends keyof NeedDraft>(key: K) =>
    (value: NeedDraft[K]) => {
      setDraft((d) => ({ ...d, [key]: value }));
      // Anything changed: the file must be checked again before it is loaded.
      setChecked(null);
      setErrors((e) => {
        if (!(key in e)) return e;
        const { [key]: _gone, ...rest } = e;
        return rest;
      });
    };

  function fail(error: unknown) {
    if (error instanceof ApiError && error.issues.length > 0) {
      const lines = error.issues.filter((i) => i.path.startsWith('body.csv'));
      setFileIssues(lines);
      const byField = apiIssuesByField(
        error.issues.filter((i) => !i.path.startsWith('body.csv')),
        ['body.'],
      );
      setErrors({ '': error.message, ...byField, ...(lines.length > 0 ? { file: 'The file has problems: see the list below.' } : {}) });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } else if (error instanceof ApiError && error.status === 413) {
      setErrors({ '': 'The file is larger than 8 MB: keep only the LSOA code and value columns.' });
    } else {
      setErrors({ '': errorMessage(error) });
    }
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    const found: FieldErrors = {};
    if (draft.name.trim() === '') found.name = 'Give the measure a name.';
    if (!file) found.file = 'Choose a CSV file.';
    setDone(null);
    setFileIssues([]);
    if (Object.keys(found).length > 0) {
      setErrors({ '': 'Please correct the problems marked below.', ...found });
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setBusy('check');
    setErrors({});
    try {
      const body = toNeedUpload(draft, await file!.text());
      const result = await checkNeedMeasure(body);
      setChecked({ summary: result.summary, body });
      requestAnimationFrame(() => summaryRef.current?.focus());
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  }

  async function load() {
    if (!checked) return;
    setBusy('load');
    setErrors({});
    try {
      const created = await uploadNeedMeasure(checked.body);
      setDone(`Loaded ${created.measure.name}: choose it as “${created.measure.domain}” wherever you choose a deprivation measure.`);
      setChecked(null);
      setDraft(EMPTY_NEED_DRAFT);
      setFile(null);
      formRef.current?.reset();
      onLoaded();
    } catch (error) {
      setChecked(null);
      fail(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby={headingId} className="card" data-testid="need-upload">
      <h2 id={headingId} className="section-title">
        Load a measure from CSV
      </h2>
      <p role="status" className="small" data-testid="need-upload-status">
        {done}
      </p>
      <form ref={formRef} onSubmit={(e) => void check(e)} noValidate>
        {errors[''] && (
          <p className="inline-error" role="alert">
            {errors['']}
          </p>
        )}
        <FieldShell
          label="CSV file"
          hint="A header row, then one row per LSOA. The code column is found by names like lsoa21cd or “LSOA code”; in a two-column file the other column is the value."
          error={errors.file}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setChecked(null);
                setFileIssues([]);
                setErrors(({ file: _gone, ...rest }) => rest);
              }}
            />
          )}
        </FieldShell>
        <TextField label="Name" name="name" value={draft.name} onChange={set('name')} error={errors.name} required />
        <TextField
          label="Short name (optional)"
          name="slug"
          value={draft.slug}
          onChange={set('slug')}
          error={errors.slug}
          hint="Lower-case letters, digits and hyphens; made from the name if left empty. The measure is then “need:short-name”."
        />
        <TextField label="What it measures" name="description" value={draft.description} onChange={set('description')} error={errors.description} multiline />
        <TextField
          label="Source and licence"
          name="source"
          value={draft.source}
          onChange={set('source')}
          error={errors.source}
          hint="Who made the figures, when, and under what licence."
        />
        <SelectField label="Direction" name="direction" value={draft.direction} onChange={set('direction')} options={DIRECTIONS} error={errors.direction} />
        <SelectField
          label="Who can use it"
          name="visibility"
          value={draft.visibility}
          onChange={set('visibility')}
          options={VISIBILITIES}
          error={errors.visibility}
          hint="Keep a licensed index (such as the Community Needs Index) to workers: its licence does not let the public see it."
        />
        <details className="small">
          <summary>Column names (if they are not found)</summary>
          <TextField label="LSOA code column" name="lsoaColumn" value={draft.lsoaColumn} onChange={set('lsoaColumn')} error={errors.lsoaColumn} />
          <TextField label="Value column" name="valueColumn" value={draft.valueColumn} onChange={set('valueColumn')} error={errors.valueColumn} />
        </details>
        <div className="button-row">
          <button type="submit" className="button" disabled={busy !== null}>
            {busy === 'check' ? 'Checking…' : 'Check the file'}
          </button>
        </div>
      </form>
      {fileIssues.length > 0 && (
        <div data-testid="need-file-issues">
          <h3 className="card__title">Problems in the file</h3>
          <ul className="small">
            {fileIssues.map((issue) => (
              <li key={`${issue.path} ${issue.message}`}>
                {issue.path.replace(/^body\.csv /, '')}: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {checked && (
        <div ref={summaryRef} tabIndex={-1} aria-label="What the file holds" data-testid="need-summary">
          <h3 className="card__title">The file is ready to load</h3>
          <ul className="small">
            {summaryLines(checked.summary, checked.body.direction).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="button" onClick={() => void load()} disabled={busy !== null}>
              {busy === 'load' ? 'Loading…' : `Load ${checked.body.name}`}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setChecked(null)} disabled={busy !== null}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function MeasureList({ version, onDeleted }: { version: number; onDeleted: () => void }) {
  const measures = useNeedMeasures(version);
  const [status, setStatus] = useState<string | null>(null);
  return (
    <section aria-labelledby="needs-list-heading" data-testid="need-measures">
      <h2 id="needs-list-heading" className="section-title">
        Loaded measures
      </h2>
      <p role="status" className="small" data-testid="need-measures-status">
        {status}
      </p>
      {measures.status === 'loading' && <PanelStatus kind="loading">Loading measures…</PanelStatus>}
      {measures.status === 'error' && <PanelStatus kind="error">{measures.message}</PanelStatus>}
      {measures.status === 'ready' &&
        (measures.data.length === 0 ? (
          <p>No measures loaded yet.</p>
        ) : (
          <ul className="card-list">
            {measures.data.map((m) => (
              <MeasureCard
                key={m.id}
                measure={m}
                onDeleted={() => {
                  setStatus(`Deleted ${m.name}.`);
                  onDeleted();
                }}
              />
            ))}
          </ul>
        ))}
    </section>
  );
}

function MeasureCard({ measure: m, onDeleted }: { measure: NeedMeasure; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteNeedMeasure(m.slug);
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <li className="card" aria-labelledby={headingId} data-testid="need-measure" data-slug={m.slug}>
      <h3 id={headingId} className="card__title">
        {m.name} <code className="muted small">{m.domain}</code>
      </h3>
      {m.description && <p className="small">{m.description}</p>}
      <p className="small muted">
        {m.visibility === 'workers' ? 'Community workers only' : 'Everyone'} · {m.rowCount.toLocaleString('en-GB')} LSOAs (
        {(m.coverage * 100).toFixed(m.coverage >= 0.1 ? 0 : 1)}% of England) · {m.direction === 'higher_is_more_need' ? 'higher' : 'lower'} is more need ·
        loaded {formatDate(m.createdAt)}
        {m.uploadedBy && ` by ${m.uploadedBy.displayName}`}
      </p>
      {m.source && <p className="small">Source: {m.source}</p>}
      {error && (
        <p className="inline-error small" role="alert">
          Could not delete: {error}
        </p>
      )}
      {m.canDelete && (
        <div className="button-row">
          {confirming ? (
            <>
              <button type="button" className="button button--quiet button--danger-quiet" onClick={() => void remove()} disabled={busy}>
                Yes, delete {m.name}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)} disabled={busy}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="button button--quiet button--danger-quiet" onClick={() => setConfirming(true)}>
              Delete<span className="visually-hidden"> {m.name}</span>
            </button>
          )}
        </div>
      )}
    </li>
  );
}
