import { useEffect, useState } from 'react';
import { errorMessage, isAbort } from '../api/api-client.js';
import { useLatest } from './use-latest.js';

export type Resource<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

/**
 * Loads something for as long as `key` stays the same; a new key abandons the old request,
 * so a slow answer for a previous selection never overwrites the current one.
 * Pass a null key to load nothing.
 */
export function useResource<T>(key: string | null, load: (key: string, signal: AbortSignal) => Promise<T>): Resource<T> {
  const loadRef = useLatest(load);
  const [state, setState] = useState<{ key: string | null; resource: Resource<T> }>({ key, resource: { status: 'loading' } });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setState({ key, resource: { status: 'loading' } });
    loadRef.current(key, controller.signal).then(
      (data) => setState({ key, resource: { status: 'ready', data } }),
      (error: unknown) => {
        if (!isAbort(error) && !controller.signal.aborted) {
          setState({ key, resource: { status: 'error', message: errorMessage(error) } });
        }
      },
    );
    return () => controller.abort();
    // A new `load` (an inline function) is no reason to load again: only a new key is.
  }, [key, loadRef]);

  // Until the effect has run for a new key, the stored state belongs to the old one.
  return state.key === key ? state.resource : { status: 'loading' };
}
