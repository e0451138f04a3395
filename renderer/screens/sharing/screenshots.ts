// Screenshots of 资产 › 调剂共享 from a demo-like ledger:
//
//   npx tsx renderer/screens/sharing/screenshots.ts [--skip-build] [--out DIR] [--all]
//
// → docs/screenshots/assets-sharing.png (the idle-asset pool with a request being filled in);
// with --all also assets-sharing-requests.png, assets-sharing-shares.png, assets-sharing-usage.png,
// assets-sharing-summary.png and assets-sharing-en.png.
// The demo community with a small asset register (db/demo), then seedSharingDemo (shares, usage, idle cards, requests).
// Builds the renderer into a temp directory of its own (not build/renderer), so it can run beside other work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildDemo } from '../../../db/demo';
import { openLedger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';
import { seedSharingDemo } from '../../../db/modules/sharing/demo';

const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };
const SYSTEM = { system: { actor: '王建国' } };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean' }, out: { type: 'string' }, all: { type: 'boolean' }, static: { type: 'string' } }, strict: true });
const OUT = path.resolve(values.out ?? 'docs/screenshots');

async function settle(page: Page, ms = 500) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(ms);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-sharing-shots-'));
  const staticDir = values.static ? path.resolve(values.static) : path.join(dir, 'renderer');
  if (!values['skip-build']) await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  // the demo community with a small asset register (histories, month-end runs; the last period open)
  const demo = await buildDemo(ledger, { assets: { scale: 0.03 } });
  const seeded = await seedSharingDemo(ledger, { ctx: SYSTEM, idle: 40, shares: 10, requests: 6, candidates: demo.assets?.largeEquipment });
  const units = await ledger.invoke('units.list', {}, SYSTEM);
  process.stderr.write(`sharing demo: ${JSON.stringify(seeded)}\n`);

  const host = await startWebHost(ledger, { port: 0, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const login = async (username: string, password: string) => {
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('nav-sharing').click();
    };
    // A township centre's operator looks at the pool and asks for a card of another unit.
    const operator = demo.users.find((u) => u.role === 'unit_operator' && u.unitCode && units.find((x) => x.code === u.unitCode)?.type === '乡镇卫生院');
    await page.goto(host.url);
    await login(operator?.username ?? ADMIN.username, operator?.password ?? ADMIN.password);
    await page.locator('[data-testid=grid-idle] .ag-row').first().waitFor();
    fs.mkdirSync(OUT, { recursive: true });
    // the pool, a row selected and a request being filled in
    await page.locator('[data-testid=grid-idle] .ag-row[row-index="1"] .ag-cell[col-id=name]').click();
    await page.getByTestId('idle-request').click();
    await page.getByTestId('sharing-request-form').waitFor();
    await page.getByTestId('request-reason').fill('公卫体检季临时使用');
    await page.getByTestId('sharing-form-submit').click();
    await page.getByTestId('sharing-request-form').waitFor({ state: 'detached' });
    await page.locator('[data-testid=grid-idle] .ag-row[row-index="2"] .ag-cell[col-id=name]').click();
    await page.getByTestId('idle-request').click();
    await page.getByTestId('sharing-request-form').waitFor();
    await page.getByTestId('request-kind').selectOption('share');
    await page.getByTestId('request-reason').fill('公卫体检季临时使用');
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'assets-sharing.png') });

    if (values.all) {
      // an asset manager handles the requests
      await page.getByTestId('logout').click();
      await login(ADMIN.username, ADMIN.password);
      await page.getByTestId('sharing-tab-requests').click();
      await page.locator('[data-testid=grid-requests] .ag-row').first().waitFor();
      await page.locator('[data-testid=grid-requests] .ag-row[row-index="0"] .ag-cell[col-id=assetName]').click();
      await page.getByTestId('request-approve').click();
      await page.getByTestId('sharing-approve-form').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, 'assets-sharing-requests.png') });

      await page.getByTestId('sharing-tab-shares').click();
      await page.locator('[data-testid=grid-shares] .ag-row').first().waitFor();
      await page.locator('[data-testid=grid-shares] .ag-row[row-index="0"] .ag-cell[col-id=assetName]').click();
      await page.getByTestId('share-record-usage').click();
      await page.getByTestId('sharing-usage-form').waitFor();
      await page.getByTestId('usage-amount').fill('1.234');
      await page.getByTestId('sharing-form-submit').click();
      await page.getByTestId('sharing-form-error').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, 'assets-sharing-shares.png') });

      await page.getByTestId('share-view-usage').click();
      await page.getByTestId('sharing-usage-dialog').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, 'assets-sharing-usage.png') });
      await page.keyboard.press('Escape');

      await page.getByTestId('sharing-tab-summary').click();
      await page.getByTestId('summary-from').fill('2026-01-01');
      await page.getByTestId('summary-table').waitFor();
      await settle(page, 800);
      await page.screenshot({ path: path.join(OUT, 'assets-sharing-summary.png') });

      await page.getByTestId('lang-en').click();
      await page.getByTestId('sharing-tab-pool').click();
      await page.locator('[data-testid=grid-idle] .ag-row').first().waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(OUT, 'assets-sharing-en.png') });
      await page.getByTestId('lang-zh').click();
    }
    if (errors.length) throw new Error(`errors in the page:\n${errors.join('\n')}`);
    process.stderr.write(`screenshots in ${OUT}\n`);
  } finally {
    await browser.close();
    await host.close();
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
