// The asset register (资产) with 150,000 cards in Chromium (issue #3): open → grid shown with the
// totals of every card ≤ 2 s, the pinyin quick filter answers ≤ 200 ms, and column filters.
//
//   npx tsx bench/assets-grid.ts [--cards 150000] [--runs 3] [--skip-build] [--reuse] [--max-wait 60]
//
// 1. A ledger through the engine API: setup.createAdmin, units.batch (1 lead hospital + 24 member
//    units), departments.batch (6 per unit), then assets.create in chunks of 10,000 believable cards
//    (renderer/screens/assets/demo-cards.ts) as the trusted caller {system: {actor: 'bench'}}.
//    With --reuse the ledger is kept in bench/data/assets-grid-<cards>.ledger and used again.
// 2. The engine's share: `assets.table` (the screen's compact column-wise rows) in-process, and
//    for comparison `assets.list` (row objects), with the size of each as JSON.
// 3. The renderer is built into bench/data/renderer-assets (unless --skip-build and it exists), the
//    web host serves it, /usr/bin/chromium is driven by playwright-core. Each run is a fresh
//    browser context: log in, land on 设置 › 单位, then click 资产 and time in the page
//    (performance.now(), MutationObserver + requestAnimationFrame) from the click to the frame after
//    a body row is in the grid, and to the frame after the totals bar counts every card (= the
//    whole register arrived, rendered and summed: the screen is usable). Long tasks (> 50 ms) in
//    that window are recorded. After the grid's idle warm-up (pinyin search texts in idle slices,
//    mark window.__ledgerPerf['grid-assets'].pinyinWarmMs; then three invisible redraws of the drawn
//    rows, mark warmDoneMs — LedgerGrid's warmRowDrawing), `jhc` (救护车) goes into the quick filter as
//    one input event, timed to the frame after the row count changes (a first input filters at
//    once; the screen's 50 ms typing pause only holds back keys that follow within 50 ms); then
//    cleared; then a column filter (使用部门 contains 放射) typed into the floating filter, timed
//    the same way, and cleared.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { openLedger, type Ledger } from '../db/engine/ledger';
import { startWebHost } from '../db/hosts/web/server';
import { demoCards, type DemoCardUnit } from '../renderer/screens/assets/demo-cards';
import { CHROMIUM, DATA_DIR, ROOT, anyFailed, argFlag, argValue, ensureDataDir, fmtBytes, machine, machineLine, markdownTable, printTable, quietLine, saveRaw, stats, today, waitForQuiet, writeSection, type QuietReport, type ResultRow } from './lib';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SYSTEM = { system: { actor: 'bench' } };
const ADMIN = { username: 'admin', password: 'bench-pass-1', displayName: '基准测试' };
const GENERATOR = 1; // bump when the seeded data changes

const CARDS = Number(argValue('cards') ?? 150_000);
const RUNS = Number(argValue('runs') ?? 3);
const RENDERER_OUT = path.join(DATA_DIR, 'renderer-assets');
const SCREENSHOT = path.join(DATA_DIR, 'assets-grid.png');
const SCREENSHOT_FILTER = path.join(DATA_DIR, 'assets-grid-filter.png');

const log = (s: string) => process.stderr.write(`• ${s}\n`);

async function seed(file: string): Promise<Ledger> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(`${file}.backups`, { recursive: true, force: true });
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '基准测试医共体', ...ADMIN });
  const units: { code: string; name: string; type: string; parentCode: string | null }[] = [{ code: 'B001', name: '清河县人民医院', type: '牵头医院', parentCode: null }];
  const towns = ['城关镇', '王官庄镇', '马庄乡', '柳林镇', '河口镇', '葛仙庄镇', '连庄镇', '油坊镇', '谢炉镇', '坝营镇', '黄金庄乡', '东高庄乡'];
  for (let i = 0; i < 24; i++) units.push({ code: `B1${String(i + 1).padStart(2, '0')}`, name: i === 0 ? '清河县中医医院' : i === 1 ? '清河县妇幼保健院' : `${towns[i % towns.length]}${i >= towns.length ? '第二' : ''}卫生院`, type: i < 2 ? '县级医院' : '乡镇卫生院', parentCode: 'B001' });
  await ledger.invoke('units.batch', { ops: units.map((row) => ({ op: 'insert', row })) as never }, SYSTEM);
  const deptNames = ['内科', '外科', '妇产科', '儿科', '放射科', '检验科'];
  const deptOps = units.flatMap((u) => deptNames.map((name, k) => ({ op: 'insert', row: { unitCode: u.code, code: `D${k + 1}`, name } })));
  await ledger.invoke('departments.batch', { ops: deptOps as never }, SYSTEM);
  const holders: DemoCardUnit[] = units.map((u) => ({ code: u.code, depts: deptNames.map((_, k) => `D${k + 1}`) }));
  for (let start = 0; start < CARDS; start += 10_000) {
    const n = Math.min(10_000, CARDS - start);
    await ledger.invoke('assets.create', { cards: demoCards(holders, n, { seed: 1000 + start, prefix: 'BZ', start: start + 1 }) as never }, SYSTEM);
  }
  ledger.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('bench.assets-grid', ?)").run(`${GENERATOR}:${CARDS}`);
  return ledger;
}

async function ledgerFor(file: string): Promise<{ ledger: Ledger; seeded: number | null }> {
  if (argFlag('reuse') && fs.existsSync(file)) {
    const ledger = openLedger(file);
    let mark: unknown;
    try {
      mark = ledger.db.prepare("SELECT value FROM settings WHERE key = 'bench.assets-grid'").pluck().get();
    } catch {
      mark = undefined;
    }
    if (mark === `${GENERATOR}:${CARDS}`) return { ledger, seeded: null };
    ledger.close();
  }
  const t0 = performance.now();
  const ledger = await seed(file);
  return { ledger, seeded: (performance.now() - t0) / 1000 };
}

async function login(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('login-username').fill(ADMIN.username);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('screen-units').waitFor();
  await page.locator('[data-testid=grid-units] .ag-row').first().waitFor();
}

interface Nav {
  rowsMs: number;
  allMs: number;
  longestTaskMs: number;
  longTasks: number;
}

/** Click 资产 and time, in the page, until a body row is painted and until the totals count all cards. */
function timeNavigation(page: Page, total: number): Promise<Nav> {
  return page.evaluate(
    (totalText) =>
      new Promise<Nav>((resolve) => {
        const tasks: number[] = [];
        const po = new PerformanceObserver((l) => {
          for (const e of l.getEntries()) tasks.push(e.duration);
        });
        po.observe({ type: 'longtask' });
        const t0 = performance.now();
        let rowsMs = 0;
        const check = () => {
          if (!rowsMs && document.querySelector('[data-testid=grid-assets] .ag-row:not(.ag-row-pinned) .ag-cell[col-id=name]')) {
            rowsMs = -1;
            requestAnimationFrame(() => {
              rowsMs = performance.now() - t0;
            });
          }
          const count = document.querySelector('[data-testid=asset-totals-count]')?.textContent ?? '';
          if (count.includes(totalText)) {
            mo.disconnect();
            requestAnimationFrame(() => {
              const allMs = performance.now() - t0;
              setTimeout(() => {
                po.disconnect();
                resolve({ rowsMs: rowsMs > 0 ? rowsMs : allMs, allMs, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length });
              }, 0);
            });
          }
        };
        const mo = new MutationObserver(check);
        mo.observe(document.body, { childList: true, subtree: true, characterData: true });
        (document.querySelector('[data-testid=nav-assets]') as HTMLElement).click();
      }),
    total.toLocaleString('zh-CN'),
  );
}

interface Filtered {
  ms: number;
  count: string;
  longestTaskMs: number;
}

/** Put `text` into an input as one input event and time to the frame after the grid's row count changes. */
function timeInput(page: Page, selector: string, text: string): Promise<Filtered> {
  return page.evaluate(
    ({ selector, value }) =>
      new Promise<Filtered>((resolve, reject) => {
        // 'floating:<colId>': the floating filter input under a column's header (same aria-colindex)
        const floating = /^floating:(.+)$/.exec(selector);
        const col = floating ? document.querySelector(`[data-testid=grid-assets] .ag-header-cell[col-id="${floating[1]}"]`)?.getAttribute('aria-colindex') : null;
        const input = (floating ? document.querySelector(`[data-testid=grid-assets] .ag-floating-filter[aria-colindex="${col}"] input`) : document.querySelector(selector)) as HTMLInputElement | null;
        if (!input) return reject(new Error(`no ${selector}`));
        const countEl = document.querySelector('[data-testid=grid-count]')!;
        const before = countEl.textContent;
        const tasks: number[] = [];
        const po = new PerformanceObserver((l) => {
          for (const e of l.getEntries()) tasks.push(e.duration);
        });
        po.observe({ type: 'longtask' });
        const mo = new MutationObserver(() => {
          if (countEl.textContent !== before) {
            mo.disconnect();
            requestAnimationFrame(() => {
              const ms = performance.now() - t0;
              setTimeout(() => {
                po.disconnect();
                resolve({ ms, count: countEl.textContent ?? '', longestTaskMs: Math.max(0, ...tasks) });
              }, 0);
            });
          }
        });
        mo.observe(countEl, { childList: true, subtree: true, characterData: true });
        input.focus();
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input, value);
        const t0 = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    { selector, value: text },
  );
}

const QUICK = '[data-testid=grid-quick-filter]';

/** --profile: the quick filter once more under the CPU profiler; prints where the page's time goes. */
async function profileQuickFilter(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const r = await timeInput(page, QUICK, 'jhc');
  await page.waitForTimeout(200);
  const { profile } = await cdp.send('Profiler.stop');
  await timeInput(page, QUICK, '');
  const self = new Map<number, number>();
  profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  const by = new Map<string, number>();
  for (const n of profile.nodes) {
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    by.set(key, (by.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  console.log(`profiled quick filter: ${Math.round(r.ms)} ms`);
  for (const [k, us] of [...by].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}
const DEPT_FILTER = 'floating:usingDeptName';

interface RunSample {
  nav: Nav;
  requestMs: number;
  serverWaitMs: number;
  bytes: number;
  gridMs: number;
  warmMs: number;
  quick: Filtered;
  quickClear: Filtered;
  column: Filtered;
  columnClear: Filtered;
  totals: string;
}

async function main() {
  ensureDataDir();
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`SKIP: ${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)`);
    process.exit(3);
  }
  const file = path.join(DATA_DIR, `assets-grid-${CARDS}.ledger`);
  const { ledger, seeded } = await ledgerFor(file);
  log(seeded === null ? `reused ${path.relative(ROOT, file)}` : `${CARDS.toLocaleString('en')} cards created through assets.create in ${seeded.toFixed(1)} s`);
  const quiet: QuietReport[] = [];

  // The engine's share, in-process: assets.table (what the screen calls) and assets.list (row objects).
  const tableMs: number[] = [];
  let tableBytes = 0;
  for (let i = 0; i < 5; i++) {
    quiet.push(await waitForQuiet());
    const t0 = performance.now();
    const r = await ledger.call('assets.table', {}, SYSTEM);
    const json = JSON.stringify(r);
    tableMs.push(performance.now() - t0);
    tableBytes = Buffer.byteLength(json);
  }
  quiet.push(await waitForQuiet());
  let t0 = performance.now();
  const listReply = await ledger.call('assets.list', {}, SYSTEM);
  const listBytes = Buffer.byteLength(JSON.stringify(listReply));
  const listMs = performance.now() - t0;
  log(`assets.table in the engine + JSON: ${tableMs.map((x) => Math.round(x)).join(', ')} ms, ${fmtBytes(tableBytes)}; assets.list: ${Math.round(listMs)} ms, ${fmtBytes(listBytes)}`);

  let staticDir = RENDERER_OUT;
  if (!argFlag('skip-build') || !fs.existsSync(path.join(staticDir, 'index.html'))) {
    t0 = performance.now();
    // --profile: an unminified build, so the profile below names the renderer's own functions
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true, ...(argFlag('profile') ? { minify: false } : {}) } });
    log(`renderer built in ${Math.round(performance.now() - t0)} ms`);
  }
  const host = await startWebHost(ledger, { port: 0, staticDir });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const samples: RunSample[] = [];
  try {
    // one unmeasured warm-up run (Chromium's code cache for the bundle, the server's JIT)
    for (let run = 0; run <= RUNS; run++) {
      if (run > 0) quiet.push(await waitForQuiet());
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
      // tsx (esbuild keepNames) wraps named functions in __name(); the page has no such helper
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await login(page, host.url);
      await page.evaluate(() => performance.clearResourceTimings());
      const nav = await timeNavigation(page, CARDS);
      const split = await page.evaluate(() => {
        const calls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/call'));
        const big = calls.sort((a, b) => b.encodedBodySize - a.encodedBodySize)[0];
        const perf = (window as unknown as { __ledgerPerf?: Record<string, { firstRenderMs?: number }> }).__ledgerPerf?.['grid-assets'];
        return { requestMs: big ? big.responseEnd - big.startTime : -1, serverWaitMs: big ? big.responseStart - big.requestStart : -1, bytes: big?.encodedBodySize ?? 0, gridMs: perf?.firstRenderMs ?? -1 };
      });
      await page.waitForFunction(() => (window as unknown as { __ledgerPerf?: Record<string, { pinyinWarmMs?: number }> }).__ledgerPerf?.['grid-assets']?.pinyinWarmMs !== undefined, undefined, { timeout: 180_000 });
      await page.waitForFunction(() => (window as unknown as { __ledgerPerf?: Record<string, { warmDoneMs?: number }> }).__ledgerPerf?.['grid-assets']?.warmDoneMs !== undefined, undefined, { timeout: 60_000 });
      const warmMs = await page.evaluate(() => (window as unknown as { __ledgerPerf: Record<string, { pinyinWarmMs: number }> }).__ledgerPerf['grid-assets']!.pinyinWarmMs);
      await page.waitForTimeout(300);
      const quick = await timeInput(page, QUICK, 'jhc');
      await page.waitForTimeout(300);
      const totals = (await page.getByTestId('asset-totals').innerText()).replace(/\s+/g, ' ');
      if (run === RUNS) await page.screenshot({ path: SCREENSHOT_FILTER });
      const quickClear = await timeInput(page, QUICK, '');
      await page.waitForTimeout(300);
      if (argFlag('profile') && run === RUNS) await profileQuickFilter(page);
      const column = await timeInput(page, DEPT_FILTER, '放射');
      await page.waitForTimeout(300);
      const columnClear = await timeInput(page, DEPT_FILTER, '');
      await page.waitForTimeout(300);
      if (run === RUNS) await page.screenshot({ path: SCREENSHOT });
      if (errors.length) throw new Error(`errors in the page:\n${errors.join('\n')}`);
      await context.close();
      const s: RunSample = { nav, ...split, warmMs, quick, quickClear, column, columnClear, totals };
      if (run > 0) samples.push(s);
      log(
        `${run === 0 ? 'warm-up' : `run ${run}`}: rows ${Math.round(nav.rowsMs)} ms, totals of all ${Math.round(nav.allMs)} ms (longest task ${Math.round(nav.longestTaskMs)} ms), ` +
          `assets.table request ${Math.round(split.requestMs)} ms (${fmtBytes(split.bytes)}), pinyin warm-up ${Math.round(warmMs)} ms, ` +
          `'jhc' ${Math.round(quick.ms)} ms → ${quick.count} [${totals}], clear ${Math.round(quickClear.ms)} ms, 使用部门∋放射 ${Math.round(column.ms)} ms → ${column.count}, clear ${Math.round(columnClear.ms)} ms`,
      );
    }
  } finally {
    await browser.close();
    await host.close();
    ledger.close();
    if (!argFlag('reuse')) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }

  const n = CARDS.toLocaleString('en');
  const col = <K extends keyof RunSample>(k: K) => samples.map((s) => s[k]);
  const rows: ResultRow[] = [
    { what: `click 资产 → grid painted and totals of all ${n} cards shown`, stats: stats(samples.map((s) => s.nav.allMs)), targetMs: 2000 },
    { what: '  click → first body rows painted', stats: stats(samples.map((s) => s.nav.rowsMs)) },
    { what: '  assets.table request (sent → response complete)', stats: stats(col('requestMs')) },
    { what: '    of which waiting for the first byte (web host + engine)', stats: stats(col('serverWaitMs')) },
    { what: '  rows handed to the grid → first rows rendered (the grid’s own mark)', stats: stats(col('gridMs')) },
    { what: '  longest main-thread task in the window', stats: stats(samples.map((s) => s.nav.longestTaskMs)) },
    { what: `assets.table in the engine (in-process, ${n} cards + JSON, ${fmtBytes(tableBytes)})`, stats: stats(tableMs) },
    { what: `assets.list in the engine for comparison (row objects, ${fmtBytes(listBytes)} of JSON)`, stats: stats([listMs]) },
    { what: 'pinyin search text of every card (idle slices, in the background)', stats: stats(col('warmMs')) },
    { what: 'quick filter "jhc" (救护车): input → count updated, painted', stats: stats(samples.map((s) => s.quick.ms)), targetMs: 200, note: 'a first input filters at once; the 50 ms typing pause is for keys that follow quickly' },
    { what: '  longest main-thread task while filtering', stats: stats(samples.map((s) => s.quick.longestTaskMs)) },
    { what: 'quick filter cleared → all rows back', stats: stats(samples.map((s) => s.quickClear.ms)) },
    { what: 'column filter 使用部门 contains 放射 → count updated, painted', stats: stats(samples.map((s) => s.column.ms)) },
    { what: '  longest main-thread task while filtering', stats: stats(samples.map((s) => s.column.longestTaskMs)) },
    { what: 'column filter cleared → all rows back', stats: stats(samples.map((s) => s.columnClear.ms)) },
  ];
  printTable(`Asset register with ${n} cards in Chromium: ${RUNS} runs, each in a fresh browser context`, rows);
  const last = samples[samples.length - 1]!;
  const m = await machine();
  saveRaw('assets-grid', { date: new Date().toISOString(), machine: m, cards: CARDS, samples, tableMs, tableBytes, listMs, listBytes, quiet });
  writeSection(
    'assets-grid',
    `## 4. The asset register with ${n} cards in Chromium — \`bench/assets-grid.ts\`

**Targets (issue #3):** the register screen with ${n} cards opens and shows the grid with the totals
in ≤ 2 s; the pinyin quick filter answers in ≤ 200 ms; filtering never freezes the page.

**What it measures.** A ledger built through the engine's API (\`assets.create\` in chunks of 10,000
believable cards from \`renderer/screens/assets/demo-cards.ts\`, 25 units × 6 departments${seeded === null ? '' : `, built in ${seeded.toFixed(0)} s`}).
The screen loads \`assets.table\`: the grid's rows column by column with every repeated text sent once
(\`shared/api/asset-table.ts\`) — ${fmtBytes(tableBytes)} of JSON where the same cards as \`assets.list\` row objects are
${fmtBytes(listBytes)}. The renderer is built with vite and served by the web host; Debian's Chromium is driven headless
by playwright-core (1440×900, zh-CN). Each run is a fresh browser context: log in, land on 设置 › 单位,
then click 资产. Timed inside the page from the click event to the frame painted after the totals bar
counts all ${n} cards (the whole register arrived, AG Grid built its rows, totals summed: the screen is
usable), with the long tasks (> 50 ms) in that window. Then, after the grid's idle warm-up (the pinyin
search texts built in idle slices, then the drawn rows redrawn three times in idle callbacks so the
first filter runs optimised row-drawing code; a filter typed before that is about a fifth slower),
\`jhc\` (initials of 救护车) is put into the quick filter as one input event and timed to the
painted frame after the row count changes (${last.quick.count.trim()}; totals bar: ${last.totals}); then a column filter
(使用部门 contains 放射) is typed into the floating filter and timed the same way. One unmeasured warm-up run
precedes the ${RUNS} measured ones. Screenshots of the last run: \`bench/data/assets-grid.png\`,
\`bench/data/assets-grid-filter.png\`.

**How to run:** \`npx tsx bench/assets-grid.ts [--cards 150000] [--runs 3] [--skip-build] [--reuse]\`
(\`--reuse\` keeps the generated ledger in \`bench/data/\` for the next run).

**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}

${markdownTable(rows)}`,
  );
  if (anyFailed(rows)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
