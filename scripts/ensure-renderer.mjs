#!/usr/bin/env node
// Build the renderer (vite) only when build/renderer/index.html is missing or older than its
// sources. Silent on stdout when up to date; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['renderer', 'shared', 'vite.config.ts', 'renderer/index.html'];
const OUTPUT = path.join(root, 'build', 'renderer', 'index.html');

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file bumps its directory
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

export function rendererIsStale() {
  let built;
  try {
    built = fs.statSync(OUTPUT).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

export function ensureRenderer() {
  if (!rendererIsStale()) return;
  process.stderr.write('building renderer (vite build) …\n');
  const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // vite's own output goes to stderr so our stdout stays clean for callers.
  const res = spawnSync(process.execPath, [viteBin, 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status ?? res.signal})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureRenderer();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
