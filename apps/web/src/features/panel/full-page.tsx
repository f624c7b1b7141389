import { useEffect, useRef, type ReactNode } from 'react';

export interface FullPageProps {
  /** End-to-end tests find the page by it. */
  testId: string;
  kicker: string;
  title: string;
  onBack: () => void;
  busy?: boolean;
  children: ReactNode;
}

/**
 * A page of its own over the map (add a place, account, moderation …), laid out like the
 * asset page. Opening it moves focus to its heading, so a screen reader announces it.
 */
export function FullPage({ testId, kicker, title, onBack, busy = false, children }: FullPageProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Common Ground`;
  }, [title]);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [testId]);
  return (
    <main className="asset-page" data-testid={testId} aria-busy={busy}>
      <div className="asset-page__inner">
        <nav aria-label="Page" className="asset-page__nav">
          <button type="button" className="button button--quiet" onClick={onBack}>
            ← Back to the map
          </button>
        </nav>
        <p className="side-panel__kicker">{kicker}</p>
        <h1 ref={headingRef} tabIndex={-1} className="asset-page__title">
          {title}
        </h1>
        {children}
      </div>
    </main>
  );
}
