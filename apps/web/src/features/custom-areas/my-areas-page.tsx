import type { CustomAreaSummary } from '@common-ground/schema';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-client.js';
import { deleteCustomArea, getMyAreas } from '../../api/custom-areas-api.js';
import { formatCount, formatDate } from '../../lib/format.js';
import { useSession } from '../account/session.js';
import { AppLink } from '../panel/app-link.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';

/** The areas a person has saved: open, delete, or make a new one. */
export function MyAreasPage({ onBack }: { onBack: () => void }) {
  const session = useSession();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; areas: CustomAreaSummary[] }>({
    status: 'loading',
  });

  const load = useCallback(() => {
    getMyAreas().then(
      (areas) => setState({ status: 'ready', areas }),
      (error: unknown) => setState({ status: 'error', message: errorMessage(error) }),
    );
  }, []);

  useEffect(() => {
    if (session.user) load();
    if (session.user === null) session.requireSignIn();
  }, [session, load]);

  async function remove(area: CustomAreaSummary) {
    if (!window.confirm(`Delete “${area.name}”? Anyone you shared it with loses it too.`)) return;
    try {
      await deleteCustomArea(area.id);
      load();
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }

  return (
    <FullPage testId="my-areas-page" kicker="Your areas" title="My areas" onBack={onBack} busy={state.status === 'loading'}>
      <p>
        An area is a Big Local area, an estate or a ward as you know it: picked as LSOAs or drawn on the map. Its profile shows who lives there, how deprived it
        is, what is there and where provision is thin.
      </p>
      <p>
        <AppLink href="/areas/new" className="button">
          New area
        </AppLink>
      </p>
      {session.user === null && <p>Sign in to see your areas.</p>}
      {session.user && state.status === 'loading' && <PanelStatus kind="loading">Loading your areas…</PanelStatus>}
      {session.user && state.status === 'error' && <PanelStatus kind="error">{state.message}</PanelStatus>}
      {session.user && state.status === 'ready' && state.areas.length === 0 && <p className="muted">You have not saved an area yet.</p>}
      {session.user && state.status === 'ready' && state.areas.length > 0 && (
        <ul className="card-list" data-testid="my-areas">
          {state.areas.map((a) => (
            <li key={a.id} className="card">
              <AppLink href={`/areas/custom/${a.id}`}>
                <strong>{a.name}</strong>
              </AppLink>
              <p className="small muted">
                {formatCount(a.lsoaCount)} LSOAs · {formatCount(a.population)} residents · {a.visibility === 'link' ? 'shared by link' : 'private'} · updated{' '}
                {formatDate(a.updatedAt)}
              </p>
              <button type="button" className="link-button small" onClick={() => void remove(a)}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </FullPage>
  );
}
