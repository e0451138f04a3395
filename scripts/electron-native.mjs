#!/usr/bin/env node
// Build (or download) better-sqlite3's native addon for Electron's ABI into a file of its own,
// without touching node_modules/better-sqlite3/build — that one stays built for Node, which the
// tests, the CLI and the web host use. The engine loads this file via better-sqlite3's
// `nativeBinding` option.
//
//   node scripts/electron-native.mjs [--platform win32] [--arch x64] [--out <file>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const HEADERS_URL = 'https://electronjs.org/headers';

export function electronVersion() {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

function log(msg) {
  process.stderr.write(`[electron-native] ${msg}\n`);
}

function run(cmd, args, cwd) {
  const win = process.platform === 'win32';
  // .cmd shims (npx.cmd) need a shell on Windows.
  const res = spawnSync(cmd, args, { cwd, stdio: ['ignore', 2, 2], shell: win && !cmd.endsWith('.exe') && cmd !== process.execPath });
  return res.status === 0;
}

/** npm ships node-gyp; use it before asking npx to fetch one. */
function nodeGypCommand() {
  const candidates = [
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), // Windows
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), // Unix
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  if (found) return { cmd: process.execPath, pre: [found] };
  return { cmd: process.platform === 'win32' ? 'npx.cmd' : 'npx', pre: ['--yes', 'node-gyp'] };
}

/**
 * Ensure `outFile` holds better_sqlite3.node for the given Electron version/platform/arch.
 * A stamp next to it records what it was built for, so repeated starts cost nothing.
 */
export function ensureElectronNative({ version = electronVersion(), platform = process.platform, arch = process.arch, outFile }) {
  const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const bsVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const want = { electron: version, betterSqlite3: bsVersion, platform, arch };
  const stampFile = `${outFile}.json`;
  try {
    const have = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (fs.existsSync(outFile) && JSON.stringify(have) === JSON.stringify(want)) return outFile;
  } catch {
    // no stamp: build
  }

  log(`building better-sqlite3 ${bsVersion} for Electron ${version} (${platform}-${arch}) …`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-bs3-'));
  const work = path.join(tmp, 'better-sqlite3');
  try {
    // A private copy, so neither prebuild-install nor node-gyp writes into node_modules.
    fs.cpSync(pkgDir, work, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(pkgDir, src);
        return rel !== 'build' && !rel.startsWith(`build${path.sep}`) && rel !== 'node_modules' && !rel.startsWith(`node_modules${path.sep}`);
      },
    });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');

    const prebuildBin = require.resolve('prebuild-install/bin.js');
    let ok = run(process.execPath, [prebuildBin, '--runtime', 'electron', '--target', version, '--arch', arch, '--platform', platform, '--verbose'], work);
    if (!ok || !fs.existsSync(built)) {
      if (platform !== process.platform) {
        throw new Error(`no prebuilt better-sqlite3 for Electron ${version} ${platform}-${arch}, and it cannot be compiled on ${process.platform}`);
      }
      log('no prebuilt binary; compiling with node-gyp (needs Python and a C++ toolchain) …');
      const gyp = nodeGypCommand();
      ok = run(gyp.cmd, [...gyp.pre, 'rebuild', '--release', `--target=${version}`, `--arch=${arch}`, `--dist-url=${HEADERS_URL}`], work);
      if (!ok || !fs.existsSync(built)) throw new Error('node-gyp could not build better-sqlite3 for Electron');
    }
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.copyFileSync(built, outFile);
    fs.writeFileSync(stampFile, JSON.stringify(want));
    log(`ready: ${path.relative(root, outFile)}`);
    return outFile;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  try {
    const out = ensureElectronNative({
      platform: arg('--platform') ?? process.platform,
      arch: arg('--arch') ?? process.arch,
      outFile: path.resolve(arg('--out') ?? path.join(root, 'build', 'electron-native', 'better_sqlite3.node')),
    });
    console.log(out);
  } catch (err) {
    console.error(`[electron-native] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
