import { useLayoutEffect, useRef } from 'react';

/**
 * A ref that always holds the latest `value`: for an effect that must run only when some
 * other thing changes (a map built once, a search keyed by its query) but reads the newest
 * props when it does. Updated after render, as React asks of refs.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
