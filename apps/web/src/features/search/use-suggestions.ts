import type { Suggestion } from '@common-ground/schema';
import { useEffect, useState } from 'react';
import { api, isAbort } from '../../api/api-client.js';

/** Fewer letters than this match too much to help. */
export const SUGGEST_MIN_LENGTH = 2;

/** Long enough to skip the letters of a word typed quickly, short enough to feel immediate. */
const DEBOUNCE_MS = 150;

export interface SuggestionsState {
  /** The words these suggestions answer (trimmed). */
  query: string;
  suggestions: Suggestion[];
}

const NONE: SuggestionsState = { query: '', suggestions: [] };

/**
 * Suggestions for what is typed, fetched a moment after typing stops. Each new text abandons
 * the request for the previous one, so a slow answer never replaces a newer one. While
 * `active` is false (the box is closed) nothing is fetched. A failed request offers nothing:
 * the box still works as a plain search field.
 */
export function useSuggestions(text: string, active: boolean): SuggestionsState {
  const [state, setState] = useState<SuggestionsState>(NONE);
  const query = text.trim();

  useEffect(() => {
    if (!active || query.length < SUGGEST_MIN_LENGTH) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.suggest(query, { signal: controller.signal }).then(
        (suggestions) => setState({ query, suggestions }),
        (error: unknown) => {
          if (!isAbort(error) && !controller.signal.aborted) setState({ query, suggestions: [] });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, active]);

  return query.length < SUGGEST_MIN_LENGTH ? NONE : state;
}
