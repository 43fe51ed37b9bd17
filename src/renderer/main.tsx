// The renderer's entry: mounts the app. It talks to the main process only through `window.api`.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The global layer first: each component's own stylesheet, imported with it, comes after it.
import './styles/app.css';
import { App } from './App';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
