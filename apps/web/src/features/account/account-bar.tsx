import { useState } from 'react';
import { errorMessage } from '../../api/api-client.js';
import { navigate } from '../../lib/use-location.js';
import { AppLink } from '../panel/app-link.js';
import { ROLE_NAMES, useSession } from './session.js';

/** Who is signed in and what they can do, under the brand: sign in, add a place, account, moderation, admin. */
export function AccountBar() {
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const user = session.user;
  return (
    <div className="account-bar" data-testid="account-bar">
      <button type="button" className="button" onClick={() => session.requireSignIn(() => navigate('/add'))}>
        Add a place or group
      </button>
      {user === null && (
        <button type="button" className="button button--quiet" onClick={() => session.requireSignIn()}>
          Sign in
        </button>
      )}
      {user && (
        <>
          <p className="account-bar__who small">
            Signed in as <strong>{user.displayName}</strong> <span className="muted">({ROLE_NAMES[user.role]})</span>
          </p>
          <nav aria-label="Your account" className="account-bar__links small">
            <AppLink href="/account">Account</AppLink>
            <AppLink href="/me/submissions">My submissions</AppLink>
            <AppLink href="/areas/mine">My areas</AppLink>
            {session.isWorker && <AppLink href="/moderation">Moderation</AppLink>}
            {session.isWorker && <AppLink href="/needs">Need measures</AppLink>}
            {session.isWorker && <AppLink href="/import">Import assets</AppLink>}
            {user.role === 'admin' && <AppLink href="/admin">People and categories</AppLink>}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setError(null);
                session.signOut().catch((e: unknown) => setError(errorMessage(e)));
              }}
            >
              Sign out
            </button>
          </nav>
        </>
      )}
      {error && (
        <p className="inline-error small" role="alert">
          Could not sign out: {error}
        </p>
      )}
    </div>
  );
}
