import { Role, type AdminUser, type User } from '@common-ground/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage, isAbort } from '../../api/api-client.js';
import { listUsers, setAreaLimits, setUserRole } from '../../api/admin-api.js';
import { formatDate, plural } from '../../lib/format.js';
import { ROLE_NAMES } from '../account/session.js';
import { SelectField, TextField } from '../panel/form-field.js';
import { PanelStatus } from '../panel/side-panel.js';
import { SuggestCombobox } from '../search/suggest-combobox.js';
import { areaLabel, isAreaSuggestion, withArea, withoutArea } from './area-limits.js';

/** The API answers at most this many people (ADMIN_USER_LIST_LIMIT): more means "narrow the search". */
const LIST_LIMIT = 200;

const ROLE_FILTERS: readonly { value: Role | ''; label: string }[] = [
  { value: '', label: 'Any role' },
  ...Role.options.map((r) => ({ value: r, label: ROLE_NAMES[r] })),
];

type Filter = { q: string; role: Role | '' };
type Loaded = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; people: AdminUser[] };

/** Find people by name or email and role; change their role, and the areas a worker curates. */
export function PeopleSection({ me }: { me: User }) {
  const [draft, setDraft] = useState<Filter>({ q: '', role: '' });
  const [filter, setFilter] = useState<Filter>({ q: '', role: '' });
  // Bumped to run the same search again (Search pressed twice reloads the list).
  const [runs, setRuns] = useState(0);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ status: 'loading' });
    listUsers(filter, controller.signal).then(
      (people) => setLoaded({ status: 'ready', people }),
      (error: unknown) => {
        if (!isAbort(error)) setLoaded({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [filter, runs]);

  function search(event: FormEvent) {
    event.preventDefault();
    setFilter({ ...draft });
    setRuns((n) => n + 1);
  }

  function replace(person: AdminUser) {
    setLoaded((current) => (current.status === 'ready' ? { ...current, people: current.people.map((p) => (p.id === person.id ? person : p)) } : current));
  }

  return (
    <section aria-labelledby="admin-people-heading">
      <h2 id="admin-people-heading" className="section-title">
        People
      </h2>
      <form role="search" aria-label="Find people" className="admin-filter" onSubmit={search} noValidate>
        <TextField label="Name or email" value={draft.q} onChange={(q) => setDraft((d) => ({ ...d, q }))} name="q" className="admin-filter__text" />
        <SelectField label="Role" value={draft.role} onChange={(role) => setDraft((d) => ({ ...d, role }))} options={ROLE_FILTERS} name="role" />
        <button type="submit" className="button admin-filter__submit">
          Find people
        </button>
      </form>
      {loaded.status === 'loading' && <PanelStatus kind="loading">Loading people…</PanelStatus>}
      {loaded.status === 'error' && <PanelStatus kind="error">{loaded.message}</PanelStatus>}
      {loaded.status === 'ready' && (
        <>
          <p role="status" className="small muted" data-testid="people-count">
            {loaded.people.length === 0
              ? 'Nobody matches.'
              : loaded.people.length >= LIST_LIMIT
                ? `Showing the newest ${LIST_LIMIT}: narrow the search to find others.`
                : `${plural(loaded.people.length, 'person', 'people')}.`}
          </p>
          <ul className="card-list" data-testid="people-list">
            {loaded.people.map((person) => (
              <PersonCard key={person.id} person={person} isYou={person.id === me.id} onChange={replace} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PersonCard({ person, isYou, onChange }: { person: AdminUser; isYou: boolean; onChange: (person: AdminUser) => void }) {
  const [role, setRole] = useState<Role>(person.role);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const errorId = `${roleId}-error`;

  async function saveRole() {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const updated = await setUserRole(person.id, role);
      onChange(updated);
      setRole(updated.role);
      setSaved(`Saved: ${person.displayName}’s role is now ${ROLE_NAMES[updated.role]}.`);
    } catch (e) {
      // A 409 is the last admin: the API's own words say what to do instead.
      setError(e instanceof ApiError && e.status === 429 ? 'Many changes in a short time: wait a minute, then save again.' : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const showAreas = person.role === 'worker' || person.areaLimits.length > 0;
  return (
    <li className="card person" data-testid="person" data-email={person.email}>
      <h3 className="card__title person__name">
        {person.displayName}
        {isYou && <span className="badge">you</span>}
        <span className="badge">{ROLE_NAMES[person.role]}</span>
      </h3>
      <p className="small muted person__meta">
        <span className="person__email">{person.email}</span> · joined {formatDate(person.createdAt)}
      </p>
      <div className="person__role">
        <div className="field">
          <label htmlFor={roleId}>
            Role<span className="visually-hidden"> of {person.displayName}</span>
          </label>
          <select
            id={roleId}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          >
            {Role.options.map((r) => (
              <option key={r} value={r}>
                {ROLE_NAMES[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button--quiet" disabled={busy || role === person.role} onClick={() => void saveRole()}>
          {busy ? 'Saving…' : 'Save role'}
          <span className="visually-hidden"> of {person.displayName}</span>
        </button>
      </div>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="small" role="status">
        {saved}
      </p>
      {showAreas && <AreaLimits person={person} onChange={onChange} />}
    </li>
  );
}

function AreaLimits({ person, onChange }: { person: AdminUser; onChange: (person: AdminUser) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  async function save(codes: string[], done: string, afterwards?: () => void) {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      onChange(await setAreaLimits(person.id, codes));
      setSaved(done);
      afterwards?.();
    } catch (e) {
      setError(e instanceof ApiError && e.issues.length > 0 ? e.issues.map((i) => i.message).join('; ') : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const limits = person.areaLimits;
  return (
    <section aria-labelledby={`${id}-heading`} className="area-limits" data-testid="area-limits">
      <h4 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="area-limits__title">
        Areas {person.displayName} curates
      </h4>
      {person.role !== 'worker' && <p className="small muted">These limits apply only while they are a community worker.</p>}
      {limits.length === 0 ? (
        <p className="small" data-testid="no-limits">
          No limits: curates anywhere.
        </p>
      ) : (
        <ul className="area-limits__list">
          {limits.map((limit) => (
            <li key={limit.code} data-testid="area-limit" data-code={limit.code}>
              <span>{areaLabel(limit)}</span>
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() =>
                  // The button goes with the area: focus goes back to the list's heading.
                  void save(withoutArea(limits, limit.code), `${limit.name} removed.`, () => headingRef.current?.focus())
                }
              >
                Remove<span className="visually-hidden"> {limit.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-add`}>
          Add an area<span className="visually-hidden"> for {person.displayName}</span>
        </label>
        <p id={`${id}-hint`} className="field-hint">
          Type the name of a ward, council or neighbourhood (LSOA), then choose it from the list.
        </p>
        <SuggestCombobox
          id={`${id}-add`}
          value={text}
          onValueChange={setText}
          kinds={['place']}
          accept={isAreaSuggestion}
          onChoose={(suggestion) => {
            if (!isAreaSuggestion(suggestion)) return;
            setText('');
            void save(withArea(limits, suggestion.value), `${suggestion.label} added.`);
          }}
          listLabel="Wards, councils and neighbourhoods"
          aria-describedby={`${id}-hint`}
          testId="area-input"
        />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="small" role="status">
        {busy ? 'Saving…' : saved}
      </p>
    </section>
  );
}
