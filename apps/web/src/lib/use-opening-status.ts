import { useEffect, useState } from 'react';

type OpeningStatusFn = (hours: string, instant?: Date) => string | null;

/**
 * The opening-hours reader (the `opening_hours` library, over a megabyte of source) loads on
 * demand, after first paint: a list or asset page shows its hours in words at once and
 * "Open now" a moment later. One import is shared by every caller.
 */
let loading: Promise<OpeningStatusFn> | undefined;
let loaded: OpeningStatusFn | undefined;

function loadOpeningStatus(): Promise<OpeningStatusFn> {
  loading ??= import('./opening-hours.js').then(
    (m) => (loaded = m.openingStatus),
    (error: unknown) => {
      // A failed load (offline, a page being closed) is tried again next time.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** A function giving "Open now, closes at 7pm" and the like, or null until the reader has loaded. */
export function useOpeningStatus(wanted: boolean): OpeningStatusFn | null {
  const [fn, setFn] = useState<OpeningStatusFn | null>(() => loaded ?? null);
  useEffect(() => {
    if (!wanted || fn) return;
    let live = true;
    loadOpeningStatus().then(
      (f) => {
        if (live) setFn(() => f);
      },
      // Without the reader the hours still show in words, only "Open now" is missing.
      (error: unknown) => console.warn('Opening hours reader could not be loaded', error),
    );
    return () => {
      live = false;
    };
  }, [wanted, fn]);
  return fn;
}
