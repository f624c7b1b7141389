import type { Category, SearchHit, SearchResults } from '@common-ground/schema';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { formatCount, plural } from '../../lib/format.js';
import { openingStatus } from '../../lib/opening-hours.js';
import { topLevelCategories } from '../../map/map-style.js';
import type { SearchState } from '../../lib/url-state.js';
import { hasSearch, searchToQueryString } from '../../lib/url-state.js';

export type SearchOutcome =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string; fieldErrors: Partial<Record<'q' | 'place' | 'category', string>> }
  | { status: 'ready'; data: SearchResults };

export interface SearchPanelProps {
  categories: readonly Category[];
  /** The search in the address: the form starts from it and follows it on Back/Forward. */
  search: SearchState;
  outcome: SearchOutcome;
  highlightedId: string | null;
  onSubmit: (search: SearchState) => void;
  onSearchArea: () => void;
  onHighlight: (id: string | null) => void;
  onShowOnMap: (hit: SearchHit) => void;
  /** The asset page's address, for links. */
  assetHref: (id: string) => string;
  onOpen: (id: string) => void;
  /** /embed: no form, and result links open our site in a new tab. */
  embedded?: boolean;
}

/** @example distanceText(137.9) // '140 m' */
export function distanceText(metres: number): string {
  if (metres < 1000) return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} km`;
}

/** How exact a result's pin is, in a few words for the list. */
export function pinText(precision: SearchHit['locationPrecision']): string {
  switch (precision) {
    case 'exact':
      return 'exact location';
    case 'postcode':
      return 'at postcode centre';
    case 'approximate':
      return 'approximate location';
  }
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
  onHighlight,
  onShowOnMap,
  assetHref,
  onOpen,
  embedded = false,
}: SearchPanelProps) {
  const id = useId();
  const [draft, setDraft] = useState<SearchState>(search);
  // Follow the address when it changes (Back, Forward, "Search this area").
  useEffect(() => setDraft(search), [search]);

  const groups = useMemo(() => topLevelCategories(categories), [categories]);
  const fieldErrors = outcome.status === 'error' ? outcome.fieldErrors : {};
  const suggestions = useMemo(() => {
    const names = categories.map((c) => c.name);
    if (outcome.status === 'ready') names.push(...outcome.data.results.slice(0, 5).map((r) => r.name));
    return [...new Set(names)];
  }, [categories, outcome]);

  function submit(event: FormEvent) {
    event.preventDefault();
    // A new search by words or place replaces a "Search this area" box.
    onSubmit({ ...draft, bbox: draft.place.trim() ? null : draft.bbox });
  }

  const fieldError = (field: 'q' | 'place' | 'category') =>
    fieldErrors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {fieldErrors[field]}
      </p>
    ) : null;

  return (
    <section className="search-panel" aria-labelledby={`${id}-heading`} data-testid="search-panel">
      <h2 id={`${id}-heading`} className="search-panel__title">
        {embedded ? 'Community assets' : 'Find help nearby'}
      </h2>
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
        <form className="search-form" role="search" aria-label="Find community assets" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-q`}>What are you looking for?</label>
            <input
              id={`${id}-q`}
              name="q"
              type="search"
              autoComplete="off"
              list={`${id}-suggestions`}
              placeholder="e.g. food bank, warm space"
              value={draft.q}
              aria-invalid={fieldErrors.q ? true : undefined}
              aria-describedby={fieldErrors.q ? `${id}-q-error` : undefined}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              data-testid="search-q"
            />
            <datalist id={`${id}-suggestions`}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
            {fieldError('q')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-place`}>Near (postcode or area)</label>
            <input
              id={`${id}-place`}
              name="place"
              type="text"
              autoComplete="postal-code"
              placeholder="e.g. M1 or GL1 2TG"
              value={draft.place}
              aria-invalid={fieldErrors.place ? true : undefined}
              aria-describedby={fieldErrors.place ? `${id}-place-error` : undefined}
              onChange={(e) => setDraft({ ...draft, place: e.target.value })}
              data-testid="search-place"
            />
            {fieldError('place')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-category`}>Category</label>
            <select
              id={`${id}-category`}
              name="category"
              value={draft.category}
              aria-invalid={fieldErrors.category ? true : undefined}
              aria-describedby={fieldErrors.category ? `${id}-category-error` : undefined}
              onChange={(e) => setDraft({ ...draft, category: e.target.value })}
              data-testid="search-category"
            >
              <option value="">Any category</option>
              {groups.map((group) => (
                <optgroup key={group.code} label={group.name}>
                  <option value={group.code}>All {group.name.toLowerCase()}</option>
                  {categories
                    .filter((c) => c.parentCode === group.code)
                    .map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            {fieldError('category')}
          </div>
          <fieldset className="search-form__flags">
            <legend>Only show places that are</legend>
            <label className="check">
              <input type="checkbox" checked={draft.openNow} onChange={(e) => setDraft({ ...draft, openNow: e.target.checked })} />
              Open now
            </label>
            <label className="check">
              <input type="checkbox" checked={draft.wheelchair} onChange={(e) => setDraft({ ...draft, wheelchair: e.target.checked })} />
              Wheelchair accessible
            </label>
            <label className="check">
              <input type="checkbox" checked={draft.free} onChange={(e) => setDraft({ ...draft, free: e.target.checked })} />
              Free
            </label>
          </fieldset>
          <div className="search-form__actions">
            <button type="submit" className="button button--primary">
              Search
            </button>
            <button type="button" className="button button--quiet" onClick={onSearchArea}>
              Search this area
            </button>
          </div>
        </form>
      )}

      <p className="search-count" role="status" aria-live="polite" data-testid="search-count">
        {countText(search, outcome)}
      </p>
      {outcome.status === 'error' && Object.keys(outcome.fieldErrors).length === 0 && (
        <p className="inline-error">{outcome.message}</p>
      )}
      {outcome.status === 'ready' && outcome.data.results.length > 0 && (
        <ol className="results" aria-label="Search results" data-testid="search-results">
          {outcome.data.results.map((hit) => {
            const hours = hit.openingHours ? openingStatus(hit.openingHours) : null;
            return (
              <li
                key={hit.id}
                className={`result${hit.id === highlightedId ? ' result--highlighted' : ''}`}
                data-result-id={hit.id}
                onMouseEnter={() => onHighlight(hit.id)}
                onMouseLeave={() => onHighlight(null)}
                onFocus={() => onHighlight(hit.id)}
              >
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
                {hours && <span className="result__hours">{hours}</span>}
                {hit.lifecycleStatus !== 'active' && <span className="result__status">Not running at the moment</span>}
                <button type="button" className="link-button result__show" onClick={() => onShowOnMap(hit)}>
                  Show on map<span className="visually-hidden">: {hit.name}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function countText(search: SearchState, outcome: SearchOutcome): string {
  switch (outcome.status) {
    case 'idle':
      return hasSearch(search) ? '' : 'Search by what you need, a postcode, or both.';
    case 'loading':
      return 'Searching…';
    case 'error':
      return 'The search could not be run.';
    case 'ready': {
      const { total, results, place } = outcome.data;
      const where = place ? ` near ${place.label}` : search.bbox ? ' in this area' : '';
      if (total === 0) return `No places found${where}.`;
      const shown = results.length < total ? ` (showing the first ${formatCount(results.length)})` : '';
      return `${plural(total, 'place')} found${where}${shown}.`;
    }
  }
}
