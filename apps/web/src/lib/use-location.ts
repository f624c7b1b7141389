import { useEffect, useState } from 'react';

export interface LocationSnapshot {
  pathname: string;
  search: string;
  hash: string;
}

function snapshot(): LocationSnapshot {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

/** Fired on `window` after our own pushState/replaceState, so every hook instance re-reads. */
const CHANGE = 'cg:locationchange';

/**
 * Changes the address with the History API (push by default, so Back returns; `replace` for
 * view changes such as panning), and tells every useLocation to re-read it.
 */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  const target = new URL(url, window.location.href);
  if (target.href === window.location.href) return;
  // Remember that the entry was made by us, so "Back to the map" can use history.back().
  const state = { cg: true };
  if (options.replace) window.history.replaceState(window.history.state ?? state, '', target);
  else window.history.pushState(state, '', target);
  window.dispatchEvent(new Event(CHANGE));
}

/**
 * The page's address, kept in React state, and a `navigate` that changes it with the
 * History API (push by default, so Back returns; `replace` for view changes such as panning).
 */
export function useLocation(): [LocationSnapshot, (url: string, options?: { replace?: boolean }) => void] {
  const [location, setLocation] = useState(snapshot);

  useEffect(() => {
    const update = () => setLocation(snapshot());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);

  return [location, navigate];
}
