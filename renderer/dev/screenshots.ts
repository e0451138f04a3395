// Regenerate the UI screenshots in docs/screenshots/ from a demo ledger:
//
//   npx tsx renderer/dev/screenshots.ts [--skip-build] [--out docs/screenshots] [--headed]
//
// Builds the renderer (vite), creates a throw-away demo ledger through the engine (the same
// data as `ledger init --demo`), serves it with the web host on a random 127.0.0.1 port and
// drives Debian's Chromium with playwright-core. Besides the four screenshots the docs use
// (login.png, shell.png, units-grid.png, users.png) it saves a few more that show the grid's
// behaviour (validation, pinyin filter, import preview) and the other screens.
// Also prints how long the units grid took to render (from the grid's own __ledgerPerf mark).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { buildDemo, DEMO_COMMUNITY_NAME } from '../../db/demo';
import { openLedger } from '../../db/engine/ledger';
import { startWebHost } from '../../db/hosts/web/server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };

const { values } = parseArgs({
  options: { 'skip-build': { type: 'boolean' }, out: { type: 'string' }, headed: { type: 'boolean' } },
  strict: true,
});
const OUT = path.resolve(ROOT, values.out ?? 'docs/screenshots');

function step(msg: string) {
  process.stderr.write(`• ${msg}\n`);
}

async function settle(page: Page, ms = 400) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(ms);
}

async function shot(page: Page, name: string) {
  await settle(page);
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  step(`saved ${path.relative(ROOT, file)}`);
}

async function gridReady(page: Page, testId: string) {
  await page.locator(`[data-testid=${testId}] .ag-row:not(.ag-row-pinned)`).first().waitFor({ timeout: 30_000 });
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} not found: apt-get install -y chromium fonts-noto-cjk`);
    process.exit(3);
  }
  fs.mkdirSync(OUT, { recursive: true });
  if (!values['skip-build']) {
    step('vite build');
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (res.status !== 0) throw new Error('vite build failed');
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-shots-'));
  const file = path.join(dir, 'demo.ledger');
  step('demo ledger');
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: DEMO_COMMUNITY_NAME, ...ADMIN });
  await buildDemo(ledger);
  // A fresh, empty ledger for the first-run screen.
  const freshFile = path.join(dir, 'fresh.ledger');
  const fresh = openLedger(freshFile, { create: true });

  const host = await startWebHost(ledger, { port: 0, staticDir: path.join(ROOT, 'build/renderer') });
  const freshHost = await startWebHost(fresh, { port: 0, staticDir: path.join(ROOT, 'build/renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: !values.headed });
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1, acceptDownloads: true });
    // tsx keeps function names with a __name() helper; functions run in the page need it too.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });

    // First run
    const setupPage = await context.newPage();
    await setupPage.goto(`http://127.0.0.1:${freshHost.port}/#token=${freshHost.token}`);
    await setupPage.getByTestId('setup-form').waitFor();
    await setupPage.getByTestId('setup-community').fill('清河县医疗健康集团');
    await setupPage.getByTestId('setup-displayname').fill('李建国');
    await shot(setupPage, 'setup.png');
    await setupPage.close();

    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    // Login
    await page.goto(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    await page.getByTestId('login-form').waitFor();
    await shot(page, 'login.png');
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await shot(page, 'login-error.png');
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();

    // Units (the landing screen)
    await gridReady(page, 'grid-units');
    const perf = await page.evaluate(() => (window as unknown as { __ledgerPerf?: unknown }).__ledgerPerf);
    step(`units grid first render: ${JSON.stringify(perf)}`);
    await shot(page, 'units-grid.png');

    // Shell on a module placeholder
    await page.getByTestId('nav-assets').click();
    await page.getByTestId('placeholder-assets').waitFor();
    await shot(page, 'shell.png');

    // Units: pinyin quick filter
    await page.getByTestId('nav-units').click();
    await gridReady(page, 'grid-units');
    await page.getByTestId('grid-quick-filter').fill('xzwsy');
    await page.waitForFunction(() => /筛选出/.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));
    await shot(page, 'units-filter-pinyin.png');
    await page.getByTestId('grid-quick-filter').fill('');
    await page.waitForFunction(() => !/筛选出/.test(document.querySelector('[data-testid=grid-count]')?.textContent ?? ''));

    // Units: a pasted block with one bad cell → red cell + status bar, nothing saved
    const row3 = page.locator('[data-testid=grid-units] .ag-row:not(.ag-row-pinned)[row-index="3"]');
    await row3.locator('.ag-cell[col-id=name]').click();
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, '城关镇中心卫生院\t卫生院\r\n朱楼村卫生室\t诊所\r\n');
    await page.locator('[data-testid=grid-units] .cell-invalid').first().waitFor();
    await page.locator('[data-testid=grid-units] .cell-invalid').first().hover();
    await page.waitForTimeout(700); // tooltip
    await shot(page, 'units-validation.png');

    // Units: import preview (dry run) of a CSV with two bad rows
    const csv = path.join(dir, '单位导入.csv');
    fs.writeFileSync(
      csv,
      '\uFEFF单位编码,单位名称,单位类型,上级单位编码\r\nQH117,新店镇卫生院,乡镇卫生院,QH001\r\nQH117-01,新店村卫生室,村卫生室,QH117\r\nQH117-02,,村卫生室,QH117\r\nQH117-03,后店村卫生室,诊所,QH117\r\nQH117-04,前店村卫生室,村卫生室,QH117\r\n',
    );
    await page.getByTestId('import-file').setInputFiles(csv);
    await page.getByTestId('import-would').waitFor();
    await shot(page, 'units-import.png');
    await page.keyboard.press('Escape');

    // Departments, users, audit
    await page.getByTestId('nav-departments').click();
    await gridReady(page, 'grid-departments');
    await shot(page, 'departments.png');
    await page.getByTestId('nav-users').click();
    await gridReady(page, 'grid-users');
    await page.locator('[data-testid=grid-users] .ag-row:not(.ag-row-pinned)[row-index="1"] .ag-cell[col-id=displayName]').click();
    await shot(page, 'users.png');
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-add-dialog').waitFor();
    await page.getByTestId('user-add-username').fill('wang.fang');
    await page.getByTestId('user-add-displayname').fill('王芳');
    await shot(page, 'users-add.png');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-audit').click();
    await gridReady(page, 'grid-audit');
    await shot(page, 'audit.png');

    // English
    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-units').click();
    await gridReady(page, 'grid-units');
    await shot(page, 'units-grid-en.png');
    await page.getByTestId('lang-zh').click();

    if (errors.length) throw new Error(`errors in the page:\n${errors.join('\n')}`);
  } finally {
    await browser.close();
    await host.close();
    await freshHost.close();
    ledger.close();
    fresh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
