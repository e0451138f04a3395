// Benchmark — month-end depreciation and the register as of a date over 100,000 asset cards
// (issue #3): a depreciation run ≤ 2 s, the register as of a date ≤ 1 s.
//
//   npx tsx bench/depreciation.ts [--cards 100000] [--runs 3] [--all-active] [--max-wait 60]
//
// The ledger is created through the engine (openLedger(file, {create: true}), so every migration
// ran) and then filled directly with prepared statements in one transaction, driven by a seeded
// PRNG: 150 units (1 lead hospital, 2 county hospitals, 20 townships, 127 village clinics) with
// 5–12 departments each, and the cards spread like a county register — computers, printers,
// medical devices (ECG to CT), vehicles, furniture, buildings, some land (not depreciated) and
// nominal-value items; most migrated from an old register with their opening accumulated
// depreciation at the cut-over 2026-02 (computed with the pure rules), the rest bought since.
// Each card gets its 'acquire' event; 2 % were transferred to another unit and 1 % had a cost
// change dated 2026-06/07 (events shaped like cards.ts writes them), 3 % are disposed during 2026.
// About half of the migrated cards are fully depreciated by 2026 (as in a real register); with
// --all-active the migrated bookings are 2023-01 … 2026-02 instead, so nearly every card is
// charged every month (the worst case for the run).
//
// Measured through `ledger.invoke` (argument validation, permission check, the handler, the
// transaction with its audit row): `depreciation.run` of three successive new periods (the
// first run of a month: 2026-03, 04, 05), re-runs of the latest open period (puts every charged
// card back first, then charges again), and `reports.register` as of dates in those months
// (with the entries of the three runs in the ledger). Median of `--runs` samples each.
// Raw samples: bench/data/results-depreciation.json. Prints a Markdown table for BENCHMARKS.md.

import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openLedger, type Ledger } from '../db/engine/ledger';
import { openingState, stateAfter, type AssetDepState } from '../shared/domain/depreciation';
import { DATA_DIR, anyFailed, argValue, ensureDataDir, machine, machineLine, markdownTable, printTable, quietLine, stats, today, waitForQuiet, writeSection, type QuietReport, type ResultRow } from './lib';
import { mulberry32 } from '../shared/random';

/** [class code, name, life in months, typical cost in yuan, weight, depreciable] */
const CLASSES: [string, string, number, number, number, boolean][] = [
  ['A02010105', '台式计算机', 72, 5000, 22, true],
  ['A02010108', '便携式计算机', 72, 7000, 6, true],
  ['A02021000', '打印机', 72, 2500, 10, true],
  ['A02320101', '心电图机', 60, 30000, 4, true],
  ['A02320102', '病人监护仪', 60, 45000, 5, true],
  ['A02320201', '彩色多普勒超声诊断仪', 72, 600000, 1, true],
  ['A02320301', 'X射线计算机体层摄影设备（CT）', 72, 5000000, 0.1, true],
  ['A02320501', '全自动生化分析仪', 60, 400000, 0.5, true],
  ['A02030602', '医疗车', 96, 250000, 0.6, true],
  ['A05010301', '办公椅', 180, 1200, 25, true],
  ['A01010000', '房屋', 600, 3000000, 1.5, true],
  ['A01030000', '土地', 0, 2000000, 0.3, false],
];
const TOTAL_WEIGHT = CLASSES.reduce((s, c) => s + c[4], 0);

const idx = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
const per = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

interface Built {
  file: string;
  cards: number;
  units: number;
  departments: number;
  transfers: number;
  costChanges: number;
  disposed: number;
  migrated: number;
  seconds: number;
}

function build(file: string, n: number, allActive: boolean): Built {
  const t0 = performance.now();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(`${file}.backups`, { recursive: true, force: true });
  openLedger(file, { create: true }).close();
  const ledger = openLedger(file);
  const db = ledger.db;
  const rnd = mulberry32(20260301);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const at = '2026-02-28T12:00:00.000Z';
  const by = 'bench';
  const units: { id: string; code: string; depts: string[] }[] = [];
  const counts = { transfers: 0, costChanges: 0, disposed: 0, migrated: 0, departments: 0 };
  db.transaction(() => {
    const unit = db.prepare('INSERT INTO units (id, code, name, type, parent_id, created_at, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?)');
    const dept = db.prepare('INSERT INTO departments (id, unit_id, code, name, created_at, updated_at, updated_by) VALUES (?,?,?,?,?,?,?)');
    const addUnit = (code: string, name: string, type: string, parent: string | null) => {
      const id = randomUUID();
      unit.run(id, code, name, type, parent, at, at, by);
      const depts: string[] = [];
      const k = type === '村卫生室' ? 2 : 5 + Math.floor(rnd() * 8);
      for (let d = 1; d <= k; d++) {
        const did = randomUUID();
        dept.run(did, id, `D${String(d).padStart(2, '0')}`, `科室${d}`, at, at, by);
        depts.push(did);
      }
      counts.departments += k;
      units.push({ id, code, depts });
      return id;
    };
    const lead = addUnit('L01', '县人民医院', '牵头医院', null);
    addUnit('C01', '县中医院', '县级医院', lead);
    addUnit('C02', '县妇幼保健院', '县级医院', lead);
    const towns: string[] = [];
    for (let t = 1; t <= 20; t++) towns.push(addUnit(`T${String(t).padStart(2, '0')}`, `第${t}乡镇卫生院`, '乡镇卫生院', lead));
    for (let v = 1; v <= 127; v++) addUnit(`V${String(v).padStart(3, '0')}`, `第${v}村卫生室`, '村卫生室', towns[v % 20]!);

    // Cards sit mostly in the hospitals: weight units by type.
    const weighted = units.flatMap((u) => Array<typeof u>(u.code.startsWith('L') ? 300 : u.code.startsWith('C') ? 120 : u.code.startsWith('T') ? 40 : 2).fill(u));
    const insert = db.prepare(`INSERT INTO assets (id, code, name, class_code, acquisition_method, booked_on, value_type, fund_fiscal_fen, fund_research_fen,
        fund_own_fen, fund_other_fen, opening_accumulated_fen, opening_months_used, opening_period, unit_id, using_dept_id, status, disposed_on, disposal_type,
        dep_method, cost_fen, life_months, total_units, dep_accumulated_fen, dep_months, dep_basis_accumulated_fen, dep_basis_months, dep_units_used,
        dep_start_period, dep_next_period, depreciable, created_at, updated_at, updated_by)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    const used = db.prepare('INSERT INTO asset_codes_used (code) VALUES (?)');
    const event = db.prepare('INSERT INTO asset_events (id, asset_id, type, effective_on, doc_no, detail, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)');
    for (let i = 0; i < n; i++) {
      let w = rnd() * TOTAL_WEIGHT;
      let cls = CLASSES[CLASSES.length - 1]!;
      for (const c of CLASSES) {
        w -= c[4];
        if (w <= 0) {
          cls = c;
          break;
        }
      }
      const [classCode, name, life, typical, , depreciable] = cls;
      const costFen = Math.max(100000, Math.round(typical * (0.6 + rnd() * 0.8)) * 100 + Math.floor(rnd() * 100));
      const nominal = rnd() < 0.005;
      const u = pick(weighted);
      // 75 % migrated with a booking 2005-01 … 2026-02 and the cut-over 2026-02; the rest bought 2026-03 … 2026-05.
      const migrated = rnd() < 0.75;
      const first = allActive ? idx('2023-01') : idx('2005-01');
      const bookIdx = migrated ? first + Math.floor(rnd() * (idx('2026-02') - first + 1)) : idx('2026-03') + Math.floor(rnd() * 3);
      const bookedOn = `${per(bookIdx)}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const card = { costFen, lifeMonths: depreciable ? life : 1, booked: bookedOn, depreciable, valueType: nominal ? ('名义金额' as const) : ('原值' as const) };
      let state: AssetDepState;
      let openingAcc = 0;
      if (migrated) {
        openingAcc = nominal || !depreciable ? 0 : stateAfter(card, '2026-02').accumulatedFen;
        state = openingState({ ...card, openingAccumulatedFen: openingAcc, cutOverPeriod: '2026-02' });
        counts.migrated++;
      } else state = openingState(card);
      const split = rnd();
      const fiscal = split < 0.4 ? Math.round(costFen * 0.6) : split < 0.5 ? costFen : 0;
      const research = split > 0.95 ? Math.round(costFen * 0.3) : 0;
      const own = costFen - fiscal - research;
      const disposed = rnd() < 0.03 ? `2026-0${1 + Math.floor(rnd() * 6)}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` : null;
      const disposedOn = disposed && disposed > bookedOn ? disposed : null;
      if (disposedOn) counts.disposed++;
      const id = randomUUID();
      const code = `ZC${String(i + 1).padStart(7, '0')}`;
      const dept = pick(u.depts);
      // 2 % transferred in 2026-04 … 06 from another unit (the card now sits in `u`).
      const transferred = !disposedOn && rnd() < 0.02;
      const from = transferred ? pick(units.filter((x) => x !== u).slice(0, 30)) : null;
      insert.run(
        id, code, name, classCode, '新购', bookedOn, nominal ? '名义金额' : '原值', fiscal, research, own, 0,
        openingAcc, migrated ? state.monthsDepreciated : null, migrated ? '2026-02' : null, u.id, dept, disposedOn ? '已处置' : '在用', disposedOn, disposedOn ? '报废' : null,
        'straight-line', costFen, card.lifeMonths, null, state.accumulatedFen, state.monthsDepreciated, state.basisAccumulatedFen, state.basisMonths, null,
        state.startPeriod, state.startPeriod, depreciable ? 1 : 0, at, at, by,
      );
      used.run(code);
      event.run(randomUUID(), id, 'acquire', bookedOn, null, JSON.stringify({ acquisitionMethod: '新购', costFen, openingAccumulatedFen: openingAcc, unitCode: u.code }), at, by);
      if (from) {
        const date = `2026-0${4 + Math.floor(rnd() * 3)}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
        event.run(randomUUID(), id, 'transfer', date, '调剂', JSON.stringify({ unitId: [from.id, u.id], usingDeptId: [pick(from.depts), dept], unitCode: [from.code, u.code] }), at, by);
        counts.transfers++;
      }
      if (!disposedOn && rnd() < 0.01) {
        // A cost change dated after the benchmark's runs (it only needs to be undone by the register).
        const date = `2026-0${6 + Math.floor(rnd() * 2)}-10`;
        event.run(randomUUID(), id, 'cost-change', date, null, JSON.stringify({ costFen: [costFen - 50000, costFen], reason: '改造', accumulatedFen: 0, monthsDepreciated: 0 }), at, by);
        counts.costChanges++;
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  ledger.close();
  return { file, cards: n, units: units.length, ...counts, seconds: (performance.now() - t0) / 1000 };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

async function main(): Promise<void> {
  const n = Number(argValue('cards') ?? 100_000);
  const runs = Number(argValue('runs') ?? 3);
  ensureDataDir();
  const file = path.join(DATA_DIR, 'depreciation-100k.ledger');
  console.log(`Building a ledger with ${n.toLocaleString('en')} cards …`);
  const allActive = process.argv.includes('--all-active');
  const built = build(file, n, allActive);
  console.log(`  built in ${built.seconds.toFixed(1)} s: ${built.units} units, ${built.departments} departments, ${built.migrated} migrated, ${built.transfers} transfers, ${built.costChanges} cost changes, ${built.disposed} disposed`);

  const ledger: Ledger = openLedger(file);
  const sys = { system: { actor: 'bench' } };
  const quiet: QuietReport[] = [];
  const samples: Record<string, number[]> = { first: [], rerun: [], register: [], registerMid: [], registerUnit: [], summary: [] };
  const detail: Record<string, unknown>[] = [];
  try {
    // First runs of three successive months (each a new period: every chargeable card charged once).
    const periods = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'].slice(0, runs);
    for (const period of periods) {
      quiet.push(await waitForQuiet());
      const { ms, result } = await timed(() => ledger.invoke('depreciation.run', { period }, sys));
      samples.first!.push(ms);
      detail.push({ what: 'first run', ms, ...result });
      console.log(`  depreciation.run ${period}: ${ms.toFixed(0)} ms — ${result.assets} assets, ${result.totalFen} fen`);
    }
    const latest = periods.at(-1)!;
    for (let i = 0; i < runs; i++) {
      quiet.push(await waitForQuiet());
      const { ms, result } = await timed(() => ledger.invoke('depreciation.run', { period: latest }, sys));
      samples.rerun!.push(ms);
      detail.push({ what: 're-run', ms, ...result });
      console.log(`  depreciation.run ${latest} (re-run): ${ms.toFixed(0)} ms — ${result.assets} assets, ${result.totalFen} fen`);
    }
    const asOf = `${latest}-28`;
    const mid = `${periods[Math.min(1, periods.length - 1)]!}-15`;
    for (let i = 0; i < runs; i++) {
      quiet.push(await waitForQuiet());
      const a = await timed(() => ledger.invoke('reports.register', { asOf }, sys));
      samples.register!.push(a.ms);
      const b = await timed(() => ledger.invoke('reports.register', { asOf: mid }, sys));
      samples.registerMid!.push(b.ms);
      const c = await timed(() => ledger.invoke('reports.register', { asOf, unitCode: 'L01' }, sys));
      samples.registerUnit!.push(c.ms);
      detail.push({ what: 'register', asOf, ms: a.ms, rows: a.result.rows.length, totals: a.result.totals }, { what: 'register', asOf: mid, ms: b.ms, rows: b.result.rows.length }, { what: 'register L01', asOf, ms: c.ms, rows: c.result.rows.length });
      const d = await timed(() => ledger.invoke('depreciation.summary', { period: latest }, sys));
      samples.summary!.push(d.ms);
      console.log(`  depreciation.summary ${latest}: ${d.ms.toFixed(0)} ms (${d.result.length} voucher lines)`);
      console.log(`  reports.register ${asOf}: ${a.ms.toFixed(0)} ms (${a.result.rows.length} rows); ${mid}: ${b.ms.toFixed(0)} ms (${b.result.rows.length} rows); L01: ${c.ms.toFixed(0)} ms (${c.result.rows.length} rows)`);
    }
  } finally {
    ledger.close();
  }

  const m = await machine();
  const rows: ResultRow[] = [
    { what: `depreciation.run, first run of a month (${built.cards.toLocaleString('en')} cards${allActive ? ', nearly all charged' : ''})`, stats: stats(samples.first!), targetMs: 2000 },
    { what: 'depreciation.run, re-run of the open month', stats: stats(samples.rerun!), targetMs: 2000 },
    { what: 'reports.register as of a date (all units)', stats: stats(samples.register!), targetMs: 1000 },
    { what: 'reports.register as of an earlier date', stats: stats(samples.registerMid!), targetMs: 1000 },
    { what: 'reports.register, one unit (L01)', stats: stats(samples.registerUnit!) },
    { what: 'depreciation.summary of the month (voucher lines)', stats: stats(samples.summary!) },
  ];
  printTable('Depreciation and register, 100,000 cards', rows);
  const md = [
    `**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}`,
    '',
    `Ledger: ${built.cards.toLocaleString('en')} cards in ${built.units} units (${built.migrated.toLocaleString('en')} migrated with opening figures at 2026-02, ${built.transfers} transfers, ${built.costChanges} cost changes, ${built.disposed} disposals), built in ${built.seconds.toFixed(1)} s.`,
    '',
    markdownTable(rows),
  ].join('\n');
  console.log(md);
  writeSection(
    'depreciation',
    `## 6. Month-end depreciation and the register as of a date, ${built.cards.toLocaleString('en')} cards — \`bench/depreciation.ts\`

**Targets (issue #3):** a depreciation run over 100,000 assets ≤ 2 s; the register as of a date for
100,000 assets ≤ 1 s.

**What it measures.** A ledger created through the engine (every migration) and filled directly with
prepared statements from a seeded generator: units, departments and cards spread like a county
register (most migrated with opening accumulated depreciation at the cut-over 2026-02, some
transfers, cost changes and disposals). Through \`ledger.invoke\`: \`depreciation.run\` of successive new
months, re-runs of the latest open month, \`reports.register\` as of dates in those months, and
\`depreciation.summary\`. Median of \`--runs\` samples each.

**How to run:** \`npx tsx bench/depreciation.ts [--cards 100000] [--runs 3] [--all-active]\`

${md}`,
  );
  fs.writeFileSync(path.join(DATA_DIR, 'results-depreciation.json'), JSON.stringify({ at: today(), machine: m, built, samples, detail, quiet }, null, 2));
  process.exitCode = anyFailed(rows) ? 1 : 0;
}

void main();
