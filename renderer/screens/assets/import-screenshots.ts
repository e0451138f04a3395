// Screenshot of the asset import preview from the demo community and a messy register:
//
//   npx tsx renderer/screens/assets/import-screenshots.ts [--skip-build]
//
// → docs/screenshots/assets-import-preview.png (the dialog after checking the file: counts, the
// rejected rows with row/column/reason, the rows to be imported, the choices).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildDemo } from '../../../db/demo';
import { openLedger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';
import { sampleRegister } from './import-sample';

const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };
const SYSTEM = { system: { actor: '王建国' } };
const OUT = path.resolve('docs/screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function main() {
  if (!process.argv.includes('--skip-build')) await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-import-shots-'));
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  await buildDemo(ledger);
  const units = await ledger.invoke('units.list', {}, SYSTEM);
  const depts = await ledger.invoke('departments.list', {}, SYSTEM);
  const lead = units.find((u) => u.type === '牵头医院') ?? units[0]!;
  const names = depts.filter((d) => d.unitCode === lead.code).map((d) => d.name);
  // a migrated register's opening figures are as of the last closed month
  const closed = (await ledger.invoke('depreciation.periods', {}, SYSTEM)).filter((p) => p.status === 'closed').map((p) => p.period).sort();
  const opening = closed[closed.length - 1] ?? '2025-12';
  const file = path.join(dir, `${lead.name}固定资产明细账.xlsx`);
  fs.writeFileSync(file, await sampleRegister({ unitName: lead.name, depts: [names[0] ?? '内科', names[1] ?? names[0] ?? '外科'] }));

  const host = await startWebHost(ledger, { port: 0, staticDir: path.resolve('build/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 })).newPage();
    await page.goto(host.url);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-assets').click();
    await page.getByTestId('asset-import-button').click();
    await page.getByTestId('asset-import-dialog').waitFor();
    await page.getByTestId('asset-import-unit').selectOption(lead.code);
    await page.getByTestId('asset-import-opening').fill(opening);
    await page.getByTestId('asset-import-input').setInputFiles(file);
    await page.getByTestId('asset-import-summary').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid=asset-import-preview] .ag-row').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(500);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'assets-import-preview.png') });
    process.stderr.write(`screenshot in ${path.join(OUT, 'assets-import-preview.png')}\n`);
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
