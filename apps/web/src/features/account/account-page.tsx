import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { ACCOUNT_EXPORT_URL, deleteAccount } from '../../api/account-api.js';
import { AppLink } from '../panel/app-link.js';
import { TextField } from '../panel/form-field.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { ROLE_NAMES, useSession } from './session.js';

/** The signed-in person's account: who they are, their data, and deleting it all. */
export function AccountPage({ onBack }: { onBack: () => void }) {
  const session = useSession();
  const user = session.user;
  // Said where the person is, once it is done: a silent jump to the map left them guessing.
  const [deleted, setDeleted] = useState(false);
  const deletedRef = useRef<HTMLParagraphElement>(null);
  return (
    <FullPage testId="account-page" kicker="Your account" title="Account" onBack={onBack} busy={user === undefined}>
      {user === undefined && <PanelStatus kind="loading">Loading…</PanelStatus>}
      {deleted && (
        <div className="prose">
          <p ref={deletedRef} tabIndex={-1} role="status" data-testid="account-deleted">
            Your account is deleted and you are signed out everywhere. Places and changes you contributed stay on the map without your name.
          </p>
          <p>
            <AppLink href="/">Back to the map</AppLink>
          </p>
        </div>
      )}
      {user === null && !deleted && (
        <div className="prose">
          <p>You are not signed in.</p>
          <button type="button" className="button" onClick={() => session.requireSignIn()}>
            Sign in or register
          </button>
        </div>
      )}
      {user && (
        <div className="prose">
          <dl className="facts">
            <div className="facts__row">
              <dt>Name</dt>
              <dd>{user.displayName}</dd>
            </div>
            <div className="facts__row">
              <dt>Email</dt>
              <dd>{user.email}</dd>
            </div>
            <div className="facts__row">
              <dt>Role</dt>
              <dd>{ROLE_NAMES[user.role]}</dd>
            </div>
          </dl>
          <p>
            <AppLink href="/me/submissions">My submissions</AppLink>: the places and changes you have proposed, and what happened to them.
          </p>
          <SignOut />

          <h2>Your data</h2>
          <p>
            Download everything we keep about you as a JSON file: your account, sessions, proposals, notes, reports, changes and your entries in the audit log.
            See the <AppLink href="/privacy">privacy notice</AppLink> for what is kept and for how long.
          </p>
          <p>
            <a className="button button--quiet" href={ACCOUNT_EXPORT_URL} download="common-ground-my-data.json">
              Download my data
            </a>
          </p>

          <DeleteAccount
            onDeleted={() => {
              setDeleted(true);
              session.forget();
              requestAnimationFrame(() => deletedRef.current?.focus());
            }}
          />
        </div>
      )}
    </FullPage>
  );
}

/**
 * Signing out from the account page itself: the page covers the map's account bar, so without
 * this a person here had to go back to the map to find "Sign out".
 */
function SignOut() {
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="button-row">
      <button
        type="button"
        className="button button--quiet"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          session.signOut().catch((e: unknown) => {
            setError(errorMessage(e));
            setBusy(false);
          });
        }}
      >
        Sign out
      </button>
      {error && (
        <p className="inline-error small" role="alert">
          Could not sign out: {error}
        </p>
      )}
    </div>
  );
}

function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const startRef = useRef<HTMLButtonElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!password) {
      setError('enter your password to confirm');
      return;
    }
    setBusy(true);
    try {
      await deleteAccount(password);
      onDeleted();
    } catch (e) {
      setError(e instanceof ApiError && (e.status === 401 || e.status === 403) ? 'That password is not right.' : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="danger-zone">
      <h2 id={headingId}>Delete my account</h2>
      <p>
        Deleting your account removes your email, name, password and notes, and signs you out everywhere. Places and changes you contributed stay on the map
        without your name. This cannot be undone.
      </p>
      {!open ? (
        <button ref={startRef} type="button" className="button button--danger" onClick={() => setOpen(true)}>
          Delete my account…
        </button>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label="Your password, to confirm"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={error ?? undefined}
          />
          <div className="button-row">
            <button type="submit" className="button button--danger" disabled={busy}>
              {busy ? 'Deleting…' : 'Delete my account for good'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setOpen(false);
                setPassword('');
                setError(null);
                requestAnimationFrame(() => startRef.current?.focus());
              }}
            >
              Keep my account
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
