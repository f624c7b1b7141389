import type { Suggestion } from '@common-ground/schema';
import { useEffect, useMemo, useReducer, useRef, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { CLOSED, comboboxReducer } from './combobox-keys.js';
import { flatten, groupSuggestions, suggestionDetail, suggestionsStatus, type SuggestionKind } from './suggestions.js';
import { useSuggestions } from './use-suggestions.js';

export interface SuggestComboboxProps extends Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'name' | 'type' | 'placeholder' | 'aria-invalid' | 'aria-describedby'
> {
  /** The input's id: the caller's <label htmlFor> names it. */
  id: string;
  value: string;
  onValueChange: (text: string) => void;
  /** The kinds of suggestion this box offers. */
  kinds: readonly SuggestionKind[];
  /** Narrows the offer further (say, to areas among places); all of `kinds` when left out. */
  accept?: (suggestion: Suggestion) => boolean;
  onChoose: (suggestion: Suggestion) => void;
  /** Names the list of suggestions for screen readers ("Suggestions for what you are looking for"). */
  listLabel: string;
  testId?: string;
}

/**
 * Whether a mouse button or finger is down, so a blur caused by pressing something else can wait
 * for the release: closing the list at once would move what is below it between press and release,
 * and the press (say on Search) would miss.
 */
function usePointerIsDown() {
  const down = useRef(false);
  useEffect(() => {
    const press = () => (down.current = true);
    const release = () => (down.current = false);
    document.addEventListener('pointerdown', press, true);
    document.addEventListener('pointerup', release, true);
    document.addEventListener('pointercancel', release, true);
    return () => {
      document.removeEventListener('pointerdown', press, true);
      document.removeEventListener('pointerup', release, true);
      document.removeEventListener('pointercancel', release, true);
    };
  }, []);
  return down;
}

function optionKey(s: Suggestion): string {
  switch (s.kind) {
    case 'category':
      return `category:${s.code}`;
    case 'place':
      return `place:${s.placeKind}:${s.value}`;
    case 'asset':
      return `asset:${s.id}`;
  }
}

/**
 * A text box that offers suggestions as the user types (WAI-ARIA 1.2 combobox with a listbox
 * popup). Focus stays in the box: Up and Down walk the options, Enter chooses one, Escape
 * closes the list, and a click chooses too. Enter with no option chosen is left to the form,
 * so typing words and pressing Enter still searches for them. The list sits in the page's flow
 * rather than over it, so it never hides the buttons below it or escapes a scrolling panel.
 */
export function SuggestCombobox({ id, value, onValueChange, kinds, accept, onChoose, listLabel, testId, ...inputProps }: SuggestComboboxProps) {
  const [state, dispatch] = useReducer(comboboxReducer, CLOSED);
  const pointerIsDown = usePointerIsDown();
  const fetched = useSuggestions(value, state.open);
  const query = value.trim();
  // Earlier suggestions stay up while the words only grow, so the list does not flicker.
  const usable = query.startsWith(fetched.query) && fetched.query !== '';
  const groups = useMemo(
    () => (usable ? groupSuggestions(accept ? fetched.suggestions.filter(accept) : fetched.suggestions, kinds) : []),
    [usable, fetched, kinds, accept],
  );
  const options = useMemo(() => flatten(groups), [groups]);
  const expanded = state.open && options.length > 0;
  const listboxId = `${id}-listbox`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const activeId = expanded && state.active >= 0 ? optionId(state.active) : undefined;

  useEffect(() => dispatch({ type: 'results' }), [options]);
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  // Said once the answer for these very words is in, while the list is open.
  const status = state.open && fetched.query === query && query !== '' ? suggestionsStatus(groups) : '';

  function choose(suggestion: Suggestion) {
    dispatch({ type: 'close' });
    onChoose(suggestion);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        dispatch({ type: 'key', key: event.key, altKey: event.altKey, count: options.length });
        break;
      case 'Enter': {
        const picked = expanded && state.active >= 0 ? options[state.active] : undefined;
        if (picked) {
          event.preventDefault();
          choose(picked);
        } else {
          dispatch({ type: 'close' });
        }
        break;
      }
      case 'Escape':
        // Closing the list comes first; only a second Escape clears a search box.
        if (expanded) {
          event.preventDefault();
          dispatch({ type: 'close' });
        }
        break;
      case 'Tab':
        dispatch({ type: 'close' });
        break;
    }
  }

  return (
    <div className="combobox">
      <input
        {...inputProps}
        id={id}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-activedescendant={activeId}
        value={value}
        onChange={(event) => {
          onValueChange(event.target.value);
          dispatch({ type: 'typed' });
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          const close = () => dispatch({ type: 'close' });
          if (!pointerIsDown.current) return close();
          // After the release's click has landed where it was aimed (same task, so a timeout follows it).
          document.addEventListener('pointerup', () => window.setTimeout(close, 0), { once: true, capture: true });
        }}
        data-testid={testId}
      />
      <div id={listboxId} role="listbox" aria-label={listLabel} className="combobox__listbox" hidden={!expanded}>
        {expanded &&
          groups.map((group) => (
            <ul key={group.kind} role="group" aria-labelledby={`${id}-group-${group.kind}`} className="combobox__group">
              <li role="presentation" id={`${id}-group-${group.kind}`} className="combobox__group-label">
                {group.label}
              </li>
              {group.options.map(({ suggestion, index }) => {
                const detail = suggestionDetail(suggestion);
                return (
                  <li
                    key={optionKey(suggestion)}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === state.active}
                    className="combobox__option"
                    // Keep focus in the box: a click must not blur it (which closes the list) first.
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => choose(suggestion)}
                  >
                    <span className="combobox__label">{suggestion.label}</span>
                    {detail && <span className="combobox__detail">{detail}</span>}
                  </li>
                );
              })}
            </ul>
          ))}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {status}
      </p>
    </div>
  );
}
