import type { History, HistoryEntry } from '@common-ground/schema';
import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { getHistory, revertAsset } from '../../api/assets-api.js';
import { formatDate } from '../../lib/format.js';
import { diffVersions, meaningfulChanges } from '../../lib/version-diff.js';

const ACTION_WORDS: Record<string, string> = {
  create: 'Added',
  update: 'Changed',
  edit: 'Changed',
  approve: 'Approved',
  publish: 'Published',
  verify: 'Checked',
  revert: 'Reverted',
  reject: 'Rejected',
  delete: 'Deleted',
  import: 'Imported',
  import_update: 'Changed by an import',
  import_merge: 'Filled in from an imported record',
};

function actionText(entry: HistoryEntry): string {
  return ACTION_WORDS[entry.action] ?? entry.action.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function dateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${formatDate(iso)}, ${date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })}`;
}

export interface HistorySectionProps {
  assetId: string;
  assetName: string;
  /** The asset's current version: reverting says which version it was made against. */
  currentVersion: number;
  isWorker: boolean;
  /** Changes when the asset changes, so the history is read again. */
  refreshKey: number;
  onReverted: () => void;
}

/** Every recorded change to an asset: who, when, what changed (before → after); workers may revert. */
export function HistorySection({ assetId, assetName, currentVersion, isWorker, refreshKey, onReverted }: HistorySectionProps) {
  const headingId = useId();
  const [history, setHistory] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: History }>({
    status: 'loading',
  });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    getHistory(assetId, isWorker).then(
      (data) => setHistory({ status: 'ready', data }),
      (e: unknown) => setHistory({ status: 'error', message: errorMessage(e) }),
    );
  }, [assetId, isWorker]);

  useEffect(load, [load, refreshKey]);

  function revert(toVersion: number) {
    if (!window.confirm(`Return ${assetName} to version ${toVersion}? The change is recorded and can itself be reverted.`)) return;
    setError(null);
    revertAsset(assetId, toVersion, currentVersion).then(
      () => {
        setNotice(`Reverted to version ${toVersion}.`);
        onReverted();
      },
      (e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 409 ? 'Someone changed this place meanwhile. The page now shows the latest; try again.' : errorMessage(e),
        ),
    );
  }

  const entries = history.status === 'ready' ? [...history.data.entries].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id) : [];
  return (
    <section aria-labelledby={headingId} data-testid="history">
      <h2 id={headingId} className="section-title">
        History
      </h2>
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {history.status === 'loading' && <p className="muted">Loading history…</p>}
      {history.status === 'error' && <p className="inline-error">History could not be loaded: {history.message}</p>}
      {history.status === 'ready' && entries.length === 0 && <p className="muted">No changes recorded since it was imported.</p>}
      {entries.length > 0 && (
        <ol className="history-list" aria-label={`Changes to ${assetName}, newest first`}>
          {entries.map((entry) => {
            const changes = entry.changed.length > 0 ? diffVersions(entry.before, entry.after, entry.changed) : meaningfulChanges(entry.before, entry.after);
            const shown = changes.filter((c) => !['version', 'updatedAt', 'createdAt'].includes(c.field));
            return (
              <li key={entry.id} className="history-entry" data-testid="history-entry" data-action={entry.action}>
                <p>
                  <strong>{actionText(entry)}</strong>
                  {entry.version !== null && <span className="muted"> · version {entry.version}</span>} · {dateTime(entry.at)} · by{' '}
                  {entry.actor?.displayName ?? 'a former member'}
                  {entry.proposedBy && entry.proposedBy.id !== entry.actor?.id ? `, proposed by ${entry.proposedBy.displayName}` : ''}
                </p>
                {entry.note && <p className="small reason">{entry.note}</p>}
                {shown.length > 0 && (
                  <ul className="plain-list small">
                    {shown.map((c) => (
                      <li key={c.field}>
                        {c.label}: <span className="diff-before">{c.before}</span> → <span className="diff-after">{c.after}</span>
                      </li>
                    ))}
                  </ul>
                )}
                {isWorker && entry.version !== null && entry.version !== currentVersion && entry.after && (
                  <button type="button" className="button button--quiet" onClick={() => revert(entry.version!)}>
                    Revert to this version<span className="visually-hidden"> (version {entry.version})</span>
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
