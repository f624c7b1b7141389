import { App } from '../app.js';
import { lazy, Suspense } from 'react';
import { useLocation } from '../lib/use-location.js';
import { parseRoute } from '../lib/url-state.js';

const GapsView = lazy(async () => ({ default: (await import('../features/gaps/gaps-view.js')).GapsView }));

/*
 * The one route table. Paths become routes in parseRoute (lib/url-state.ts, beside the
 * search and map view the address bar also holds); what each route shows:
 * - /gaps: a view of its own, with its own map (GapsView);
 * - / and /embed: the main map (App);
 * - every other route: a page over the main map (PageOver, app/pages.tsx), drawn by App.
 */
export function Root() {
  const [location] = useLocation();
  return parseRoute(location.pathname).page === 'gaps' ? (
    <Suspense
      fallback={
        <p role="status" className="page-loading">
          Loading the gaps view…
        </p>
      }
    >
      <GapsView />
    </Suspense>
  ) : (
    <App />
  );
}
