import {
  CAPACITY_UNITS,
  ImportErrorBody,
  ImportFormat,
  type CapacityUnit,
  type Category,
  type ImportOutcome,
  type ImportProgressStatus,
  type ImportReport,
} from '@common-ground/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { plural } from '../../lib/format.js';
import { countByReason, reportCsv } from '@common-ground/geo/exchange';
import { importProgress, sendImport, undoImport } from '../../api/imports-api.js';
import { useSession } from '../account/session.js';
import { FieldShell, SelectField, TextField } from '../panel/form-field.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { guessMapping, newProgressId, progressInWords, sourceCodeOf, toImportRequest, type ImportDraft } from './import-request.js';

/*
 * Workers import assets from a file: choose it, say whose data it is, map a CSV's columns
 * (the API answers a CSV sent without a mapping with its columns, and the obvious ones are
 * guessed), check it (a dry run listing every record's outcome, why each match was made,
 * possible duplicates, rejections by reason, and with a re-sync what would be retired;
 * the whole report downloadable as CSV), decline merges they disagree with, then import
 * all or nothing, and undo it if it was a mistake.
 */

const FORMATS: readonly { value: ImportFormat | 'auto'; label: string }[] = [
  { value: 'auto', label: 'Work it out from the file' },
  { value: ImportFormat.enum.csv, label: 'CSV' },
  { value: ImportFormat.enum.geojson, label: 'GeoJSON' },
  { value: ImportFormat.enum['osm-xml'], label: 'OpenStreetMap XML' },
  { value: ImportFormat.enum['osm-geojson'], label: 'OpenStreetMap GeoJSON' },
  { value: ImportFormat.enum.hsds, label: 'Open Referral / HSDS 3' },
  { value: ImportFormat.enum.oruk, label: 'Open Referral UK list' },
];

const MAPPED_FIELDS: readonly { field: keyof NonNullable<ImportDraft['mapping']>; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'lat', label: 'Latitude' },
  { field: 'lon', label: 'Longitude' },
  { field: 'postcode', label: 'Postcode' },
  { field: 'address', label: 'Address' },
  { field: 'category', label: 'Category' },
  { field: 'id', label: 'Id in the source' },
  { field: 'description', label: 'Description' },
  { field: 'organisation', label: 'Organisation' },
  { field: 'phone', label: 'Phone' },
  { field: 'email', label: 'Email' },
  { field: 'website', label: 'Website' },
  { field: 'openingHours', label: 'Opening hours' },
  { field: 'capacity', label: 'Capacity (a number)' },
  { field: 'capacityUnit', label: 'Capacity unit' },
  { field: 'registerCode', label: 'Register code (NHS ODS code, charity number)' },
  { field: 'registerScheme', label: 'Register of each code' },
];

const OUTCOME_ORDER: readonly ImportOutcome[] = ['rejected', 'merged', 'updated', 'added', 'unchanged'];
const OUTCOME_WORDS: Record<ImportOutcome, string> = {
  rejected: 'Rejected',
  merged: 'Merged',
  updated: 'Updated',
  added: 'Added',
  unchanged: 'Unchanged',
};

/** The file as base64, so its bytes reach the API as they are (a wrong encoding is reported, not mangled). */
async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const EMPTY_SOURCE: ImportDraft['source'] = { code: '', name: '', publisher: '', licence: '', attribution: '', url: '' };

export function ImportPage({ categories, onBack }: { categories: readonly Category[]; onBack: () => void }) {
  const session = useSession();
  const user = session.user;
  useEffect(() => {
    if (user === null) session.requireSignIn();
  }, [user, session]);

  return (
    <FullPage testId="import-page" kicker="Import" title="Import assets from a file" onBack={onBack} busy={user === undefined}>
      {user === undefined && <PanelStatus kind="loading">Loading…</PanelStatus>}
      {user === null && (
        <div className="prose">
          <p>Sign in as a community worker to import assets.</p>
          <button type="button" className="button" onClick={() => session.requireSignIn()}>
            Sign in
          </button>
        </div>
      )}
      {user && !session.isWorker && <PanelStatus kind="error">Only community workers and admins can import assets.</PanelStatus>}
      {user && session.isWorker && <ImportForm categories={categories} />}
    </FullPage>
  );
}

function ImportForm({ categories }: { categories: readonly Category[] }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [source, setSource] = useState(EMPTY_SOURCE);
  const [columns, setColumns] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<NonNullable<ImportDraft['mapping']>>({});
  const [defaultCategory, setDefaultCategory] = useState('');
  const [defaultCapacityUnit, setDefaultCapacityUnit] = useState<CapacityUnit | ''>('');
  const [defaultRegisterScheme, setDefaultRegisterScheme] = useState('');
  const [declined, setDeclined] = useState<ReadonlySet<string>>(new Set());
  const [report, setReport] = useState<ImportReport | null>(null);
  const [filter, setFilter] = useState<ImportOutcome | 'all'>('all');
  const [busy, setBusy] = useState<'check' | 'import' | 'undo' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<readonly { path: string; message: string }[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [retireMissing, setRetireMissing] = useState(false);
  const [sourceDate, setSourceDate] = useState('');
  const [encoding, setEncoding] = useState<NonNullable<ImportDraft['encoding']>>('auto');
  /** Seconds since a long check or import started: the screen says it is still working. */
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!busy) return;
    setElapsed(0);
    const started = Date.now();
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [busy]);
  /** The running check's or import's id on the server, and what the server last said of it (polled each second). */
  const [progressId, setProgressId] = useState<string | null>(null);
  const [serverProgress, setServerProgress] = useState<ImportProgressStatus | null>(null);
  useEffect(() => {
    setServerProgress(null);
    if (!progressId) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      // A lost poll: the next one will tell.
      importProgress(progressId, controller.signal).then(setServerProgress, () => undefined);
    }, 1000);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [progressId]);
  const reportRef = useRef<HTMLDivElement>(null);
  const headingId = useId();

  const changed = () => {
    setReport(null);
    setDone(null);
  };
  const setSourceField = (key: keyof ImportDraft['source']) => (value: string) => {
    setSource((s) => ({ ...s, [key]: value }));
    changed();
  };

  async function draft(): Promise<ImportDraft> {
    return {
      fileName: file!.name,
      contentBase64: await fileToBase64(file!),
      format,
      source,
      mapping: columns ? mapping : null,
      defaultCategory,
      defaultCapacityUnit,
      defaultRegisterScheme,
      declineMerges: [...declined],
      retireMissing,
      sourceDate,
      encoding,
    };
  }

  function fail(e: unknown) {
    if (e instanceof ApiError) {
      const body = ImportErrorBody.safeParse(e.body);
      if (body.success && body.data.columns) {
        // A CSV: offer the mapping step, with the obvious columns chosen.
        setColumns(body.data.columns);
        setMapping((m) => ({
          ...guessMapping(body.data.columns!),
          ...Object.fromEntries(Object.entries(m).filter(([, v]) => v && body.data.columns!.includes(v))),
        }));
        setError('This is a CSV file: say which columns hold what, below, then check it again.');
        setIssues([]);
        return;
      }
      if (body.success && body.data.report) setReport(body.data.report);
      setIssues(e.issues);
      setError(e.message);
      return;
    }
    setError(errorMessage(e));
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    setIssues([]);
    if (!file) return setError('Choose a file to import.');
    if (!source.code || !source.name || !source.licence) return setError('Give the source a short code, a name and its licence.');
    setBusy('check');
    setError(null);
    try {
      const id = newProgressId();
      setProgressId(id);
      const result = await sendImport(toImportRequest({ ...(await draft()), progressId: id }, { dryRun: true, skipRejected: false }));
      setReport(result);
      setFilter('all');
      requestAnimationFrame(() => reportRef.current?.focus());
    } catch (e) {
      setReport(null);
      fail(e);
    } finally {
      setBusy(null);
      setProgressId(null);
    }
  }

  async function apply() {
    if (!report || !file) return;
    setBusy('import');
    setError(null);
    try {
      const id = newProgressId();
      setProgressId(id);
      const result = await sendImport(toImportRequest({ ...(await draft()), progressId: id }, { dryRun: false, skipRejected: report.counts.rejected > 0 }));
      const c = result.counts;
      setDone(
        `Imported: ${c.added} added, ${c.updated} updated, ${c.merged} merged, ${c.unchanged} unchanged, ${c.rejected} rejected${c.retired ? `, ${c.retired} retired` : ''}.`,
      );
      setReport(result);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
      setProgressId(null);
    }
  }

  async function undo() {
    if (!report?.importId) return;
    setBusy('undo');
    setError(null);
    try {
      const result = await undoImport(report.importId);
      setDone(`Undone: ${result.withdrawn} added assets withdrawn, ${result.restored} restored, ${result.reopened} reopened.`);
      setReport(null);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  }

  function download() {
    if (!report) return;
    const url = URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${report.source.code}-import-report.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  const changes = report ? report.counts.added + report.counts.updated + report.counts.merged + report.counts.retired : 0;
  const reasons = report ? countByReason(report.rows.filter((r) => r.outcome === 'rejected')) : [];
  const rows = report
    ? [...report.rows]
        .filter((r) => filter === 'all' || r.outcome === filter)
        .sort((a, b) => OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome))
    : [];

  return (
    <section aria-labelledby={headingId} className="card" data-testid="import-form">
      <h2 id={headingId} className="section-title">
        The file and its source
      </h2>
      <p role="status" aria-live="polite" className="small" data-testid="import-status">
        {done}
      </p>
      {error && (
        <div className="inline-error" role="alert" data-testid="import-error">
          <p>{error}</p>
          {issues.length > 0 && (
            <ul className="small">
              {issues.map((i) => (
                <li key={`${i.path} ${i.message}`}>
                  {i.path}: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form onSubmit={(e) => void check(e)} noValidate>
        <FieldShell label="File" hint="CSV, GeoJSON, OpenStreetMap (XML or GeoJSON) or Open Referral JSON, up to 24 MB.">
          {({ id, describedBy }) => (
            <input
              id={id}
              name="file"
              type="file"
              accept=".csv,.json,.geojson,.osm,.xml,text/csv,application/json,application/geo+json"
              aria-describedby={describedBy}
              onChange={(e) => {
                const chosen = e.target.files?.[0] ?? null;
                setFile(chosen);
                setColumns(null);
                setMapping({});
                setDeclined(new Set());
                setError(null);
                changed();
                if (chosen && !source.code) {
                  setSource((s) => ({ ...s, code: sourceCodeOf(chosen.name), name: s.name || chosen.name }));
                }
              }}
            />
          )}
        </FieldShell>
        <SelectField
          label="Format"
          name="format"
          value={format}
          onChange={(v) => {
            setFormat(v);
            changed();
          }}
          options={FORMATS}
        />
        <SelectField
          label="Character set"
          name="encoding"
          value={encoding}
          onChange={(v) => {
            setEncoding(v);
            changed();
          }}
          options={[
            { value: 'auto' as const, label: 'Work it out (UTF-8, else Windows-1252 with a warning)' },
            { value: 'utf-8' as const, label: 'UTF-8' },
            { value: 'windows-1252' as const, label: 'Windows-1252 (older Excel)' },
            { value: 'iso-8859-1' as const, label: 'ISO-8859-1 (Latin-1)' },
          ]}
        />
        <TextField
          label="Source code"
          name="sourceCode"
          value={source.code}
          onChange={setSourceField('code')}
          required
          hint="Lower-case letters, digits and hyphens. Importing again under the same code updates what this source added."
        />
        <TextField label="Source name" name="sourceName" value={source.name} onChange={setSourceField('name')} required />
        <TextField
          label="Publisher"
          name="publisher"
          value={source.publisher}
          onChange={setSourceField('publisher')}
          hint="Who published the file; the source name if left empty."
        />
        <TextField
          label="Licence"
          name="licence"
          value={source.licence}
          onChange={setSourceField('licence')}
          required
          hint="For example OGL-UK-3.0, ODbL-1.0 or CC-BY-4.0; “unknown” if you do not know it."
        />
        <TextField
          label="Attribution"
          name="attribution"
          value={source.attribution}
          onChange={setSourceField('attribution')}
          hint="How the data must be credited; “name, licence” if left empty."
        />
        <TextField label="Web address (optional)" name="url" value={source.url} onChange={setSourceField('url')} type="url" />
        <FieldShell label="Default category" hint="For records with no category of their own (such as Open Referral services with no matching taxonomy term).">
          {({ id, describedBy }) => (
            <select
              id={id}
              name="defaultCategory"
              value={defaultCategory}
              aria-describedby={describedBy}
              onChange={(e) => {
                setDefaultCategory(e.target.value);
                changed();
              }}
            >
              <option value="">None: reject records without a category</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
        <TextField
          label="Date of the data (optional)"
          name="sourceDate"
          type="date"
          value={sourceDate}
          onChange={(v) => {
            setSourceDate(v);
            changed();
          }}
          hint="When the file's data was current. Freshness is judged from it; today if left empty."
        />
        <label className="small">
          <input
            type="checkbox"
            name="retireMissing"
            checked={retireMissing}
            onChange={(e) => {
              setRetireMissing(e.target.checked);
              changed();
            }}
          />{' '}
          Re-sync: close this source's assets that the file no longer lists (the check lists them first)
        </label>
        {columns && (
          <fieldset className="import-mapping" data-testid="import-mapping">
            <legend>Which column holds what</legend>
            <p className="small field-hint">A name, and a place: latitude and longitude, or a postcode, or an address with a postcode in it.</p>
            {MAPPED_FIELDS.map(({ field, label }) => (
              <FieldShell key={field} label={label}>
                {({ id }) => (
                  <select
                    id={id}
                    name={`mapping-${field}`}
                    value={mapping[field] ?? ''}
                    onChange={(e) => {
                      setMapping((m) => ({ ...m, [field]: e.target.value }));
                      changed();
                    }}
                  >
                    <option value="">(none)</option>
                    {columns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                )}
              </FieldShell>
            ))}
            {mapping.capacity && !mapping.capacityUnit && (
              <FieldShell label="Every capacity counts" hint="The file has no unit column: say what its capacity numbers count.">
                {({ id, describedBy }) => (
                  <select
                    id={id}
                    name="defaultCapacityUnit"
                    value={defaultCapacityUnit}
                    aria-describedby={describedBy}
                    onChange={(e) => {
                      setDefaultCapacityUnit(e.target.value as CapacityUnit | '');
                      changed();
                    }}
                  >
                    <option value="">Choose a unit</option>
                    {CAPACITY_UNITS.map((u) => (
                      <option key={u} value={u}>
                        {u}
                      </option>
                    ))}
                  </select>
                )}
              </FieldShell>
            )}
            {mapping.registerCode && !mapping.registerScheme && (
              <TextField
                label="Every code is in the register"
                name="defaultRegisterScheme"
                value={defaultRegisterScheme}
                onChange={(v) => {
                  setDefaultRegisterScheme(v);
                  changed();
                }}
                hint="The file has no register column: GB-NHS for NHS ODS codes, GB-CHC for charity numbers in England and Wales. Records with the same code are matched however far apart their pins."
              />
            )}
          </fieldset>
        )}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy !== null}>
            {busy === 'check' ? 'Checking…' : 'Check'}
          </button>
        </div>
        {busy && (
          <p role="status" className="small" data-testid="import-progress">
            {busy === 'check' ? 'Checking' : busy === 'import' ? 'Importing' : 'Undoing'} {file ? `${file.name} (${Math.round(file.size / 1024)} KB)` : ''}…{' '}
            {elapsed} s{busy !== 'undo' && progressInWords(serverProgress) ? `: ${progressInWords(serverProgress)}` : ''}. A large file takes a minute or so;
            you can keep this page open.
          </p>
        )}
      </form>
      {report && (
        <div ref={reportRef} tabIndex={-1} aria-label="What the import would do" data-testid="import-report">
          <h3 className="card__title">{report.dryRun ? 'What would happen' : 'What happened'}</h3>
          <p className="small" data-testid="import-counts">
            {plural(report.counts.total, 'record')}: {report.counts.added} added, {report.counts.updated} updated, {report.counts.merged} merged,{' '}
            {report.counts.unchanged} unchanged, {report.counts.rejected} rejected
            {report.counts.retired > 0 && `, ${report.counts.retired} ${report.dryRun ? 'to retire' : 'retired'}`}.
          </p>
          <div className="button-row">
            <button type="button" className="button button--quiet" onClick={download} data-testid="import-report-csv">
              Download the report (CSV)
            </button>
            {!report.dryRun && report.importId && (
              <button type="button" className="button button--quiet" onClick={() => void undo()} disabled={busy !== null} data-testid="import-undo">
                {busy === 'undo' ? 'Undoing…' : 'Undo this import'}
              </button>
            )}
          </div>
          {report.warnings.length > 0 && (
            <ul className="small" data-testid="import-warnings">
              {report.warnings.map((w) => (
                <li key={w.message}>
                  <strong>Warning:</strong> {w.message}
                </li>
              ))}
            </ul>
          )}
          {reasons.length > 0 && (
            <div data-testid="import-reasons">
              <h4 className="small">Rejected, by reason</h4>
              <ul className="small">
                {reasons.map(([reason, n]) => (
                  <li key={reason}>
                    {plural(n, 'record')}: {reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {report.retired.length > 0 && (
            <div data-testid="import-retired">
              <h4 className="small">{report.dryRun ? 'Would be closed (no longer in the file)' : 'Closed (no longer in the file)'}</h4>
              <ul className="small">
                {report.retired.map((r) => (
                  <li key={r.assetId}>{r.name}</li>
                ))}
              </ul>
            </div>
          )}
          <SelectField
            label="Show"
            name="outcome"
            value={filter}
            onChange={setFilter}
            options={[{ value: 'all' as const, label: 'Every record' }, ...OUTCOME_ORDER.map((o) => ({ value: o, label: OUTCOME_WORDS[o] }))]}
          />
          <div className="table-scroll">
            <table className="data-table import-table">
              <thead>
                <tr>
                  <th scope="col">Outcome</th>
                  <th scope="col">Where</th>
                  <th scope="col">Name</th>
                  <th scope="col">Field</th>
                  <th scope="col">Message</th>
                  {report.dryRun && <th scope="col">Merge?</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.ref} ${r.sourceId ?? ''}`} data-outcome={r.outcome}>
                    <td>{OUTCOME_WORDS[r.outcome]}</td>
                    <td>{r.line !== null ? `line ${r.line}` : r.ref}</td>
                    <th scope="row">{r.name ?? '—'}</th>
                    <td>
                      {r.issues
                        .map((i) => i.field)
                        .filter(Boolean)
                        .join(', ')}
                    </td>
                    <td>
                      {r.issues.map((i) => i.message).join('; ')}
                      {r.matched &&
                        (r.outcome === 'merged' || r.outcome === 'updated') &&
                        ` Matches “${r.matched.name}”: ${r.matched.reason || `${r.matched.distanceMetres} m away`}.`}
                      {r.possibleDuplicates.length > 0 && (
                        <strong> Possibly the same as {r.possibleDuplicates.map((d) => `“${d.name}” (${d.distanceMetres} m)`).join(', ')}: check it.</strong>
                      )}
                    </td>
                    {report.dryRun && (
                      <td>
                        {(r.outcome === 'merged' || declined.has(r.ref)) && (
                          <label className="small">
                            <input
                              type="checkbox"
                              checked={declined.has(r.ref)}
                              onChange={(e) => {
                                const next = new Set(declined);
                                if (e.target.checked) next.add(r.ref);
                                else next.delete(r.ref);
                                setDeclined(next);
                              }}
                            />{' '}
                            Add as new instead
                          </label>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.dryRun && declined.size > 0 && <p className="small">Check again to see the declined merges as additions.</p>}
          {report.dryRun && changes > 0 && (
            <div className="button-row">
              <button type="button" className="button" onClick={() => void apply()} disabled={busy !== null}>
                {busy === 'import'
                  ? 'Importing…'
                  : `Import ${plural(changes, 'record')}${report.counts.rejected > 0 ? `, skip ${report.counts.rejected} rejected` : ''}`}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
