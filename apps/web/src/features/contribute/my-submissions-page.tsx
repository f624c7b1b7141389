import type { Category, ClientConfig, Submission, SubmissionStatus } from '@common-ground/schema';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-client.js';
import { mySubmissions, withdrawSubmission } from '../../api/moderation-api.js';
import { formatDate } from '../../lib/format.js';
import { meaningfulChanges } from '../../lib/version-diff.js';
import { useSession } from '../account/session.js';
import { AppLink } from '../panel/app-link.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { fromRecord } from './asset-draft.js';
import { EditAsset } from './edit-asset.js';

export const STATUS_WORDS: Record<SubmissionStatus, string> = {
  pending: 'Pending review',
  approved: 'Approved',
  rejected: 'Rejected',
  changes_requested: 'Changes requested',
  withdrawn: 'Withdrawn',
};

export function StatusBadge({ status }: { status: SubmissionStatus }) {
  return <span className={`badge badge--${status.replace('_', '-')}`}>{STATUS_WORDS[status]}</span>;
}

export interface MySubmissionsPageProps {
  config: ClientConfig | null;
  categories: readonly Category[];
  onBack: () => void;
}

/** A resident's proposals and what became of them; changes asked for can be made and sent again. */
export function MySubmissionsPage({ config, categories, onBack }: MySubmissionsPageProps) {
  const session = useSession();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; list: Submission[] }>({
    status: 'loading',
  });

  const load = useCallback(() => {
    mySubmissions().then(
      (list) => setState({ status: 'ready', list }),
      (error: unknown) => setState({ status: 'error', message: errorMessage(error) }),
    );
  }, []);

  useEffect(() => {
    if (session.user) load();
    if (session.user === null) session.requireSignIn();
  }, [session, load]);

  return (
    <FullPage testId="submissions-page" kicker="Your contributions" title="My submissions" onBack={onBack} busy={state.status === 'loading'}>
      {session.user === null && <p>Sign in to see what you have proposed.</p>}
      {session.user && state.status === 'loading' && <PanelStatus kind="loading">Loading your submissions…</PanelStatus>}
      {session.user && state.status === 'error' && <PanelStatus kind="error">{state.message}</PanelStatus>}
      {session.user && state.status === 'ready' && state.list.length === 0 && (
        <p>
          You have not proposed anything yet. <AppLink href="/add">Add a place or group</AppLink>.
        </p>
      )}
      {session.user && state.status === 'ready' && state.list.length > 0 && (
        <ul className="card-list" data-testid="submission-list">
          {state.list.map((s) => (
            <SubmissionItem key={s.id} submission={s} config={config} categories={categories} isWorker={session.isWorker} onChanged={load} />
          ))}
        </ul>
      )}
    </FullPage>
  );
}

function SubmissionItem({
  submission: s,
  config,
  categories,
  isWorker,
  onChanged,
}: {
  submission: Submission;
  config: ClientConfig | null;
  categories: readonly Category[];
  isWorker: boolean;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The category by its name, as the form offered it (the proposal stores its code).
  const changes = meaningfulChanges({}, s.proposed).map((c) =>
    c.field === 'categoryCode' ? { ...c, after: categories.find((k) => k.code === s.proposed.categoryCode)?.name ?? c.after } : c,
  );
  return (
    <li className="card" data-testid="submission" data-submission-id={s.id}>
      <p className="card__title">
        {s.status === 'approved' ? <AppLink href={`/assets/${encodeURIComponent(s.assetId)}`}>{s.assetName}</AppLink> : s.assetName}{' '}
        <StatusBadge status={s.status} />
      </p>
      <p className="small muted">
        {s.kind === 'create' ? 'New place' : 'Change to a place'}, sent {formatDate(s.submittedAt)}
        {s.reviewedAt ? ` · reviewed ${formatDate(s.reviewedAt)}${s.reviewedBy ? ` by ${s.reviewedBy.displayName}` : ''}` : ''}
      </p>
      {s.reason && (
        <p className="reason">
          <strong>{s.status === 'rejected' ? 'Why it was rejected: ' : 'What to change: '}</strong>
          {s.reason}
        </p>
      )}
      {s.status === 'pending' && <p className="small">A community worker will check it. It is not on the public map until then.</p>}
      <details>
        <summary>
          What you proposed ({changes.length} {changes.length === 1 ? 'field' : 'fields'})
        </summary>
        <dl className="facts">
          {changes.map((c) => (
            <div key={c.field} className="facts__row">
              <dt>{c.label}</dt>
              <dd>{c.after}</dd>
            </div>
          ))}
        </dl>
      </details>
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        {s.status === 'changes_requested' && !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            Edit and resubmit<span className="visually-hidden"> {s.assetName}</span>
          </button>
        )}
        {s.status === 'pending' && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setError(null);
              withdrawSubmission(s.id).then(onChanged, (e: unknown) => setError(errorMessage(e)));
            }}
          >
            Withdraw<span className="visually-hidden"> {s.assetName}</span>
          </button>
        )}
      </div>
      {editing && (
        <EditAsset
          assetId={s.assetId}
          initial={fromRecord(s.proposed)}
          baseVersion={s.baseVersion}
          categories={categories}
          config={config}
          isWorker={isWorker}
          submitLabel="Send for review again"
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            setNotice('Sent for review again.');
            onChanged();
          }}
        />
      )}
    </li>
  );
}
