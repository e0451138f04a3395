#!/usr/bin/env node
// `npm start`: make sure Electron's binary is there, build what is stale, build better-sqlite3 for
// Electron's ABI (beside node_modules, never inside it), then launch the desktop app.
// Extra arguments are passed to the app, e.g. `npm start -- --db D:\台账\2025.ledger`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildElectron } from './build-electron.mjs';
import { ensureElectronNative, electronVersion, root } from './electron-native.mjs';
import { ensureRenderer } from './ensure-renderer.mjs';

function fail(msg) {
  console.error(`\n${msg}\n`);
  process.exit(1);
}

/** Path of the Electron executable, or null when its binary was never downloaded. */
function electronExecutable() {
  // A child process, so a fresh download is seen (require('electron') reads path.txt once).
  const res = spawnSync(process.execPath, ['-p', "require('electron')"], { cwd: root, encoding: 'utf8' });
  const p = res.status === 0 ? res.stdout.trim() : '';
  return p && fs.existsSync(p) ? p : null;
}

function ensureElectronBinary() {
  let exe = electronExecutable();
  if (exe) return exe;
  process.stderr.write('Electron binary missing; downloading it (node node_modules/electron/install.js) …\n');
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, stdio: ['ignore', 2, 2] });
  exe = res.status === 0 ? electronExecutable() : null;
  if (!exe) {
    fail(
      [
        `无法下载 Electron ${electronVersion()} 的运行文件：下载服务器（默认 github.com）在本机无法访问。`,
        `Could not download Electron ${electronVersion()}: its download host is unreachable from this machine.`,
        '',
        '  • 若有可用镜像，可设置 ELECTRON_MIRROR 后重试 npm start',
        '    (if you have a mirror, set ELECTRON_MIRROR and run npm start again)',
        '  • 或者使用浏览器版本（同一账套引擎，仅监听 127.0.0.1）：npm run web',
        '    (or run the same app in a browser: npm run web)',
      ].join('\n'),
    );
  }
  return exe;
}

const exe = ensureElectronBinary();

try {
  ensureRenderer();
  await buildElectron();
} catch (err) {
  fail(`构建失败 / build failed: ${err instanceof Error ? err.message : err}`);
}

let nativeBinding;
try {
  nativeBinding = ensureElectronNative({ outFile: path.join(root, 'build', 'electron-native', 'better_sqlite3.node') });
} catch (err) {
  fail(
    [
      `无法为 Electron 准备 better-sqlite3：${err instanceof Error ? err.message : err}`,
      'better-sqlite3 could not be prepared for Electron (no prebuilt binary could be downloaded and compiling failed).',
      '  • 需要网络访问 github.com 以下载预编译文件，或安装 Python 与 C++ 编译工具后重试',
      '  • 或者使用浏览器版本：npm run web',
    ].join('\n'),
  );
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
const child = spawn(exe, ['.', '--native-binding', nativeBinding, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
