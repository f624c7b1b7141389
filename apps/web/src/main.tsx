import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/router.js';
import { SessionProvider } from './features/account/session.js';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <Root />
    </SessionProvider>
  </StrictMode>,
);
