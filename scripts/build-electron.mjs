#!/usr/bin/env node
// Bundle the Electron main process, the sandboxed preload and the engine utility process into
// build/electron/*.cjs. `electron` is provided by the runtime; better-sqlite3 stays a real
// node_modules package because it loads a native addon (its Electron-ABI build is passed to the
// engine as `nativeBinding`, see scripts/electron-native.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'build', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22', // Electron 41 ships Node 22+
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['electron', 'better-sqlite3'],
  // import.meta.url is how modules find files beside their source when run through tsx; in these
  // CommonJS bundles it is absent on purpose (they look beside __dirname instead).
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': 'undefined' },
};

const entries = [
  { in: 'electron/main.ts', out: 'main.cjs' },
  { in: 'electron/engine-process.ts', out: 'engine-process.cjs' },
  // Worker thread of large imports, started by the engine from beside its own bundle
  // (db/modules/assets/import-worker-host.ts).
  { in: 'db/modules/assets/import-worker.ts', out: 'import-worker.cjs' },
  // The preload runs sandboxed: it may require only 'electron', so everything else is inlined
  // (checked below).
  { in: 'electron/preload.ts', out: 'preload.cjs' },
];

export async function buildElectron({ quiet = false } = {}) {
  const results = await Promise.all(
    entries.map((e) =>
      build({ ...common, entryPoints: [path.join(root, e.in)], outfile: path.join(outdir, e.out), metafile: true }),
    ),
  );
  const preloadMeta = results[entries.findIndex((e) => e.out === 'preload.cjs')].metafile;
  const preloadImports = Object.values(preloadMeta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  const forbidden = preloadImports.filter((p) => p !== 'electron');
  if (forbidden.length > 0) {
    throw new Error(`preload must not require anything but 'electron' (sandbox); it requires: ${[...new Set(forbidden)].join(', ')}`);
  }
  if (!quiet) {
    for (const [i, e] of entries.entries()) {
      const out = Object.entries(results[i].metafile.outputs).find(([f]) => f.endsWith('.cjs'));
      const kb = out ? (out[1].bytes / 1024).toFixed(0) : '?';
      process.stderr.write(`built build/electron/${e.out} (${kb} KiB)\n`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
