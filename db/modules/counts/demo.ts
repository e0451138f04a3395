// Demo data for inventory counts, on top of a demo ledger that already has units, departments and
// asset cards (db/demo). A count in progress at a township health centre with the differences a real
// count finds: most assets scanned or ticked on the checklist, a few elsewhere, with another user or
// idle/broken, some missing, some not counted yet, repeated scans, an unknown label and items found
// that are not on the book. Writes go only through the engine's public API. Deterministic for a
// given seed and ledger.
import type { CallContext, Ledger } from '../../engine/ledger';
import { mulberry32 } from '../../../shared/random';

export interface CountDemoOptions {
  seed?: number;
  /** Caller for the writes (default: a trusted local caller named 演示数据). */
  ctx?: CallContext;
  /** The count's reference date (YYYY-MM-DD). Default: this computer's date. */
  today?: string;
  /** Unit to count (default: the township health centre with the most cards). */
  unitCode?: string;
  onProgress?: (msg: string) => void;
}

export interface CountDemoResult {
  countId: string;
  no: string;
  unitCode: string;
  expected: number;
  counted: number;
  surplus: number;
}

function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const OTHER_PLACES = ['库房', '门诊楼二楼走廊', '公卫科', '会议室', '发热门诊'];
const OTHER_USERS = ['孙丽', '周建军', '吴海燕', '郑晓东'];
const FOUND = [
  { name: '电子血压计', model: 'HEM-7136', description: '上级捐赠，未入账' },
  { name: '轮椅', model: null, description: '来源不明，疑为旧账遗漏' },
  { name: '紫外线消毒车', model: 'ZXC-II', description: '项目配发，未办理入账' },
];

/**
 * Create one count in progress in a demo ledger. Returns what it created; throws if the ledger has no
 * cards in the chosen unit.
 */
export async function seedCountDemo(ledger: Ledger, opts: CountDemoOptions = {}): Promise<CountDemoResult> {
  const ctx = opts.ctx ?? { system: { actor: '演示数据' } };
  const rand = mulberry32(opts.seed ?? 20260304);
  const today = opts.today ?? localToday();
  let unitCode = opts.unitCode;
  if (!unitCode) {
    const units = await ledger.invoke('units.list', {}, ctx);
    const townships = new Set(units.filter((u) => u.type === '乡镇卫生院').map((u) => u.code));
    const cards = await ledger.invoke('assets.list', {}, ctx);
    const per = new Map<string, number>();
    for (const c of cards) if (townships.has(c.unitCode) && c.bookedOn <= today) per.set(c.unitCode, (per.get(c.unitCode) ?? 0) + 1);
    unitCode = [...per.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    if (!unitCode) throw new Error('seedCountDemo: the ledger has no cards in a township health centre');
  }
  const count = await ledger.invoke('counts.create', { unitCode, name: `${today.slice(0, 4)}年度资产清查`, referenceDate: today }, ctx);
  opts.onProgress?.(`盘点任务 ${count.no}：${count.unitName}，应盘 ${count.expected} 项`);
  const rows = await ledger.invoke('counts.results', { id: count.id }, ctx);

  // Each asset's fate: 78 % found as on the book, 6 % elsewhere, 3 % another user, 3 % idle or broken,
  // 3 % missing, 7 % not counted yet. The found ones mostly by scanning, the rest ticked in the grid.
  const scanned: string[] = [];
  const grid: { code: string; result: 'found' | 'missing'; actualLocation?: string; actualUser?: string; actualStatus?: '闲置' | '待修' }[] = [];
  for (const r of rows) {
    const x = rand();
    if (x < 0.07) continue;
    if (x < 0.1) grid.push({ code: r.code, result: 'missing' });
    else if (x < 0.16) grid.push({ code: r.code, result: 'found', actualLocation: OTHER_PLACES[Math.floor(rand() * OTHER_PLACES.length)]! });
    else if (x < 0.19) grid.push({ code: r.code, result: 'found', actualUser: OTHER_USERS[Math.floor(rand() * OTHER_USERS.length)]! });
    else if (x < 0.22) grid.push({ code: r.code, result: 'found', actualStatus: rand() < 0.5 ? '闲置' : '待修' });
    else if (rand() < 0.75) scanned.push(r.code);
    else grid.push({ code: r.code, result: 'found' });
  }
  // Two counters, each with a scanner; a few codes scanned twice, one label nobody knows.
  const half = Math.ceil(scanned.length / 2);
  const bursts: [string, string, string[]][] = [
    ['王芳', '扫码枪-1', scanned.slice(0, half)],
    ['李建国', '扫码枪-2', scanned.slice(half)],
  ];
  let seq = 0;
  for (const [counter, device, codes] of bursts) {
    const withRepeats = codes.flatMap((c) => (rand() < 0.03 ? [c, c] : [c]));
    if (counter === '李建国') withRepeats.push('ZC-UNKNOWN-0417');
    for (let i = 0; i < withRepeats.length; i += 200) {
      const at = `${today}T0${1 + Math.min(8, Math.floor(i / 200))}:${String(10 + (i % 50)).padStart(2, '0')}:00+08:00`;
      await ledger.invoke('counts.scan', { id: count.id, counter, device, scans: withRepeats.slice(i, i + 200).map((code) => ({ code, at, clientId: `demo-${seq++}` })) }, ctx);
    }
  }
  if (grid.length) await ledger.invoke('counts.record', { id: count.id, rows: grid, counter: '张会计' }, ctx);
  const locations = [...new Set(rows.map((r) => r.bookLocation).filter((l): l is string => !!l))];
  await ledger.invoke(
    'counts.recordFound',
    { id: count.id, counter: '张会计', items: FOUND.slice(0, 2 + Math.floor(rand() * 2)).map((f, i) => ({ ...f, location: locations[i % Math.max(1, locations.length)] ?? '库房' })) },
    ctx,
  );
  const done = await ledger.invoke('counts.show', { id: count.id }, ctx);
  opts.onProgress?.(`盘点进行中：已盘 ${done.counted}/${done.expected}，盘盈登记 ${done.surplus}`);
  return { countId: done.id, no: done.no, unitCode, expected: done.expected, counted: done.counted, surplus: done.surplus };
}
