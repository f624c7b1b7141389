import type { SearchHit } from '@common-ground/schema';
import { useEffect, useRef } from 'react';
import { formatCount } from '../../lib/format.js';
import { useOpeningStatus } from '../../lib/use-opening-status.js';
import { MAX_RESULT_PAGES, RESULTS_PAGE_SIZE } from '../../lib/url-state.js';
import { distanceText, hitFacts, pinText } from './result-text.js';
import type { MoreStatus } from './use-search-results.js';

export interface SearchResultsListProps {
  results: readonly SearchHit[];
  total: number;
  more: MoreStatus;
  highlightedId: string | null;
  onHighlight: (id: string | null) => void;
  onShowOnMap: (hit: SearchHit) => void;
  /** The asset page's address, for links. */
  assetHref: (id: string) => string;
  onOpen: (id: string) => void;
  onShowMore: () => void;
  onRetryMore: () => void;
  /** /embed: result links open our site in a new tab. */
  embedded: boolean;
}

/**
 * The results as a list: the full alternative to the map, one entry per marker. "Show more
 * results" adds the next page below (and to the map), then moves focus to the first new
 * result, so keyboard and screen-reader users carry on reading where the new ones start.
 */
export function SearchResultsList({
  results,
  total,
  more,
  highlightedId,
  onHighlight,
  onShowOnMap,
  assetHref,
  onOpen,
  onShowMore,
  onRetryMore,
  embedded,
}: SearchResultsListProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const openingStatus = useOpeningStatus(results.some((r) => r.openingHours !== null));
  // The index of the first result a "Show more" is waiting for, to focus when it arrives.
  const focusFrom = useRef<number | null>(null);

  useEffect(() => {
    const from = focusFrom.current;
    if (from === null || results.length <= from) return;
    focusFrom.current = null;
    listRef.current?.querySelectorAll<HTMLAnchorElement>('.result__name')[from]?.focus();
  }, [results.length]);

  const canShowMore = results.length < total && results.length < MAX_RESULT_PAGES * RESULTS_PAGE_SIZE;

  function showMore() {
    if (more.status === 'loading') return;
    focusFrom.current = results.length;
    if (more.status === 'error') onRetryMore();
    else onShowMore();
  }

  return (
    <>
      <ol ref={listRef} className="results" aria-label="Search results" data-testid="search-results">
        {results.map((hit, index) => {
          const hours = hit.openingHours && openingStatus ? openingStatus(hit.openingHours) : null;
          const facts = hitFacts(hit);
          return (
            <li
              key={hit.id}
              className={`result${hit.id === highlightedId ? ' result--highlighted' : ''}`}
              data-result-id={hit.id}
              onMouseEnter={() => onHighlight(hit.id)}
              onMouseLeave={() => onHighlight(null)}
              onFocus={() => onHighlight(hit.id)}
              onBlur={() => onHighlight(null)}
            >
              {/* The number on the result's pin; the list's own numbering says it to screen readers. */}
              <span className="result__number" aria-hidden="true">
                {index + 1}
              </span>
              <a
                className="result__name"
                href={assetHref(hit.id)}
                target={embedded ? '_blank' : undefined}
                rel={embedded ? 'noopener' : undefined}
                onClick={(event) => {
                  if (embedded) return;
                  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                  event.preventDefault();
                  onOpen(hit.id);
                }}
              >
                {hit.name}
                {embedded && <span className="visually-hidden"> (opens in a new tab)</span>}
              </a>
              <span className="result__meta">
                {hit.categoryName}
                {hit.distanceMetres !== null && <> · {distanceText(hit.distanceMetres)} away</>}
                {' · '}
                {pinText(hit.locationPrecision)}
              </span>
              {facts.length > 0 && (
                <ul className="result__facts" aria-label="Access, cost and ages">
                  {facts.map((fact) => (
                    <li key={fact}>{fact}</li>
                  ))}
                </ul>
              )}
              {hours && <span className="result__hours">{hours}</span>}
              {hit.lifecycleStatus !== 'active' && <span className="result__status">Not running at the moment</span>}
              <button type="button" className="link-button result__show" onClick={() => onShowOnMap(hit)}>
                Show on map<span className="visually-hidden">: {hit.name}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {canShowMore && (
        <div className="results-more">
          {more.status === 'error' && <p className="inline-error">More results could not be loaded: {more.message}</p>}
          <button
            type="button"
            className="button button--quiet"
            aria-disabled={more.status === 'loading' ? true : undefined}
            onClick={showMore}
            data-testid="search-more"
          >
            {more.status === 'loading' ? 'Loading more results…' : more.status === 'error' ? 'Try again' : 'Show more results'}
          </button>
          <p className="results-more__count small muted">
            Showing {formatCount(results.length)} of {formatCount(total)}
          </p>
        </div>
      )}
      {!canShowMore && results.length < total && (
        <p className="small muted">The list stops at {formatCount(results.length)}: add words, a place or a filter to narrow the search.</p>
      )}
    </>
  );
}
