// Report data → printable lines (pure: no DOM, no React; tests/renderer/report-builders.test.ts).
// Amounts are summed in integer fen and formatted 1,234.56 only at the end.
import type { DepreciationSummaryRow, RegisterReport, ScheduleLine } from '../../../shared/api/depreciation';
import { formatMoney } from '../../../shared/money';
import type { ReportColumn, ReportLine } from '../print/ReportDocument';
import { summariseRegister, withSubtotals } from '../print/layout';

const m = (fen: number) => formatMoney(fen);
const n = (v: number) => v.toLocaleString('zh-CN');

export interface BuiltReport {
  columns: ReportColumn[];
  lines: ReportLine[];
  total: ReportLine;
  totalFen: number;
}

/** 资产总账 as of a date — by unit × class with unit subtotals ('summary'), or card by card ('detail'). */
export function registerReport(report: RegisterReport, mode: 'summary' | 'detail'): BuiltReport {
  const sums = ['assets', 'costFen', 'accumulatedFen', 'netFen'] as const;
  if (mode === 'summary') {
    const { lines, total } = withSubtotals(summariseRegister(report.rows), (r) => r.unit, (r) => r.unitName, [...sums]);
    return {
      columns: [
        { key: 'unit', label: '单位', width: 34 },
        { key: 'class', label: '分类代码', width: 15, align: 'center' },
        { key: 'className', label: '资产分类', width: 28 },
        { key: 'assets', label: '资产数量', width: 11, align: 'right' },
        { key: 'cost', label: '原值', width: 20, align: 'right' },
        { key: 'accumulated', label: '累计折旧', width: 20, align: 'right' },
        { key: 'net', label: '净值', width: 20, align: 'right' },
      ],
      lines: lines.map((l): ReportLine =>
        l.kind === 'row'
          ? { kind: 'row', cells: { unit: `${l.row.unitName}（${l.row.unit}）`, class: l.row.class, className: l.row.className ?? '', assets: n(l.row.assets), cost: m(l.row.costFen), accumulated: m(l.row.accumulatedFen), net: m(l.row.netFen) } }
          : { kind: 'subtotal', cells: { unit: `${l.label} 小计`, assets: n(l.sums.assets!), cost: m(l.sums.costFen!), accumulated: m(l.sums.accumulatedFen!), net: m(l.sums.netFen!) } },
      ),
      total: { kind: 'total', cells: { unit: '合计', assets: n(report.totals.assets), cost: m(report.totals.costFen), accumulated: m(report.totals.accumulatedFen), net: m(report.totals.netFen) } },
      totalFen: report.totals.costFen,
    };
  }
  const { lines } = withSubtotals(report.rows, (r) => r.unit, (r) => r.unitName, ['costFen', 'accumulatedFen', 'netFen']);
  return {
    columns: [
      { key: 'code', label: '资产编号', width: 17 },
      { key: 'name', label: '资产名称', width: 30 },
      { key: 'class', label: '分类代码', width: 14, align: 'center' },
      { key: 'unit', label: '单位', width: 28 },
      { key: 'cost', label: '原值', width: 18, align: 'right' },
      { key: 'accumulated', label: '累计折旧', width: 18, align: 'right' },
      { key: 'net', label: '净值', width: 18, align: 'right' },
    ],
    lines: lines.map((l): ReportLine =>
      l.kind === 'row'
        ? { kind: 'row', cells: { code: l.row.code, name: l.row.name, class: l.row.class, unit: l.row.unitName, cost: m(l.row.costFen), accumulated: m(l.row.accumulatedFen), net: m(l.row.netFen) } }
        : { kind: 'subtotal', cells: { code: `${l.label} 小计`, name: `${n(l.count)} 项`, cost: m(l.sums.costFen!), accumulated: m(l.sums.accumulatedFen!), net: m(l.sums.netFen!) } },
    ),
    total: { kind: 'total', cells: { code: '合计', name: `${n(report.totals.assets)} 项`, cost: m(report.totals.costFen), accumulated: m(report.totals.accumulatedFen), net: m(report.totals.netFen) } },
    totalFen: report.totals.costFen,
  };
}

/** 固定资产折旧汇总表 (记账用): unit × class × funding source × using department, unit subtotals. */
export function depreciationSummaryReport(rows: readonly DepreciationSummaryRow[]): BuiltReport {
  const sorted = [...rows].sort((a, b) =>
    a.unitCode !== b.unitCode
      ? a.unitCode < b.unitCode ? -1 : 1
      : a.classCode !== b.classCode
        ? a.classCode < b.classCode ? -1 : 1
        : a.fundingSource !== b.fundingSource
          ? a.fundingSource < b.fundingSource ? -1 : 1
          : (a.usingDeptCode ?? '') < (b.usingDeptCode ?? '') ? -1 : (a.usingDeptCode ?? '') > (b.usingDeptCode ?? '') ? 1 : 0,
  );
  const { lines, total } = withSubtotals(sorted, (r) => r.unitCode, (r) => r.unitName, ['assets', 'chargeFen']);
  return {
    columns: [
      { key: 'unit', label: '单位', width: 30 },
      { key: 'class', label: '资产分类', width: 30 },
      { key: 'fund', label: '资金来源', width: 19 },
      { key: 'dept', label: '使用部门', width: 20 },
      { key: 'assets', label: '资产数量', width: 10, align: 'right' },
      { key: 'debit', label: '借：费用', width: 18, align: 'right' },
      { key: 'credit', label: '贷：1602 累计折旧', width: 18, align: 'right' },
    ],
    lines: lines.map((l): ReportLine =>
      l.kind === 'row'
        ? {
            kind: 'row',
            cells: {
              unit: `${l.row.unitName}（${l.row.unitCode}）`,
              class: `${l.row.classCode} ${l.row.className ?? ''}`.trim(),
              fund: l.row.fundingSource,
              dept: l.row.usingDeptName ?? '（未指定）',
              assets: n(l.row.assets),
              debit: m(l.row.chargeFen),
              credit: m(l.row.chargeFen),
            },
          }
        : { kind: 'subtotal', cells: { unit: `${l.label} 小计`, assets: n(l.sums.assets!), debit: m(l.sums.chargeFen!), credit: m(l.sums.chargeFen!) } },
    ),
    total: { kind: 'total', cells: { unit: '合计', assets: n(total.sums.assets!), debit: m(total.sums.chargeFen!), credit: m(total.sums.chargeFen!) } },
    totalFen: total.sums.chargeFen!,
  };
}

/** One asset's 折旧明细表: period by period, booked entries then the projection. */
export function scheduleReport(lines: readonly ScheduleLine[]): BuiltReport {
  let charged = 0;
  for (const l of lines) charged += l.chargeFen;
  const last = lines[lines.length - 1];
  return {
    columns: [
      { key: 'period', label: '期间', width: 14, align: 'center' },
      { key: 'cost', label: '原值', width: 20, align: 'right' },
      { key: 'charge', label: '本期折旧', width: 18, align: 'right' },
      { key: 'accumulated', label: '累计折旧', width: 20, align: 'right' },
      { key: 'net', label: '净值', width: 20, align: 'right' },
      { key: 'state', label: '状态', width: 12, align: 'center' },
    ],
    lines: lines.map((l): ReportLine => ({
      kind: 'row',
      cells: { period: l.period, cost: m(l.costFen), charge: m(l.chargeFen), accumulated: m(l.accumulatedFen), net: m(l.netFen), state: l.booked ? '已计提' : '预计' },
    })),
    total: { kind: 'total', cells: { period: '合计', charge: m(charged), accumulated: last ? m(last.accumulatedFen) : '', net: last ? m(last.netFen) : '' } },
    totalFen: charged,
  };
}
