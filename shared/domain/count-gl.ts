// Reading general-ledger balances of 1601/1602/1701/1702 from the trial-balance (科目余额表) or
// balance-list exports of the accounting software, for 账账核对 (DOMAIN §3.5). Pure: rows of cell
// texts in, balances out; the engine maps unit texts to units and stores the result.
//
// Layouts tolerated:
// - title rows above the header: 「科目余额表」, 「核算单位：城关镇卫生院」/「编制单位：…」/「单位名称：…」,
//   「期间：2026年03月」/「会计期间：2026.03」/「2026年1月至3月」 (the unit and period may also sit in the next cell);
// - a header on one row (科目编码 | 科目名称 | 期末余额) or on two rows with merged group cells
//   (期初余额 | 本期发生额 | 期末余额 over 借方 | 贷方), or 期末借方余额 / 期末贷方余额, or 余额 + 方向 (借/贷/平);
// - a long list with a unit and/or period column per row (单位 | 科目编码 | 期间 | 余额);
// - the account code alone (1601), with its name in the same cell (1601 固定资产), with sub-accounts
//   (160101, 1601.01, 1601-01: summed when the account's own row is missing), or only the name (固定资产);
// - amounts as people write them (¥1,234.50, 1.2万, (1,234.00), '-' for zero), subtotal rows skipped.
//
// Balances are kept on each account's normal side: debit for 1601/1701, credit for 1602/1702. From
// debit/credit columns that is debit − credit (1601/1701) or credit − debit (1602/1702); with a
// direction column the amount counts positive on the normal side; a single balance column is read as
// the normal-side balance, except that a negative 1602/1702 figure is read as a credit balance written
// with a minus sign (a debit-positive export), i.e. its absolute value.

import { parseMoney } from '../money';
import { normaliseText } from '../parse/text';

export const GL_ACCOUNTS = ['1601', '1602', '1701', '1702'] as const;
export type GlAccount = (typeof GL_ACCOUNTS)[number];
export const GL_ACCOUNT_NAMES: Record<GlAccount, string> = { '1601': '固定资产', '1602': '固定资产累计折旧', '1701': '无形资产', '1702': '无形资产累计摊销' };
const CREDIT_NORMAL = new Set<GlAccount>(['1602', '1702']);

const NAME_TO_ACCOUNT: ReadonlyMap<string, GlAccount> = new Map([
  ['固定资产', '1601'],
  ['固定资产原值', '1601'],
  ['固定资产累计折旧', '1602'],
  ['累计折旧', '1602'],
  ['无形资产', '1701'],
  ['无形资产原值', '1701'],
  ['无形资产累计摊销', '1702'],
  ['累计摊销', '1702'],
]);

export interface GlLine {
  /** 0-based index into the rows given. */
  rowIndex: number;
  account: GlAccount;
  /** A sub-account row (160101 …): used only when the account's own row is missing. */
  sub: boolean;
  balanceFen: number;
  /** Unit named on the row (unit column), if any. */
  unitText?: string | undefined;
  /** Period named on the row (period column), 'YYYY-MM', if any. */
  period?: string | undefined;
}

export interface GlProblem {
  rowIndex: number;
  column?: string | undefined;
  message: string;
}

export interface GlSheet {
  /** Unit named in the title rows (核算单位/编制单位/单位名称 …). */
  unitText?: string | undefined;
  /** Period named in the title rows, 'YYYY-MM' (the end of a range). */
  period?: string | undefined;
  headerIndex: number;
  hasUnitColumn: boolean;
  lines: GlLine[];
  problems: GlProblem[];
}

const clean = (s: string | undefined): string => normaliseText(s ?? '').replace(/\s+/g, '');

const UNIT_LABEL = /^(核算单位|编制单位|单位名称|填报单位|单位|账套名称|账套|会计主体)[:：]?/;
const PERIOD_LABEL = /^(会计期间|所属期间|期间|月份|日期|报表期间)[:：]?/;

/** 'YYYY-MM' from 2026年03月, 2026年3月, 2026.03, 2026-3, 202603, 2026年1月至3月 (end of the range); undefined when none or ambiguous. */
export function periodFromText(text: string): string | undefined {
  const t = normaliseText(text).replace(/\s+/g, '');
  const pad = (m: number) => String(m).padStart(2, '0');
  const range = /(\d{4})[年.\-/](\d{1,2})月?(?:份)?(?:至|到|-|—|~|～)(?:(\d{4})[年.\-/])?(\d{1,2})月?/.exec(t);
  if (range) {
    const y = Number(range[3] ?? range[1]);
    const m = Number(range[4]);
    if (m >= 1 && m <= 12) return `${y}-${pad(m)}`;
  }
  const one = /(\d{4})\s*[年.\-/]\s*(\d{1,2})(?!\d)/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (one) {
    const m = Number(one[2]);
    if (m >= 1 && m <= 12) return `${one[1]}-${pad(m)}`;
  }
  return undefined;
}

/** A 4-digit top account (or its sub-account) from a code cell: 1601, 160101, 1601.01, 1601-01, '1601 固定资产'. */
export function accountFromCode(text: string): { account: GlAccount; sub: boolean } | { other: true } | undefined {
  const t = normaliseText(text);
  const m = /^(\d{4})((?:[.\-_ ]?\d{2,})*)(?=$|\s|[\u4e00-\u9fff])/.exec(t);
  if (!m) return undefined;
  const top = m[1]!;
  if (!(GL_ACCOUNTS as readonly string[]).includes(top)) return { other: true };
  return { account: top as GlAccount, sub: m[2]!.replace(/[.\-_ ]/g, '') !== '' };
}

/** An account from its name (固定资产, 固定资产累计折旧 …), ignoring indentation and a leading code-less bullet. */
export function accountFromName(text: string): GlAccount | undefined {
  const t = clean(text).replace(/^[-—·]+/, '');
  return NAME_TO_ACCOUNT.get(t);
}

interface Columns {
  code?: number;
  name?: number;
  unit?: number;
  period?: number;
  debit?: number;
  credit?: number;
  amount?: number;
  direction?: number;
}

const CODE_HEADERS = ['科目编码', '科目代码', '科目编号', '会计科目编码', '会计科目代码', '科目号', '编码', '代码'];
const NAME_HEADERS = ['科目名称', '会计科目', '会计科目名称', '科目', '总账科目', '一级科目'];
const UNIT_HEADERS = ['单位', '单位名称', '单位编码', '核算单位', '账套', '账套名称', '编制单位', '单位代码'];
const PERIOD_HEADERS = ['期间', '会计期间', '月份', '所属期间', '会计月份'];

function headerScore(cells: readonly string[]): number {
  const c = cells.map(clean);
  const hasAccount = c.some((x) => CODE_HEADERS.includes(x) || NAME_HEADERS.includes(x));
  const hasBalance = c.some((x) => x.includes('余额'));
  return hasAccount && hasBalance ? 2 + c.filter((x) => x.includes('余额')).length : 0;
}

/** The row under the header holds only 借方/贷方/方向 … (a cell merged down from the header repeats the header's text). */
function isSubHeader(cells: readonly string[], head: readonly string[]): boolean {
  const c = cells.map((x, i) => (clean(x) === clean(head[i]) ? '' : clean(x))).filter(Boolean);
  return c.length > 0 && c.every((x) => /^(借方|贷方|借|贷|方向|余额|金额|借方金额|贷方金额|借或贷|数量)$/.test(x));
}

function locateColumns(head: readonly string[], sub: readonly string[] | undefined): Columns {
  const n = Math.max(head.length, sub?.length ?? 0);
  const labels: string[] = [];
  let carry = '';
  for (let i = 0; i < n; i++) {
    let h = clean(head[i]);
    // A merged group title shows only in its first cell of a CSV: carry it over the blank cells after it.
    if (!h && sub) h = carry;
    else carry = h;
    const below = sub ? clean(sub[i]) : '';
    labels.push(below === h ? h : h + below);
  }
  const cols: Columns = {};
  const first = (pred: (l: string) => boolean) => {
    const i = labels.findIndex(pred);
    return i === -1 ? undefined : i;
  };
  cols.code = first((l) => CODE_HEADERS.includes(l));
  cols.name = first((l) => NAME_HEADERS.includes(l));
  if (cols.code === undefined && cols.name !== undefined) cols.code = undefined;
  cols.unit = first((l) => UNIT_HEADERS.includes(l));
  cols.period = first((l) => PERIOD_HEADERS.includes(l));
  // Closing balance columns: '余额' without 期初/年初/上期/发生; prefer those naming 期末.
  const balance = labels
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.includes('余额') && !/期初|年初|上期|上年|发生|累计发生|本年累计/.test(l));
  const closing = balance.some(({ l }) => l.includes('期末')) ? balance.filter(({ l }) => l.includes('期末')) : balance;
  const debit = closing.find(({ l }) => /借/.test(l) && !/方向|借或贷/.test(l));
  const credit = closing.find(({ l }) => /贷/.test(l) && !/方向|借或贷/.test(l));
  if (debit && credit) {
    cols.debit = debit.i;
    cols.credit = credit.i;
  } else {
    const amount = closing.find(({ l }) => !/方向|借或贷/.test(l));
    if (amount) cols.amount = amount.i;
  }
  // A direction column (方向 / 余额方向 / 借或贷): the last one at or before the amount column.
  if (cols.amount !== undefined) {
    for (let i = 0; i < labels.length; i++) {
      if (/方向|借或贷/.test(labels[i]!) && !/期初|年初|发生/.test(labels[i]!) && (i <= cols.amount + 1)) cols.direction = i;
    }
  }
  return cols;
}

function titleValue(rows: readonly (readonly string[])[], upTo: number, label: RegExp): string | undefined {
  for (let r = 0; r < upTo; r++) {
    const cells = rows[r]!;
    for (let c = 0; c < cells.length; c++) {
      const t = normaliseText(cells[c]);
      const m = label.exec(t.replace(/\s+/g, ''));
      if (!m) continue;
      // The value after the label in the same cell (up to the next label), else the next non-empty cell.
      const after = t.replace(/^[^:：]*[:：]\s*/, '');
      const same = after !== t ? after.split(/\s{2,}|\s+(?=\S+[:：])/)[0]!.trim() : '';
      if (same) return same;
      const next = cells.slice(c + 1).find((x) => normaliseText(x) !== '');
      if (next) return normaliseText(next);
    }
  }
  return undefined;
}

const TOTAL = /^(合计|小计|总计|本页合计|本月合计|本年累计|累计|资产类合计|资产合计)[:：]?$/;

/** Read balances of 1601/1602/1701/1702 from a sheet's rows (cell texts). Undefined when no header is found in the first 30 rows. */
export function readGlSheet(rows: readonly (readonly string[])[]): GlSheet | undefined {
  let headerIndex = -1;
  let best = 0;
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const s = headerScore(rows[i]!);
    if (s > best) {
      best = s;
      headerIndex = i;
    }
  }
  if (headerIndex < 0) return undefined;
  const subRow = rows[headerIndex + 1] && isSubHeader(rows[headerIndex + 1]!, rows[headerIndex]!) ? rows[headerIndex + 1] : undefined;
  const cols = locateColumns(rows[headerIndex]!, subRow);
  const problems: GlProblem[] = [];
  const unitText = titleValue(rows, headerIndex, UNIT_LABEL);
  const periodText = titleValue(rows, headerIndex, PERIOD_LABEL);
  let period = periodText ? periodFromText(periodText) : undefined;
  if (!period) {
    for (let r = 0; r < headerIndex && !period; r++) for (const c of rows[r]!) if (/\d{4}\s*年\s*\d{1,2}\s*月/.test(c)) period = periodFromText(c);
  }
  const sheet: GlSheet = { unitText, period, headerIndex, hasUnitColumn: cols.unit !== undefined, lines: [], problems };
  if (cols.debit === undefined && cols.amount === undefined) {
    problems.push({ rowIndex: headerIndex, column: '期末余额', message: '找不到期末余额列（应有「期末余额」，或「期末余额」下的「借方」「贷方」，或「余额」与「方向」）' });
    return sheet;
  }
  const headerLabel = (i: number | undefined) => {
    if (i === undefined) return undefined;
    const h = clean(rows[headerIndex]![i]);
    const b = subRow ? clean(subRow[i]) : '';
    return (b === h ? h : h + b) || undefined;
  };
  const start = headerIndex + (subRow ? 2 : 1);
  for (let r = start; r < rows.length; r++) {
    const cells = rows[r]!;
    const at = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
    if (cells.some((c) => TOTAL.test(clean(c)))) continue;
    let acct: { account: GlAccount; sub: boolean } | undefined;
    let other = false;
    for (const text of [at(cols.code), at(cols.name)]) {
      if (!text || acct || other) continue;
      const byCode = accountFromCode(text);
      if (byCode && 'other' in byCode) other = true;
      else if (byCode) acct = byCode;
    }
    if (!acct && !other && cols.code === undefined) {
      const a = accountFromName(at(cols.name));
      if (a) acct = { account: a, sub: false };
    }
    if (!acct && !other && cols.code !== undefined && !at(cols.code)) {
      const a = accountFromName(at(cols.name));
      if (a) acct = { account: a, sub: false };
    }
    if (!acct) continue;
    const money = (i: number | undefined): number | undefined => {
      const t = at(i);
      if (t === '') return 0;
      const m = parseMoney(t);
      if (!m.ok) {
        problems.push({ rowIndex: r, column: headerLabel(i), message: m.message });
        return undefined;
      }
      return m.fen;
    };
    const credit = CREDIT_NORMAL.has(acct.account);
    let balance: number | undefined;
    if (cols.debit !== undefined && cols.credit !== undefined) {
      const d = money(cols.debit);
      const c = money(cols.credit);
      if (d !== undefined && c !== undefined) balance = credit ? c - d : d - c;
    } else {
      const a = money(cols.amount);
      if (a !== undefined) {
        const dir = clean(at(cols.direction));
        if (dir === '' || cols.direction === undefined) balance = credit ? Math.abs(a) : a;
        else if (dir === '平') balance = 0;
        else if (dir === '借' || dir === '借方') balance = credit ? -a : a;
        else if (dir === '贷' || dir === '贷方') balance = credit ? a : -a;
        else problems.push({ rowIndex: r, column: headerLabel(cols.direction), message: `余额方向应为 借、贷 或 平（表中为「${dir}」）` });
      }
    }
    if (balance === undefined) continue;
    let rowPeriod: string | undefined;
    if (cols.period !== undefined && at(cols.period)) {
      rowPeriod = periodFromText(at(cols.period));
      if (!rowPeriod) {
        problems.push({ rowIndex: r, column: headerLabel(cols.period), message: `无法识别的期间「${at(cols.period)}」` });
        continue;
      }
    }
    sheet.lines.push({ rowIndex: r, account: acct.account, sub: acct.sub, balanceFen: balance === 0 ? 0 : balance, unitText: cols.unit !== undefined ? at(cols.unit) || undefined : undefined, period: rowPeriod });
  }
  return sheet;
}

export interface GlBalance {
  unitKey: string;
  account: GlAccount;
  balanceFen: number;
  /** Row the figure came from (the account's own row), or the first sub-account row summed. */
  rowIndex: number;
}

/**
 * One balance per unit and account: the account's own row, else the sum of its sub-account rows.
 * Two own rows for the same unit and account are a problem (reported on the second).
 */
export function combineGlLines(lines: readonly (GlLine & { unitKey: string })[]): { balances: GlBalance[]; problems: GlProblem[] } {
  const own = new Map<string, GlBalance>();
  const subs = new Map<string, GlBalance>();
  const problems: GlProblem[] = [];
  for (const l of lines) {
    const k = `${l.unitKey}\u0000${l.account}`;
    if (!l.sub) {
      const prior = own.get(k);
      if (prior) problems.push({ rowIndex: l.rowIndex, message: `科目 ${l.account} 在同一单位出现了两次` });
      else own.set(k, { unitKey: l.unitKey, account: l.account, balanceFen: l.balanceFen, rowIndex: l.rowIndex });
    } else {
      const s = subs.get(k);
      if (s) s.balanceFen += l.balanceFen;
      else subs.set(k, { unitKey: l.unitKey, account: l.account, balanceFen: l.balanceFen, rowIndex: l.rowIndex });
    }
  }
  for (const [k, s] of subs) if (!own.has(k)) own.set(k, s);
  return { balances: [...own.values()], problems };
}
