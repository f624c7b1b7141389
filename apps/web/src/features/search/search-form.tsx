import type { Category, ResolvedPlace, Suggestion } from '@common-ground/schema';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { topLevelCategories } from '../../map/map-style.js';
import type { SearchState } from '../../lib/url-state.js';
import { nearFromSearch, nearToPlace, splitNear, type NearDraft } from './near-field.js';
import { SuggestCombobox } from './suggest-combobox.js';
import { chooseSuggestion, type SuggestionKind } from './suggestions.js';
import type { SearchField } from './use-search-results.js';

/** The words box offers everything; the place box only places. Constant, so lists are not rebuilt. */
const WORD_KINDS: readonly SuggestionKind[] = ['category', 'place', 'asset'];
const PLACE_KINDS: readonly SuggestionKind[] = ['place'];

export interface SearchFormProps {
  categories: readonly Category[];
  /** The search in the address: the form starts from it and follows it on Back/Forward. */
  search: SearchState;
  /** Where the last search was resolved to, so an area searched by code shows its name. */
  resolvedPlace: ResolvedPlace | null;
  fieldErrors: Partial<Record<SearchField, string>>;
  onSubmit: (search: SearchState) => void;
  onSearchArea: () => void;
  /** Opens an asset's page (an asset chosen from the suggestions). */
  onOpen: (id: string) => void;
}

/** Words, a place and filters. Suggestions help fill the first two; Enter or Search runs it. */
export function SearchForm({ categories, search, resolvedPlace, fieldErrors, onSubmit, onSearchArea, onOpen }: SearchFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<SearchState>(search);
  const [near, setNear] = useState<NearDraft>(() => nearFromSearch(search));
  const groups = useMemo(() => topLevelCategories(categories), [categories]);

  // Follow the address when it changes (Back, Forward, "Search this area"), keeping the
  // place's words when they already say the same place (a chosen area keeps its name).
  useEffect(() => {
    setDraft(search);
    setNear((current) => {
      const place = nearToPlace(current);
      return place.place === search.place && place.area === search.area ? current : nearFromSearch(search);
    });
  }, [search]);
  // An area in the address is a code until the search says what it is called.
  useEffect(() => {
    if (!resolvedPlace || !search.area) return;
    setNear((current) => (current.text.trim() === search.area ? nearFromSearch(search, resolvedPlace) : current));
  }, [resolvedPlace, search]);

  function submit(event: FormEvent) {
    event.preventDefault();
    // "cafe near S1 2HE" in the words: the place they name is the search's place, as if typed
    // in the Near field (which then shows it), and the rest is what to look for.
    const split = splitNear(draft.q);
    const words = split ? { ...draft, q: split.what } : draft;
    const nearNow = split ? { text: split.near, area: null } : near;
    if (split) {
      setDraft(words);
      setNear(nearNow);
    }
    const place = nearToPlace(nearNow);
    // A new search by place replaces a "Search this area" box.
    onSubmit({ ...words, ...place, bbox: place.place || place.area ? null : words.bbox, pages: 1 });
  }

  function choose(suggestion: Suggestion, from: 'q' | 'near') {
    const choice = chooseSuggestion({ draft, near }, suggestion, from);
    if (choice.kind === 'open') {
      onOpen(choice.id);
      return;
    }
    setDraft(choice.search);
    setNear(choice.near);
    onSubmit(choice.search);
  }

  const errorId = (field: SearchField) => `${id}-${field}-error`;
  const fieldError = (field: SearchField) =>
    fieldErrors[field] ? (
      <p id={errorId(field)} className="field-error">
        {fieldErrors[field]}
      </p>
    ) : null;
  const invalid = (field: SearchField) => ({
    'aria-invalid': fieldErrors[field] ? true : undefined,
    'aria-describedby': fieldErrors[field] ? errorId(field) : undefined,
  });

  return (
    <form className="search-form" role="search" aria-label="Find community assets" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-q`}>What are you looking for?</label>
        <SuggestCombobox
          id={`${id}-q`}
          name="q"
          type="search"
          placeholder="e.g. food bank, warm space"
          value={draft.q}
          onValueChange={(q) => setDraft({ ...draft, q })}
          kinds={WORD_KINDS}
          onChoose={(s) => choose(s, 'q')}
          listLabel="Suggestions for what you are looking for"
          testId="search-q"
          {...invalid('q')}
        />
        {fieldError('q')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-place`}>Near (postcode or area)</label>
        <SuggestCombobox
          id={`${id}-place`}
          name="place"
          type="text"
          placeholder="e.g. M1, GL1 2TG or Sheffield"
          value={near.text}
          onValueChange={(text) => setNear({ ...near, text })}
          kinds={PLACE_KINDS}
          onChoose={(s) => choose(s, 'near')}
          listLabel="Postcodes and areas"
          testId="search-place"
          {...invalid('place')}
        />
        {fieldError('place')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          name="category"
          value={draft.category}
          {...invalid('category')}
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
        <label className="check">
          <input type="checkbox" checked={draft.carers} onChange={(e) => setDraft({ ...draft, carers: e.target.checked })} />
          Carers welcome
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.volunteers} onChange={(e) => setDraft({ ...draft, volunteers: e.target.checked })} />
          Looking for volunteers
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-language`}>Language spoken (optional)</label>
        <input
          id={`${id}-language`}
          type="text"
          value={draft.language}
          maxLength={40}
          placeholder="e.g. Urdu, Polish"
          {...invalid('language')}
          onChange={(e) => setDraft({ ...draft, language: e.target.value })}
        />
        {fieldError('language')}
      </div>
      <div className="search-form__actions">
        <button type="submit" className="button button--primary">
          Search
        </button>
        <button type="button" className="button button--quiet" onClick={onSearchArea}>
          Search this area
        </button>
      </div>
    </form>
  );
}
