import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { SessionProvider } from './features/account/session.js';
import { GapsView } from './features/gaps/gaps-view.js';
import { useLocation } from './lib/use-location.js';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/** /gaps is a view of its own with its own map; everything else is the main map and its pages. */
function Root() {
  const [location] = useLocation();
  return /^\/gaps\/?$/.test(location.pathname) ? <GapsView /> : <App />;
}

createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <Root />
    </SessionProvider>
  </StrictMode>,
);
