// A register the way a hospital keeps it, for the import's end-to-end test and screenshot (Node
// only, like demo-cards.ts): a merged title, 编制单位/截止日期 lines, header variants (卡片编号,
// 账面原值, 已提折旧, 使用状态, 经费来源), ¥ and 万 amounts, dates in four forms, a 合计 row and a
// signature line — and four bad rows, one of them with two problems.
import ExcelJS from 'exceljs';

export interface SampleOptions {
  unitName: string;
  /** Department names of the unit: the first two are used. */
  depts: [string, string];
  prefix?: string;
}

export const SAMPLE_HEADER = ['序号', '卡片编号', '资产名称', '资产分类代码', '规格型号', '取得日期', '入账日期', '账面原值', '已提折旧', '折旧年限', '使用部门', '使用状态', '经费来源', '备注'];

/** Rows (Excel row numbers) the sample rejects, with the columns at fault. */
export const SAMPLE_BAD: { row: number; columns: string[] }[] = [
  { row: 6, columns: ['账面原值'] },
  { row: 8, columns: ['入账日期'] },
  { row: 10, columns: ['使用部门', '使用状态'] },
  { row: 12, columns: ['资产分类代码'] },
];
export const SAMPLE_GOOD = 6;

export async function sampleRegister(o: SampleOptions): Promise<Buffer> {
  const p = o.prefix ?? 'QY';
  const [d1, d2] = o.depts;
  const rows: ExcelJS.CellValue[][] = [
    [`${o.unitName}固定资产明细账`],
    [`编制单位：${o.unitName}`, null, null, null, null, null, null, null, null, null, '截止日期：2025年12月31日', null, null, '金额单位：元'],
    SAMPLE_HEADER,
    [1, `${p}-0001`, '彩色多普勒超声诊断仪', 'A02320201', 'GE LOGIQ E10', '2021-06-18', '2021-06-18', '¥1,280,000.00', '¥586,666.67', 6, d1, '在用', '财政拨款', '含 3 个探头'], // 4
    [2, `${p}-0002`, '全自动生化分析仪', 'A02320900', '迈瑞 BS-800', '2022/3/5', '2022/3/5', '86.5万', 302750, 8, d2, '正常使用', '自筹', null], // 5
    [3, `${p}-0003`, '心电图机', 'A02320200', '光电 ECG-2350', '2023年1月5日', '2023年1月5日', '壹万贰仟元', 0, 6, d1, '在用', '财政补助', null], // 6 bad amount
    [4, `${p}-0004`, '台式计算机', 'A02010105', '联想 M437', '2024.03', '2024.03', 5600, 1633.33, 6, d2, '在用', '自筹', null], // 7
    [5, `${p}-0005`, '打印机', 'A02021000', 'HP M404', '2023-02-20', '2023-02-30', '2,380.00', 0, 6, d2, '在用', '自筹', null], // 8 bad date
    [6, `${p}-0006`, '病床', 'A05010100', '手摇双摇', 45292, 45292, 3200, 640, 10, d1, '在用', '财政拨款', null], // 9 serial
    [7, `${p}-0007`, '输液泵', 'A02320700', '史密斯 WZ-50C6', '2024-05-20', '2024-05-20', 9800, 1960, 5, '康复科', '封存', '自筹', null], // 10 two problems
    [8, `${p}-0008`, '办公椅', 'A05010301', null, '20240110', '20240110', 680, 0, 15, d2, '在用', '其他', null], // 11
    [9, `${p}-0009`, '空调', 'A0203', '格力 KFR-72', '2024-07-01', '2024-07-01', 7800, 0, 8, d1, '在用', '自筹', null], // 12 bad class code
    [10, `${p}-0010`, '救护车', 'A02030500', '江铃 JX5044', '2020-11-11', '2020-11-11', '¥320,000.00', '¥252,000.00', 8, d1, '在用', '财政拨款', null], // 13
    ['合计', null, null, null, null, null, null, 2535860, 1145650.0],
    ['制表人：王会计', null, null, null, null, '审核人：李科长'],
  ];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('固定资产明细账');
  rows.forEach((cells, r) => cells.forEach((v, c) => v !== null && v !== undefined && (ws.getCell(r + 1, c + 1).value = v)));
  ws.mergeCells('A1:N1');
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getRow(3).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [6, 12, 20, 12, 16, 12, 12, 16, 14, 9, 10, 9, 10, 12][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
