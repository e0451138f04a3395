// Inventory count (资产清查/盘点) rules, DOMAIN §3.5. Pure: no Node, no DOM, no database.
//
// Classes. Every expected asset (on the book when the count was created) lands in exactly one class:
//   盘亏 shortage        — not found: marked missing (无/×/否 …) or never counted at all;
//   位置不符 location     — found, but the actual location differs from the book;
//   使用人不符 user       — found at the book location, but the actual user differs;
//   状态不符 status       — found, location and user as on the book, but the usage status differs;
//   相符 matched          — found and nothing differs.
// Items found that are not on the book are 盘盈 surplus (they have no expected row).
//
// Precedence when several things differ (decided here, used everywhere): shortage first (nothing
// else can be said of an asset that was not seen), then location, then user, then status. Location
// comes first because it is the physical fact a count checks (an asset away from its place is the
// one most at risk of loss, and the next count sheet is printed per location); the user is custody
// responsibility; the status is a description of an asset that is where it should be. The asset is
// counted once, in its first class; `differences` still lists every field that differs, so applying
// the differences updates all of them.
//
// Blank actual location / user / status = "as on the book" (a counter writes only what changed).
// Texts compare after clean-up: full-width → half-width, whitespace ignored, case-insensitive
// (`2楼 203`, `２楼２０３`, ` 2楼203 ` are the same place). Statuses compare as
// normalised usage statuses (`正常使用` = `在用`).

import { normaliseUsageStatus, type UsageStatus } from '../parse/asset-values';
import { normaliseText } from '../parse/text';

export const COUNT_CLASSES = ['matched', 'shortage', 'locationDiffers', 'userDiffers', 'statusDiffers'] as const;
export type CountClass = (typeof COUNT_CLASSES)[number];

export const COUNT_CLASS_ZH: Record<CountClass | 'surplus', string> = {
  matched: '相符',
  shortage: '盘亏',
  surplus: '盘盈',
  locationDiffers: '位置不符',
  userDiffers: '使用人不符',
  statusDiffers: '状态不符',
};

export type CountField = 'location' | 'user' | 'status';

// ---------------------------------------------------------------------------------------------
// Checklist marks

export type CountMark = 'found' | 'missing' | 'surplus';

/** The marks people write in the result column, by meaning. The first of each is what our checklist offers. */
export const MARKS: Readonly<Record<CountMark, readonly string[]>> = {
  found: ['在', '有', '√', '✓', '✔', '☑', '是', '对', 'Y', 'YES', 'V', 'OK', '1', '找到', '已找到', '已盘', '已盘到', '盘到', '相符', '实有', '在位', '在库', '正常'],
  missing: ['无', '未找到', '×', '✗', '✘', 'X', '否', 'N', 'NO', '0', '没有', '没找到', '未盘到', '缺', '缺失', '丢失', '遗失', '不在', '盘亏'],
  surplus: ['盘盈', '账外', '多出', '账外资产'],
};

const MARK_INDEX: ReadonlyMap<string, CountMark> = (() => {
  const m = new Map<string, CountMark>();
  for (const [mark, texts] of Object.entries(MARKS) as [CountMark, readonly string[]][]) for (const t of texts) m.set(markKey(t), mark);
  return m;
})();

function markKey(text: string): string {
  return normaliseText(text).toUpperCase().replace(/\s+/g, '');
}

/**
 * A result mark as written: 在/有/√/是 … → 'found', 无/未找到/×/否 … → 'missing', 盘盈 → 'surplus';
 * blank → null (not counted); anything else → undefined (the caller reports the row).
 */
export function parseCountMark(text: unknown): CountMark | null | undefined {
  if (text === null || text === undefined) return null;
  const k = markKey(String(text));
  if (k === '') return null;
  return MARK_INDEX.get(k);
}

// ---------------------------------------------------------------------------------------------
// Matching one asset

export interface BookSide {
  location: string | null;
  userName: string | null;
  status: string;
}

export interface CountedSide {
  found: boolean;
  /** null / blank = as on the book. */
  actualLocation?: string | null | undefined;
  actualUser?: string | null | undefined;
  actualStatus?: string | null | undefined;
}

export interface Difference {
  field: CountField;
  book: string | null;
  actual: string;
}

export interface Classified {
  cls: CountClass;
  differences: Difference[];
}

/** Texts compare equal when they are the same place / person after clean-up (see the file header). */
export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return normaliseText(a).toLowerCase().replace(/ /g, '') === normaliseText(b).toLowerCase().replace(/ /g, '');
}

function sameStatus(book: string, actual: string): boolean {
  const b = normaliseUsageStatus(book) ?? book;
  const a = normaliseUsageStatus(actual) ?? actual;
  return a === b;
}

const blank = (v: string | null | undefined): boolean => normaliseText(v) === '';

/** The class of one expected asset given its result (undefined = never counted → shortage). */
export function classify(book: BookSide, result: CountedSide | undefined): Classified {
  if (!result || !result.found) return { cls: 'shortage', differences: [] };
  const differences: Difference[] = [];
  if (!blank(result.actualLocation) && !sameText(result.actualLocation, book.location)) differences.push({ field: 'location', book: book.location, actual: normaliseText(result.actualLocation) });
  if (!blank(result.actualUser) && !sameText(result.actualUser, book.userName)) differences.push({ field: 'user', book: book.userName, actual: normaliseText(result.actualUser) });
  if (!blank(result.actualStatus) && !sameStatus(book.status, result.actualStatus!)) differences.push({ field: 'status', book: book.status, actual: normaliseUsageStatus(result.actualStatus) ?? normaliseText(result.actualStatus) });
  const first = differences[0]?.field;
  return { cls: first === 'location' ? 'locationDiffers' : first === 'user' ? 'userDiffers' : first === 'status' ? 'statusDiffers' : 'matched', differences };
}

// ---------------------------------------------------------------------------------------------
// Reconciliation of a whole count

export interface ExpectedAsset extends BookSide {
  key: string;
  unit: string;
  dept: string | null;
  costFen: number;
  netFen: number;
}

export interface SurplusItem {
  unit: string;
  dept: string | null;
  /** Estimated value when known (the valuation once booked); 0 otherwise. */
  valueFen: number;
}

export interface Tally {
  count: number;
  costFen: number;
  netFen: number;
}

export type Totals = Record<CountClass, Tally> & { surplus: { count: number; valueFen: number }; expected: Tally; notCounted: number };

export interface GroupTotals extends Totals {
  unit: string;
  dept: string | null;
}

export interface Reconciliation {
  /** Class of each expected asset, in the order given. */
  classes: CountClass[];
  differences: Difference[][];
  totals: Totals;
  /** Per unit and department (department null = none), sorted by unit then department. */
  groups: GroupTotals[];
}

function emptyTotals(): Totals {
  const t = () => ({ count: 0, costFen: 0, netFen: 0 });
  return { matched: t(), shortage: t(), locationDiffers: t(), userDiffers: t(), statusDiffers: t(), surplus: { count: 0, valueFen: 0 }, expected: t(), notCounted: 0 };
}

function add(t: Tally, cost: number, net: number): void {
  t.count += 1;
  t.costFen += cost;
  t.netFen += net;
}

/** Assets already known to be matched (found, nothing written), totalled per unit and department. */
export interface PreMatched {
  unit: string;
  dept: string | null;
  count: number;
  costFen: number;
  netFen: number;
}

/**
 * Classify every expected asset against the results (by key) and total the classes, overall and per
 * unit and department, in counts and amounts (cost and net book value). Linear in the inputs.
 * `preMatched` adds assets the caller has already totalled as matched (found with no actual
 * location, user or status written — `classify` gives them 'matched' without looking further), so
 * a large count need not pass them one by one.
 */
export function reconcile(expected: readonly ExpectedAsset[], results: ReadonlyMap<string, CountedSide>, surplus: readonly SurplusItem[], preMatched: readonly PreMatched[] = []): Reconciliation {
  const totals = emptyTotals();
  const groups = new Map<string, GroupTotals>();
  const group = (unit: string, dept: string | null): GroupTotals => {
    const k = `${unit}\u0000${dept ?? ''}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { unit, dept, ...emptyTotals() }));
    return g;
  };
  const classes: CountClass[] = new Array(expected.length);
  const differences: Difference[][] = new Array(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const r = results.get(e.key);
    const c = classify(e, r);
    classes[i] = c.cls;
    differences[i] = c.differences;
    const g = group(e.unit, e.dept);
    add(totals[c.cls], e.costFen, e.netFen);
    add(totals.expected, e.costFen, e.netFen);
    add(g[c.cls], e.costFen, e.netFen);
    add(g.expected, e.costFen, e.netFen);
    if (!r) {
      totals.notCounted++;
      g.notCounted++;
    }
  }
  for (const m of preMatched) {
    const g = group(m.unit, m.dept);
    for (const t of [totals.matched, totals.expected, g.matched, g.expected]) {
      t.count += m.count;
      t.costFen += m.costFen;
      t.netFen += m.netFen;
    }
  }
  for (const s of surplus) {
    const g = group(s.unit, s.dept);
    totals.surplus.count++;
    totals.surplus.valueFen += s.valueFen;
    g.surplus.count++;
    g.surplus.valueFen += s.valueFen;
  }
  const sorted = [...groups.values()].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : (a.dept ?? '') < (b.dept ?? '') ? -1 : (a.dept ?? '') > (b.dept ?? '') ? 1 : 0));
  return { classes, differences, totals, groups: sorted };
}

// ---------------------------------------------------------------------------------------------
// Surplus valuation (DOMAIN §3.5): documents, else appraisal, else replacement cost, else nominal ¥1.

export const SURPLUS_BASES = ['documents', 'appraisal', 'replacement', 'nominal'] as const;
export type SurplusBasis = (typeof SURPLUS_BASES)[number];

export const SURPLUS_BASIS_ZH: Record<SurplusBasis, string> = { documents: '有关凭据', appraisal: '资产评估', replacement: '重置成本', nominal: '名义金额' };
/** The card's 价值类型 for each basis. */
export const SURPLUS_VALUE_TYPE: Record<SurplusBasis, '原值' | '评估值' | '重置价值' | '名义金额'> = { documents: '原值', appraisal: '评估值', replacement: '重置价值', nominal: '名义金额' };
/** Nominal value: ¥1. */
export const NOMINAL_FEN = 100;

export interface SurplusEvidence {
  /** Value shown by documents (invoice, contract, transfer papers). */
  documentFen?: number | null | undefined;
  /** Value from an appraisal. */
  appraisalFen?: number | null | undefined;
  /** Replacement cost of a similar asset. */
  replacementFen?: number | null | undefined;
}

/** The value a surplus card is booked at: the first positive figure in the order documents → appraisal → replacement cost, else nominal ¥1. */
export function surplusValue(e: SurplusEvidence): { basis: SurplusBasis; valueFen: number; valueType: (typeof SURPLUS_VALUE_TYPE)[SurplusBasis] } {
  const order: [SurplusBasis, number | null | undefined][] = [
    ['documents', e.documentFen],
    ['appraisal', e.appraisalFen],
    ['replacement', e.replacementFen],
  ];
  for (const [basis, v] of order) if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return { basis, valueFen: v, valueType: SURPLUS_VALUE_TYPE[basis] };
  return { basis: 'nominal', valueFen: NOMINAL_FEN, valueType: '名义金额' };
}

// ---------------------------------------------------------------------------------------------
// Accounting lines of the resolutions (政府会计制度 accounts).

export const ACCOUNTS = {
  '1601': '固定资产',
  '1602': '固定资产累计折旧',
  '1701': '无形资产',
  '1702': '无形资产累计摊销',
  '1902': '待处理财产损溢',
  '3501': '以前年度盈余调整',
  '5301': '资产处置费用',
} as const;
export type Account = keyof typeof ACCOUNTS;

export interface EntryLine {
  account: Account;
  name: string;
  debitFen: number;
  creditFen: number;
}

const dr = (account: Account, fen: number): EntryLine => ({ account, name: ACCOUNTS[account], debitFen: fen, creditFen: 0 });
const cr = (account: Account, fen: number): EntryLine => ({ account, name: ACCOUNTS[account], debitFen: 0, creditFen: fen });

/** Lines with a zero amount are left out, except that an entry always keeps at least its first line pair. */
function lines(...ls: EntryLine[]): EntryLine[] {
  const kept = ls.filter((l) => l.debitFen !== 0 || l.creditFen !== 0);
  return kept.length ? kept : ls.slice(0, 2);
}

/** Whether a class code is an intangible asset (GB/T 14885-2022 A08 无形资产): booked on 1701/1702 instead of 1601/1602. */
export function isIntangible(classCode: string | null | undefined, gb2022?: string | undefined): boolean {
  const c = (gb2022 ?? classCode ?? '').toUpperCase();
  return c.startsWith('A08');
}

/** 盘亏, pending approval: Dr 1902 (net book value), Dr 1602 (accumulated) / Cr 1601 (cost). 1701/1702 for intangibles. */
export function shortagePendingEntries(costFen: number, accumulatedFen: number, intangible = false): EntryLine[] {
  return lines(dr('1902', costFen - accumulatedFen), dr(intangible ? '1702' : '1602', accumulatedFen), cr(intangible ? '1701' : '1601', costFen));
}

/** 盘亏 written off after approval: Dr 5301 资产处置费用 / Cr 1902 (net book value). */
export function shortageWriteOffEntries(netFen: number): EntryLine[] {
  return lines(dr('5301', netFen), cr('1902', netFen));
}

/** 盘盈 card booked: Dr 1601 / Cr 1902 at its value. */
export function surplusEntries(valueFen: number, intangible = false): EntryLine[] {
  return lines(dr(intangible ? '1701' : '1601', valueFen), cr('1902', valueFen));
}

/** 盘盈 after approval: Dr 1902 / Cr 3501 以前年度盈余调整. */
export function surplusApprovalEntries(valueFen: number): EntryLine[] {
  return lines(dr('1902', valueFen), cr('3501', valueFen));
}
