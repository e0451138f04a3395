// Importing a 100,000-row asset register (.xlsx) against the time ExcelJS's streaming reader alone
// needs to read the same file (issue #3: within 1.5×, measured in the same run).
//
//   npx tsx bench/assets-import.ts [--rows 100000] [--runs 3] [--max-wait 60] [--profile]
//
// The sheet (bench/data/assets-import-<rows>.xlsx, made once with ExcelJS's streaming writer) looks
// like a county hospital's own register, not like our export: a title row and a blank row above the
// header, header variants (资产编码, 购置日期, 价值(元), 折旧年限 in years, 已提折旧), amounts as numbers and as
// text like ¥12,345.60, dates as Excel dates and as text in four styles, departments by name,
// 使用状况 and 资金来源 in words, a 合计 row and a 制表人 line at the bottom. Every row is valid.
//
// Each run, alternating so both see the same machine state:
// - baseline: ExcelJS.stream.xlsx.WorkbookReader over the file's bytes with the options the import
//   uses, reading every row and touching every cell value (nothing else);
// - import: `assets.import` through `ledger.invoke` (schema check, permission, base64 decode, read,
//   parse and check every row, the backup before the import, the inserts with their acquire
//   events and the audit row, commit) into a fresh ledger with the unit and its departments
//   (--unit B001, --opening-period 2026-02), and the progress events it emits;
// - dry run: the same with dryRun (everything but the commit; the preview a user sees first).
// --profile runs one import under the V8 CPU profiler and prints where the time goes.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Session } from 'node:inspector/promises';
import ExcelJS from 'exceljs';
import { openLedger } from '../db/engine/ledger';
import { demoCards } from '../renderer/screens/assets/demo-cards';
import { DATA_DIR, anyFailed, argFlag, argValue, ensureDataDir, fmtBytes, machine, machineLine, markdownTable, printTable, quietLine, saveRaw, stats, today, waitForQuiet, writeSection, type QuietReport, type ResultRow } from './lib';

const ROWS = Number(argValue('rows') ?? 100_000);
const RUNS = Number(argValue('runs') ?? 3);
const GENERATOR = 1;
const SYSTEM = { system: { actor: 'bench' } };
const DEPTS: [string, string][] = [['NK', '内科'], ['WK', '外科'], ['FSK', '放射科'], ['JYK', '检验科'], ['XXZX', '信息中心'], ['ZWK', '总务科'], ['EK', '儿科'], ['FCK', '妇产科']];

const HEADERS = ['序号', '资产编码', '资产名称', '资产分类代码', '品牌', '规格型号', '数量', '计量单位', '取得方式', '购置日期', '财务入账日期', '凭证号', '价值(元)', '资金来源', '折旧年限', '已提折旧', '使用部门', '使用人', '存放地点', '使用状况', '生产厂家', '供应商', '备注'];
const FUND: Record<string, string> = { 0: '医疗收入', 1: '财政拨款' };

function sheetFile(): string {
  return path.join(DATA_DIR, `assets-import-${ROWS}-g${GENERATOR}.xlsx`);
}

/** A hospital's register sheet with `ROWS` cards (made once, kept in bench/data/). */
async function makeSheet(file: string): Promise<void> {
  const cards = demoCards([{ code: 'B001', depts: DEPTS.map((d) => d[0]) }], ROWS, { seed: 4242, prefix: 'QHRM', openingPeriod: '2026-02' });
  const deptName = new Map(DEPTS);
  const tmp = `${file}.tmp`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('固定资产卡片');
  ws.addRow(['清河县人民医院固定资产卡片登记表（截至2026年2月）']).commit();
  ws.addRow([]).commit();
  ws.addRow(HEADERS).commit();
  let total = 0;
  cards.forEach((c, i) => {
    total += c.costFen;
    const yuan = c.costFen / 100;
    // the styles people really type, in turn
    const cost = i % 5 === 0 ? `¥${yuan.toLocaleString('en', { minimumFractionDigits: 2 })}` : i % 5 === 1 ? yuan.toLocaleString('en', { minimumFractionDigits: 2 }) : yuan;
    const [y, m, d] = c.bookedOn.split('-').map(Number) as [number, number, number];
    const acquired = i % 4 === 0 ? new Date(Date.UTC(y, m - 1, d)) : i % 4 === 1 ? `${y}/${m}/${d}` : i % 4 === 2 ? `${y}年${m}月${d}日` : c.acquiredOn;
    const fund = c.fundFiscalFen > 0 && c.fundOwnFen > 0 ? null : FUND[c.fundFiscalFen > 0 ? 1 : 0]!;
    ws.addRow([
      i + 1,
      c.code,
      c.name,
      c.classCode,
      c.brand,
      c.model,
      `1${c.measureUnit}`,
      null,
      c.acquisitionMethod === '新购' ? '购置' : c.acquisitionMethod,
      acquired,
      i % 3 === 0 ? new Date(Date.UTC(y, m - 1, d)) : c.bookedOn,
      c.voucherNo,
      cost,
      fund ?? '医疗收入',
      c.lifeMonths / 12,
      c.openingAccumulatedFen / 100,
      c.usingDeptCode ? deptName.get(c.usingDeptCode) : null,
      c.userName,
      c.location,
      c.status,
      c.manufacturer,
      c.supplier,
      c.remarks,
    ]).commit();
  });
  ws.addRow(['合计', null, null, null, null, null, null, null, null, null, null, null, total / 100]).commit();
  ws.addRow(['制表人：王会计', null, null, null, '审核人：李科长']).commit();
  await wb.commit();
  fs.renameSync(tmp, file);
}

/** ExcelJS's streaming reader alone: every row, every cell value touched. */
async function excelRead(bytes: Buffer): Promise<{ ms: number; cpuMs: number; rows: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  let rows = 0;
  let cells = 0;
  for await (const ws of reader) {
    for await (const row of ws) {
      rows++;
      const values = row.values as unknown[];
      for (let c = 1; c < values.length; c++) if (values[c] !== undefined) cells++;
    }
  }
  if (cells === 0) throw new Error('read nothing');
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, rows };
}

/** A fresh ledger with unit B001 and its departments (a copy of a template made once). */
async function template(file: string): Promise<void> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '基准测试医共体', username: 'admin', password: 'bench-pass-1', displayName: '基准' });
  await ledger.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'B001', name: '清河县人民医院', type: '牵头医院', parentCode: null } }] as never }, SYSTEM);
  await ledger.invoke('departments.batch', { ops: DEPTS.map(([code, name]) => ({ op: 'insert', row: { unitCode: 'B001', code, name } })) as never }, SYSTEM);
  ledger.close(); // checkpoints: the template is one file
}

function freshCopy(tpl: string, file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(`${file}.backups`, { recursive: true, force: true });
  fs.copyFileSync(tpl, file);
}

interface ImportSample {
  ms: number;
  /** CPU time of this process (all its threads) during the call: less disturbed by other processes than wall time. */
  cpuMs: number;
  imported: number;
  rejected: number;
  progressEvents: number;
  longestGapMs: number;
}

async function importOnce(tpl: string, file: string, base64: string, dryRun: boolean): Promise<ImportSample> {
  freshCopy(tpl, file);
  const ledger = openLedger(file);
  const marks: number[] = [];
  const off = ledger.on('progress', () => marks.push(performance.now()));
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await ledger.invoke('assets.import', { fileName: path.basename(sheetFile()), base64, unitCode: 'B001', openingPeriod: '2026-02', skipInvalid: false, dryRun }, SYSTEM);
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    const times = [t0, ...marks, t1];
    let gap = 0;
    for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
    if (r.rejected.length) throw new Error(`rejected rows: ${JSON.stringify(r.rejected.slice(0, 5))}`);
    return { ms: t1 - t0, cpuMs: (c.user + c.system) / 1000, imported: r.imported, rejected: r.rejected.length, progressEvents: marks.length, longestGapMs: gap };
  } finally {
    off();
    ledger.close();
  }
}

async function main() {
  ensureDataDir();
  const file = sheetFile();
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    console.log(`making ${path.basename(file)} (${ROWS.toLocaleString('en')} rows) …`);
    await makeSheet(file);
    console.log(`  made in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const bytes = fs.readFileSync(file);
  const base64 = bytes.toString('base64');
  const tpl = path.join(DATA_DIR, 'assets-import-template.ledger');
  const target = path.join(DATA_DIR, 'assets-import.ledger');
  await template(tpl);

  if (argFlag('profile')) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const s = await importOnce(tpl, target, base64, false);
    const { profile } = await session.post('Profiler.stop');
    const out = path.join(DATA_DIR, 'assets-import.cpuprofile');
    fs.writeFileSync(out, JSON.stringify(profile));
    console.log(`profiled import: ${Math.round(s.ms)} ms; ${out}`);
    const self = new Map<number, number>();
    profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
    const by = new Map<string, number>();
    for (const n of profile.nodes) {
      const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|db|shared)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
      by.set(key, (by.get(key) ?? 0) + (self.get(n.id) ?? 0));
    }
    for (const [k, us] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
    return;
  }

  const quiet: QuietReport[] = [];
  const read: number[] = [];
  const readCpu: number[] = [];
  const imports: ImportSample[] = [];
  const dry: ImportSample[] = [];
  let sheetRows = 0;
  // one unmeasured round first (JIT, page cache)
  for (let run = 0; run <= RUNS; run++) {
    if (run > 0) quiet.push(await waitForQuiet());
    const r = await excelRead(bytes);
    sheetRows = r.rows;
    const imp = await importOnce(tpl, target, base64, false);
    const d = await importOnce(tpl, target, base64, true);
    if (imp.imported !== ROWS) throw new Error(`imported ${imp.imported} of ${ROWS}`);
    console.log(`${run === 0 ? 'warm-up' : `run ${run}`}: ExcelJS read ${Math.round(r.ms)} ms (CPU ${Math.round(r.cpuMs)} ms, ${r.rows} rows), import ${Math.round(imp.ms)} ms (CPU ${Math.round(imp.cpuMs)} ms; ${(imp.ms / r.ms).toFixed(2)}× wall, ${(imp.cpuMs / r.cpuMs).toFixed(2)}× CPU; ${imp.progressEvents} progress events, longest gap ${Math.round(imp.longestGapMs)} ms), dry run ${Math.round(d.ms)} ms`);
    if (run === 0) continue;
    read.push(r.ms);
    readCpu.push(r.cpuMs);
    imports.push(imp);
    dry.push(d);
  }
  for (const f of [target, `${target}-wal`, `${target}-shm`, tpl]) fs.rmSync(f, { force: true });
  fs.rmSync(`${target}.backups`, { recursive: true, force: true });

  const ratios = imports.map((s, i) => s.ms / read[i]!);
  const readMed = stats(read).median;
  const n = ROWS.toLocaleString('en');
  const rows: ResultRow[] = [
    { what: `ExcelJS streaming reader alone: read every row of the ${n}-row sheet`, stats: stats(read) },
    { what: `assets.import of the same sheet (${n} cards written, all-or-nothing)`, stats: stats(imports.map((s) => s.ms)), targetMs: readMed * 1.5, note: `target = 1.5 × the median ExcelJS read of this run (${Math.round(readMed)} ms); per-run ratios ${ratios.map((x) => x.toFixed(2)).join(', ')}` },
    { what: 'CPU time: ExcelJS streaming reader alone', stats: stats(readCpu), note: 'process CPU time (user + system, all threads): on a busy shared machine the fairer comparison' },
    { what: 'CPU time: assets.import (both threads)', stats: stats(imports.map((s) => s.cpuMs)), note: `per-run CPU ratios ${imports.map((s, i) => (s.cpuMs / readCpu[i]!).toFixed(2)).join(', ')}; the import reads in a worker thread while the engine inserts, so its CPU time adds up two threads` },
    { what: '  longest stretch without a progress event', stats: stats(imports.map((s) => s.longestGapMs)), note: `${imports[0]?.progressEvents ?? 0} progress events per import` },
    { what: 'assets.import dry run (the preview: everything but the commit)', stats: stats(dry.map((s) => s.ms)) },
  ];
  printTable(`Asset import, ${n} rows, ${RUNS} runs`, rows);
  const m = await machine();
  saveRaw('assets-import', { date: new Date().toISOString(), machine: m, rows: ROWS, read, readCpu, imports, dry, quiet });
  writeSection(
    'assets-import',
    `## 5. Importing a ${n}-row asset register — \`bench/assets-import.ts\`

**Target (issue #3):** importing a ${n}-row \`.xlsx\` takes at most 1.5 × the time ExcelJS's streaming
reader alone needs to read the same file, measured in the same run; progress is reported throughout.

**What it measures.** A sheet made once with ExcelJS's streaming writer (${fmtBytes(bytes.length)}, ${sheetRows.toLocaleString('en')} rows
in all) shaped like a hospital's own register rather than our export: a title row and a blank row above
the header, header variants (资产编码, 购置日期, 价值(元), 折旧年限 in years, 已提折旧), amounts as numbers and as
text (\`¥12,345.60\`, \`1,234.00\`), dates as Excel dates and as text (\`2019/3/5\`, \`2019年3月5日\`,
\`2019-03-05\`), 数量 with its unit (\`1台\`), departments by name, 使用状况 and 资金来源 in words, a 合计 row
and a 制表人 line at the bottom; every card valid. In each run, one after the other: ExcelJS's
\`stream.xlsx.WorkbookReader\` over the file's bytes (shared strings cached, styles ignored — cell values as our
reader takes them), touching every cell value (the baseline); then \`assets.import\` through \`ledger.invoke\`
(\`--unit B001 --opening-period 2026-02\`) into a fresh copy of a ledger holding the unit and its departments —
argument check, base64 decode, the sheet read and every row parsed and checked in the import worker thread
(db/modules/assets/import-worker.ts, run from source through tsx here; the worker started in the unmeasured
round is kept warm, as in the app), each batch of 2,000 checked against the database and inserted by the
engine as it arrives, the automatic backup, the acquire events, the audit row, the commit (the WAL is
checkpointed just after the reply); then the same as a dry run (the preview). One unmeasured round first.
Wall times, and the process's CPU time (all threads) as information. ExcelJS's own read of this file
swings between about 3.5 s and 8 s from run to run on this machine (it allocates heavily, and V8's
young-generation sizing decides how often it stops to collect): compare each run's ratio, not one
figure; the target is only met with margin when the import also beats the fast read.
\`--profile\` runs one import under the V8 CPU profiler (the engine's thread only).

**How to run:** \`npx tsx bench/assets-import.ts [--rows 100000] [--runs 3] [--profile]\`

**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}

${markdownTable(rows)}`,
  );
  if (anyFailed(rows)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
