import type { SearchResults } from '@common-ground/schema';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, errorMessage, isAbort } from '../../api/api-client.js';
import { hasSearch, RESULTS_PAGE_SIZE, searchKey, searchToApiParams, type SearchState } from '../../lib/url-state.js';
import { appendPage, joinPages, pageRequests } from './result-pages.js';

export type SearchField = 'q' | 'place' | 'category' | 'language';

/** Loading the list's next page, separate from the list already shown. */
export type MoreStatus = { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string };

export type SearchOutcome =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string; fieldErrors: Partial<Record<SearchField, string>> }
  | { status: 'ready'; data: SearchResults; more: MoreStatus };

const IDLE: SearchOutcome = { status: 'idle' };
const NOT_LOADING_MORE: MoreStatus = { status: 'idle' };

/** A 400's issues, by the form field they belong to. */
export function fieldErrorsOf(error: unknown): Partial<Record<SearchField, string>> {
  const fields: Partial<Record<SearchField, string>> = {};
  if (!(error instanceof ApiError)) return fields;
  for (const issue of error.issues) {
    const name = issue.path.replace(/^querystring\./, '');
    if (name === 'postcode' || name === 'area' || name === 'near' || name === 'radius') fields.place ??= issue.message;
    else if (name === 'q') fields.q ??= issue.message;
    else if (name === 'category') fields.category ??= issue.message;
    else if (name === 'language') fields.language ??= issue.message;
  }
  return fields;
}

async function loadRange(search: SearchState, from: number, to: number, signal: AbortSignal): Promise<SearchResults> {
  const answers = await Promise.all(pageRequests(from, to).map((request) => api.search(searchToApiParams(search, request), signal)));
  return joinPages(answers, from, to);
}

/**
 * The results for the search in the address. A new search loads as many pages as the address
 * says (a shared link may show several); a higher `pages` on the same search only adds the
 * pages not yet loaded, so the list grows in place and focus can stay where the user is.
 * A superseded request is abandoned, so a slow answer never replaces a newer one.
 */
export function useSearchResults(search: SearchState): { outcome: SearchOutcome; retryMore: () => void } {
  const key = searchKey(search);
  const [state, setState] = useState<{ key: string; outcome: SearchOutcome }>({ key: '', outcome: IDLE });
  const [retries, setRetries] = useState(0);
  // The effects below are keyed on what changed; this is the whole search they act on.
  const latest = useRef(search);
  latest.current = search;

  useEffect(() => {
    const current = latest.current;
    if (!hasSearch(current)) {
      setState({ key, outcome: IDLE });
      return;
    }
    const controller = new AbortController();
    setState({ key, outcome: { status: 'loading' } });
    loadRange(current, 0, current.pages * RESULTS_PAGE_SIZE, controller.signal).then(
      (data) => setState({ key, outcome: { status: 'ready', data, more: NOT_LOADING_MORE } }),
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setState({ key, outcome: { status: 'error', message: errorMessage(error), fieldErrors: fieldErrorsOf(error) } });
      },
    );
    return () => controller.abort();
  }, [key]);

  const shown = state.key === key && state.outcome.status === 'ready' ? state.outcome.data : null;
  const wanted = search.pages * RESULTS_PAGE_SIZE;
  useEffect(() => {
    if (!shown) return;
    const from = shown.results.length;
    const to = Math.min(wanted, shown.total);
    if (from >= to) return;
    const controller = new AbortController();
    setState({ key, outcome: { status: 'ready', data: shown, more: { status: 'loading' } } });
    loadRange(latest.current, from, to, controller.signal).then(
      (next) => {
        const data = appendPage(shown, next);
        // Nothing new (the data changed between pages): stop offering more rather than ask again.
        const settled = data.results.length > from ? data : { ...data, total: from };
        setState({ key, outcome: { status: 'ready', data: settled, more: NOT_LOADING_MORE } });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setState({ key, outcome: { status: 'ready', data: shown, more: { status: 'error', message: errorMessage(error) } } });
      },
    );
    return () => controller.abort();
    // `key` is implied by `shown`, which belongs to one search.
  }, [shown, wanted, retries, key]);

  const retryMore = useCallback(() => setRetries((n) => n + 1), []);
  const outcome = useMemo((): SearchOutcome => {
    // Until the effect has run for a new search, the stored state belongs to the old one.
    if (state.key !== key) return hasSearch(latest.current) ? { status: 'loading' } : IDLE;
    const current = state.outcome;
    // An address asking for fewer pages than are loaded (edited by hand) shows only those.
    if (current.status === 'ready' && current.data.results.length > wanted) {
      return { ...current, data: { ...current.data, results: current.data.results.slice(0, wanted) } };
    }
    return current;
  }, [state, key, wanted]);
  return { outcome, retryMore };
}
