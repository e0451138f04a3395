// Shared helpers for the benchmark scripts: statistics, machine description, the result table,
// and the per-benchmark sections of BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Generated ledgers, screenshots and raw results (git-ignored). */
export const DATA_DIR = path.join(ROOT, 'bench', 'data');
export const BENCHMARKS_MD = path.join(ROOT, 'BENCHMARKS.md');
export const CHROMIUM = '/usr/bin/chromium';

export function ensureDataDir(): string {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  return DATA_DIR;
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Stats {
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile on a sorted copy (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return {
    n: s.length,
    min: s[0] ?? NaN,
    median,
    p95: percentile(s, 95),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function fmtBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

// ---------------------------------------------------------------------------------------------
// Result rows: one per measured quantity, optionally with a target.

export interface ResultRow {
  what: string;
  stats: Stats;
  /** Upper bound on `stats[targetOn]`, in ms. */
  targetMs?: number;
  targetOn?: 'median' | 'p95';
  /** Free-form note shown in the last column. */
  note?: string;
}

export type Verdict = 'PASS' | 'FAIL' | 'info';

export function verdict(r: ResultRow): Verdict {
  if (r.targetMs === undefined) return 'info';
  return r.stats[r.targetOn ?? 'median'] <= r.targetMs ? 'PASS' : 'FAIL';
}

function targetText(r: ResultRow): string {
  return r.targetMs === undefined ? '—' : `${r.targetOn ?? 'median'} ≤ ${fmtMs(r.targetMs)}`;
}

/** Plain-text table for the console. */
export function printTable(title: string, rows: readonly ResultRow[]): void {
  const head = ['measurement', 'n', 'median', 'p95', 'min', 'max', 'target', 'result'];
  const body = rows.map((r) => [r.what, String(r.stats.n), fmtMs(r.stats.median), fmtMs(r.stats.p95), fmtMs(r.stats.min), fmtMs(r.stats.max), targetText(r), verdict(r)]);
  // Width in terminal columns: CJK characters take two.
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
  const cols = head.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c + ' '.repeat(cols[i]! - width(c)) : ' '.repeat(cols[i]! - width(c)) + c)).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(cols.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note) console.log(`  · ${r.what}: ${r.note}`);
  console.log('');
}

/** Markdown table for BENCHMARKS.md. */
export function markdownTable(rows: readonly ResultRow[]): string {
  const lines = ['| measurement | n | median | p95 | min | max | target | result |', '|---|--:|--:|--:|--:|--:|---|---|'];
  for (const r of rows) {
    const v = verdict(r);
    // Markdown trims cell padding: show sub-rows (indented with spaces in the console) with an arrow.
    const what = r.what.replace(/^( +)/, (sp) => `${'&nbsp;'.repeat(Math.max(0, sp.length - 2) * 2)}↳ `);
    lines.push(
      `| ${what} | ${r.stats.n} | ${fmtMs(r.stats.median)} | ${fmtMs(r.stats.p95)} | ${fmtMs(r.stats.min)} | ${fmtMs(r.stats.max)} | ${targetText(r)} | ${v === 'PASS' ? '**PASS**' : v === 'FAIL' ? '**FAIL**' : 'info'} |`,
    );
  }
  return lines.join('\n');
}

export function anyFailed(rows: readonly ResultRow[]): boolean {
  return rows.some((r) => verdict(r) === 'FAIL');
}

// ---------------------------------------------------------------------------------------------
// Machine

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  chromium: string | null;
  sqlite: string;
  os: string;
}

export function cpuModel(): string {
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    /* not Linux */
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function chromiumVersion(): string | null {
  if (!fs.existsSync(CHROMIUM)) return null;
  try {
    // Debian's wrapper script prints a shell warning on stderr; the version is on stdout.
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export async function machine(): Promise<Machine> {
  const { default: Database } = await import('better-sqlite3');
  const mem = new Database(':memory:');
  const sqlite = mem.prepare('SELECT sqlite_version()').pluck().get() as string;
  mem.close();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (pretty) osName = `${pretty[1]} (kernel ${os.release()})`;
  } catch {
    /* ignore */
  }
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium: chromiumVersion(),
    sqlite,
    os: osName,
  };
}

export function machineLine(m: Machine): string {
  const chromium = m.chromium?.replace(/ built on .*$/, '');
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}, SQLite ${m.sqlite}${chromium ? `, ${chromium}` : ''}`;
}

export function today(): string {
  return new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

// ---------------------------------------------------------------------------------------------
// BENCHMARKS.md: a fixed preamble plus one section per benchmark between markers, so each script
// rewrites only its own section and the others keep their last results.

const ORDER = ['open-1gb', 'web-call', 'units-grid', 'assets-grid', 'assets-import', 'depreciation', 'count-reconcile', 'count-scan', 'posts'] as const;
export type BenchName = (typeof ORDER)[number];

const PREAMBLE = `# Benchmarks

Performance targets from issues #2 and #3, measured by the scripts in \`bench/\`. Every script is
reproducible: it generates its own data under \`bench/data/\` (git-ignored), prints a table of
median / p95 with PASS/FAIL against the target, and rewrites its own section below with the
figures, the machine and the date.

\`\`\`sh
npm run bench                      # all of them (bench/run-all.ts); exit code 1 if a target fails
npx tsx bench/open-1gb.ts          # one of them
npx tsx bench/web-call.ts
npx tsx bench/units-grid.ts        # needs /usr/bin/chromium and a usable renderer
npx tsx bench/assets-grid.ts       # the asset register with 150,000 cards in Chromium
npx tsx bench/assets-import.ts     # importing a 100,000-row .xlsx against ExcelJS's own read
npx tsx bench/depreciation.ts      # month-end run and register as of a date, 100,000 cards
npx tsx bench/count-reconcile.ts   # count reconciliation 100,000 × 100,000, 账账核对, scan latency
npx tsx bench/posts.ts             # post structure report, cap check, staff import (6,000 staff, 150 units)
\`\`\`

Percentiles are nearest-rank; "p95" of 5 samples is the largest one. Figures from a shared
2-core virtual machine are noisy — compare runs on the same machine, and look at the medians
before the tails. Before each block of measurements the scripts wait (up to a minute;
\`--max-wait N\` seconds) until at least one core has been idle for two seconds, and each
section says whether that was reached.
`;

function marker(name: string, edge: 'begin' | 'end'): string {
  return `<!-- bench:${name}:${edge} -->`;
}

/** Replace (or add) the section of one benchmark in BENCHMARKS.md. */
export function writeSection(name: BenchName, markdown: string): void {
  let text = fs.existsSync(BENCHMARKS_MD) ? fs.readFileSync(BENCHMARKS_MD, 'utf8') : PREAMBLE;
  const sections = new Map<string, string>();
  for (const n of ORDER) {
    const b = text.indexOf(marker(n, 'begin'));
    const e = text.indexOf(marker(n, 'end'));
    if (b >= 0 && e > b) sections.set(n, text.slice(b, e + marker(n, 'end').length));
  }
  const firstMarker = Math.min(...ORDER.map((n) => text.indexOf(marker(n, 'begin'))).filter((i) => i >= 0), text.length);
  const preamble = text.slice(0, firstMarker).trimEnd();
  sections.set(name, `${marker(name, 'begin')}\n${markdown.trim()}\n${marker(name, 'end')}`);
  text = `${preamble}\n\n${ORDER.filter((n) => sections.has(n))
    .map((n) => sections.get(n)!)
    .join('\n\n')}\n`;
  fs.writeFileSync(BENCHMARKS_MD, text);
  console.log(`BENCHMARKS.md: section "${name}" updated.`);
}

/** Also keep the raw samples (bench/data/results-<name>.json) for anyone who wants to dig. */
export function saveRaw(name: BenchName, data: unknown): void {
  ensureDataDir();
  fs.writeFileSync(path.join(DATA_DIR, `results-${name}.json`), JSON.stringify(data, null, 2));
}

export function argFlag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------
// Quiet machine: the benchmark machine may be shared (other builds and test runs). Before
// measuring, wait until the CPUs have been mostly idle for a few seconds in a row.

function cpuTimes(): { idle: number; total: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { idle, total: v.reduce((a, b) => a + b, 0) };
  } catch {
    return { idle: 0, total: 0 };
  }
}

/** At least one of two cores free, two seconds in a row (the benchmarks are single-threaded, except Chromium). */
const QUIET_MAX_BUSY = 0.5;
const QUIET_SECONDS = 2;

export interface QuietReport {
  quiet: boolean;
  waitedS: number;
  /** Share of CPU busy in the last one-second window before the measurement (0..1). */
  busy: number;
  load1: number;
}

/** Wait (up to `maxWaitS`) for `seconds` consecutive one-second windows with at most `maxBusy` CPU use. */
export async function waitForQuiet(opts: { maxWaitS?: number; seconds?: number; maxBusy?: number; log?: boolean } = {}): Promise<QuietReport> {
  const maxWaitS = argValue('max-wait') !== undefined ? Number(argValue('max-wait')) : (opts.maxWaitS ?? 60);
  const need = opts.seconds ?? QUIET_SECONDS;
  const maxBusy = opts.maxBusy ?? QUIET_MAX_BUSY;
  const t0 = Date.now();
  let streak = 0;
  let busy = 1;
  let prev = cpuTimes();
  if (prev.total === 0) return { quiet: true, waitedS: 0, busy: 0, load1: os.loadavg()[0] ?? 0 };
  let announced = false;
  while (true) {
    await sleep(1000);
    const cur = cpuTimes();
    const dt = cur.total - prev.total;
    busy = dt > 0 ? 1 - (cur.idle - prev.idle) / dt : 0;
    prev = cur;
    streak = busy <= maxBusy ? streak + 1 : 0;
    const waited = (Date.now() - t0) / 1000;
    if (streak >= need) return { quiet: true, waitedS: Math.round(waited), busy, load1: os.loadavg()[0] ?? 0 };
    if (waited >= maxWaitS) {
      if (opts.log !== false) console.warn(`  machine not quiet after ${maxWaitS} s (CPU ${Math.round(busy * 100)} % busy) — measuring anyway`);
      return { quiet: false, waitedS: Math.round(waited), busy, load1: os.loadavg()[0] ?? 0 };
    }
    if (!announced && waited >= 3 && opts.log !== false) {
      console.log(`  waiting for a quiet machine (CPU ${Math.round(busy * 100)} % busy; up to ${maxWaitS} s, --max-wait N) …`);
      announced = true;
    }
  }
}

/** One line for BENCHMARKS.md about how busy the machine was. */
export function quietLine(reports: readonly QuietReport[]): string {
  if (!reports.length) return '';
  const notQuiet = reports.filter((r) => !r.quiet).length;
  const maxLoad = Math.max(...reports.map((r) => r.load1));
  return (
    `Shared machine: before each block of measurements the script waited until CPU use had stayed ≤ ${QUIET_MAX_BUSY * 100} % (one core free) for ${QUIET_SECONDS} s ` +
    `(${notQuiet === 0 ? 'reached every time' : `not reached ${notQuiet} of ${reports.length} times — figures disturbed by other processes`}; ` +
    `1-min load average up to ${maxLoad.toFixed(1)}).`
  );
}
