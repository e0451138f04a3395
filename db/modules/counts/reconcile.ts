import ExcelJS from 'exceljs';
import type { ArgsOut } from '../../../shared/api';
import type { CountReconciliation, CountReport, FoundItem, ReconcileListRow } from '../../../shared/api/counts';
import type { ExportResult } from '../../../shared/api/types';
import { COUNT_CLASS_ZH, reconcile, type CountedSide, type ExpectedAsset, type PreMatched } from '../../../shared/domain/count';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { countRow, foundItems, listRow, loadRows, PLAIN_FOUND, requireCount, type CountDb, type LoadedRow } from './common';

// Reconciliation of a count (账实核对) and the count report (清查明细表, 盘盈盘亏汇总表). The
// classes come from shared/domain/count.ts (one class per asset, documented precedence).

export interface Reconciled {
  count: CountDb;
  rows: LoadedRow[];
  found: FoundItem[];
  result: CountReconciliation;
}

/**
 * Reconcile a count. `rows` holds every expected asset when `full` (or `filter.all`) is asked for;
 * otherwise only those that are not plainly found (found, nothing written): the plainly found ones —
 * nearly all of a large count — are totalled per unit and department in SQL and passed to the
 * domain's reconcile as matched, which is what `classify` gives them.
 */
export function reconcileCount(ctx: HandlerContext, ref: string, filter: { unitCode?: string | undefined; deptCode?: string | undefined; all?: boolean } = {}, opts: { full?: boolean } = {}): Reconciled {
  const c = requireCount(ctx, ref);
  const full = Boolean(opts.full || filter.all);
  const unitCodes = new Map(ctx.db.prepare('SELECT id, code FROM units').raw().all() as [string, string][]);
  const deptCodes = new Map(ctx.db.prepare('SELECT id, code FROM departments').raw().all() as [string, string][]);
  let rows: LoadedRow[];
  let pre: PreMatched[] = [];
  if (full) rows = loadRows(ctx.db, c.id, { classify: false, lean: true });
  else {
    // Two sequential scans (no per-row index seeks): the plainly found ids, then the expected list's
    // unit, department and amounts; the other rows are then read in full by id.
    const plain = new Set(ctx.db.prepare(`SELECT asset_id FROM count_results r WHERE r.count_id = ? AND ${PLAIN_FOUND}`).pluck().all(c.id) as string[]);
    const groups = new Map<string, PreMatched>();
    const rest: string[] = [];
    for (const [assetId, unitId, deptId, cost, acc] of ctx.db.prepare('SELECT asset_id, unit_id, dept_id, cost_fen, accumulated_fen FROM count_expected WHERE count_id = ?').raw().iterate(c.id) as IterableIterator<[string, string, string | null, number, number]>) {
      if (!plain.has(assetId)) {
        rest.push(assetId);
        continue;
      }
      const k = `${unitId}\u0000${deptId ?? ''}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { unit: unitCodes.get(unitId) ?? '', dept: deptId ? (deptCodes.get(deptId) ?? null) : null, count: 0, costFen: 0, netFen: 0 }));
      g.count++;
      g.costFen += cost;
      g.netFen += cost - acc;
    }
    pre = [...groups.values()];
    rows = rest.length ? loadRows(ctx.db, c.id, { classify: false, lean: true, only: rest }) : [];
  }
  if (filter.unitCode) {
    rows = rows.filter((r) => r.unitCode.toUpperCase() === filter.unitCode!.toUpperCase());
    pre = pre.filter((p) => p.unit.toUpperCase() === filter.unitCode!.toUpperCase());
  }
  if (filter.deptCode) {
    rows = rows.filter((r) => (r.deptCode ?? '').toUpperCase() === filter.deptCode!.toUpperCase());
    pre = pre.filter((p) => (p.dept ?? '').toUpperCase() === filter.deptCode!.toUpperCase());
  }
  const found = foundItems(ctx.db, c.id).filter((f) => f.status !== 'dropped');
  const unit = ctx.db.prepare('SELECT code, name FROM units WHERE id = ?').get(c.unit_id) as { code: string; name: string };
  // The domain's reconcile classifies the rows read and totals them with the plainly found ones.
  const expected: ExpectedAsset[] = rows.map((r) => ({ key: r.assetId, location: r.bookLocation, userName: r.bookUser, status: r.bookStatus, unit: r.unitCode, dept: r.deptCode, costFen: r.costFen, netFen: r.netFen }));
  const results = new Map<string, CountedSide>();
  for (const r of rows) if (r.result !== null) results.set(r.assetId, { found: r.result === 'found', actualLocation: r.actualLocation, actualUser: r.actualUser, actualStatus: r.actualStatus });
  // Found items belong to the count's unit; no department is known for them.
  const surplus = filter.deptCode ? [] : found.map((f) => ({ unit: unit.code, dept: null, valueFen: f.valueFen ?? 0 }));
  const rec = reconcile(expected, results, surplus, pre);
  const deptNames = new Map(ctx.db.prepare('SELECT code, name FROM departments WHERE unit_id = ?').raw().all(c.unit_id) as [string, string][]);
  const unitNames = new Map<string, string>((ctx.db.prepare('SELECT code, name FROM units').raw().all() as [string, string][]).map(([k, n]) => [k, n]));
  for (let i = 0; i < rows.length; i++) {
    rows[i]!.cls = rec.classes[i]!;
    rows[i]!.differences = rec.differences[i]!;
  }
  const list = (filter.all ? rows : rows.filter((r) => r.cls !== 'matched')).map(listRow);
  const t = rec.totals;
  const result: CountReconciliation = {
    countId: c.id,
    no: c.count_no,
    referenceDate: c.reference_date,
    matched: t.matched.count,
    shortage: t.shortage.count,
    surplus: t.surplus.count,
    locationDiffers: t.locationDiffers.count,
    userDiffers: t.userDiffers.count,
    statusDiffers: t.statusDiffers.count,
    notCounted: t.notCounted,
    expected: t.expected.count,
    totals: t,
    groups: rec.groups.map((g) => ({ ...g, unitName: unitNames.get(g.unit) ?? g.unit, deptName: g.dept ? (deptNames.get(g.dept) ?? null) : null })),
    shortages: list.filter((r) => r.cls === 'shortage'),
    differences: list.filter((r) => r.cls !== 'shortage' && r.cls !== 'matched'),
    ...(filter.all ? { matchedList: list.filter((r) => r.cls === 'matched') } : {}),
    surplusItems: filter.deptCode ? [] : found,
  };
  return { count: c, rows, found, result };
}

function report(ctx: HandlerContext, ref: string): CountReport {
  const r = reconcileCount(ctx, ref, { all: true });
  const detail: ReconcileListRow[] = r.rows.map(listRow);
  return { count: countRow(ctx.db, r.count), detail, surplusItems: r.found, summary: r.result.groups, totals: r.result.totals };
}

const yuan = (fen: number) => fen / 100;
const MONEY = '#,##0.00';
const thin: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

function title(ws: ExcelJS.Worksheet, text: string, cols: number, sub: string): void {
  ws.addRow([text]);
  ws.mergeCells(1, 1, 1, cols);
  const t = ws.getCell(1, 1);
  t.font = { bold: true, size: 16 };
  t.alignment = { horizontal: 'center' };
  ws.addRow([sub]);
  ws.mergeCells(2, 1, 2, cols);
}

function table(ws: ExcelJS.Worksheet, headers: string[], widths: number[], rows: (string | number | null)[][], money: number[]): void {
  const h = ws.addRow(headers);
  h.font = { bold: true };
  h.eachCell((c) => {
    c.border = thin;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.border = thin;
      if (money.includes(col)) c.numFmt = MONEY;
    });
  }
}

function signatures(ws: ExcelJS.Worksheet): void {
  ws.addRow([]);
  ws.addRow(['单位负责人：', '', '', '财务负责人：', '', '', '资产管理员：', '', '', '盘点人：', '', '监盘人：']);
  ws.addRow(['填报日期：']);
}

async function exportReport(ctx: HandlerContext, ref: string): Promise<ExportResult> {
  const rep = report(ctx, ref);
  const c = rep.count;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MedCom Ledger';
  wb.created = new Date();
  const sub = `单位：${c.unitCode} ${c.unitName}　盘点任务：${c.no} ${c.name}　盘点基准日：${c.referenceDate}　金额单位：元`;

  const d = wb.addWorksheet('清查明细表', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  title(d, '资产清查明细表', 14, sub);
  const diffText = (r: ReconcileListRow) => r.differences.map((x) => `${x.field === 'location' ? '地点' : x.field === 'user' ? '使用人' : '状况'}：${x.book ?? '（空）'} → ${x.actual}`).join('；');
  table(
    d,
    ['序号', '资产编号', '资产名称', '使用科室', '账面存放地点', '账面使用人', '账面使用状况', '原值', '净值', '清查结果', '差异说明', '实际存放地点', '实际使用人', '未盘到'],
    [6, 16, 22, 12, 18, 10, 10, 14, 14, 10, 36, 18, 10, 8],
    rep.detail.map((r, i) => {
      const row = rep.detail[i]!;
      const actual = (f: 'location' | 'user') => row.differences.find((x) => x.field === f)?.actual ?? null;
      return [i + 1, r.code, r.name, r.deptName, r.bookLocation, r.bookUser, r.bookStatus, yuan(r.costFen), yuan(r.netFen), COUNT_CLASS_ZH[r.cls], diffText(r) || null, actual('location'), actual('user'), r.notCounted ? '是' : null];
    }),
    [8, 9],
  );
  const totalRow = d.addRow(['合计', `${rep.detail.length} 项`, '', '', '', '', '', yuan(rep.totals.expected.costFen), yuan(rep.totals.expected.netFen)]);
  totalRow.font = { bold: true };
  totalRow.getCell(8).numFmt = MONEY;
  totalRow.getCell(9).numFmt = MONEY;
  if (rep.surplusItems.length) {
    d.addRow([]);
    const h = d.addRow(['账外资产（盘盈）']);
    h.font = { bold: true };
    table(
      d,
      ['序号', '资产编号', '资产名称', '规格型号', '存放地点', '使用人', '数量', '入账价值', '状态', '说明'],
      [],
      rep.surplusItems.map((f, i) => [i + 1, f.assetCode ?? f.code, f.name ?? '（待查明）', f.model, f.location, f.userName, f.quantity, f.valueFen === null ? null : yuan(f.valueFen), f.status === 'booked' ? (f.approved ? '已入账、已批准' : '已入账待批准') : '待处理', f.description]),
      [8],
    );
  }
  signatures(d);

  const s = wb.addWorksheet('盘盈盘亏汇总表', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  title(s, '资产盘盈盘亏汇总表', 16, sub);
  const g = (x: CountReport['summary'][number], label: string, deptLabel: string | null) => [
    label,
    deptLabel,
    x.expected.count,
    yuan(x.expected.costFen),
    x.matched.count,
    x.shortage.count,
    yuan(x.shortage.costFen),
    yuan(x.shortage.netFen),
    x.surplus.count,
    yuan(x.surplus.valueFen),
    x.locationDiffers.count,
    x.userDiffers.count,
    x.statusDiffers.count,
    x.notCounted,
  ];
  table(
    s,
    ['单位', '使用科室', '账面数量', '账面原值', '相符数量', '盘亏数量', '盘亏原值', '盘亏净值', '盘盈数量', '盘盈金额', '位置不符', '使用人不符', '状态不符', '其中未盘到'],
    [20, 14, 10, 14, 10, 10, 14, 14, 10, 14, 10, 10, 10, 10],
    [...rep.summary.map((x) => g(x, `${x.unit} ${x.unitName}`, x.deptName ?? (x.dept ? x.dept : '（无科室）'))), g({ ...rep.totals, unit: '', dept: null, unitName: '', deptName: null }, '合计', null)],
    [4, 7, 8, 10],
  );
  s.lastRow!.font = { bold: true };
  signatures(s);

  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `盘点报告-${c.no}.xlsx`, base64: bytes.toString('base64') };
}

export const reconcileHandlers: HandlerMap<'counts.reconcile' | 'counts.report' | 'counts.exportReport'> = {
  'counts.reconcile': (args: ArgsOut<'counts.reconcile'>, ctx) => reconcileCount(ctx, args.id, args).result,
  'counts.report': ({ id }, ctx) => report(ctx, id),
  'counts.exportReport': ({ id }, ctx) => exportReport(ctx, id),
};
