// Screenshots of the asset register and the asset card from a demo-like ledger:
//
//   npx tsx renderer/screens/assets/screenshots.ts [--skip-build]
//
// → docs/screenshots/assets-register-400.png (the 100,000-card one comes from bench/assets-grid.ts), docs/screenshots/assets-card.png
// The demo community (units, departments) plus 400 believable cards, one with a few events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildDemo } from '../../../db/demo';
import { openLedger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';
import { demoCards, type DemoCardUnit } from './demo-cards';

const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };
const SYSTEM = { system: { actor: '王建国' } };
const OUT = path.resolve('docs/screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function main() {
  if (!process.argv.includes('--skip-build')) await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-assets-shots-'));
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  await buildDemo(ledger, { assets: false }); // the organisation only: the cards below are this script's own
  const units = await ledger.invoke('units.list', {}, SYSTEM);
  const depts = await ledger.invoke('departments.list', {}, SYSTEM);
  // hospitals and health centres hold the equipment; the lead hospital first
  const holders: DemoCardUnit[] = units
    .filter((u) => u.type !== '村卫生室')
    .slice(0, 8)
    .map((u) => ({ code: u.code, depts: depts.filter((d) => d.unitCode === u.code).map((d) => d.code) }));
  const cards = demoCards(holders, 400, { seed: 11, prefix: 'QHZC' });
  await ledger.invoke('assets.create', { cards: cards as never }, SYSTEM);
  // a card with a history: an ultrasound that moved and had an upgrade
  const us = cards.find((c) => c.name === '彩色多普勒超声诊断仪' && c.unitCode === holders[0]!.code) ?? cards[0]!;
  const otherDept = holders[0]!.depts.find((d) => d !== us.usingDeptCode) ?? null;
  await ledger.invoke('assets.move', { code: us.code, date: '2026-01-08', usingDeptCode: otherDept, location: '医技楼2层超声中心', userName: '赵丽', docNo: '清医设〔2026〕2号' }, SYSTEM);
  await ledger.invoke('assets.changeCost', { code: us.code, date: '2026-01-20', deltaFen: 4_860_000, lifeMonths: 108, reason: '加装心脏探头及软件升级，延长使用年限', docNo: '清医设〔2026〕9号' }, SYSTEM);
  await ledger.invoke('assets.edit', { code: us.code, version: (await ledger.invoke('assets.show', { code: us.code }, SYSTEM)).version, changes: { remarks: '含 3 个探头；年度维保至 2027 年' } }, SYSTEM);

  const host = await startWebHost(ledger, { port: 0, staticDir: path.resolve('build/renderer') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 })).newPage();
    await page.goto(host.url);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-assets').click();
    await page.locator('[data-testid=grid-assets] .ag-row').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(500);
    fs.mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: path.join(OUT, 'assets-register-400.png') });
    await page.getByTestId('grid-quick-filter').fill(us.code);
    await page.waitForTimeout(400);
    await page.locator('[data-testid=grid-assets] .ag-cell[col-id=code]').first().dblclick();
    await page.getByTestId('asset-card').waitFor();
    await page.getByTestId('asset-event').nth(3).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(OUT, 'assets-card.png') });
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
