// Benchmark — unified post settings (issue #5): the structure report for 6,000 staff across 150
// units ≤ 300 ms; an appointment's cap check ≤ 10 ms; a staff import of 6,000 rows ≤ 3 s.
//
//   npx tsx bench/posts.ts [--staff 6000] [--runs 20] [--import-runs 3] [--max-wait 60]
//
// The ledger is created through the engine and filled through it too, driven by a seeded PRNG:
// 150 units (1 lead hospital, 2 county hospitals, 27 township centres, 120 village clinics), a post
// scheme for each hospital and centre (shipped ratio sets), 6,000 people imported from a generated
// .xlsx (title row, valid identity numbers, a tenth working in another unit), and one appointment
// per person (a twentieth also holding a management post) through the posts.appoint handler.
//
// Measured through `ledger.call` (argument validation, permission check, the handler):
// - `posts.structure` for the whole community (approved / filled / vacant by category, band and
//   grade, caps and breaches for every unit), `--runs` times;
// - `posts.check` (the cap check posts.appoint runs) for random people, units and grades, 10 × --runs;
// - `staff.import` of the 6,000-row .xlsx into a fresh ledger with the same units (parse, validate,
//   identity-number checks, automatic backup, one transaction with its audit row), --import-runs times.
// Raw samples: bench/data/results-posts.json. Rewrites the "posts" section of BENCHMARKS.md.

import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { appointAll } from '../db/demo/staff';
import { openLedger, type Ledger } from '../db/engine/ledger';
import type { ArgsIn } from '../shared/api';
import { idCheckChar } from '../shared/domain/posts';
import { DATA_DIR, anyFailed, argValue, ensureDataDir, machine, machineLine, markdownTable, printTable, quietLine, stats, today, waitForQuiet, writeSection, type QuietReport, type ResultRow } from './lib';
import { mulberry32 } from '../shared/random';

const SYS = { system: { actor: 'bench' } };
const STAFF = Number(argValue('staff') ?? 6000);
const RUNS = Number(argValue('runs') ?? 20);
const IMPORT_RUNS = Number(argValue('import-runs') ?? 3);

interface UnitSpec {
  code: string;
  name: string;
  type: '牵头医院' | '县级医院' | '乡镇卫生院' | '村卫生室';
  parentCode: string | null;
}

function unitsPlan(): UnitSpec[] {
  const units: UnitSpec[] = [
    { code: 'L001', name: '县人民医院', type: '牵头医院', parentCode: null },
    { code: 'C002', name: '县中医医院', type: '县级医院', parentCode: 'L001' },
    { code: 'C003', name: '县妇幼保健院', type: '县级医院', parentCode: 'L001' },
  ];
  for (let i = 1; i <= 27; i++) units.push({ code: `T${String(i).padStart(3, '0')}`, name: `第${i}镇卫生院`, type: '乡镇卫生院', parentCode: 'L001' });
  for (let i = 1; i <= 120; i++) units.push({ code: `V${String(i).padStart(3, '0')}`, name: `第${i}村卫生室`, type: '村卫生室', parentCode: `T${String(((i - 1) % 27) + 1).padStart(3, '0')}` });
  return units;
}

async function newLedger(file: string): Promise<Ledger> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(`${file}.backups`, { recursive: true, force: true });
  const ledger = openLedger(file, { create: true });
  await ledger.invoke('setup.createAdmin', { communityName: '基准测试医共体', username: 'admin', displayName: '管理员', password: 'bench-pass-1' }, {});
  const units = unitsPlan();
  for (const level of [units.slice(0, 1), units.slice(1, 30), units.slice(30)]) {
    await ledger.invoke('units.batch', { ops: level.map((row) => ({ op: 'insert' as const, row })) }, SYS);
  }
  return ledger;
}

/** Where people are employed: the hospitals take half, the township centres the rest (villages employ none). */
function staffSheetRows(rnd: () => number, n: number, units: UnitSpec[]): { rows: string[][]; homes: string[] } {
  const hospitals = units.filter((u) => u.type !== '村卫生室');
  const weight = (u: UnitSpec) => (u.code === 'L001' ? 30 : u.type === '县级医院' ? 10 : 1.85);
  const total = hospitals.reduce((s, u) => s + weight(u), 0);
  const rows: string[][] = [];
  const homes: string[] = [];
  const villages = units.filter((u) => u.type === '村卫生室');
  for (let i = 0; i < n; i++) {
    let x = rnd() * total;
    let home = hospitals[0]!;
    for (const u of hospitals) {
      x -= weight(u);
      if (x <= 0) {
        home = u;
        break;
      }
    }
    const sex = rnd() < 0.6 ? '女' : '男';
    const birth = `${1965 + Math.floor(rnd() * 35)}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const body = `130534${birth}${String(((i % 499) * 2 + (sex === '男' ? 1 : 0)) % 1000).padStart(3, '0')}`;
    const works = rnd() < 0.1 ? (home.type === '乡镇卫生院' ? villages[Math.floor(rnd() * villages.length)]! : hospitals[3 + Math.floor(rnd() * 27)]!) : null;
    rows.push([`P${String(i + 1).padStart(5, '0')}`, `职工${i + 1}`, body + idCheckChar(body), sex, `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, '本科', '主治医师', '执业医师', rnd() < 0.75 ? '在编' : '合同制', home.code, works?.code ?? '']);
    homes.push(home.code);
  }
  return { rows, homes };
}

async function xlsx(rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['基准测试医共体职工花名册']);
  ws.addRow(['工号', '姓名', '身份证号', '性别', '出生日期', '学历', '职称', '执业资格', '人员类别', '聘用单位编码', '工作单位编码']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

async function main(): Promise<void> {
  ensureDataDir();
  const rnd = mulberry32(20260505);
  const units = unitsPlan();
  const { rows, homes } = staffSheetRows(rnd, STAFF, units);
  const base64 = await xlsx(rows);
  const file = path.join(DATA_DIR, 'posts.ledger');
  const quiet: QuietReport[] = [];
  const samples: Record<string, number[]> = { structure: [], check: [], import: [], structureUnit: [] };

  // --- Staff import into fresh ledgers.
  let ledger: Ledger | null = null;
  for (let i = 0; i < IMPORT_RUNS; i++) {
    ledger?.close();
    ledger = await newLedger(file);
    if (i === 0 || i === IMPORT_RUNS - 1) quiet.push(await waitForQuiet());
    const r = await timed(async () => {
      const reply = await ledger!.call('staff.import', { fileName: 'staff.xlsx', base64 }, SYS);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.result as { imported: number; rejected: unknown[] };
    });
    if (r.result.imported !== STAFF) throw new Error(`imported ${r.result.imported} of ${STAFF}: ${JSON.stringify(r.result.rejected.slice(0, 3))}`);
    samples.import!.push(r.ms);
    console.log(`  staff.import ${STAFF} rows: ${r.ms.toFixed(0)} ms`);
  }
  const l = ledger!;
  try {
    // --- Schemes and appointments.
    const t0 = performance.now();
    const count = new Map<string, number>();
    for (const h of homes) count.set(h, (count.get(h) ?? 0) + 1);
    const quotas = units
      .filter((u) => u.type !== '村卫生室')
      .map((u) => {
        const n = count.get(u.code) ?? 0;
        const total = Math.ceil(n * 1.08) + 2;
        const mgmt = Math.ceil(total * 0.07);
        const worker = Math.ceil(total * 0.06);
        return { unitCode: u.code, staffing: total + 3, totalPosts: total, mgmtPosts: mgmt, proPosts: total - mgmt - worker, workerPosts: worker };
      });
    await l.invoke('posts.quotas.save', { rows: quotas }, SYS);
    const seen = new Map<string, number>();
    const list: ArgsIn<'posts.appoint'>[] = [];
    rows.forEach((r, i) => {
      const unit = homes[i]!;
      const k = (seen.get(unit) ?? 0) + 1;
      seen.set(unit, k);
      const n = count.get(unit)!;
      // Per unit: the first 5% management (a twentieth of the people also professional), 4% workers, the rest professional, grades junior-heavy.
      const base = { staffNo: r[0]!, unitCode: unit, basis: '直接聘任' as const, termStart: '2025-01-01', termEnd: '2027-12-31' };
      if (k <= Math.floor(n * 0.05)) {
        list.push({ ...base, category: '管理', grade: 7 + (k % 4) });
        if (k % 2 === 0) list.push({ ...base, category: '专业技术', grade: 12 });
      } else if (k <= Math.floor(n * 0.09)) list.push({ ...base, category: '工勤', grade: k % 3 === 0 ? null : 4 });
      else {
        const x = (k * 37) % 100;
        list.push({ ...base, category: '专业技术', grade: x < 4 ? 7 : x < 8 ? 10 : x < 30 ? 10 + (x % 1) : x < 60 ? 12 : 13 });
      }
    });
    appointAll(l, list);
    const built = { units: units.length, staff: STAFF, appointments: list.length, seconds: (performance.now() - t0) / 1000 };
    console.log(`  built: ${built.appointments} appointments in ${built.seconds.toFixed(1)} s`);

    quiet.push(await waitForQuiet());
    let report: { units: unknown[]; community: { filled: { total: number } } } | null = null;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(() => l.call('posts.structure', {}, SYS));
      if (!r.result.ok) throw new Error(r.result.error.message);
      report = r.result.result as typeof report;
      samples.structure!.push(r.ms);
      const u = await timed(() => l.call('posts.structure', { unitCode: 'L001' }, SYS));
      samples.structureUnit!.push(u.ms);
    }
    console.log(`  posts.structure: ${report!.units.length} units, ${report!.community.filled.total} people in post`);
    quiet.push(await waitForQuiet());
    const grades = [7, 9, 10, 12, 13];
    for (let i = 0; i < RUNS * 10; i++) {
      const p = Math.floor(rnd() * STAFF);
      const r = await timed(() => l.call('posts.check', { staffNo: rows[p]![0], unitCode: homes[p], category: '专业技术', grade: grades[i % grades.length] }, SYS));
      if (!r.result.ok) throw new Error(r.result.error.message);
      samples.check!.push(r.ms);
    }
  } finally {
    l.close();
  }

  const m = await machine();
  const resultRows: ResultRow[] = [
    { what: `posts.structure, whole community (${STAFF.toLocaleString('en')} staff, ${units.length} units)`, stats: stats(samples.structure!), targetMs: 300 },
    { what: 'posts.structure, one unit (the lead hospital)', stats: stats(samples.structureUnit!) },
    { what: 'posts.check (an appointment’s cap check)', stats: stats(samples.check!), targetMs: 10 },
    { what: `staff.import of a ${STAFF.toLocaleString('en')}-row .xlsx (fresh ledger)`, stats: stats(samples.import!), targetMs: 3000 },
  ];
  printTable('Post settings', resultRows);
  const md = [
    '## Post settings (issue #5)',
    '',
    `**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}`,
    '',
    `Ledger: ${STAFF.toLocaleString('en')} people imported from a generated .xlsx into ${units.length} units (1 lead hospital, 2 county hospitals, 27 township centres, 120 village clinics; a tenth working in another unit), post schemes for the 30 hospitals and centres under the shipped ratio sets, one appointment each (a fortieth also holding a management post) made through the posts.appoint handler. \`npx tsx bench/posts.ts\`.`,
    '',
    markdownTable(resultRows),
  ].join('\n');
  console.log(md);
  writeSection('posts', md);
  fs.writeFileSync(path.join(DATA_DIR, 'results-posts.json'), JSON.stringify({ at: today(), machine: m, samples, quiet }, null, 2));
  process.exitCode = anyFailed(resultRows) ? 1 : 0;
}

void main();
