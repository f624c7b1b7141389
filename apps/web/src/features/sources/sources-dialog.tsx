import type { DataSource } from '@common-ground/schema';
import { useEffect, useId, useRef } from 'react';
import { loadSources } from '../../api/shared-requests.js';
import { formatCount, formatDate, licenceName, safeWebUrl } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';

export interface SourcesDialogProps {
  open: boolean;
  onClose: () => void;
}

const load = () => loadSources();

/** Every dataset on the map, with its publisher, licence and date: what we must credit. */
export function SourcesDialog({ open, onClose }: SourcesDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const sources = useResource(open ? 'sources' : null, load);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      <div className="dialog__content">
        <header className="dialog__header">
          <h2 id={titleId}>Data sources</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close data sources">
            <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
              <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
        </header>
        <p>Common Ground is built only from open data. Each source is credited below with its publisher, licence and the date its data refers to.</p>
        {sources.status === 'loading' && <p role="status">Loading sources…</p>}
        {sources.status === 'error' && (
          <p className="inline-error" role="alert">
            Sources could not be loaded: {sources.message}
          </p>
        )}
        {sources.status === 'ready' && <SourceTable sources={sources.data} />}
      </div>
    </dialog>
  );
}

function SourceTable({ sources }: { sources: readonly DataSource[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table sources-table">
        <thead>
          <tr>
            <th scope="col">Dataset</th>
            <th scope="col">Publisher</th>
            <th scope="col">Licence</th>
            <th scope="col">Data as of</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => {
            const url = safeWebUrl(s.url);
            return (
              <tr key={s.code}>
                <th scope="row">
                  {url ? (
                    <a href={url} target="_blank" rel="noopener noreferrer">
                      {s.name}
                      <span className="visually-hidden"> (opens in a new tab)</span>
                    </a>
                  ) : (
                    s.name
                  )}
                  <span className="sources-table__detail">{s.attribution}</span>
                  {/* Only asset sources count records; 0 for the others means "not counted". */}
                  {s.records !== null && s.records > 0 && (
                    <span className="sources-table__detail">
                      {formatCount(s.records)} records loaded
                      {s.coverage.completeness === 'complete' ? ' · a complete register: it lists every one' : ' · lists only what has been recorded'}
                    </span>
                  )}
                </th>
                <td>{s.publisher}</td>
                <td>{licenceName(s.licence)}</td>
                <td className="nowrap">{formatDate(s.sourceDate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
