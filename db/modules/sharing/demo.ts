// Demo data for shared use and the idle-asset pool, on top of a demo ledger that already has units,
// departments and asset cards (db/demo). Writes go only through the engine's public API (the same
// validation, scope rules and audit chain as real data); dates respect closed periods and each card's
// latest event, so it can run after the cards' histories and month-end runs. Deterministic for a
// given seed, ledger and `today`.
import type { AssetRow } from '../../../shared/api/assets';
import type { UsageUnit } from '../../../shared/domain/sharing';
import { daysBetween } from '../../../shared/domain/sharing';
import type { CallContext, Ledger } from '../../engine/ledger';
import { localToday } from './common';
import { mulberry32 } from '../../../shared/random';

export interface SharingDemoOptions {
  seed?: number;
  /** Caller for the writes (default: a trusted local caller named 演示数据). */
  ctx?: CallContext;
  /**
   * The demo's "today" (YYYY-MM-DD): nothing is dated after it. Default: the last day of the latest
   * depreciation period run, if that is before this computer's date; else this computer's date.
   */
  today?: string;
  /** Asset numbers to lend first (e.g. db/demo/assets.ts's `largeEquipment`); default: medical equipment of the county hospitals, dearest first. */
  candidates?: string[];
  /** Cards in use put into the idle pool (besides those already idle). Default 36. */
  idle?: number;
  /** Shares of large equipment from the county hospitals to township centres. Default 12. */
  shares?: number;
  /** Pending requests for idle cards. Default 6. */
  requests?: number;
  onProgress?: (msg: string) => void;
}

export interface SharingDemoResult {
  idle: number;
  shares: number;
  activeShares: number;
  usage: number;
  requests: number;
}

const REASONS = ['全科诊室缺少该设备', '公卫体检季需要', '新开设慢病门诊', '原设备报废待更新', '家庭医生签约服务用', '村医培训室使用'];
const SHARE_NOTES = ['县域影像中心下沉设备', '检验结果互认，设备下沉乡镇', '医共体设备共享共用', null];

function addDays(date: string, n: number): string {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + n));
  return d.toISOString().slice(0, 10);
}

function dayAfterPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * Create idle cards, shares with weekly usage records (some returned, most still out) and pending
 * requests in a demo ledger. Returns what it created. Cards are picked from `assets.list`: large
 * medical equipment (GB/T 14885 A0232…, 2010: 322…) of the county hospitals for shares, other cards in
 * use for the idle pool, township centres and community centres as borrowers and requesters.
 */
export async function seedSharingDemo(ledger: Ledger, opts: SharingDemoOptions = {}): Promise<SharingDemoResult> {
  const ctx = opts.ctx ?? { system: { actor: '演示数据' } };
  const rand = mulberry32(opts.seed ?? 20260303);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const progress = opts.onProgress ?? (() => undefined);

  const units = await ledger.invoke('units.list', {}, ctx);
  const depts = await ledger.invoke('departments.list', {}, ctx);
  const periods = await ledger.invoke('depreciation.periods', {}, ctx);
  const closed = periods.filter((p) => p.status === 'closed').map((p) => p.period).sort().at(-1);
  const firstOpen = closed ? dayAfterPeriod(closed) : '0000-01-01';
  const latestRun = periods.map((p) => p.period).sort().at(-1);
  const latestRunEnd = latestRun ? addDays(dayAfterPeriod(latestRun), -1) : undefined;
  const today = opts.today ?? (latestRunEnd && latestRunEnd < localToday() ? latestRunEnd : localToday());
  const cards = (await ledger.invoke('assets.list', {}, ctx)).filter((c) => c.status === '在用' || c.status === '闲置');
  const unitType = new Map(units.map((u) => [u.code, u.type]));
  const lenders = new Set(units.filter((u) => u.type === '牵头医院' || u.type === '县级医院').map((u) => u.code));
  const borrowers = units.filter((u) => u.type === '乡镇卫生院' || u.type === '社区卫生服务中心');
  if (!borrowers.length) return { idle: 0, shares: 0, activeShares: 0, usage: 0, requests: 0 };
  const deptsOf = (unit: string) => depts.filter((d) => d.unitCode === unit).map((d) => d.code);

  /** The earliest date a new event on the card may carry (after its latest event, booking and closed periods), or undefined when too late for a believable story. */
  const used = new Set<string>();
  async function floorOf(c: AssetRow, needDays: number): Promise<string | undefined> {
    const card = await ledger.invoke('assets.show', { code: c.code }, ctx);
    let floor = [card.bookedOn, firstOpen, ...card.events.map((e) => e.effectiveOn)].sort().at(-1)!;
    if (floor < c.bookedOn) floor = c.bookedOn;
    return daysBetween(floor, today) >= needDays ? floor : undefined;
  }

  // --- Shares of large medical equipment: hospital → township centre, with weekly usage.
  const inUse = cards.filter((c) => c.status === '在用');
  const named = new Set(opts.candidates ?? []);
  const medical = inUse.filter((c) => !named.has(c.code) && lenders.has(c.unitCode) && (c.classCode.startsWith('A0232') || c.classCode.startsWith('322')));
  const dearest = (xs: AssetRow[]) => xs.sort((a, b) => b.costFen - a.costFen || a.code.localeCompare(b.code));
  const big = [...dearest(inUse.filter((c) => named.has(c.code))), ...dearest(medical.length ? medical : inUse.filter((c) => lenders.has(c.unitCode)))];
  let shares = 0;
  let activeShares = 0;
  let usage = 0;
  const wantShares = opts.shares ?? 12;
  for (const c of big.slice(0, wantShares * 3)) {
    if (shares >= wantShares) break;
    const floor = await floorOf(c, 3);
    if (!floor) continue;
    const borrower = pick(borrowers.filter((b) => b.code !== c.unitCode));
    const span = daysBetween(floor, today);
    // most of the window before today, so there is usage to show
    const from = addDays(floor, between(Math.min(1, span), Math.max(Math.min(1, span), Math.floor(span / 3))));
    const ends = daysBetween(from, today) >= 14 && rand() < 0.3;
    const usageUnit: UsageUnit = pick(['人次', '人次', '小时', '次'] as const);
    const rate = usageUnit === '人次' ? pick([0, 2000, 3000, 5000]) : usageUnit === '小时' ? pick([0, 8000, 12000]) : 0;
    const until = addDays(from, pick([90, 180, 365]));
    const share = await ledger.invoke(
      'sharing.start',
      {
        code: c.code,
        toUnitCode: borrower.code,
        usingDeptCode: deptsOf(borrower.code)[0] ?? null,
        from,
        until,
        docNo: `清医共〔${from.slice(0, 4)}〕${between(2, 48)}号`,
        usageUnit,
        feeRateFen: rate,
        notes: pick(SHARE_NOTES),
      },
      ctx,
    );
    shares += 1;
    used.add(c.code);
    // weekly usage from the start to the return (or today)
    const last = ends ? addDays(from, Math.min(daysBetween(from, today) - 1, between(7, 120))) : today;
    for (let d = addDays(from, Math.min(between(0, 3), daysBetween(from, last))); d <= last; d = addDays(d, 7)) {
      const amount = usageUnit === '小时' ? between(4, 30) / 2 : between(3, 40);
      await ledger.invoke('sharing.recordUsage', { share: share.no, date: d, amount, patients: usageUnit === '次' ? between(1, 12) : null }, ctx);
      usage += 1;
    }
    if (ends && last > from) await ledger.invoke('sharing.end', { share: share.no, date: last, note: '协议期满归还' }, ctx);
    else activeShares += 1;
  }
  progress(`共享共用：${shares} 项，使用记录 ${usage} 条`);

  // --- The idle pool: cards in use at hospitals and centres set idle on some past date.
  const candidates = cards.filter((c) => c.status === '在用' && !used.has(c.code) && unitType.get(c.unitCode) !== '村卫生室');
  let idle = 0;
  const wantIdle = opts.idle ?? 36;
  for (let tries = 0; idle < wantIdle && tries < wantIdle * 4 && candidates.length; tries++) {
    const c = candidates.splice(Math.floor(rand() * candidates.length), 1)[0]!;
    const floor = await floorOf(c, 2);
    if (!floor) continue;
    const date = addDays(floor, between(1, daysBetween(floor, today)));
    await ledger.invoke('assets.move', { code: c.code, date, status: '闲置', location: pick(['设备库房', '后勤仓库', '原科室', null]) ?? undefined, docNo: null }, ctx);
    used.add(c.code);
    idle += 1;
  }
  progress(`闲置资产：${idle} 件转入调剂池`);

  // --- Requests from township centres for idle cards of other units.
  const pool = (await ledger.invoke('sharing.idle', { asOf: today }, ctx)).rows;
  let requests = 0;
  const wantRequests = opts.requests ?? 6;
  for (const a of pool) {
    if (requests >= wantRequests) break;
    const unit = borrowers.find((b, i) => b.code !== a.unitCode && i === (requests * 7 + a.code.length) % borrowers.length) ?? borrowers.find((b) => b.code !== a.unitCode);
    if (!unit) continue;
    const kind = rand() < 0.6 ? 'transfer' : 'share';
    await ledger.invoke(
      'sharing.request',
      {
        code: a.code,
        unitCode: unit.code,
        usingDeptCode: deptsOf(unit.code)[0] ?? null,
        kind,
        wantedFrom: kind === 'share' ? today : null,
        wantedUntil: kind === 'share' ? addDays(today, 180) : null,
        reason: pick(REASONS),
      },
      ctx,
    );
    requests += 1;
  }
  progress(`调剂申请：${requests} 条待审批`);
  return { idle, shares, activeShares, usage, requests };
}
