// Screenshots of 盘点 and 对账 › 账账核对 from a demo ledger with a count in progress:
//
//   npx tsx renderer/screens/counts/screenshots.ts [--skip-build] [--static DIR] [--out DIR]
//
// → docs/screenshots/counts-list.png, counts-scan.png (a burst typed into the scan field: found,
// a repeated scan, an unknown number), counts-results.png, counts-found.png, counts-reconcile.png,
// counts-resolve.png, counts-sheet.png (printed count sheet with QR codes), counts-report.png
// (盘盈盘亏汇总表), counts-gl.png (账账核对 with the explaining cards) and counts-scan-en.png.
// The demo community (db/demo, small asset register with month-ends) plus a count seeded through
// the engine with realistic differences. Builds the renderer into a temp directory of its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildDemo } from '../../../db/demo';
import { openLedger, type Ledger } from '../../../db/engine/ledger';
import { startWebHost } from '../../../db/hosts/web/server';

const ADMIN = { username: 'admin', password: 'admin1234', displayName: '李建国' };
const SYSTEM = { system: { actor: '王芳' } };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const { values } = parseArgs({ options: { 'skip-build': { type: 'boolean' }, out: { type: 'string' }, static: { type: 'string' } }, strict: true });
const OUT = path.resolve(values.out ?? 'docs/screenshots');

async function settle(page: Page, ms = 500) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(ms);
}

/** A count of the unit with the most cards, most of it counted, with every kind of difference. */
async function seedCount(ledger: Ledger) {
  const units = await ledger.invoke('units.list', {}, SYSTEM);
  const cards = await ledger.invoke('assets.list', {}, SYSTEM);
  const byUnit = new Map<string, number>();
  for (const c of cards) if (c.status !== '已处置') byUnit.set(c.unitCode, (byUnit.get(c.unitCode) ?? 0) + 1);
  const unit = [...byUnit.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const count = await ledger.invoke('counts.create', { unitCode: unit, name: '2026年度资产清查' }, SYSTEM);
  const rows = await ledger.invoke('counts.results', { id: count.id }, SYSTEM);
  // ~85 % scanned by two counters; the rest left for the screenshot's burst and as shortages
  const scan = rows.filter((_, i) => i % 7 !== 3 && i % 11 !== 5);
  const half = Math.floor(scan.length / 2);
  await ledger.invoke('counts.scan', { id: count.id, counter: '王芳', device: '扫码枪-01', scans: scan.slice(0, half).map((r) => ({ code: r.code })) }, SYSTEM);
  await ledger.invoke('counts.scan', { id: count.id, counter: '赵磊', device: '扫码枪-02', scans: [...scan.slice(half).map((r) => ({ code: r.code })), { code: scan[2]!.code }, { code: 'QH-2019-0457' }, { code: '6901234567892' }] }, SYSTEM);
  // differences found on the way
  const withLoc = scan.filter((r) => r.bookLocation);
  const edits = [
    { code: withLoc[1]!.code, result: 'found', actualLocation: '设备库房' },
    { code: withLoc[4]!.code, result: 'found', actualLocation: '住院楼3层302室' },
    { code: withLoc[9]!.code, result: 'found', actualLocation: '行政楼2层205室', actualUser: '孙丽' },
    { code: withLoc[12]!.code, result: 'found', actualUser: '周建华' },
    { code: withLoc[15]!.code, result: 'found', actualUser: '吴敏' },
    { code: withLoc[18]!.code, result: 'found', actualStatus: '待修', note: '开机报错 E21' },
    { code: withLoc[21]!.code, result: 'found', actualStatus: '闲置' },
    { code: rows.find((r, i) => i % 7 === 3)!.code, result: 'missing', note: '科室称已于去年送修未返还' },
  ];
  await ledger.invoke('counts.record', { id: count.id, counter: '王芳', device: '扫码枪-01', rows: edits as never }, SYSTEM);
  const found = await ledger.invoke('counts.found', { id: count.id }, SYSTEM);
  const first = found.find((f) => f.code === 'QH-2019-0457');
  if (first) {
    await ledger.invoke('counts.recordFound', { id: count.id, items: [{ id: first.id, version: first.version, code: first.code, name: '输液泵', model: 'SK-600II', location: '住院楼2层护士站', userName: '陈静', description: '旧标签，原卡片可能在 2019 年迁移时遗漏' }] }, SYSTEM);
  }
  await ledger.invoke('counts.recordFound', { id: count.id, items: [{ name: '办公椅', model: '网布转椅', location: '行政楼3层301室', description: '科室自购，未入账', quantity: 6 }] }, SYSTEM);
  return { count, unit, units, rows, unscanned: rows.filter((_, i) => i % 7 === 3 || i % 11 === 5) };
}

/**
 * A trial-balance export (UTF-8 .csv) for the unit: the card figures, except that the ledger has not
 * yet booked this month's disposals on 1601 (the difference the screen explains card by card).
 */
async function glCsv(ledger: Ledger, period: string, unitCode: string, unitName: string): Promise<string> {
  const r = await ledger.invoke('reconcile.gl', { period, unitCode }, SYSTEM);
  const fig = (a: string) => r.rows.find((x) => x.account === a)?.cardFen ?? 0;
  const disposed = (r.rows.find((x) => x.account === '1601')?.explanations ?? []).filter((x) => x.kind === 'disposedThisPeriod').reduce((s, x) => s + x.amountFen, 0);
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const lines = [
    '科目余额表',
    `核算单位：${unitName},,,`,
    `期间：${period.replace('-', '年')}月,,,`,
    '科目编码,科目名称,期末借方余额,期末贷方余额',
    `1601,固定资产,${yuan(fig('1601') - disposed)},`,
    `1602,固定资产累计折旧,,${yuan(fig('1602'))}`,
    `1701,无形资产,${yuan(fig('1701'))},`,
    `1702,无形资产累计摊销,,${yuan(fig('1702'))}`,
    '合计,,,',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8').toString('base64');
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-counts-shots-'));
  const staticDir = values.static ? path.resolve(values.static) : path.join(dir, 'renderer');
  if (!values['skip-build']) await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, sourcemap: false } });
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '清河县医疗健康集团', ...ADMIN });
  await buildDemo(ledger, { assets: { scale: 0.03 } });
  const seeded = await seedCount(ledger);
  const unitRow = seeded.units.find((u) => u.code === seeded.unit)!;
  const periods = await ledger.invoke('depreciation.periods', {}, SYSTEM);
  const period = [...periods].sort((a, b) => (a.period < b.period ? 1 : -1))[0]?.period ?? '2026-05';
  await ledger.invoke('gl.import', { fileName: `${unitRow.name}科目余额表.csv`, base64: await glCsv(ledger, period, seeded.unit, unitRow.name), period, unitCode: seeded.unit, dryRun: false, skipInvalid: false }, SYSTEM);
  process.stderr.write(`count ${seeded.count.no}: ${seeded.count.expected} expected in ${unitRow.name}; GL period ${period}\n`);

  const host = await startWebHost(ledger, { port: 0, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const errors: string[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(host.url);
    await page.getByTestId('login-username').fill(ADMIN.username);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-count').click();
    await page.locator('[data-testid=grid-counts] .ag-row').first().waitFor();
    fs.mkdirSync(OUT, { recursive: true });
    await page.locator('[data-testid=grid-counts] .ag-row[row-index="0"] .ag-cell[col-id=name]').click();
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-list.png') });

    // scanning: a burst typed as a scanner does, with a repeat and an unknown number
    await page.getByTestId('count-open').click();
    await page.getByTestId('scan-input').waitFor();
    const burst = [...seeded.unscanned.slice(0, 9).map((r) => r.code), seeded.unscanned[1]!.code, 'ZC-UNKNOWN-77', ...seeded.unscanned.slice(9, 12).map((r) => r.code)];
    for (const code of burst) {
      await page.keyboard.type(code, { delay: 0 });
      await page.keyboard.press('Enter');
    }
    await page.waitForFunction(() => document.querySelector('[data-testid=scan-pending]')?.textContent === '0');
    await page.keyboard.type(burst[3]!, { delay: 0 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=scan-pending]')?.textContent === '0');
    await page.waitForTimeout(120);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(OUT, 'counts-scan.png') });

    await page.getByTestId('count-tab-results').click();
    await page.locator('[data-testid=grid-count-results] .ag-row').first().waitFor();
    await page.getByTestId('results-class').selectOption('');
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-results.png') });

    await page.getByTestId('count-tab-found').click();
    await page.locator('[data-testid=grid-count-found] .ag-row').first().waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-found.png') });

    await page.getByTestId('count-tab-reconcile').click();
    await page.getByTestId('recon-tiles').waitFor();
    await page.locator('[data-testid=grid-count-recon] .ag-row').first().waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-reconcile.png') });

    await page.getByTestId('count-tab-resolve').click();
    await page.getByTestId('resolve-surplus').click();
    await page.getByTestId('surplus-book').first().click();
    await page.getByTestId('surplus-form').waitFor();
    await page.getByTestId('surplus-code').fill('QHZC-2026-9001');
    await page.getByTestId('surplus-class').fill('A02320800');
    await page.getByTestId('surplus-appraisal').fill('2,800');
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-resolve.png') });

    await page.getByTestId('count-tab-sheets').click();
    await page.locator('[data-testid=sheet-print]').first().click();
    await page.getByTestId('count-sheet-preview').waitFor();
    await settle(page, 800);
    await page.screenshot({ path: path.join(OUT, 'counts-sheet.png') });
    await page.getByTestId('print-close').click();

    await page.getByTestId('count-tab-report').click();
    await page.getByTestId('count-report-table').waitFor();
    await page.getByTestId('count-report-print').click();
    await page.getByTestId('print-preview').waitFor();
    await settle(page, 800);
    await page.screenshot({ path: path.join(OUT, 'counts-report.png') });
    await page.getByTestId('print-close').click();

    await page.getByTestId('nav-reconcile').click();
    await page.getByTestId('gl-period').fill(period);
    await page.getByTestId('gl-unit').selectOption(seeded.unit);
    const row1601 = page.locator(`[data-testid=gl-row][data-unit="${seeded.unit}"][data-account="1601"]`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=gl-row]').length <= 4);
    await row1601.click();
    await page.getByTestId('gl-explain').waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-gl.png') });

    await page.getByTestId('lang-en').click();
    await page.getByTestId('nav-count').click();
    await page.locator('[data-testid=grid-counts] .ag-row').first().waitFor();
    await page.getByTestId('grid-counts').locator('.ag-row[row-index="0"] .ag-cell[col-id=name]').dblclick();
    await page.getByTestId('count-tab-reconcile').click();
    await page.getByTestId('recon-tiles').waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(OUT, 'counts-reconcile-en.png') });
    await page.getByTestId('lang-zh').click();

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
