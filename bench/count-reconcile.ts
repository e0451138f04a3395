// Benchmark — inventory counts and 账账核对 (issue #4):
//   1. reconciling a count of 100,000 expected assets against 100,000 results ≤ 1 s (`counts.reconcile`);
//   2. 账账核对 for a whole community (150 units, 100,000 cards, balances of every unit) ≤ 1 s (`reconcile.gl`);
//   3. the scan field at 20 scans a second: every `counts.scan` call (one code, its own transaction
//      with its audit row, synchronous=FULL) answered within 50 ms (p95), none lost.
//
//   npx tsx bench/count-reconcile.ts [--cards 100000] [--runs 5] [--scans 200] [--max-wait 60] [--no-write]
//
// Two ledgers are built fresh in bench/data/ through the engine (openLedger(file, {create:true}), so
// every migration ran) and filled directly with prepared statements (seeded PRNG):
// - "count": one lead hospital holding 100,000 cards in 40 departments, 400 locations, 2,000 users.
//   A count is created through `counts.create` (the snapshot, timed as info) and its results entered
//   through `counts.record` in grid batches of 20,000 rows (timed as info): 96 % found as on the book,
//   1.5 % at another location (a third of those with another user too), 0.5 % another user, 0.5 %
//   another status, 1.5 % marked missing; plus 300 found items not on the book (`counts.recordFound`).
// - "community": 150 units (1 lead hospital, 2 county hospitals, 20 townships, 127 village clinics),
//   100,000 cards migrated at the cut-over 2026-02 with their accumulated depreciation, 1 % booked in
//   2026-03 without a voucher number, 0.5 % disposed in 2026-03; 2026-03 depreciation run (not closed);
//   general-ledger balances of 1601/1602/1701/1702 for every unit (some off by a little).
// Measured through `ledger.invoke` (validation, permission, handler), median of --runs each.
// Scan latency: --scans single-code calls paced at 50 ms (20 a second) on a second count of the
// 100,000-card unit, plus bursts of 20 calls fired at once (a scanner's buffer flushing).

import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openLedger, type Ledger } from '../db/engine/ledger';
import { DATA_DIR, anyFailed, argFlag, argValue, ensureDataDir, machine, machineLine, markdownTable, printTable, quietLine, saveRaw, stats, today, waitForQuiet, writeSection, type QuietReport, type ResultRow } from './lib';
import { mulberry32 } from '../shared/random';

const SYS = { system: { actor: 'bench' } };
const CLASSES: [string, number, number][] = [
  ['A02010105', 72, 500000],
  ['A02021000', 72, 250000],
  ['A02320101', 60, 3000000],
  ['A05010301', 180, 120000],
  ['A08020000', 60, 360000],
];
const STATUSES = ['在用', '闲置', '待修'];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚'];

function fresh(file: string): Ledger {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(`${file}.backups`, { recursive: true, force: true });
  const l = openLedger(file, { create: true });
  l.db.pragma('synchronous = OFF'); // building only; the measured ledger is reopened with the engine's settings
  return l;
}

interface UnitSpec {
  code: string;
  name: string;
  type: string;
  parent: string | null;
  cards: number;
  depts: number;
  locations: number;
}

function fill(l: Ledger, units: UnitSpec[], rand: () => number, opts: { march: boolean }): { cards: number } {
  const db = l.db;
  const now = new Date().toISOString();
  const unitIds = new Map<string, string>();
  const insUnit = db.prepare('INSERT INTO units (id, code, name, type, parent_id, created_at, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?)');
  const insDept = db.prepare('INSERT INTO departments (id, unit_id, code, name, created_at, updated_at, updated_by) VALUES (?,?,?,?,?,?,?)');
  const insAsset = db.prepare(`INSERT INTO assets (id, code, name, class_code, acquisition_method, booked_on, voucher_no, cost_fen, fund_own_fen, opening_accumulated_fen, opening_period,
      unit_id, using_dept_id, user_name, location, status, disposed_on, disposal_type, life_months, dep_accumulated_fen, dep_months, dep_start_period, dep_next_period, created_at, updated_at, updated_by)
      VALUES (@id, @code, @name, @cls, '新购', @booked, @voucher, @cost, @cost, @acc, @opening, @unit, @dept, @user, @location, @status, @disposed, @disposalType, @life, @acc, @months, @start, @next, @now, @now, 'bench')`);
  let n = 0;
  db.transaction(() => {
    for (const u of units) {
      const id = randomUUID();
      unitIds.set(u.code, id);
      insUnit.run(id, u.code, u.name, u.type, u.parent ? unitIds.get(u.parent)! : null, now, now, 'bench');
      const depts: string[] = [];
      for (let d = 0; d < u.depts; d++) {
        const did = randomUUID();
        insDept.run(did, id, `D${String(d + 1).padStart(2, '0')}`, `科室${d + 1}`, now, now, 'bench');
        depts.push(did);
      }
      for (let i = 0; i < u.cards; i++) {
        const [cls, life, typical] = CLASSES[Math.floor(rand() * CLASSES.length)]!;
        const cost = Math.round(typical * (0.5 + rand())) ;
        const newThisMonth = opts.march && rand() < 0.01;
        const usedMonths = newThisMonth ? 0 : 1 + Math.floor(rand() * 70);
        const monthly = Math.round(cost / life);
        const acc = Math.min(cost, monthly * usedMonths);
        const disposed = opts.march && !newThisMonth && rand() < 0.005;
        const bookedYear = 2026 - Math.ceil(usedMonths / 12);
        insAsset.run({
          id: randomUUID(),
          code: `${u.code}-${String(i + 1).padStart(6, '0')}`,
          name: '资产',
          cls,
          booked: newThisMonth ? '2026-03-15' : `${bookedYear}-06-15`,
          voucher: newThisMonth ? null : `记-${i}`,
          cost,
          acc: newThisMonth ? 0 : acc,
          opening: newThisMonth ? null : '2026-02',
          unit: id,
          dept: depts.length ? depts[Math.floor(rand() * depts.length)]! : null,
          user: `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}${Math.floor(rand() * 100)}`,
          location: `${1 + Math.floor(rand() * 5)}号楼${100 + Math.floor(rand() * (u.locations / 5))}室`,
          status: STATUSES[rand() < 0.9 ? 0 : Math.floor(rand() * STATUSES.length)]!,
          disposed: disposed ? '2026-03-20' : null,
          disposalType: disposed ? '报废' : null,
          life,
          months: newThisMonth ? 0 : usedMonths,
          start: newThisMonth ? '2026-03' : `${bookedYear}-06`,
          next: '2026-03',
          now,
        });
        n++;
      }
    }
  })();
  return { cards: n };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function main(): Promise<void> {
  ensureDataDir();
  const N = Number(argValue('cards') ?? 100_000);
  const runs = Number(argValue('runs') ?? 5);
  const scans = Number(argValue('scans') ?? 200);
  const rows: ResultRow[] = [];
  const quiet: QuietReport[] = [];
  const raw: Record<string, number[]> = {};
  const keep = (what: string, samples: number[]) => (raw[what] = samples);

  // ---- 1. A count of N expected against N results ------------------------------------------------
  console.log(`Building the count ledger (${N.toLocaleString()} cards in one unit) …`);
  const countFile = path.join(DATA_DIR, 'count-reconcile-count.ledger');
  let l = fresh(countFile);
  fill(l, [{ code: 'L01', name: '县人民医院', type: '牵头医院', parent: null, cards: N, depts: 40, locations: 400 }], mulberry32(4), { march: false });
  l.close();
  l = openLedger(countFile);
  const create = await timed(() => l.invoke('counts.create', { unitCode: 'L01', name: '年度清查', referenceDate: '2026-03-31' }, SYS));
  const count = create.value;
  console.log(`  counts.create (snapshot of ${count.expected.toLocaleString()}): ${create.ms.toFixed(0)} ms`);
  const expected = l.db.prepare('SELECT code, location, user_name FROM count_expected WHERE count_id = ? ORDER BY seq').raw().all(count.id) as [string, string | null, string | null][];
  const rand = mulberry32(7);
  const results = expected.map(([code]) => {
    const x = rand();
    if (x < 0.015) return { code, result: 'missing' as const };
    if (x < 0.03) return { code, result: 'found' as const, actualLocation: '库房', ...(x < 0.02 ? { actualUser: '孙丽' } : {}) };
    if (x < 0.035) return { code, result: 'found' as const, actualUser: '孙丽' };
    if (x < 0.04) return { code, result: 'found' as const, actualStatus: '待报废' as const };
    return { code, result: 'found' as const };
  });
  const recordMs: number[] = [];
  for (let i = 0; i < results.length; i += 20_000) {
    const t = await timed(() => l.invoke('counts.record', { id: count.id, rows: results.slice(i, i + 20_000) }, SYS));
    recordMs.push(t.ms);
  }
  console.log(`  counts.record in batches of 20,000: ${recordMs.map((m) => m.toFixed(0)).join(', ')} ms`);
  await l.invoke('counts.recordFound', { id: count.id, items: Array.from({ length: 300 }, (_, i) => ({ name: `账外物品${i + 1}`, location: '库房' })) }, SYS);

  quiet.push(await waitForQuiet());
  const rec: number[] = [];
  let last: Awaited<ReturnType<typeof l.invoke<'counts.reconcile'>>> | undefined;
  for (let i = 0; i < runs; i++) {
    const t = await timed(() => l.invoke('counts.reconcile', { id: count.id }, SYS));
    rec.push(t.ms);
    last = t.value;
  }
  console.log(`  reconcile: matched ${last!.matched}, shortage ${last!.shortage}, surplus ${last!.surplus}, location ${last!.locationDiffers}, user ${last!.userDiffers}, status ${last!.statusDiffers}`);
  rows.push({ what: `counts.reconcile, ${N.toLocaleString()} expected × ${N.toLocaleString()} results`, stats: stats(rec), targetMs: 1000 });
  keep('reconcile', rec);
  const resultsMs: number[] = [];
  for (let i = 0; i < runs; i++) resultsMs.push((await timed(() => l.invoke('counts.results', { id: count.id }, SYS))).ms);
  rows.push({ what: '  counts.results (the grid’s rows)', stats: stats(resultsMs) });
  rows.push({ what: '  counts.create (snapshot)', stats: stats([create.ms]) });
  rows.push({ what: '  counts.record, a grid batch of 20,000 rows', stats: stats(recordMs) });

  // ---- 3. Scan latency at 20 a second -----------------------------------------------------------
  const scanCount = await l.invoke('counts.create', { unitCode: 'L01', name: '扫码盘点', referenceDate: '2026-03-31' }, SYS);
  const codes = expected.map(([c]) => c);
  quiet.push(await waitForQuiet());
  const lat: number[] = [];
  const pick = mulberry32(11);
  const sent: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < scans; i++) {
    const due = t0 + i * 50;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // 5 % are repeats of the previous code (a counter scanning twice), 2 % unknown labels.
    const x = pick();
    const code = x < 0.02 ? `UNKNOWN-${i}` : x < 0.07 && i > 0 ? codes[(i - 1) * 37 % codes.length]! : codes[(i * 37) % codes.length]!;
    const start = performance.now();
    sent.push(
      l.invoke('counts.scan', { id: scanCount.id, scans: [{ code, clientId: `paced-${i}` }], device: '扫码枪' }, SYS).then(() => {
        lat.push(performance.now() - start);
      }),
    );
  }
  await Promise.all(sent);
  const paced = l.db.prepare("SELECT count(*) FROM count_scans WHERE count_id = ? AND client_id LIKE 'paced-%'").pluck().get(scanCount.id) as number;
  console.log(`  ${scans} scans at 20/s: ${paced} stored${paced === scans ? ' (none lost)' : ' — LOST SCANS'}`);
  rows.push({ what: `counts.scan, one code per call, paced at 20 a second (${scans} calls, ${paced} stored)`, stats: stats(lat), targetMs: 50, targetOn: 'p95' });
  keep('scan', lat);
  const bursts: number[] = [];
  for (let b = 0; b < 10; b++) {
    const t = await timed(() => Promise.all(Array.from({ length: 20 }, (_, i) => l.invoke('counts.scan', { id: scanCount.id, scans: [{ code: codes[(b * 20 + i) * 101 % codes.length]!, clientId: `burst-${b}-${i}` }] }, SYS))));
    bursts.push(t.ms);
  }
  const burstStored = l.db.prepare("SELECT count(*) FROM count_scans WHERE count_id = ? AND client_id LIKE 'burst-%'").pluck().get(scanCount.id) as number;
  rows.push({ what: `  20 scans fired at once (all 20 answered; ${burstStored}/200 stored in 10 bursts)`, stats: stats(bursts), targetMs: 1000 });
  if (paced !== scans || burstStored !== 200) rows.push({ what: 'scans lost', stats: stats([Infinity]), targetMs: 0 });
  l.close();

  // ---- 2. 账账核对 for a whole community --------------------------------------------------------
  console.log(`Building the community ledger (150 units, ${N.toLocaleString()} cards) …`);
  const glFile = path.join(DATA_DIR, 'count-reconcile-community.ledger');
  const g = fresh(glFile);
  const units: UnitSpec[] = [{ code: 'L01', name: '县人民医院', type: '牵头医院', parent: null, cards: 0, depts: 30, locations: 300 }];
  units.push({ code: 'C01', name: '县中医院', type: '县级医院', parent: 'L01', cards: 0, depts: 20, locations: 200 }, { code: 'C02', name: '县妇幼保健院', type: '县级医院', parent: 'L01', cards: 0, depts: 15, locations: 150 });
  for (let t = 1; t <= 20; t++) units.push({ code: `T${String(t).padStart(2, '0')}`, name: `第${t}镇卫生院`, type: '乡镇卫生院', parent: 'L01', cards: 0, depts: 8, locations: 60 });
  for (let v = 1; v <= 127; v++) units.push({ code: `V${String(v).padStart(3, '0')}`, name: `第${v}村卫生室`, type: '村卫生室', parent: `T${String(((v - 1) % 20) + 1).padStart(2, '0')}`, cards: 0, depts: 0, locations: 5 });
  // Cards: 40 % lead hospital, 25 % county hospitals, 30 % townships, 5 % villages.
  const share = (code: string) => (code === 'L01' ? 0.4 : code.startsWith('C') ? 0.125 : code.startsWith('T') ? 0.015 : 0.05 / 127);
  let assigned = 0;
  for (const u of units) assigned += u.cards = Math.floor(N * share(u.code));
  units[0]!.cards += N - assigned;
  fill(g, units, mulberry32(5), { march: true });
  g.db.pragma('synchronous = FULL');
  g.close();
  const gl = openLedger(glFile);
  const run = await timed(() => gl.invoke('depreciation.run', { period: '2026-03' }, SYS));
  console.log(`  depreciation.run 2026-03: ${run.value.assets.toLocaleString()} cards in ${run.ms.toFixed(0)} ms`);
  // Ledger balances: the card ledger's figures, off by a little in a third of the units.
  const card = await gl.invoke('reports.register', { asOf: '2026-03-31' }, SYS);
  const per = new Map<string, number[]>();
  for (const r of card.rows) {
    const p = per.get(r.unit) ?? [0, 0, 0, 0];
    const i = r.class.startsWith('A08') ? 2 : 0;
    p[i]! += r.costFen;
    p[i + 1]! += r.accumulatedFen;
    per.set(r.unit, p);
  }
  const put = gl.db.prepare("INSERT INTO gl_balances (unit_id, account, period, balance_fen, source_file, imported_at, imported_by) SELECT id, ?, '2026-03', ?, 'bench', 'now', 'bench' FROM units WHERE code = ?");
  const off = mulberry32(9);
  gl.db.transaction(() => {
    for (const [unit, p] of per) ['1601', '1602', '1701', '1702'].forEach((a, i) => put.run(a, p[i]! + (off() < 0.3 ? Math.floor(off() * 100000) : 0), unit));
  })();
  quiet.push(await waitForQuiet());
  const glMs: number[] = [];
  let glLast: Awaited<ReturnType<typeof gl.invoke<'reconcile.gl'>>> | undefined;
  for (let i = 0; i < runs; i++) {
    const t = await timed(() => gl.invoke('reconcile.gl', { period: '2026-03' }, SYS));
    glMs.push(t.ms);
    glLast = t.value;
  }
  const explanations = glLast!.rows.reduce((s, r) => s + r.explanations.length, 0);
  console.log(`  reconcile.gl: ${glLast!.rows.length} unit × account rows, ${glLast!.differing} differing, ${explanations.toLocaleString()} explaining items`);
  rows.push({ what: `reconcile.gl, whole community (150 units, ${N.toLocaleString()} cards, ${glLast!.rows.length} rows, ${explanations.toLocaleString()} explaining items)`, stats: stats(glMs), targetMs: 1000 });
  keep('reconcile.gl', glMs);
  const regMs: number[] = [];
  for (let i = 0; i < runs; i++) regMs.push((await timed(() => gl.invoke('reports.register', { asOf: '2026-03-31' }, SYS))).ms);
  rows.push({ what: '  of which the register as of 2026-03-31 (reports.register alone)', stats: stats(regMs) });
  gl.close();

  printTable('count-reconcile', rows);
  const m = await machine();
  saveRaw('count-reconcile', { date: new Date().toISOString(), machine: m, N, runs, scans, raw });
  if (!argFlag('no-write')) {
    writeSection(
      'count-reconcile',
      `## Inventory counts and 账账核对 — \`bench/count-reconcile.ts\`

**Targets (issue #4):** reconciling 100,000 expected assets against 100,000 counted ≤ 1 s; 账账核对
for a whole community ≤ 1 s; the scan field keeps up with 20 scans a second with none lost.

**What it measures.** Two ledgers built fresh through the engine and filled with prepared
statements (seeded PRNG). *Count:* one unit with ${N.toLocaleString()} cards (40 departments, 400 locations);
a count created through \`counts.create\` and its results entered through \`counts.record\` in grid
batches of 20,000 (96 % as on the book, 1.5 % elsewhere, 0.5 % another user, 0.5 % another status,
1.5 % missing) plus 300 found items; then \`counts.reconcile\` (classes, counts and amounts per unit and
department, the lists). *Scans:* single-code \`counts.scan\` calls paced at 50 ms (20 a second, 5 %
repeats, 2 % unknown labels) on a second count of the same unit — each call is its own transaction
with its audit row under \`synchronous=FULL\` — and bursts of 20 calls fired at once; stored scans are
counted afterwards. *Community:* 150 units, ${N.toLocaleString()} cards migrated at 2026-02 (1 % booked in 2026-03
without a voucher number, 0.5 % disposed in 2026-03), 2026-03 depreciation run, ledger balances of
every unit; \`reconcile.gl\` for the whole community (the register as of the month end plus the
explaining cards). All through \`ledger.invoke\`; median of ${runs} runs.

**How to run:** \`npx tsx bench/count-reconcile.ts [--cards 100000] [--runs 5] [--scans 200]\`.

**Measured** ${today()} on ${machineLine(m)}. ${quietLine(quiet)}

${markdownTable(rows)}
`,
    );
  }
  process.exitCode = anyFailed(rows) ? 1 : 0;
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
