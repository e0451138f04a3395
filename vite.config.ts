import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The renderer is a static bundle: Electron loads it from app://, the web host serves it from
// its root. Relative asset URLs (base './') work for both.
const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./build/renderer', import.meta.url));

/**
 * A build is always the production bundle (React's production runtime, no dev-only grid
 * validation), even when started from a process with NODE_ENV=test — vitest's e2e global setup
 * builds through vite's API. Vite and the React plugin read NODE_ENV, so set it for the build and
 * put the caller's value back afterwards.
 */
function productionBuild(): Plugin {
  let previous: string | undefined;
  let changed = false;
  return {
    name: 'medcom:production-build',
    apply: 'build',
    config() {
      if (process.env.NODE_ENV !== 'production') {
        previous = process.env.NODE_ENV;
        changed = true;
        process.env.NODE_ENV = 'production';
      }
    },
    closeBundle() {
      if (!changed) return;
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
      changed = false;
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [productionBuild(), react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
  },
});
