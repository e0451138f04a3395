// Report data → printable lines: grouping, subtotals and totals in fen, formatted 1,234.56.
import { describe, expect, it } from 'vitest';
import type { DepreciationSummaryRow, RegisterReport, ScheduleLine } from '../../shared/api/depreciation';
import { depreciationSummaryReport, registerReport, scheduleReport } from '../../renderer/screens/reports/builders';

const reg: RegisterReport = {
  asOf: '2026-03-31',
  rows: [
    { code: 'B2', name: '办公椅', unit: 'QH101', unitName: '城关镇卫生院', class: 'A05010301', className: '办公椅', costFen: 45_000, accumulatedFen: 9_000, netFen: 36_000 },
    { code: 'A1', name: '台式计算机', unit: 'QH001', unitName: '清河县人民医院', class: 'A02010105', className: '台式计算机', costFen: 600_000, accumulatedFen: 199_992, netFen: 400_008 },
    { code: 'A2', name: '台式计算机', unit: 'QH001', unitName: '清河县人民医院', class: 'A02010105', className: '台式计算机', costFen: 650_000, accumulatedFen: 8_333, netFen: 641_667 },
  ],
  totals: { assets: 3, costFen: 1_295_000, accumulatedFen: 217_325, netFen: 1_077_675 },
};

describe('registerReport', () => {
  it('summary: one line per unit × class, unit subtotals, the engine totals', () => {
    const r = registerReport(reg, 'summary');
    expect(r.lines.map((l) => [l.kind, l.cells.unit, l.cells.class ?? '', l.cells.assets, l.cells.cost, l.cells.accumulated, l.cells.net])).toEqual([
      ['row', '清河县人民医院（QH001）', 'A02010105', '2', '12,500.00', '2,083.25', '10,416.75'],
      ['subtotal', '清河县人民医院 小计', '', '2', '12,500.00', '2,083.25', '10,416.75'],
      ['row', '城关镇卫生院（QH101）', 'A05010301', '1', '450.00', '90.00', '360.00'],
      ['subtotal', '城关镇卫生院 小计', '', '1', '450.00', '90.00', '360.00'],
    ]);
    expect(r.total.cells).toMatchObject({ unit: '合计', assets: '3', cost: '12,950.00', accumulated: '2,173.25', net: '10,776.75' });
    expect(r.totalFen).toBe(1_295_000);
  });

  it('detail: card by card in the engine order within each unit', () => {
    const r = registerReport(reg, 'detail');
    expect(r.columns.map((c) => c.label)).toEqual(['资产编号', '资产名称', '分类代码', '单位', '原值', '累计折旧', '净值']);
    expect(r.lines.map((l) => l.cells.code)).toEqual(['A1', 'A2', '清河县人民医院 小计', 'B2', '城关镇卫生院 小计']);
    expect(r.lines[2]!.cells).toMatchObject({ name: '2 项', cost: '12,500.00' });
  });
});

describe('depreciationSummaryReport', () => {
  const row = (unitCode: string, classCode: string, fundingSource: DepreciationSummaryRow['fundingSource'], dept: string | null, assets: number, chargeFen: number): DepreciationSummaryRow => ({
    unitCode,
    unitName: unitCode === 'QH001' ? '清河县人民医院' : '城关镇卫生院',
    classCode,
    className: null,
    fundingSource,
    usingDeptCode: dept,
    usingDeptName: dept ? `${dept}科` : null,
    assets,
    chargeFen,
  });

  it('sorts by unit, class, source, department; Dr = Cr on every line; subtotals and total in fen', () => {
    const r = depreciationSummaryReport([row('QH101', 'A02010105', '财政补助', 'MZ', 1, 8_333), row('QH001', 'A02010105', '医疗收入(自有资金)', 'JYK', 2, 16_667), row('QH001', 'A02010105', '财政补助', null, 1, 8_333)]);
    expect(r.lines.map((l) => [l.kind, l.cells.unit, l.cells.fund ?? '', l.cells.dept ?? '', l.cells.debit, l.cells.credit])).toEqual([
      ['row', '清河县人民医院（QH001）', '医疗收入(自有资金)', 'JYK科', '166.67', '166.67'],
      ['row', '清河县人民医院（QH001）', '财政补助', '（未指定）', '83.33', '83.33'],
      ['subtotal', '清河县人民医院 小计', '', '', '250.00', '250.00'],
      ['row', '城关镇卫生院（QH101）', '财政补助', 'MZ科', '83.33', '83.33'],
      ['subtotal', '城关镇卫生院 小计', '', '', '83.33', '83.33'],
    ]);
    expect(r.total.cells).toMatchObject({ assets: '4', debit: '333.33', credit: '333.33' });
    expect(r.totalFen).toBe(33_333);
  });

  it('an empty period gives zero totals', () => {
    const r = depreciationSummaryReport([]);
    expect(r.lines).toEqual([]);
    expect(r.total.cells.debit).toBe('0.00');
  });
});

describe('scheduleReport', () => {
  it('lists periods with booked/projected state and sums the charges (DOMAIN 3.3: 83.33 then the last 83.57)', () => {
    const lines: ScheduleLine[] = [
      { period: '2026-03', costFen: 600_000, chargeFen: 8_333, accumulatedFen: 8_333, netFen: 591_667, booked: true },
      { period: '2026-04', costFen: 600_000, chargeFen: 8_333, accumulatedFen: 16_666, netFen: 583_334, booked: false },
      { period: '2032-02', costFen: 600_000, chargeFen: 8_357, accumulatedFen: 600_000, netFen: 0, booked: false },
    ];
    const r = scheduleReport(lines);
    expect(r.lines.map((l) => [l.cells.period, l.cells.charge, l.cells.state])).toEqual([
      ['2026-03', '83.33', '已计提'],
      ['2026-04', '83.33', '预计'],
      ['2032-02', '83.57', '预计'],
    ]);
    expect(r.total.cells).toMatchObject({ charge: '250.23', accumulated: '6,000.00', net: '0.00' });
  });
});
