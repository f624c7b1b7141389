import type { Category, SearchHit } from '@common-ground/schema';
import { useEffect, useId, useRef, useState } from 'react';
import type { SearchState } from '../../lib/url-state.js';
import { searchKey, searchToQueryString } from '../../lib/url-state.js';
import { ExportMenu } from './export-menu.js';
import { AppLink } from '../panel/app-link.js';
import { countParts, UNCOVERED_ADVICE, uncoveredText, whereHeading } from './result-text.js';
import { SearchForm } from './search-form.js';
import { SearchResultsList } from './search-results.js';
import type { SearchOutcome } from './use-search-results.js';

export type { SearchOutcome } from './use-search-results.js';

/** Where the panel is a bottom sheet (the same width as app.css's). */
const BOTTOM_SHEET = '(max-width: 40rem)';

export interface SearchPanelProps {
  categories: readonly Category[];
  /** The search in the address: the form starts from it and follows it on Back/Forward. */
  search: SearchState;
  outcome: SearchOutcome;
  highlightedId: string | null;
  onSubmit: (search: SearchState) => void;
  onSearchArea: () => void;
  onShowMore: () => void;
  onRetryMore: () => void;
  onHighlight: (id: string | null) => void;
  onShowOnMap: (hit: SearchHit) => void;
  /** The asset page's address, for links. */
  assetHref: (id: string) => string;
  onOpen: (id: string) => void;
  /** /embed: no form, and result links open our site in a new tab. */
  embedded?: boolean;
}

/**
 * The Find panel: words, a place and filters, and the results as a list that is a full
 * alternative to the map. Beside the map on wide screens, a bottom sheet on phones.
 */
export function SearchPanel({
  categories,
  search,
  outcome,
  highlightedId,
  onSubmit,
  onSearchArea,
  onShowMore,
  onRetryMore,
  onHighlight,
  onShowOnMap,
  assetHref,
  onOpen,
  embedded = false,
}: SearchPanelProps) {
  const id = useId();
  const ready = outcome.status === 'ready' ? outcome : null;
  const where = ready ? whereHeading(ready.data.place, search) : null;
  const count = countParts(search, outcome);
  const resultsTop = useRef<HTMLDivElement>(null);
  const key = searchKey(search);
  // On a phone the sheet starts folded to a strip, so the map keeps most of the screen
  // (issue 17: two thirds at 390×844); it opens to the whole form and list on demand.
  const [sheetOpen, setSheetOpen] = useState(false);

  // On a phone the sheet is short and the form fills it: bring a new search's results into view.
  // Focus stays where it was, so keyboard and screen-reader users are not moved.
  useEffect(() => {
    if (outcome.status !== 'ready' || !window.matchMedia(BOTTOM_SHEET).matches) return;
    resultsTop.current?.scrollIntoView({ block: 'start' });
    // Keyed on the search, not the results: "Show more" adds to the list without moving it.
  }, [key, outcome.status]);

  return (
    <section
      className={`search-panel${sheetOpen ? ' search-panel--open' : ''}`}
      aria-labelledby={`${id}-heading`}
      data-testid="search-panel"
      onFocus={(event) => {
        // Typing into a folded sheet: open it, so the field and the filters below it show.
        if (event.target instanceof HTMLInputElement && event.target.closest('form') && window.matchMedia(BOTTOM_SHEET).matches) {
          setSheetOpen(true);
        }
      }}
    >
      <div className="search-panel__top">
        <h2 id={`${id}-heading`} className="search-panel__title">
          {embedded ? 'Community assets' : 'Find help nearby'}
        </h2>
        {/* Shown on phones only (app.css), where the panel is a sheet over the map. */}
        <button
          type="button"
          className="button button--quiet search-panel__sheet-toggle"
          aria-expanded={sheetOpen}
          onClick={() => setSheetOpen((open) => !open)}
        >
          {sheetOpen ? 'Show the map' : 'Expand'}
        </button>
      </div>
      {embedded && (
        <p className="small">
          From{' '}
          <a href={new URL(`/${searchToQueryString(search)}`, window.location.origin).href} target="_blank" rel="noopener">
            Common Ground<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          , open data on England&apos;s community assets.
        </p>
      )}
      {!embedded && (
        <SearchForm
          categories={categories}
          search={search}
          resolvedPlace={ready?.data.place ?? null}
          fieldErrors={outcome.status === 'error' ? outcome.fieldErrors : {}}
          onSubmit={(next) => {
            // The answer is on the map as much as in the list: fold the sheet to show it.
            setSheetOpen(false);
            onSubmit(next);
          }}
          onSearchArea={() => {
            setSheetOpen(false);
            onSearchArea();
          }}
          onOpen={onOpen}
        />
      )}

      <div ref={resultsTop} className="search-panel__summary">
        {where && (
          <h3 className="results-heading" data-testid="search-where">
            {where}
          </h3>
        )}
        <p className="search-count" role="status" aria-live="polite" data-testid="search-count">
          {count.count}
          {/* Said to screen readers with the count; on screen the heading above already shows it. */}
          {count.where && <span className={where ? 'visually-hidden' : undefined}>{count.where}</span>}
          {count.rest}
        </p>
      </div>
      {ready?.data.coverage && !ready.data.coverage.covered && (
        <div className="coverage-note" data-testid="coverage-note">
          {/* With results, the count above has not said it yet. */}
          {ready.data.total > 0 && <p className="coverage-note__headline">{uncoveredText(ready.data.coverage)}</p>}
          <p>{UNCOVERED_ADVICE}</p>
          <p>
            {embedded ? (
              <a href={new URL('/add', window.location.origin).href} target="_blank" rel="noopener">
                Add a place you know<span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            ) : (
              <AppLink href="/add">Add a place you know</AppLink>
            )}
          </p>
        </div>
      )}
      {outcome.status === 'error' && Object.keys(outcome.fieldErrors).length === 0 && <p className="inline-error">{outcome.message}</p>}
      {ready && ready.data.results.length > 0 && !embedded && <ExportMenu search={search} total={ready.data.total} />}
      {ready && ready.data.results.length > 0 && (
        <SearchResultsList
          results={ready.data.results}
          total={ready.data.total}
          more={ready.more}
          highlightedId={highlightedId}
          onHighlight={onHighlight}
          onShowOnMap={onShowOnMap}
          assetHref={assetHref}
          onOpen={onOpen}
          onShowMore={onShowMore}
          onRetryMore={onRetryMore}
          embedded={embedded}
        />
      )}
    </section>
  );
}
