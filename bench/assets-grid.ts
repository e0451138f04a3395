// The asset register (资产) with 100,000 cards in Chromium: navigation → rows visible (target
// ≤ 2 s) and the pinyin quick filter's answer (target ≤ 200 ms).
//
//   npx tsx bench/assets-grid.ts [--cards 100000] [--runs 3] [--skip-build] [--keep]
//
// 1. A fresh ledger through the engine API: setup.createAdmin, units.batch (1 lead hospital +
//    24 member units), departments.batch (6 per unit), then assets.create in chunks of 10,000
//    believable cards (renderer/screens/assets/demo-cards.ts) as the trusted caller
//    {system: {actor: 'bench'}}.
// 2. Builds the renderer into a private folder (unless --skip-build: then build/renderer), starts
//    the web host (db/hosts/web/server.ts) and drives /usr/bin/chromium with playwright-core.
// 3. Each run is a fresh browser context: log in, land on 设置 › 单位, then click 资产 and time in
//    the page (performance.now(), MutationObserver + requestAnimationFrame) from the click to the
//    first frame painted after a body row is in the grid, and to the frame after the totals bar
//    counts every card (= the whole list arrived, rendered and summed). After the pinyin
//    warm-up (the grid precomputes search text in idle slices; its own mark
//    window.__ledgerPerf['grid-assets'].pinyinWarmMs), type `jhc` (救护车) into the quick filter
//    and time from the input event to the frame after the row count changes — this includes
//    the quick filter's 120 ms typing debounce. Then clear it and time the way back to all rows.
// The engine side of `assets.list` is timed separately (ledger.invoke in this process).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { openLedger } from '../db/engine/ledger';
import { startWebHost } from '../db/hosts/web/server';
import { demoCards, type DemoCardUnit } from '../renderer/screens/assets/demo-cards';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SYSTEM = { system: { actor: 'bench' } };
const ADMIN = { username: 'admin', password: 'bench-pass-1', displayName: '基准测试' };

const { values } = parseArgs({
  options: { cards: { type: 'string' }, runs: { type: 'string' }, 'skip-build': { type: 'boolean' }, keep: { type: 'boolean' } },
  strict: true,
});
const CARDS = Number(values.cards ?? 100_000);
const RUNS = Number(values.runs ?? 3);

const log = (s: string) => process.stderr.write(`• ${s}\n`);
const ms = (n: number) => `${Math.round(n)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seed(file: string) {
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
  const t0 = performance.now();
  for (let start = 0; start < CARDS; start += 10_000) {
    const n = Math.min(10_000, CARDS - start);
    await ledger.invoke('assets.create', { cards: demoCards(holders, n, { seed: 1000 + start, prefix: 'BZ', start: start + 1 }) as never }, SYSTEM);
  }
  log(`${CARDS.toLocaleString('en')} cards created in ${ms(performance.now() - t0)}`);
  return ledger;
}

async function login(page: Page, url: string) {
  await page.goto(url);
  await page.getByTestId('login-username').fill(ADMIN.username);
  await page.getByTestId('login-password').fill(ADMIN.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('screen-units').waitFor();
  await page.locator('[data-testid=grid-units] .ag-row').first().waitFor();
}

/** Click 资产 and time, in the page, until a body row is painted and until the totals count all cards. */
function timeNavigation(page: Page, total: number) {
  return page.evaluate(
    (totalText) =>
      new Promise<{ rowsMs: number; allMs: number }>((resolve) => {
        const t0 = performance.now();
        let rowsMs = 0;
        const check = () => {
          if (!rowsMs && document.querySelector('[data-testid=grid-assets] .ag-row:not(.ag-row-pinned) .ag-cell[col-id=name]')) {
            requestAnimationFrame(() => {
              rowsMs ||= performance.now() - t0;
            });
            rowsMs = -1;
          }
          const count = document.querySelector('[data-testid=asset-totals-count]')?.textContent ?? '';
          if (count.includes(totalText)) {
            mo.disconnect();
            requestAnimationFrame(() => {
              const allMs = performance.now() - t0;
              resolve({ rowsMs: rowsMs > 0 ? rowsMs : allMs, allMs });
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

/** Put `text` in the quick filter as one input event and time to the frame after the row count changes. */
function timeFilter(page: Page, text: string) {
  return page.evaluate(
    (value) =>
      new Promise<{ ms: number; count: string }>((resolve) => {
        const input = document.querySelector('[data-testid=grid-quick-filter]') as HTMLInputElement;
        const countEl = document.querySelector('[data-testid=grid-count]')!;
        const before = countEl.textContent;
        const mo = new MutationObserver(() => {
          if (countEl.textContent !== before) {
            mo.disconnect();
            requestAnimationFrame(() => resolve({ ms: performance.now() - t0, count: countEl.textContent ?? '' }));
          }
        });
        mo.observe(countEl, { childList: true, subtree: true, characterData: true });
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(input, value);
        const t0 = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    text,
  );
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-bench-assets-'));
  const ledger = await seed(path.join(dir, 'bench.ledger'));
  let t = performance.now();
  const list = await ledger.invoke('assets.list', {}, SYSTEM);
  const engineListMs = performance.now() - t;
  const payload = Buffer.byteLength(JSON.stringify(list));
  log(`assets.list (engine, in process): ${ms(engineListMs)}, ${list.length} rows, JSON ${(payload / 1048576).toFixed(1)} MiB`);

  let staticDir = path.resolve('build/renderer');
  if (!values['skip-build']) {
    staticDir = path.join(dir, 'renderer');
    t = performance.now();
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: staticDir, emptyOutDir: true } });
    log(`renderer built in ${ms(performance.now() - t)}`);
  }
  const host = await startWebHost(ledger, { port: 0, staticDir });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const results: { rowsMs: number; allMs: number; warmMs: number; filterMs: number; filterCount: string; clearMs: number }[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      // tsx (esbuild keepNames) wraps named functions in __name(); the page has no such helper
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page = await context.newPage();
      await login(page, host.url);
      await page.evaluate(() => performance.clearResourceTimings());
      const nav = await timeNavigation(page, CARDS);
      // the split: the assets.list request (server + transfer) and the grid's own mark (rows handed to AG Grid → first rows rendered)
      const split = await page.evaluate(() => {
        const calls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/call'));
        const big = calls.sort((a, b) => b.encodedBodySize - a.encodedBodySize)[0];
        const perf = (window as unknown as { __ledgerPerf?: Record<string, { firstRenderMs?: number }> }).__ledgerPerf?.['grid-assets'];
        return { requestMs: big ? big.responseEnd - big.startTime : -1, waitMs: big ? big.responseStart - big.requestStart : -1, bytes: big?.encodedBodySize ?? 0, gridMs: perf?.firstRenderMs ?? -1 };
      });
      log(`  split: assets.list request ${ms(split.requestMs)} (server wait ${ms(split.waitMs)}, ${(split.bytes / 1048576).toFixed(1)} MiB), grid first render ${ms(split.gridMs)}`);
      await page.waitForFunction(() => (window as unknown as { __ledgerPerf?: Record<string, { pinyinWarmMs?: number }> }).__ledgerPerf?.['grid-assets']?.pinyinWarmMs !== undefined, undefined, { timeout: 120_000 });
      const warmMs = await page.evaluate(() => (window as unknown as { __ledgerPerf: Record<string, { pinyinWarmMs: number }> }).__ledgerPerf['grid-assets']!.pinyinWarmMs);
      await page.waitForTimeout(300);
      const filter = await timeFilter(page, 'jhc');
      await page.waitForTimeout(300);
      const totals = await page.getByTestId('asset-totals').innerText();
      const clear = await timeFilter(page, '');
      results.push({ rowsMs: nav.rowsMs, allMs: nav.allMs, warmMs, filterMs: filter.ms, filterCount: filter.count, clearMs: clear.ms });
      log(`run ${run}: rows visible ${ms(nav.rowsMs)}, totals of all ${ms(nav.allMs)}, pinyin warm-up ${ms(warmMs)} (background), filter 'jhc' ${ms(filter.ms)} → ${filter.count} [${totals.replace(/\s+/g, ' ')}], clear ${ms(clear.ms)}`);
      if (run === 1) await page.screenshot({ path: path.join(dir, 'assets-grid-100k.png') });
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
    ledger.close();
    if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
  const m = (k: keyof (typeof results)[number]) => median(results.map((r) => r[k] as number));
  const rows = m('rowsMs');
  const filt = m('filterMs');
  console.log(
    JSON.stringify(
      {
        cards: CARDS,
        runs: RUNS,
        engineListMs: Math.round(engineListMs),
        listJsonMiB: +(payload / 1048576).toFixed(1),
        navigationToRowsMs: Math.round(rows),
        navigationToTotalsMs: Math.round(m('allMs')),
        pinyinWarmMs: Math.round(m('warmMs')),
        quickFilterMs: Math.round(filt),
        quickFilterClearMs: Math.round(m('clearMs')),
        targets: { navigationToRowsMs: 2000, quickFilterMs: 200 },
        pass: rows <= 2000 && filt <= 200,
        all: results.map((r) => ({ ...r, rowsMs: Math.round(r.rowsMs), allMs: Math.round(r.allMs), filterMs: Math.round(r.filterMs), clearMs: Math.round(r.clearMs) })),
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
