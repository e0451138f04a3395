// The count report's printable tables (pure: no DOM, no React — tests/renderer/count-report.test.ts):
// 资产清查明细表 (every expected asset with its class, then the items found off the book) and
// 资产盘盈盘亏汇总表 (per unit and department: counts and amounts of each class). Amounts are summed
// in integer fen and formatted only at the end. Printed forms are Chinese whatever the UI language.
import type { CountReport } from '../../../shared/api/counts';
import { COUNT_CLASS_ZH } from '../../../shared/domain/count';
import { formatMoney } from '../../../shared/money';
import type { BuiltReport } from '../reports/builders';
import type { ReportLine } from '../print/ReportDocument';

const m = (fen: number) => formatMoney(fen);
const FIELD_ZH = { location: '地点', user: '使用人', status: '状况' } as const;

export function countDetailReport(rep: CountReport): BuiltReport {
  const lines: ReportLine[] = rep.detail.map((r, i) => ({
    kind: 'row',
    cells: {
      seq: String(i + 1),
      code: r.code,
      name: r.name,
      dept: r.deptName ?? '',
      location: r.bookLocation ?? '',
      user: r.bookUser ?? '',
      cost: m(r.costFen),
      net: m(r.netFen),
      cls: COUNT_CLASS_ZH[r.cls],
      diff: r.cls === 'shortage' ? (r.notCounted ? '未盘到' : '盘点标记为无') : r.differences.map((d) => `${FIELD_ZH[d.field]}：${d.book ?? '（空）'}→${d.actual}`).join('；'),
    },
  }));
  if (rep.surplusItems.length) {
    lines.push({ kind: 'subtotal', cells: { seq: '', code: '账外资产（盘盈）', name: `${rep.surplusItems.length} 项` } });
    rep.surplusItems.forEach((f, i) =>
      lines.push({
        kind: 'row',
        cells: {
          seq: String(i + 1),
          code: f.assetCode ?? f.code ?? '',
          name: f.name ?? '（待查明）',
          location: f.location ?? '',
          user: f.userName ?? '',
          cost: f.valueFen === null ? '' : m(f.valueFen),
          cls: '盘盈',
          diff: [f.model, f.description].filter(Boolean).join('；'),
        },
      }),
    );
  }
  const e = rep.totals.expected;
  return {
    columns: [
      { key: 'seq', label: '序号', width: 6, align: 'right' },
      { key: 'code', label: '资产编号', width: 16 },
      { key: 'name', label: '资产名称', width: 22 },
      { key: 'dept', label: '使用科室', width: 13 },
      { key: 'location', label: '账面存放地点', width: 17 },
      { key: 'user', label: '账面使用人', width: 10 },
      { key: 'cost', label: '原值', width: 14, align: 'right' },
      { key: 'net', label: '净值', width: 14, align: 'right' },
      { key: 'cls', label: '清查结果', width: 10, align: 'center' },
      { key: 'diff', label: '差异说明', width: 34 },
    ],
    lines,
    total: { kind: 'total', cells: { seq: '', code: '合计', name: `在册 ${e.count} 项`, cost: m(e.costFen), net: m(e.netFen), cls: '', diff: `盘亏 ${rep.totals.shortage.count} 项，盘盈 ${rep.totals.surplus.count} 项` } },
    totalFen: e.costFen,
  };
}

const CLASS_ORDER = ['matched', 'shortage', 'locationDiffers', 'userDiffers', 'statusDiffers'] as const;

export function countSummaryReport(rep: CountReport): BuiltReport {
  const row = (label: string, dept: string, g: CountReport['totals']): Record<string, string> => {
    const cells: Record<string, string> = { unit: label, dept, expected: String(g.expected.count), expectedCost: m(g.expected.costFen) };
    for (const k of CLASS_ORDER) {
      cells[`${k}N`] = g[k].count ? String(g[k].count) : '';
      cells[`${k}F`] = g[k].count ? m(g[k].costFen) : '';
    }
    cells.shortageNet = g.shortage.count ? m(g.shortage.netFen) : '';
    cells.surplusN = g.surplus.count ? String(g.surplus.count) : '';
    cells.surplusF = g.surplus.count ? m(g.surplus.valueFen) : '';
    return cells;
  };
  return {
    columns: [
      { key: 'unit', label: '单位', width: 20 },
      { key: 'dept', label: '使用科室', width: 13 },
      { key: 'expected', label: '在册数', width: 7, align: 'right' },
      { key: 'expectedCost', label: '在册原值', width: 14, align: 'right' },
      { key: 'matchedN', label: '相符数', width: 7, align: 'right' },
      { key: 'shortageN', label: '盘亏数', width: 7, align: 'right' },
      { key: 'shortageF', label: '盘亏原值', width: 13, align: 'right' },
      { key: 'shortageNet', label: '盘亏净值', width: 13, align: 'right' },
      { key: 'surplusN', label: '盘盈数', width: 7, align: 'right' },
      { key: 'surplusF', label: '盘盈价值', width: 13, align: 'right' },
      { key: 'locationDiffersN', label: '位置不符', width: 8, align: 'right' },
      { key: 'userDiffersN', label: '使用人不符', width: 9, align: 'right' },
      { key: 'statusDiffersN', label: '状态不符', width: 8, align: 'right' },
    ],
    lines: rep.summary.map((g): ReportLine => ({ kind: 'row', cells: row(`${g.unitName}`, g.deptName ?? '（未指定）', g) })),
    total: { kind: 'total', cells: row('合计', '', rep.totals) },
    totalFen: rep.totals.shortage.netFen,
  };
}
