// Screenshots and PDFs of the printed documents from a demo-like ledger:
//
//   npx tsx renderer/screens/print/screenshots.ts [--skip-build] [--pdf-dir DIR]
//
// → docs/screenshots/assets-labels.png, assets-card-print.png, report-register.png (the preview
// as the user sees it), and, with --pdf-dir, the same documents printed by Chromium (page.pdf(),
// the CSS page size) as assets-labels.pdf, assets-card.pdf, report-register.pdf, report-summary.pdf.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildDemo } from '../../../db/demo';
import { openLedger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';
import { demoCards, type DemoCardUnit } from '../assets/demo-cards';

const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };
const SYSTEM = { system: { actor: '王建国' } };
const OUT = path.resolve('docs/screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function argValue(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

async function pdf(page: Page, dir: string | null, name: string) {
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.pdf({ path: path.join(dir, name), preferCSSPageSize: true, printBackground: true });
}

async function main() {
  const pdfDir = argValue('--pdf-dir');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-print-shots-'));
  // a private build (others may be rebuilding build/renderer at the same time); --skip-build uses build/renderer
  let staticDir = path.resolve('build/renderer');
  if (!process.argv.includes('--skip-build')) {
    staticDir = path.join(dir, 'renderer');
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  }
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  await buildDemo(ledger, { assets: false }); // the organisation only: 400 cards below keep the run short
  const units = await ledger.invoke('units.list', {}, SYSTEM);
  const depts = await ledger.invoke('departments.list', {}, SYSTEM);
  const holders: DemoCardUnit[] = units
    .filter((u) => u.type !== '村卫生室')
    .slice(0, 8)
    .map((u) => ({ code: u.code, depts: depts.filter((d) => d.unitCode === u.code).map((d) => d.code) }));
  const cards = demoCards(holders, 400, { seed: 11, prefix: 'QHZC' });
  await ledger.invoke('assets.create', { cards: cards as never }, SYSTEM);
  const us = cards.find((c) => c.name === '彩色多普勒超声诊断仪' && c.unitCode === holders[0]!.code) ?? cards[0]!;
  const otherDept = holders[0]!.depts.find((d) => d !== us.usingDeptCode) ?? null;
  await ledger.invoke('assets.move', { code: us.code, date: '2026-01-08', usingDeptCode: otherDept, location: '医技楼2层超声中心', userName: '赵丽', docNo: '清医设〔2026〕2号' }, SYSTEM);
  await ledger.invoke('assets.changeCost', { code: us.code, date: '2026-01-20', deltaFen: 4_860_000, lifeMonths: us.lifeMonths + 36, reason: '加装心脏探头及软件升级', docNo: '清医设〔2026〕9号' }, SYSTEM);
  await ledger.invoke('depreciation.run', { period: '2026-01' }, SYSTEM);
  await ledger.invoke('depreciation.run', { period: '2026-02' }, SYSTEM);

  const host = await startWebHost(ledger, { port: 0, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 })).newPage();
    await page.goto(host.url);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-assets').click();
    await page.locator('[data-testid=grid-assets] .ag-row').first().waitFor();
    fs.mkdirSync(OUT, { recursive: true });

    // labels: the cards of the lead hospital's first 24 rows after a filter on its name
    await page.getByTestId('grid-quick-filter').fill(units[0]!.name);
    await page.waitForTimeout(500);
    await page.getByTestId('asset-print-labels').click();
    await page.getByTestId('label-page').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'assets-labels.png') });
    await pdf(page, pdfDir, 'assets-labels.pdf');
    await page.getByTestId('print-close').click();

    // the card of the ultrasound (with its history)
    await page.getByTestId('grid-quick-filter').fill(us.code);
    await page.waitForTimeout(400);
    await page.locator('[data-testid=grid-assets] .ag-cell[col-id=code]').first().click();
    await page.getByTestId('asset-print-card').click();
    await page.getByTestId('card-sheet').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'assets-card-print.png') });
    await pdf(page, pdfDir, 'assets-card.pdf');
    await page.getByTestId('print-close').click();

    // 报表: the register as of today, by unit and class
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-run').click();
    await page.getByTestId('report-table').waitFor();
    await page.screenshot({ path: path.join(OUT, 'reports-screen.png') });
    await page.getByTestId('report-print').click();
    await page.getByTestId('report-page').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'report-register.png') });
    await pdf(page, pdfDir, 'report-register.pdf');
    await page.getByTestId('print-close').click();

    // the depreciation summary of the last run
    await page.getByTestId('report-tab-summary').click();
    await page.waitForTimeout(300);
    await page.getByTestId('report-run').click();
    await page.getByTestId('report-table').waitFor();
    await page.getByTestId('report-print').click();
    await page.getByTestId('report-page').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'report-summary.png') });
    await pdf(page, pdfDir, 'report-summary.pdf');
    await page.getByTestId('print-close').click();

    // one asset's schedule
    await page.getByTestId('report-tab-schedule').click();
    await page.getByTestId('report-code').fill(us.code);
    await page.getByTestId('report-run').click();
    await page.getByTestId('report-table').waitFor();
    await page.getByTestId('report-print').click();
    await page.getByTestId('report-page').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'report-schedule.png') });
    await pdf(page, pdfDir, 'report-schedule.pdf');
    process.stderr.write(`screenshots in ${OUT}${pdfDir ? `, PDFs in ${pdfDir}` : ''}\n`);
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
