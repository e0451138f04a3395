// electron-builder `beforeBuild` hook (see electron-builder.yml). Instead of letting
// electron-builder rebuild node_modules/better-sqlite3 in place for Electron — which would break
// `npm test`, the CLI and the web host, all running on Node's ABI — build a separate Electron-ABI
// addon per target into build/electron-native/<platform>-<arch>/ and skip the in-place rebuild.
// The per-platform extraResources ship it as resources/electron-native/better_sqlite3.node,
// which electron/main.ts hands to the engine as better-sqlite3's `nativeBinding`.
const path = require('node:path');
const { pathToFileURL } = require('node:url');

exports.default = async function beforeBuild(context) {
  const { ensureElectronNative, root } = await import(pathToFileURL(path.join(__dirname, 'electron-native.mjs')).href);
  const platform = context.platform.nodeName; // 'win32' | 'linux' | 'darwin'
  const arch = String(context.arch); // 'x64' | 'arm64' | …
  ensureElectronNative({
    version: context.electronVersion,
    platform,
    arch,
    outFile: path.join(root, 'build', 'electron-native', `${platform}-${arch}`, 'better_sqlite3.node'),
  });
  return false; // false = do not install or rebuild dependencies
};
