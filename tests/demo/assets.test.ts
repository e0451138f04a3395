import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, DEMO_COMMUNITY_NAME, DEMO_PASSWORD, type DemoResult } from '../../db/demo';
import { buildAssetsDemo, DEMO_CUT_OVER, DEMO_THROUGH_PERIOD } from '../../db/demo/assets';
import { verifyAuditChain } from '../../db/engine/audit';
import { integrityCheck } from '../../db/engine/database';
import { openLedger, type CallContext, type Ledger } from '../../db/engine/ledger';
import { checkLocalLife, isDepreciable, resolveClass } from '../../shared/domain/catalogue';
import { addMonths, checkCard, stateAfter, type DepEvent } from '../../shared/domain/depreciation';

// The demo asset register (db/demo/assets.ts): ~50,000 cards with histories and month-end
// depreciation, written through the engine's handlers. One full-size build is checked for counts,
// value distribution, the domain rules on every card (depreciation recomputed independently with
// the pure rules), the audit chain and a re-run of the open period; small builds for determinism.

const SYS: CallContext = { system: { actor: 'test' } };
const dirs: string[] = [];
const ledgers: Ledger[] = [];

async function freshLedger(): Promise<Ledger> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-demo-assets-'));
  dirs.push(dir);
  const ledger = openLedger(path.join(dir, 'demo.ledger'), { create: true });
  ledgers.push(ledger);
  await ledger.invoke('setup.createAdmin', { communityName: DEMO_COMMUNITY_NAME, username: 'admin', displayName: '系统管理员', password: 'admin-pass-1' }, {});
  return ledger;
}

afterAll(() => {
  for (const l of ledgers) l.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface CardRow {
  id: string;
  code: string;
  old_code: string | null;
  name: string;
  class_code: string;
  quantity: number;
  acquisition_method: string;
  acquired_on: string | null;
  booked_on: string;
  value_type: string;
  cost_fen: number;
  life_months: number;
  fund_fiscal_fen: number;
  fund_research_fen: number;
  fund_own_fen: number;
  fund_other_fen: number;
  opening_accumulated_fen: number;
  opening_months_used: number | null;
  opening_period: string | null;
  dep_accumulated_fen: number;
  dep_next_period: string;
  status: string;
  disposed_on: string | null;
  disposal_type: string | null;
  location: string | null;
  unit_code: string;
  unit_type: string;
}

describe('buildDemo with the asset register (full size)', () => {
  let ledger: Ledger;
  let result: DemoResult;
  let cards: CardRow[];
  let events: Map<string, { type: string; effective_on: string; doc_no: string | null; detail: string }[]>;
  const progress: string[] = [];

  beforeAll(async () => {
    ledger = await freshLedger();
    // The asset demo on its own: the shares and the count built on top of it change cards too (tested in their own modules).
    result = await buildDemo(ledger, { seed: 7, sharing: false, count: false, onProgress: (m) => progress.push(m) });
    cards = ledger.db
      .prepare('SELECT a.*, u.code AS unit_code, u.type AS unit_type FROM assets a JOIN units u ON u.id = a.unit_id ORDER BY a.code')
      .all() as CardRow[];
    events = new Map();
    for (const e of ledger.db.prepare('SELECT asset_id, type, effective_on, doc_no, detail FROM asset_events ORDER BY asset_id, effective_on, rowid').all() as { asset_id: string; type: string; effective_on: string; doc_no: string | null; detail: string }[]) {
      const list = events.get(e.asset_id) ?? [];
      list.push(e);
      events.set(e.asset_id, list);
    }
  }, 900_000);

  it('fills about 50,000 cards in every kind of unit, and reports what it did', () => {
    const a = result.assets!;
    expect(cards.length).toBe(a.cards);
    expect(a.cards).toBeGreaterThanOrEqual(45_000);
    expect(a.cards).toBeLessThanOrEqual(55_000);
    expect(a.migrated + a.purchased).toBe(a.cards);
    expect(a.purchased).toBeGreaterThan(300);
    expect(a.cutOver).toBe(DEMO_CUT_OVER);
    const perUnit = new Map<string, number>();
    for (const c of cards) perUnit.set(c.unit_code, (perUnit.get(c.unit_code) ?? 0) + 1);
    const units = ledger.db.prepare('SELECT code, type FROM units').all() as { code: string; type: string }[];
    for (const u of units) {
      const n = perUnit.get(u.code) ?? 0;
      if (u.type === '村卫生室') expect(n >= 5 && n <= 80, `${u.code}: ${n}`).toBe(true);
      else expect(n, u.code).toBeGreaterThanOrEqual(300);
    }
    expect(progress.some((m) => m.includes('计提折旧'))).toBe(true);
  });

  it('puts most of the value in the lead hospital and the fiscal money in the township centres', () => {
    const live = cards.filter((c) => !c.disposed_on);
    const sum = (xs: CardRow[], f: (c: CardRow) => number) => xs.reduce((s, c) => s + f(c), 0);
    const total = sum(live, (c) => c.cost_fen);
    const byUnit = new Map<string, number>();
    for (const c of live) byUnit.set(c.unit_code, (byUnit.get(c.unit_code) ?? 0) + c.cost_fen);
    const lead = byUnit.get('QH001')!;
    expect(lead / total).toBeGreaterThan(0.45);
    for (const [code, v] of byUnit) if (code !== 'QH001') expect(v * 3, code).toBeLessThan(lead);
    const share = (type: string) => {
      const xs = live.filter((c) => c.unit_type === type);
      return sum(xs, (c) => c.fund_fiscal_fen) / sum(xs, (c) => c.cost_fen);
    };
    expect(share('乡镇卫生院')).toBeGreaterThan(0.6);
    expect(share('村卫生室')).toBeGreaterThan(0.8);
    expect(share('牵头医院')).toBeLessThan(0.5);
    // Large imaging sits in the county hospitals; a village clinic holds a few everyday items.
    const at = (name: RegExp, type: string) => live.filter((c) => name.test(c.name) && c.unit_type === type).length;
    expect(at(/^CT机$/, '牵头医院')).toBeGreaterThanOrEqual(2);
    expect(at(/^磁共振/, '牵头医院')).toBeGreaterThanOrEqual(1);
    expect(at(/^(CT机|磁共振|数字减影)/, '村卫生室') + at(/^(CT机|磁共振|数字减影)/, '乡镇卫生院')).toBe(0);
    expect(at(/DR/, '乡镇卫生院')).toBeGreaterThanOrEqual(8);
    expect(at(/^房屋|楼/, '牵头医院')).toBeGreaterThanOrEqual(6);
    for (const c of live.filter((x) => x.unit_type === '村卫生室')) expect(c.cost_fen, `${c.code} ${c.name}`).toBeLessThan(50_000_000);
  });

  it('gives every card a sane value: threshold, nominal donations, prices, dates', () => {
    for (const c of cards) {
      const label = `${c.code} ${c.name}`;
      if (c.value_type === '名义金额') {
        expect(c.cost_fen, label).toBe(100);
        continue;
      }
      const unitPrice = c.cost_fen / c.quantity;
      // ¥1,000 per item (¥500 before 2013); batches of cheaper items are carded together.
      if (c.quantity === 1) expect(unitPrice, label).toBeGreaterThanOrEqual(c.booked_on < '2013-01-01' ? 50_000 : 100_000);
      else expect(c.cost_fen, label).toBeGreaterThanOrEqual(100_000);
      expect(c.cost_fen, label).toBeLessThan(200_000_000_00);
      expect(c.booked_on >= '2008-01-01' && c.booked_on <= `${DEMO_THROUGH_PERIOD}-31`, label).toBe(true);
      if (c.acquired_on) expect(c.acquired_on <= c.booked_on, label).toBe(true);
      expect(c.code).toMatch(/^QH\d{3}(-\d{2})?-(20\d\d)-\d{4}$/);
      expect(c.code.slice(-9, -5) === c.booked_on.slice(0, 4), label).toBe(true);
    }
    expect(new Set(cards.map((c) => c.code)).size).toBe(cards.length);
    const costs = cards.map((c) => c.cost_fen).sort((a, b) => a - b);
    const median = costs[Math.floor(costs.length / 2)]!;
    expect(median).toBeGreaterThan(150_000);
    expect(median).toBeLessThan(1_500_000);
    expect(cards.filter((c) => c.value_type === '名义金额').length).toBeGreaterThanOrEqual(10);
    const statuses = new Map<string, number>();
    for (const c of cards) statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1);
    expect(statuses.get('在用')! / cards.length).toBeGreaterThan(0.8);
    for (const s of ['闲置', '待修', '待报废', '已处置']) expect(statuses.get(s) ?? 0, s).toBeGreaterThan(100);
  });

  it('passes the domain checks on every card, and its depreciation equals the pure rules replayed from its events', () => {
    let migrated = 0;
    let mismatches = 0;
    let firstMismatch = '';
    for (const c of cards) {
      const label = `${c.code} ${c.name}`;
      expect(resolveClass(c.class_code), label).toBeDefined();
      expect(c.fund_fiscal_fen + c.fund_research_fen + c.fund_own_fen + c.fund_other_fen, label).toBe(c.cost_fen);
      expect(c.dep_accumulated_fen >= 0 && c.dep_accumulated_fen <= c.cost_fen, label).toBe(true);
      const depreciable = isDepreciable(c.class_code) !== false && c.value_type !== '名义金额';
      const evs = events.get(c.id) ?? [];
      const acquire = JSON.parse(evs.find((e) => e.type === 'acquire')!.detail) as { costFen: number };
      const changes = evs.filter((e) => e.type === 'cost-change' || e.type === 'life-change').map((e) => ({ on: e.effective_on, d: JSON.parse(e.detail) as { costFen?: [number, number]; lifeMonths?: [number, number] } }));
      const firstLife = changes.find((x) => x.d.lifeMonths)?.d.lifeMonths?.[0] ?? c.life_months;
      const card = {
        costFen: acquire.costFen,
        lifeMonths: depreciable ? firstLife : 0,
        booked: c.booked_on,
        depreciable,
        valueType: c.value_type as '原值',
        openingAccumulatedFen: c.opening_accumulated_fen,
        openingMonthsUsed: c.opening_months_used ?? undefined,
        cutOverPeriod: c.opening_period ?? undefined,
      };
      expect(checkCard(card), label).toBeUndefined();
      if (depreciable) {
        // Lives are never looser than the national minimum (migrated cards included).
        const problem = checkLocalLife(c.class_code, c.life_months / 12);
        expect(problem === undefined || !problem.includes('短于'), `${label}: ${problem}`).toBe(true);
      }
      if (c.opening_period) {
        migrated++;
        expect(c.opening_period).toBe(DEMO_CUT_OVER);
      }
      const dated: DepEvent[] = changes.map((x) => ({ kind: 'cost-change', on: x.on, costFen: x.d.costFen?.[1], lifeMonths: x.d.lifeMonths?.[1] }));
      if (c.disposed_on) dated.push({ kind: 'disposal', on: c.disposed_on });
      const expected = stateAfter({ ...card, events: dated }, DEMO_THROUGH_PERIOD);
      if (expected.accumulatedFen !== c.dep_accumulated_fen && mismatches++ === 0) firstMismatch = `${label}: ledger ${c.dep_accumulated_fen}, rules ${expected.accumulatedFen}`;
      expect(c.dep_next_period <= addMonths(DEMO_THROUGH_PERIOD, 1), label).toBe(true);
    }
    expect(mismatches, firstMismatch).toBe(0);
    expect(migrated).toBe(result.assets!.migrated);
    // Migrated cards carry real opening figures: many partly and many fully depreciated at the cut-over.
    const opened = cards.filter((c) => c.opening_period && c.opening_accumulated_fen > 0);
    expect(opened.length).toBeGreaterThan(migrated * 0.5);
    expect(opened.filter((c) => c.opening_accumulated_fen === c.cost_fen).length).toBeGreaterThan(1000);
  });

  it('records histories: moves before and after the cut-over, transfers keeping the number, cost changes, disposals with documents', () => {
    const a = result.assets!;
    const all = [...events.values()].flat();
    const of = (t: string) => all.filter((e) => e.type === t);
    expect(of('acquire').length).toBe(cards.length);
    expect(of('move').length).toBe(a.moves);
    expect(of('move').filter((e) => e.effective_on < `${addMonths(DEMO_CUT_OVER, 1)}-01`).length).toBeGreaterThan(1000);
    expect(of('transfer').length).toBe(a.transfers);
    expect(a.transfers).toBeGreaterThanOrEqual(200);
    expect(a.transfers).toBeLessThanOrEqual(600);
    for (const e of of('transfer')) {
      expect(e.doc_no).toMatch(/^清医共资调〔2026〕\d+号$/);
      const [from, to] = (JSON.parse(e.detail) as { unitCode: [string, string] }).unitCode;
      expect(from).not.toBe(to);
    }
    // A transferred card keeps its number (which names the unit that first booked it).
    const byId = new Map(cards.map((c) => [c.id, c]));
    const moved = [...events.entries()].filter(([, es]) => es.some((e) => e.type === 'transfer')).map(([id]) => byId.get(id)!);
    expect(moved.some((c) => !c.code.startsWith(`${c.unit_code}-`))).toBe(true);
    expect(of('cost-change').length + of('life-change').length).toBe(a.costChanges);
    expect(of('cost-change').length).toBeGreaterThanOrEqual(40);
    const disposed = cards.filter((c) => c.disposed_on);
    expect(disposed.length).toBe(a.disposals);
    expect(disposed.length).toBeGreaterThanOrEqual(500);
    for (const c of disposed) {
      expect(c.status).toBe('已处置');
      const e = events.get(c.id)!.find((x) => x.type === 'dispose')!;
      expect(e.doc_no, c.code).toMatch(/^清医共资处〔2026〕\d+号$/);
      // Scrapping only once the life is used up (DOMAIN §3.4).
      if (c.disposal_type === '报废') expect(JSON.parse(e.detail).netFen, c.code).toBe(0);
    }
    expect(new Set(disposed.map((c) => c.disposal_type)).size).toBeGreaterThanOrEqual(3);
  });

  it('names large equipment of the county hospitals that is free for shared use since the cut-over', () => {
    const codes = result.assets!.largeEquipment;
    expect(codes.length).toBeGreaterThanOrEqual(30);
    const byCode = new Map(cards.map((c) => [c.code, c]));
    const since = `${addMonths(DEMO_CUT_OVER, 1)}-01`;
    for (const code of codes) {
      const c = byCode.get(code)!;
      expect(['牵头医院', '县级医院']).toContain(c.unit_type);
      expect(c.status, code).toBe('在用');
      expect((events.get(c.id) ?? []).filter((e) => e.effective_on >= since && ['move', 'transfer', 'dispose'].includes(e.type)), code).toEqual([]);
    }
    expect(codes.some((code) => /^(CT机|磁共振)/.test(byCode.get(code)!.name))).toBe(true);
  });

  it('has run every month since the cut-over, closed all but the latest, and a re-run of the open one gives the same totals', async () => {
    const periods = await ledger.invoke('depreciation.periods', {}, SYS);
    const expected: string[] = [];
    for (let p = addMonths(DEMO_CUT_OVER, 1); p <= DEMO_THROUGH_PERIOD; p = addMonths(p, 1)) expected.push(p);
    expect(periods.map((p) => p.period)).toEqual(expected);
    expect(periods.map((p) => p.status)).toEqual(expected.map((p) => (p === DEMO_THROUGH_PERIOD ? 'open' : 'closed')));
    expect(result.assets!.periods.map((p) => [p.period, p.assets, p.totalFen])).toEqual(periods.map((p) => [p.period, p.assets, p.totalFen]));
    for (const p of periods) {
      expect(p.assets).toBeGreaterThan(20_000);
      expect(p.totalFen).toBeGreaterThan(0);
    }
    const open = periods.at(-1)!;
    const accBefore = ledger.db.prepare('SELECT sum(dep_accumulated_fen) FROM assets').pluck().get() as number;
    const summary = await ledger.invoke('depreciation.summary', { period: open.period }, SYS);
    expect(summary.reduce((s, r) => s + r.chargeFen, 0)).toBe(open.totalFen);
    const again = await ledger.invoke('depreciation.run', { period: open.period }, SYS);
    expect([again.assets, again.totalFen, again.closed]).toEqual([open.assets, open.totalFen, false]);
    expect(ledger.db.prepare('SELECT sum(dep_accumulated_fen) FROM assets').pluck().get()).toBe(accBefore);
    const closed = await ledger.call('depreciation.run', { period: periods[0]!.period }, SYS);
    expect(closed.ok).toBe(false);
  });

  it('writes one audit row per batch and leaves an intact ledger', () => {
    const methods = ledger.db.prepare('SELECT method, count(*) AS n FROM audit_log GROUP BY method').all() as { method: string; n: number }[];
    const n = new Map(methods.map((m) => [m.method, m.n]));
    const months = result.assets!.periods.length;
    // 4 groups of migrated cards + one batch of purchases per month; one run per month (+ the re-run above).
    expect(n.get('assets.create')).toBeLessThanOrEqual(4 + months);
    expect(n.get('depreciation.run')).toBeGreaterThanOrEqual(months);
    expect(n.get('assets.move')).toBeLessThanOrEqual(months + 1);
    expect(n.get('assets.transfer')).toBeLessThanOrEqual(months);
    expect(integrityCheck(ledger.db)).toEqual([]);
    expect(ledger.db.pragma('foreign_key_check')).toEqual([]);
    const report = verifyAuditChain(ledger.db);
    expect(report.ok, report.reason).toBe(true);
  });

  it('shows a township operator only the assets of their centre and its village clinics', async () => {
    const op = result.users.find((u) => u.role === 'unit_operator' && u.unitCode === 'QH102')!;
    const { sessionId } = await ledger.invoke('session.login', { username: op.username, password: DEMO_PASSWORD }, {});
    const seen = await ledger.invoke('assets.list', {}, { sessionId });
    const units = new Set((ledger.db.prepare("SELECT code FROM units WHERE code = 'QH102' OR parent_id = (SELECT id FROM units WHERE code = 'QH102')").pluck().all() as string[]));
    expect(seen.length).toBe(cards.filter((c) => units.has(c.unit_code)).length);
    expect(seen.length).toBeGreaterThan(300);
    expect(seen.every((a) => units.has(a.unitCode))).toBe(true);
    // A card's history is there to read.
    const withHistory = seen.find((a) => (events.get(a.id) ?? []).length >= 3) ?? seen[0]!;
    const card = await ledger.invoke('assets.show', { code: withHistory.code }, { sessionId });
    expect(card.events.length).toBe((events.get(withHistory.id) ?? []).length);
  });
});

describe('the demo asset register is deterministic', () => {
  it('gives the same cards, histories and depreciation for the same seed, and others for another seed', async () => {
    // One organisation (itself deterministic: demo.test.ts), copied, then the register built on each copy.
    const org = await freshLedger();
    await buildDemo(org, { seed: 99, assets: false });
    const source = org.file;
    org.close();
    const snap = async (seed: number) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-demo-assets-'));
      dirs.push(dir);
      fs.copyFileSync(source, path.join(dir, 'copy.ledger'));
      const ledger = openLedger(path.join(dir, 'copy.ledger'));
      ledgers.push(ledger);
      await buildAssetsDemo(ledger, { seed, scale: 0.04 });
      return {
        cards: ledger.db.prepare('SELECT code, old_code, name, class_code, model, cost_fen, booked_on, fund_fiscal_fen, location, user_name, status, dep_accumulated_fen FROM assets ORDER BY code').raw().all(),
        events: ledger.db.prepare('SELECT a.code, e.type, e.effective_on, e.doc_no FROM asset_events e JOIN assets a ON a.id = e.asset_id ORDER BY a.code, e.effective_on, e.rowid').raw().all(),
        periods: ledger.db.prepare('SELECT period, status, assets, total_fen FROM depreciation_periods ORDER BY period').raw().all(),
      };
    };
    const a = await snap(99);
    const b = await snap(99);
    const c = await snap(100);
    expect(a.cards.length).toBeGreaterThan(1000);
    expect(a.events.length).toBeGreaterThan(a.cards.length);
    expect(b).toEqual(a);
    expect(c.cards).not.toEqual(a.cards);
  }, 600_000);

  it('can be left out, and refuses a register that already has cards', async () => {
    const ledger = await freshLedger();
    const r = await buildDemo(ledger, { seed: 3, assets: false });
    expect(r.assets).toBeNull();
    expect(ledger.db.prepare('SELECT count(*) FROM assets').pluck().get()).toBe(0);
    await buildAssetsDemo(ledger, { seed: 3, scale: 0.01 });
    await expect(buildAssetsDemo(ledger, { seed: 3, scale: 0.01 })).rejects.toMatchObject({ code: 'DUPLICATE' });
  }, 300_000);
});
