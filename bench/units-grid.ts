// Benchmark 3 — the units grid with 10,000 rows renders in ≤ 1 s in Chromium, and the pinyin
// quick filter answers promptly.
//
//   npx tsx bench/units-grid.ts [--runs 5] [--units 10000] [--skip-build] [--headed] [--no-write]
//   npx tsx bench/units-grid.ts --profile     one run under the V8 CPU profiler: what dominates
//
// 1. Builds a ledger through the engine's API: administrator via setup.createAdmin, then
//    units.batch inserts in chunks of 1,000 (trusted system caller): 1 lead hospital, 100
//    乡镇卫生院 (W0001…) and village clinics 村卫生室 B00001… hung under them round-robin.
// 2. Builds the renderer with vite into bench/data/renderer (a private copy, so a concurrent
//    `vite build` by the e2e tests cannot empty the folder under us).
// 3. Starts the web host on it and drives Debian's Chromium with playwright-core. Each run is a
//    fresh browser context: open the launch URL, log in, go to another screen (资产, a
//    placeholder), then click 设置 › 单位 and time, inside the page, from the click event to the
//    first frame painted after (a) a body row `.ag-row` is visible inside
//    [data-testid=grid-units] and (b) the status bar counts all the rows. Then, after one second
//    (the grid precomputes pinyin in idle slices), type `xzwsy` into the quick filter and time
//    from the last keystroke's input event to the painted frame after the count changes.
//    Timing is done in the page (performance.now(), MutationObserver + rAF), not by polling from
//    Playwright, so the figures carry no automation round trips.

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Ledger } from '../db/engine/ledger';
import { startWebHost, type WebHost } from '../db/hosts/web/server';
import {
  CHROMIUM,
  DATA_DIR,
  ROOT,
  anyFailed,
  argFlag,
  argValue,
  ensureDataDir,
  fmtBytes,
  fmtMs,
  machine,
  machineLine,
  markdownTable,
  printTable,
  quietLine,
  waitForQuiet,
  type QuietReport,
  saveRaw,
  stats,
  today,
  writeSection,
  type ResultRow,
} from './lib';
import { removeLedger } from './gen-ledger';
import { BENCH_ADMIN, fileSize, seedLedger } from './seed';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const RENDERER_OUT = path.join(DATA_DIR, 'renderer');
const SCREENSHOT = path.join(DATA_DIR, 'units-grid-10k.png');
const SCREENSHOT_FILTER = path.join(DATA_DIR, 'units-grid-10k-filter.png');
const FILTER = 'xzwsy';

/** Engine calls the web host made, timed by a thin wrapper around the ledger (`ledger.call` only). */
const serverCalls: { method: string; ms: number }[] = [];
function timed(ledger: Ledger): Ledger {
  return {
    ...ledger,
    async call(method, args, ctx) {
      const t0 = performance.now();
      const r = await ledger.call(method, args, ctx);
      serverCalls.push({ method, ms: performance.now() - t0 });
      return r;
    },
  };
}

interface NavSample {
  /** Click → first painted frame with rows and the full count. */
  totalMs: number;
  /** Click → DOM condition met (before paint). */
  domMs: number;
  /** units.list request: start / end of the response, relative to the click. */
  apiStartMs: number | null;
  apiFirstByteMs: number | null;
  apiEndMs: number | null;
  apiBytes: number | null;
  /** The engine's handling of that units.list inside the web host (ledger.call, before the reply is serialised). */
  serverCallMs: number | null;
  /** The grid's own measurement (rows arrive → firstDataRendered), if the renderer exposes it. */
  gridFirstRenderMs: number | null;
  /** Longest main-thread task seen during the window. */
  longestTaskMs: number;
}

interface FilterSample {
  totalMs: number;
  fromFirstKeyMs: number;
  shown: string;
  /** How many times the count changed after the last key (1 unless a partial text was filtered first). */
  countChanges: number;
  longestTaskMs: number;
}

async function buildRenderer(outDir: string, minify: boolean): Promise<void> {
  const { build } = await import('vite');
  const t0 = performance.now();
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false, minify } });
  console.log(`renderer built into ${path.relative(ROOT, outDir)} in ${((performance.now() - t0) / 1000).toFixed(1)} s${minify ? '' : ' (not minified, for profiling)'}`);
}

// ---------------------------------------------------------------------------------------------
// --profile: one run with the V8 CPU profiler on (unminified bundle), self time per module and
// per function, to see what dominates. Nothing is written to BENCHMARKS.md in this mode.

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Module of each line of the unminified bundle, from the `// path` comments rolldown writes at each module's start. */
function moduleMap(bundle: string): (line: number) => string {
  const starts: { line: number; name: string }[] = [];
  bundle.split('\n').forEach((l, i) => {
    const m = /^\/\/ (\S.*)$/.exec(l);
    if (m && /[/.]/.test(m[1]!) && !m[1]!.includes(' ')) starts.push({ line: i, name: m[1]!.replace(/^node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1').replace(/^\0/, '') });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let best = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) {
        best = starts[mid]!.name;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  };
}

function summariseProfile(label: string, profile: CpuProfile, moduleOf: (url: string, line: number) => string): string {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byModule = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms) continue;
    total += ms;
    const cf = n.callFrame;
    const mod = cf.url.includes('/assets/') ? moduleOf(cf.url, cf.lineNumber) : cf.url ? path.basename(cf.url) : cf.functionName || '(native)';
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
    const fn = `${cf.functionName || '(anonymous)'} [${mod}${cf.url.includes('/assets/') ? `:${cf.lineNumber + 1}` : ''}]`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `    ${v.toFixed(1).padStart(8)} ms  ${k}`)
      .join('\n');
  return `${label}: ${total.toFixed(0)} ms sampled\n  self time by module:\n${top(byModule, 12)}\n  self time by function:\n${top(byFn, 20)}`;
}

/**
 * Arm the in-page timer. Navigation: starts at the click on 单位, ends at the frame painted after
 * a body row is visible and the count shows every row. Filter: starts at the input event that
 * completes the filter text; every change of the count after that is recorded with the frame that
 * painted it, and the result is the last change once the count has been stable for a second (when
 * the machine is slow, the 120 ms debounce can fire on a partial text first).
 */
async function arm(page: Page, kind: 'nav' | 'filter', expectedRows: number, filter: string): Promise<void> {
  await page.evaluate(
    ({ kind, expectedRows, filter }) => {
      type Change = { dom: number; painted: number | null; text: string };
      type Bench = { t0: number | null; firstKey: number | null; changes: Change[]; longest: number };
      const w = window as unknown as { __bench: Bench; __benchCleanup?: () => void };
      w.__benchCleanup?.();
      const b: Bench = { t0: null, firstKey: null, changes: [], longest: 0 };
      w.__bench = b;
      const countText = () => document.querySelector('[data-testid=grid-count]')?.textContent ?? '';
      let last = countText();
      const rowVisible = () => {
        const g = document.querySelector('[data-testid=grid-units]');
        if (!g) return false;
        for (const r of Array.from(g.querySelectorAll('.ag-row'))) {
          // Skip the pinned "new row" line and loading placeholders: a body row with data.
          if (r.classList.contains('ag-row-pinned') || r.classList.contains('ag-row-loading') || r.closest('[class*=pinned-bottom], [class*=pinned-top], [class*=floating-bottom], [class*=floating-top]')) continue;
          const rect = r.getBoundingClientRect();
          if (rect.height > 0 && rect.bottom > 0 && rect.top < window.innerHeight) return true;
        }
        return false;
      };
      const record = (text: string) => {
        const c: Change = { dom: performance.now(), painted: null, text };
        b.changes.push(c);
        // The frame that shows the change: rAF runs before that frame's paint; a message posted
        // from it is handled right after the frame.
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          c.painted = performance.now();
          performance.mark('bench-end');
        };
        requestAnimationFrame(() => ch.port2.postMessage(0));
      };
      const check = () => {
        if (b.t0 === null) return;
        const c = countText();
        if (kind === 'nav') {
          if (!b.changes.length && rowVisible() && c.replace(/\D/g, '') === String(expectedRows)) {
            record(c);
            cleanup();
          }
        } else if (c !== last) {
          last = c;
          record(c);
        }
      };
      const mo = new MutationObserver(check);
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      let po: PerformanceObserver | null = null;
      try {
        po = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (b.t0 !== null && e.startTime + e.duration >= b.t0) b.longest = Math.max(b.longest, e.duration);
        });
        po.observe({ type: 'longtask', buffered: false });
      } catch {
        po = null;
      }
      const onClick = (e: Event) => {
        if (kind !== 'nav' || b.t0 !== null) return;
        const target = e.target as Element | null;
        if (target?.closest('[data-testid=nav-units]')) {
          b.t0 = performance.now();
          performance.mark('bench-start');
        }
      };
      const onInput = (e: Event) => {
        if (kind !== 'filter') return;
        const el = e.target as HTMLInputElement | null;
        if (!el || el.getAttribute('data-testid') !== 'grid-quick-filter') return;
        if (b.firstKey === null) b.firstKey = performance.now();
        if (el.value === filter && b.t0 === null) {
          b.t0 = performance.now();
          performance.mark('bench-start');
          last = countText();
        }
      };
      document.addEventListener('click', onClick, true);
      document.addEventListener('input', onInput, true);
      const cleanup = () => {
        mo.disconnect();
        po?.disconnect();
        document.removeEventListener('click', onClick, true);
        document.removeEventListener('input', onInput, true);
      };
      w.__benchCleanup = cleanup;
    },
    { kind, expectedRows, filter },
  );
}

type BenchState = { t0: number; firstKey: number | null; dom: number; painted: number; count: string; longest: number; changes: number };

/** Wait for the armed measurement to finish; for the filter, until the count has been stable for `settleMs`. */
async function result(page: Page, settleMs = 0): Promise<BenchState> {
  await page.waitForFunction(
    (settle) => {
      const b = (window as unknown as { __bench?: { changes: { dom: number; painted: number | null }[] } }).__bench;
      const lastChange = b?.changes[b.changes.length - 1];
      return !!lastChange && lastChange.painted !== null && performance.now() - lastChange.dom >= settle;
    },
    settleMs,
    { timeout: 60_000, polling: 100 },
  );
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { t0: number; firstKey: number | null; changes: { dom: number; painted: number; text: string }[]; longest: number } }).__bench;
    const c = b.changes[b.changes.length - 1]!;
    (window as unknown as { __benchCleanup?: () => void }).__benchCleanup?.();
    return { t0: b.t0, firstKey: b.firstKey, dom: c.dom, painted: c.painted, count: c.text, longest: b.longest, changes: b.changes.length };
  });
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  args?: Record<string, unknown>;
}

/**
 * Main-thread breakdown between the bench-start and bench-end marks of a Chromium trace:
 * self time per event name (style, layout, paint, script, GC, …), nested events subtracted.
 */
function summariseTrace(label: string, buffer: Buffer, which: number): string {
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const starts = events.filter((e) => e.name === 'bench-start').sort((a, b) => a.ts - b.ts);
  const start = starts[which];
  const next = starts[which + 1]?.ts ?? Infinity;
  const end = start ? events.filter((e) => e.name === 'bench-end' && e.ts > start.ts && e.ts < next).sort((a, b) => b.ts - a.ts)[0] : undefined;
  if (!start || !end) return `${label}: marks not found in the trace`;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const main = `${start.pid}:${[...mains].find((k) => k.startsWith(`${start.pid}:`))?.split(':')[1] ?? start.tid}`;
  const xs = events
    .filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur !== undefined && e.ts + e.dur! > start.ts && e.ts < end.ts)
    .map((e) => ({ name: e.name, a: Math.max(e.ts, start.ts), b: Math.min(e.ts + e.dur!, end.ts) }))
    .sort((x, y) => x.a - y.a || y.b - x.b);
  const self = new Map<string, number>();
  const stack: { name: string; a: number; b: number; child: number }[] = [];
  let busy = 0;
  const pop = () => {
    const top = stack.pop()!;
    self.set(top.name, (self.get(top.name) ?? 0) + (top.b - top.a - top.child) / 1000);
    if (stack.length) stack[stack.length - 1]!.child += top.b - top.a;
    else busy += top.b - top.a;
  };
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1]!.b <= e.a) pop();
    stack.push({ ...e, child: 0 });
  }
  while (stack.length) pop();
  const windowMs = (end.ts - start.ts) / 1000;
  const top = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 16)
    .map(([k, v]) => `    ${v.toFixed(1).padStart(8)} ms  ${k}`)
    .join('\n');
  return `${label}: window ${windowMs.toFixed(0)} ms, main thread busy ${(busy / 1000).toFixed(0)} ms, idle ${(windowMs - busy / 1000).toFixed(0)} ms\n  main-thread self time by trace event:\n${top}`;
}

type Profiler = { start(): Promise<void>; stop(): Promise<CpuProfile> };

interface RunSample {
  nav: NavSample;
  filter: FilterSample;
  loginToGridMs: number;
  /** units.list fetched by hand in the page, after the measured run. */
  raw: { headersMs: number; bodyMs: number; parseMs: number; rows: number };
}

async function profilerFor(page: Page): Promise<Profiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  return {
    start: async () => {
      await cdp.send('Profiler.start');
    },
    stop: async () => (await cdp.send('Profiler.stop')).profile as unknown as CpuProfile,
  };
}

async function oneRun(
  page: Page,
  host: WebHost,
  expectedRows: number,
  shot: boolean,
  profiles?: { nav?: CpuProfile; filter?: CpuProfile },
): Promise<RunSample> {
  const profiler = profiles ? await profilerFor(page) : null;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });

  await page.goto(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  await page.getByTestId('login-username').fill(BENCH_ADMIN.username);
  await page.getByTestId('login-password').fill(BENCH_ADMIN.password);
  const tLogin = Date.now();
  await page.getByTestId('login-submit').click();
  // The administrator lands on 设置 › 单位 (first settings screen): wait for it once (not the measured figure).
  await page.locator('[data-testid=grid-units] .ag-row:not(.ag-row-pinned)').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction((n) => (document.querySelector('[data-testid=grid-count]')?.textContent ?? '').replace(/\D/g, '') === String(n), expectedRows, { timeout: 60_000 });
  const loginToGridMs = Date.now() - tLogin;

  // Away to a light screen, settle, then the measured navigation back to 单位.
  await page.getByTestId('nav-assets').click();
  await page.getByTestId('screen-assets').waitFor();
  await page.waitForTimeout(500);
  await page.evaluate(() => performance.clearResourceTimings());
  await arm(page, 'nav', expectedRows, FILTER);
  await profiler?.start();
  const callsBefore = serverCalls.length;
  await page.getByTestId('nav-units').click();
  const n = await result(page);
  if (profiler && profiles) profiles.nav = await profiler.stop();
  const api = await page.evaluate((t0) => {
    const calls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/call') && e.startTime >= t0);
    const biggest = calls.sort((a, b) => b.decodedBodySize - a.decodedBodySize)[0];
    return biggest ? { start: biggest.startTime - t0, firstByte: biggest.responseStart - t0, end: biggest.responseEnd - t0, bytes: biggest.decodedBodySize } : null;
  }, n.t0);
  const gridPerf = await page.evaluate(() => {
    const p = (window as unknown as { __ledgerPerf?: Record<string, { firstRenderMs?: number }> }).__ledgerPerf;
    return p?.['grid-units']?.firstRenderMs ?? null;
  });
  const nav: NavSample = {
    totalMs: n.painted - n.t0,
    domMs: n.dom - n.t0,
    apiStartMs: api?.start ?? null,
    apiFirstByteMs: api?.firstByte ?? null,
    apiEndMs: api?.end ?? null,
    apiBytes: api?.bytes ?? null,
    serverCallMs: serverCalls.slice(callsBefore).find((c) => c.method === 'units.list')?.ms ?? null,
    gridFirstRenderMs: gridPerf,
    longestTaskMs: n.longest,
  };
  if (shot) await page.screenshot({ path: SCREENSHOT });

  // Quick filter, after the idle pinyin warm-up has had a second.
  await page.waitForTimeout(1000);
  await arm(page, 'filter', expectedRows, FILTER);
  await page.getByTestId('grid-quick-filter').click();
  await profiler?.start();
  await page.keyboard.type(FILTER, { delay: 30 });
  const f = await result(page, 1000);
  if (profiler && profiles) profiles.filter = await profiler.stop();
  const filter: FilterSample = { totalMs: f.painted - f.t0, fromFirstKeyMs: f.painted - (f.firstKey ?? f.t0), shown: f.count, longestTaskMs: f.longest, countChanges: f.changes };
  if (shot) await page.screenshot({ path: SCREENSHOT_FILTER });

  // The same units.list fetched by hand in the page, to split the response handling:
  // fetch → body as text (network + decode) and JSON.parse of that text.
  const raw = await page.evaluate(async () => {
    const token = sessionStorage.getItem('ledger.launchToken') ?? '';
    const session = sessionStorage.getItem('ledger.session') ?? '';
    const t0 = performance.now();
    const res = await fetch('/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-ledger-session': session },
      body: JSON.stringify({ method: 'units.list', args: {} }),
    });
    const t1 = performance.now();
    const text = await res.text();
    const t2 = performance.now();
    const parsed = JSON.parse(text) as { ok: boolean; result?: unknown[] };
    const t3 = performance.now();
    return { headersMs: t1 - t0, bodyMs: t2 - t1, parseMs: t3 - t2, rows: parsed.result?.length ?? 0 };
  });

  if (errors.length) throw new Error(`errors in the page:\n${errors.join('\n')}`);
  return { nav, filter, loginToGridMs, raw };
}

async function main(): Promise<void> {
  const runs = Number(argValue('runs') ?? 5);
  const unitCount = Number(argValue('units') ?? 10_000);
  const townships = 100;
  ensureDataDir();
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`SKIP: ${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)`);
    process.exit(3);
  }
  if (!fs.existsSync(path.join(ROOT, 'renderer', 'screens', 'units', 'UnitsScreen.tsx'))) {
    console.error('SKIP: renderer/screens/units/UnitsScreen.tsx does not exist yet');
    process.exit(3);
  }
  const profile = argFlag('profile');
  const rendererDir = profile ? path.join(DATA_DIR, 'renderer-profile') : RENDERER_OUT;
  if (!argFlag('skip-build') || !fs.existsSync(path.join(rendererDir, 'index.html'))) await buildRenderer(rendererDir, !profile);

  const file = path.join(DATA_DIR, 'units-grid.ledger');
  const tSeed = performance.now();
  const ledger: Ledger = await seedLedger(file, { units: unitCount, townships, chunk: 1000 });
  const seedSeconds = (performance.now() - tSeed) / 1000;
  const listed = (await ledger.invoke('units.list', {})).length;
  if (listed !== unitCount) throw new Error(`ledger has ${listed} units, expected ${unitCount}`);
  console.log(`ledger: ${unitCount.toLocaleString()} units through units.batch in ${seedSeconds.toFixed(1)} s (${fmtBytes(fileSize(file))})`);

  // The engine's share of the navigation: units.list for 10,000 rows, in-process and as JSON.
  const engineMs: number[] = [];
  const jsonBytes = Buffer.byteLength(JSON.stringify({ ok: true, result: await ledger.invoke('units.list', {}) }));
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const r = await ledger.call('units.list', {}, { system: { actor: 'bench' } });
    JSON.stringify(r);
    engineMs.push(performance.now() - t0);
  }

  const host = await startWebHost(timed(ledger), { port: 0, staticDir: rendererDir });
  // The same call over HTTP from a Node client (no browser): web host + engine + transfer + JSON.parse.
  const httpMs: number[] = [];
  {
    const post = async (method: string, args: unknown, session?: string) => {
      const res = await fetch(`http://127.0.0.1:${host.port}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...(session ? { 'x-ledger-session': session } : {}) },
        body: JSON.stringify({ method, args }),
      });
      return (await res.json()) as { ok: boolean; result: unknown };
    };
    const login = await post('session.login', { username: BENCH_ADMIN.username, password: BENCH_ADMIN.password });
    const session = (login.result as { sessionId: string }).sessionId;
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      const r = await post('units.list', {}, session);
      if (i >= 2) httpMs.push(performance.now() - t0);
      if (!r.ok || (r.result as unknown[]).length !== unitCount) throw new Error('units.list over HTTP failed');
    }
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: !argFlag('headed') });
  const samples: RunSample[] = [];
  const quiet: QuietReport[] = [];
  if (profile) {
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const profiles: { nav?: CpuProfile; filter?: CpuProfile } = {};
      const s = await oneRun(await context.newPage(), host, unitCount, false, profiles);
      const assets = path.join(rendererDir, 'assets');
      // The bundle may be split into chunks (lazy imports): one line → module map per chunk.
      const maps = new Map<string, (line: number) => string>();
      const moduleOf = (url: string, line: number) => {
        const name = path.basename(new URL(url).pathname);
        let m = maps.get(name);
        if (!m) {
          const f = path.join(assets, name);
          m = fs.existsSync(f) ? moduleMap(fs.readFileSync(f, 'utf8')) : () => name;
          maps.set(name, m);
        }
        return m(line);
      };
      console.log(`profiled run: grid ${fmtMs(s.nav.totalMs)} (units.list response at ${fmtMs(s.nav.apiEndMs ?? NaN)}), filter ${fmtMs(s.filter.totalMs)}`);
      for (const [k, p] of Object.entries(profiles)) {
        fs.writeFileSync(path.join(DATA_DIR, `units-grid-${k}.cpuprofile`), JSON.stringify(p));
        console.log(summariseProfile(k === 'nav' ? 'click 单位 → rows painted' : 'quick filter', p, moduleOf));
      }
      console.log('profiles written to bench/data/units-grid-*.cpuprofile (open in Chromium DevTools › Performance)');
      await context.close();

      // A second run under Chromium's tracer (no CPU profiler): where the main thread's time goes.
      const context2 = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
      await context2.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page2 = await context2.newPage();
      await browser.startTracing(page2, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'v8', 'loading'] });
      const s2 = await oneRun(page2, host, unitCount, false);
      const trace = await browser.stopTracing();
      fs.writeFileSync(path.join(DATA_DIR, 'units-grid-trace.json'), trace);
      console.log(`traced run: grid ${fmtMs(s2.nav.totalMs)}, filter ${fmtMs(s2.filter.totalMs)} (the trace holds both; first window = navigation)`);
      console.log(summariseTrace('click 单位 → rows painted', trace, 0));
      console.log(summariseTrace('quick filter (last key → painted)', trace, 1));
      await context2.close();
    } finally {
      await browser.close();
      await host.close();
      ledger.close();
      removeLedger(file);
    }
    return;
  }
  try {
    // One unmeasured warm-up run (Chromium's code cache for the bundle, first JIT of the server).
    for (let i = -1; i < runs; i++) {
      if (i >= 0) quiet.push(await waitForQuiet({ maxWaitS: 30 }));
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
      // tsx (esbuild keepNames) wraps named functions in __name(); functions passed to
      // page.evaluate run in the page, which needs the helper too.
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page = await context.newPage();
      let s: RunSample;
      try {
        s = await oneRun(page, host, unitCount, i === runs - 1);
      } catch (err) {
        const shot = path.join(DATA_DIR, 'units-grid-error.png');
        await page.screenshot({ path: shot }).catch(() => undefined);
        const text = await page.evaluate(() => document.body.innerText.slice(0, 2000)).catch(() => '');
        throw new Error(`run ${i + 1} failed (screenshot ${path.relative(ROOT, shot)}); page text:\n${text}\n${String(err)}`);
      }
      await context.close();
      if (i >= 0) samples.push(s);
      process.stdout.write(`\r  run ${i + 1}/${runs}: grid ${fmtMs(s.nav.totalMs)}, filter ${fmtMs(s.filter.totalMs)} (${s.filter.shown.trim()})      `);
    }
    process.stdout.write('\n');
  } finally {
    await browser.close();
    await host.close();
    ledger.close();
    removeLedger(file);
  }

  const num = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const rows: ResultRow[] = [
    { what: `click 单位 → ${unitCount.toLocaleString()} rows painted`, stats: stats(samples.map((s) => s.nav.totalMs)), targetMs: 1000, targetOn: 'median' },
    { what: '  click → units.list request sent (screen + grid mount)', stats: stats(num(samples.map((s) => s.nav.apiStartMs))) },
    { what: '  request sent → first byte (web host + engine)', stats: stats(samples.filter((s) => s.nav.apiFirstByteMs !== null).map((s) => s.nav.apiFirstByteMs! - s.nav.apiStartMs!)) },
    { what: '    of which ledger.call(units.list) in the web host', stats: stats(num(samples.map((s) => s.nav.serverCallMs))) },
    { what: '  first byte → response complete', stats: stats(samples.filter((s) => s.nav.apiEndMs !== null).map((s) => s.nav.apiEndMs! - s.nav.apiFirstByteMs!)) },
    { what: '  response received → rows painted', stats: stats(samples.filter((s) => s.nav.apiEndMs !== null).map((s) => s.nav.totalMs - s.nav.apiEndMs!)) },
    { what: '  longest main-thread task in the window', stats: stats(samples.map((s) => s.nav.longestTaskMs)) },
    ...(samples.some((s) => s.nav.gridFirstRenderMs !== null) ? [{ what: '  grid’s own rows → firstDataRendered', stats: stats(num(samples.map((s) => s.nav.gridFirstRenderMs))) }] : []),
    { what: `units.list in the engine (in-process, ${unitCount.toLocaleString()} rows + JSON)`, stats: stats(engineMs) },
    { what: `units.list over HTTP from Node (${fmtBytes(jsonBytes)} JSON, parsed)`, stats: stats(httpMs) },
    { what: '  in the page: fetch(units.list) → response headers', stats: stats(samples.map((s) => s.raw.headersMs)), note: 'fetched again by hand after the run, to split the response handling' },
    { what: '  in the page: response headers → body text', stats: stats(samples.map((s) => s.raw.bodyMs)) },
    { what: `  in the page: JSON.parse (${fmtBytes(jsonBytes)})`, stats: stats(samples.map((s) => s.raw.parseMs)) },
    { what: `quick filter "${FILTER}": last key → count updated, painted`, stats: stats(samples.map((s) => s.filter.totalMs)), note: 'includes the grid’s 120 ms input debounce' },
    { what: `quick filter "${FILTER}": first key → painted`, stats: stats(samples.map((s) => s.filter.fromFirstKeyMs)), note: 'keys typed 30 ms apart' },
    { what: '  longest main-thread task while filtering', stats: stats(samples.map((s) => s.filter.longestTaskMs)) },
    { what: 'login → units grid (landing screen; info)', stats: stats(samples.map((s) => s.loginToGridMs)), note: 'measured from Playwright, includes automation round trips' },
  ];
  printTable(`Units grid in Chromium: ${runs} runs, each in a fresh browser context`, rows);
  const shown = samples[samples.length - 1]?.filter.shown.trim() ?? '';
  console.log(`filter result: ${shown}; screenshots: ${path.relative(ROOT, SCREENSHOT)}, ${path.relative(ROOT, SCREENSHOT_FILTER)}`);

  const m = await machine();
  saveRaw('units-grid', { date: new Date().toISOString(), machine: m, samples, engineMs, httpMs, jsonBytes, quiet });
  if (!argFlag('no-write')) {
    writeSection(
      'units-grid',
      `## 3. The units grid with 10,000 rows in Chromium — \`bench/units-grid.ts\`

**Target:** the units grid with ${unitCount.toLocaleString()} rows renders in ≤ 1 s (median of ${runs} runs).

**What it measures.** A ledger built through the engine's API (\`setup.createAdmin\`, then
\`units.batch\` inserts in chunks of 1,000 by a trusted system caller): 1 lead hospital, ${townships} 乡镇卫生院
and ${(unitCount - townships - 1).toLocaleString()} 村卫生室 (B00001…) under them. The renderer is built with vite into
\`bench/data/renderer\` and served by the web host; Debian's Chromium is driven headless by
playwright-core (viewport 1440×900, zh-CN). Each run is a fresh browser context: open the launch
URL, log in, go to 资产 (a placeholder screen), then click 设置 › 单位. The figure is taken inside
the page: from the click event to the first frame painted after a body row (\`.ag-row\`) is
visible in \`[data-testid=grid-units]\` **and** the status bar counts all ${unitCount.toLocaleString()} rows
(MutationObserver, then rAF + a posted message for the paint). It includes the \`units.list\` call
over HTTP (${fmtBytes(jsonBytes)} of JSON), parsing, React and AG Grid's first render. Then, after one
second (the grid precomputes pinyin search text in idle slices), \`${FILTER}\` (initials of
乡镇卫生院) is typed into the quick filter 30 ms per key; the filter figure runs from the input
event of the last key to the painted frame after the count changes (result: ${shown}). One
unmeasured warm-up run precedes the ${runs} measured ones. Screenshots of the last run, to check
by eye that the grid really rendered: \`bench/data/units-grid-10k.png\` and
\`bench/data/units-grid-10k-filter.png\`. The sub-rows split the navigation (resource timing of the
\`units.list\` request in the page, and the engine's own time inside the web host); the "in the
page" rows fetch \`units.list\` once more by hand after each run to separate body delivery from
\`JSON.parse\`. \`npx tsx bench/units-grid.ts --profile\` runs once under the V8 CPU profiler and
Chromium's tracer and prints where the main thread's time goes.

**How to run:** \`npx tsx bench/units-grid.ts [--runs 5] [--units 10000] [--skip-build] [--headed] [--profile]\`
(needs \`/usr/bin/chromium\`: \`apt-get install -y chromium fonts-noto-cjk\`).

**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}

${markdownTable(rows)}`,
    );
  }
  if (anyFailed(rows)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
