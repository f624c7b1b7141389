import { ReportBody, type ReportKind } from '@common-ground/schema';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../api/api-client.js';
import { reportAsset } from '../../api/assets-api.js';

/** "Report a problem": anyone, signed in or not, can say a place has closed or its details are wrong. */
export function ReportProblem({ assetId, assetName }: { assetId: string; assetName: string }) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<ReportKind | ''>('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const openRef = useRef<HTMLButtonElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = ReportBody.safeParse({ kind: kind || undefined, message: message || undefined });
    if (!parsed.success || !kind) {
      setError(kind ? (parsed.error?.issues[0]?.message ?? 'check the message') : 'choose what is wrong');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await reportAsset(assetId, kind, message);
      setSent(true);
      setOpen(false);
      requestAnimationFrame(() => openRef.current?.focus());
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 429
          ? 'You have sent several reports in a short time. Please wait a while before sending another.'
          : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} data-testid="report-problem">
      <h2 id={`${id}-heading`} className="section-title">
        Something wrong?
      </h2>
      {sent && <p role="status">Thank you. A community worker will look at your report.</p>}
      {!open ? (
        <button ref={openRef} type="button" className="button button--quiet" onClick={() => setOpen(true)} aria-expanded={false}>
          Report a problem<span className="visually-hidden"> with {assetName}</span>
        </button>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <fieldset className="field report-kinds" aria-describedby={error ? `${id}-error` : undefined}>
            <legend>What is wrong with {assetName}?</legend>
            <div className="check">
              <input type="radio" id={`${id}-closed`} name={`${id}-kind`} checked={kind === 'closed'} onChange={() => setKind('closed')} />
              <label htmlFor={`${id}-closed`}>It has closed</label>
            </div>
            <div className="check">
              <input type="radio" id={`${id}-wrong`} name={`${id}-kind`} checked={kind === 'wrong_details'} onChange={() => setKind('wrong_details')} />
              <label htmlFor={`${id}-wrong`}>Details are wrong</label>
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-message`}>What should it say? (optional)</label>
            <textarea id={`${id}-message`} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />
          </div>
          {error && (
            <p id={`${id}-error`} className="inline-error" role="alert">
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Sending…' : 'Send report'}
            </button>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setOpen(false);
                setError(null);
                requestAnimationFrame(() => openRef.current?.focus());
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
