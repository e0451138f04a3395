import './grid/setup';
import './i18n';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initClient } from './api/client';
import { App } from './app/App';

// Take the launch token out of the address bar before anything renders.
initClient();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
