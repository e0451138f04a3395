// Quick renderer timing on a big units table (a developer's check; the reported benchmark is
// bench/units-grid.ts):
//
//   npx tsx renderer/dev/perf.ts [--units 10000] [--skip-build]
//
// Prints, from inside the page: rows handed to the grid → first rows rendered, the pinyin
// warm-up (sliced, in the background), and the quick filter `xzwsy` (value set → count updated
// and painted) with the longest main-thread task seen meanwhile.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { BENCH_ADMIN, seedLedger } from '../../bench/seed';
import { startWebHost } from '../../db/hosts/web/server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { units: { type: 'string' }, 'skip-build': { type: 'boolean' } }, strict: true });
const UNITS = Number(values.units ?? 10_000);

async function main() {
  if (!values['skip-build']) {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (res.status !== 0) throw new Error('vite build failed');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-perf-'));
  const ledger = await seedLedger(path.join(dir, 'perf.ledger'), { units: UNITS, townships: 100 });
  const host = await startWebHost(ledger, { port: 0, staticDir: path.join(ROOT, 'build/renderer') });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    await page.getByTestId('login-username').fill(BENCH_ADMIN.username);
    await page.getByTestId('login-password').fill(BENCH_ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid=grid-units] .ag-row:not(.ag-row-pinned)').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => {
      const p = (window as unknown as { __ledgerPerf?: Record<string, { pinyinWarmMs?: number }> }).__ledgerPerf;
      return p?.['grid-units']?.pinyinWarmMs !== undefined;
    }, undefined, { timeout: 60_000 });
    const perf = await page.evaluate(() => (window as unknown as { __ledgerPerf?: unknown }).__ledgerPerf);
    console.log('grid:', JSON.stringify(perf));

    for (const text of ['xzwsy', 'cunweishengshi', '卫生院']) {
      const r = await page.evaluate(async (q) => {
        let longest = 0;
        const obs = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
        });
        obs.observe({ type: 'longtask', buffered: false });
        const count = () => document.querySelector('[data-testid=grid-count]')?.textContent ?? '';
        const before = count();
        const input = document.querySelector<HTMLInputElement>('[data-testid=grid-quick-filter]')!;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const t0 = performance.now();
        setter.call(input, q);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        while (count() === before) await new Promise((res) => setTimeout(res, 2));
        await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
        const ms = performance.now() - t0;
        obs.disconnect();
        return { ms: Math.round(ms), longest: Math.round(longest), count: count() };
      }, text);
      console.log(`filter "${text}": ${r.ms} ms incl. 120 ms debounce, longest task ${r.longest} ms → ${r.count}`);
      await page.getByTestId('grid-quick-filter').fill('');
      await page.waitForTimeout(500);
    }
  } finally {
    await browser.close();
    await host.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
