import {
  ReviewDecisionBody,
  type Category,
  type ClientConfig,
  type ModerationQueue,
  type Report,
  type Submission,
  type WorkerAsset,
} from '@common-ground/schema';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../api/api-client.js';
import { getWorkerAsset } from '../../api/assets-api.js';
import { moderationQueue, resolveReport, reviewSubmission } from '../../api/moderation-api.js';
import { formatDate } from '../../lib/format.js';
import { meaningfulChanges, proposalChanges, type FieldChange } from '../../lib/version-diff.js';
import { useSession } from '../account/session.js';
import { AppLink } from '../panel/app-link.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { ProposalContext } from './proposal-context.js';
import { StalePlaces } from './stale-places.js';

const REPORT_WORDS: Record<Report['kind'], string> = { closed: 'It has closed', wrong_details: 'Details are wrong' };

/** The worker's queue: proposals to approve, send back or reject, and reports to resolve. */
export function ModerationPage({ config, categories, onBack }: { config: ClientConfig | null; categories: readonly Category[]; onBack: () => void }) {
  const session = useSession();
  const [queue, setQueue] = useState<{ status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ModerationQueue }>({
    status: 'loading',
  });
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    moderationQueue().then(
      (data) => setQueue({ status: 'ready', data }),
      (error: unknown) => setQueue({ status: 'error', message: errorMessage(error) }),
    );
  }, []);

  useEffect(() => {
    if (session.isWorker) load();
    if (session.user === null) session.requireSignIn();
  }, [session, load]);

  const finished = useCallback(
    (message: string) => {
      setDone(message);
      load();
      // The item is gone: put focus somewhere sensible rather than on the page's end.
      headingRef.current?.focus();
    },
    [load],
  );

  const categoryName = (code: unknown) => categories.find((c) => c.code === code)?.name;

  return (
    <FullPage testId="moderation-page" kicker="Community workers" title="Moderation" onBack={onBack} busy={queue.status === 'loading'}>
      {session.user === null && <p>Sign in as a community worker to moderate.</p>}
      {session.user && !session.isWorker && <PanelStatus kind="error">Only community workers can moderate.</PanelStatus>}
      {session.isWorker && (
        <>
          <p role="status" className="small" data-testid="moderation-status">
            {done}
          </p>
          <h2 ref={headingRef} tabIndex={-1} className="section-title">
            Proposals waiting{queue.status === 'ready' ? ` (${queue.data.submissions.length})` : ''}
          </h2>
          {queue.status === 'loading' && <PanelStatus kind="loading">Loading the queue…</PanelStatus>}
          {queue.status === 'error' && <PanelStatus kind="error">{queue.message}</PanelStatus>}
          {queue.status === 'ready' && (
            <>
              {queue.data.submissions.length === 0 ? (
                <p>Nothing is waiting for review.</p>
              ) : (
                <ul className="card-list" data-testid="proposal-list">
                  {queue.data.submissions.map((s) => (
                    <ProposalItem key={s.id} submission={s} config={config} categories={categories} categoryName={categoryName} onDone={finished} />
                  ))}
                </ul>
              )}
              <h2 className="section-title">Open reports ({queue.data.reports.length})</h2>
              {queue.data.reports.length === 0 ? (
                <p>No open reports.</p>
              ) : (
                <ul className="card-list" data-testid="report-list">
                  {queue.data.reports.map((r) => (
                    <ReportItem key={r.id} report={r} onDone={finished} />
                  ))}
                </ul>
              )}
              <StalePlaces />
            </>
          )}
        </>
      )}
    </FullPage>
  );
}

function ChangeTable({ changes, caption, showBefore }: { changes: FieldChange[]; caption: string; showBefore: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table diff-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            {showBefore && <th scope="col">Now</th>}
            <th scope="col">{showBefore ? 'Proposed' : 'Value'}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              {showBefore && <td className="diff-before">{c.before}</td>}
              <td className="diff-after">{c.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProposalItem({
  submission: s,
  config,
  categories,
  categoryName,
  onDone,
}: {
  submission: Submission;
  config: ClientConfig | null;
  categories: readonly Category[];
  categoryName: (code: unknown) => string | undefined;
  onDone: (message: string) => void;
}) {
  const [current, setCurrent] = useState<WorkerAsset | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();

  useEffect(() => {
    if (s.kind !== 'edit') return;
    const controller = new AbortController();
    getWorkerAsset(s.assetId, controller.signal).then(setCurrent, () => undefined);
    return () => controller.abort();
  }, [s.assetId, s.kind]);

  const proposed = { ...s.proposed, categoryCode: categoryName(s.proposed.categoryCode) ?? s.proposed.categoryCode };
  // The pin is compared as it will be placed (a postcode's centre, or a point), so an edit
  // that keeps the postcode does not read as deleting the location.
  const changes =
    s.kind === 'create' || !current
      ? proposalChanges(null, proposed)
      : proposalChanges(
          { ...current, categoryCode: current.categoryName },
          proposed,
          Object.keys(s.proposed).filter((k) => meaningfulChanges({}, { [k]: 1 }).length > 0),
        );

  async function decide(decision: 'approve' | 'reject' | 'request_changes') {
    const body = ReviewDecisionBody.safeParse({ decision, reason: reason.trim() || undefined });
    if (!body.success) {
      setError(body.error.issues[0]?.message ?? 'give a reason');
      document.getElementById(reasonId)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await reviewSubmission(s.id, decision, reason);
      onDone(`${s.assetName}: ${decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'sent back for changes'}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" data-testid="proposal" data-asset-name={s.assetName}>
      <p className="card__title">
        {s.kind === 'create' ? 'New place: ' : 'Change to: '}
        {s.kind === 'edit' ? <AppLink href={`/assets/${encodeURIComponent(s.assetId)}`}>{s.assetName}</AppLink> : s.assetName}
      </p>
      <p className="small muted">
        Proposed by {s.submittedBy?.displayName ?? 'a former member'} on {formatDate(s.submittedAt)}
      </p>
      {changes.length === 0 ? (
        <p className="muted">No field differs from the current version.</p>
      ) : (
        <ChangeTable
          changes={changes}
          showBefore={s.kind === 'edit'}
          caption={s.kind === 'edit' ? `Proposed changes to ${s.assetName}` : `Fields of ${s.assetName}`}
        />
      )}
      <ProposalContext submission={s} current={current} config={config} categories={categories} />
      <div className="field">
        <label htmlFor={reasonId}>Reason (needed to reject or ask for changes; the resident sees it)</label>
        <textarea id={reasonId} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void decide('approve')}>
          Approve<span className="visually-hidden"> {s.assetName}</span>
        </button>
        <button type="button" className="button button--quiet" disabled={busy} onClick={() => void decide('request_changes')}>
          Ask for changes<span className="visually-hidden"> to {s.assetName}</span>
        </button>
        <button type="button" className="button button--quiet button--danger-quiet" disabled={busy} onClick={() => void decide('reject')}>
          Reject<span className="visually-hidden"> {s.assetName}</span>
        </button>
      </div>
    </li>
  );
}

function ReportItem({ report: r, onDone }: { report: Report; onDone: (message: string) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noteId = useId();

  async function resolve(status: 'resolved' | 'dismissed') {
    setBusy(true);
    setError(null);
    try {
      await resolveReport(r.id, status, note);
      onDone(`Report on ${r.assetName} ${status === 'resolved' ? 'resolved' : 'dismissed'}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" data-testid="report" data-asset-name={r.assetName}>
      <p className="card__title">
        <AppLink href={`/assets/${encodeURIComponent(r.assetId)}`}>{r.assetName}</AppLink>: {REPORT_WORDS[r.kind]}
      </p>
      <p className="small muted">Reported {formatDate(r.createdAt)}</p>
      {r.message && <blockquote className="quote">{r.message}</blockquote>}
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void resolve('resolved')}>
          Resolve<span className="visually-hidden"> report on {r.assetName}</span>
        </button>
        <button type="button" className="button button--quiet" disabled={busy} onClick={() => void resolve('dismissed')}>
          Dismiss<span className="visually-hidden"> report on {r.assetName}</span>
        </button>
      </div>
    </li>
  );
}
