import fs from 'node:fs';
import { build } from 'vite';

/** End-to-end tests run against the built renderer served by the web host: build it once per run. */
export default async function setup(): Promise<void> {
  if (!fs.existsSync('/usr/bin/chromium')) {
    throw new Error('端到端测试需要 Debian 的 chromium（/usr/bin/chromium）：apt-get install chromium fonts-noto-cjk，或运行 .ci/run');
  }
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
