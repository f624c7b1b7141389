import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface SidePanelProps {
  /** `area-panel` or `asset-panel`: end-to-end tests find the panel by it. */
  testId: string;
  /** Small line above the heading saying what kind of thing this is. */
  kicker: string;
  title: string;
  /** Changes when the panel shows something new, so focus moves to it again. */
  contentKey: string;
  busy: boolean;
  onClose: () => void;
  children: ReactNode;
}

/**
 * The details panel beside the map (a bottom sheet on narrow screens). It is a labelled
 * region; opening it, or showing something new in it, moves focus to its heading so a
 * screen reader announces it; Escape or the close button closes it.
 */
export function SidePanel({ testId, kicker, title, contentKey, busy, onClose, children }: SidePanelProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
    headingRef.current?.closest('.side-panel')?.scrollTo({ top: 0 });
  }, [contentKey]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A modal dialog above the panel gets Escape first.
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      onClose();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <section className="side-panel" aria-labelledby={headingId} aria-busy={busy} data-testid={testId}>
      <header className="side-panel__header">
        <div>
          <p className="side-panel__kicker">{kicker}</p>
          <h2 id={headingId} ref={headingRef} tabIndex={-1} className="side-panel__title">
            {title}
          </h2>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close details" title="Close (Esc)">
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      <div className="side-panel__body">{children}</div>
    </section>
  );
}

/** A loading or error message inside a panel. */
export function PanelStatus({ kind, children }: { kind: 'loading' | 'error'; children: ReactNode }) {
  return (
    <p className={`panel-status panel-status--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
