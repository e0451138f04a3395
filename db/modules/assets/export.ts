import { PassThrough } from 'node:stream';
import type { ExportResult } from '../../../shared/api/types';
import { DEP_METHOD_ZH, type DepMethod } from '../../../shared/domain/depreciation';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { loadExcelJS } from '../../io/exceljs';
import { requireUnitInScope } from '../org/units';
import { ASSET_COLUMNS, cutOverOf, type AssetField } from './import';

// Export the register in the layout assets.import reads (header = first alias of each column), so
// an export re-imports unchanged into an empty ledger:
// - amounts are numbers in yuan formatted '#,##0.00'; dates are text YYYY-MM-DD;
// - 折旧月数 (months, exact) rather than 折旧年限;
// - 累计折旧 is the card's current accumulated depreciation and 累计折旧截至期间 the month it is as
//   of (the month before the next charge), with 已提折旧月数 / 已完成工作量, so the re-import opens
//   every card exactly where it stands;
// - the funding split is written in its four amount columns (资金来源 names the source(s) for people);
// - departments are written by name (by code when the unit has two departments of that name);
// - disposed cards are not part of the register and are left out (a new card cannot be 已处置).

const ORDER: readonly AssetField[] = [
  'code', 'oldCode', 'name', 'classCode', 'brand', 'model', 'quantity', 'measureUnit', 'acquisitionMethod', 'acquiredOn', 'inServiceOn',
  'bookedOn', 'voucherNo', 'cost', 'valueType', 'fundSource', 'fundFiscal', 'fundResearch', 'fundOwn', 'fundOther', 'depMethod', 'lifeMonths',
  'totalUnits', 'accumulated', 'cutOver', 'monthsUsed', 'unitsUsed', 'unit', 'managingDept', 'usingDept', 'userName', 'location', 'status',
  'manufacturer', 'supplier', 'warrantyUntil', 'remarks',
];
const MONEY = new Set<AssetField>(['cost', 'accumulated', 'fundFiscal', 'fundResearch', 'fundOwn', 'fundOther']);
const WIDTH: Partial<Record<AssetField, number>> = { code: 18, name: 24, model: 20, location: 22, remarks: 24, fundSource: 20, cutOver: 18 };

interface ExportRow {
  code: string;
  old_code: string | null;
  name: string;
  class_code: string;
  brand: string | null;
  model: string | null;
  quantity: number;
  measure_unit: string | null;
  acquisition_method: string;
  acquired_on: string | null;
  in_service_on: string | null;
  booked_on: string;
  voucher_no: string | null;
  cost_fen: number;
  value_type: string;
  fund_fiscal_fen: number;
  fund_research_fen: number;
  fund_own_fen: number;
  fund_other_fen: number;
  dep_method: DepMethod;
  life_months: number;
  total_units: number | null;
  dep_accumulated_fen: number;
  dep_months: number;
  dep_units_used: number | null;
  opening_period: string | null;
  dep_start_period: string;
  dep_next_period: string;
  unit_id: string;
  unit_code: string;
  using_code: string | null;
  using_name: string | null;
  using_dup: number;
  managing_code: string | null;
  managing_name: string | null;
  managing_dup: number;
  user_name: string | null;
  location: string | null;
  status: string;
  manufacturer: string | null;
  supplier: string | null;
  warranty_until: string | null;
  remarks: string | null;
}

const SQL = `
  SELECT a.*, u.code AS unit_code,
         ud.code AS using_code, ud.name AS using_name,
         (SELECT count(*) FROM departments x WHERE x.unit_id = a.unit_id AND x.name = ud.name) AS using_dup,
         md.code AS managing_code, md.name AS managing_name,
         (SELECT count(*) FROM departments x WHERE x.unit_id = a.unit_id AND x.name = md.name) AS managing_dup
  FROM assets a JOIN units u ON u.id = a.unit_id
  LEFT JOIN departments ud ON ud.id = a.using_dept_id
  LEFT JOIN departments md ON md.id = a.managing_dept_id
  WHERE a.disposed_on IS NULL`;

const yuan = (fen: number) => fen / 100;

function valuesOf(r: ExportRow): Record<AssetField, string | number | null> {
  const cut = cutOverOf(r);
  const sources = (
    [
      ['财政补助', r.fund_fiscal_fen],
      ['科教项目', r.fund_research_fen],
      ['医疗收入(自有资金)', r.fund_own_fen],
      ['其他', r.fund_other_fen],
    ] as const
  )
    .filter(([, f]) => f > 0)
    .map(([n]) => n);
  return {
    code: r.code,
    oldCode: r.old_code,
    name: r.name,
    classCode: r.class_code,
    brand: r.brand,
    model: r.model,
    quantity: r.quantity,
    measureUnit: r.measure_unit,
    acquisitionMethod: r.acquisition_method,
    acquiredOn: r.acquired_on,
    inServiceOn: r.in_service_on,
    bookedOn: r.booked_on,
    voucherNo: r.voucher_no,
    cost: yuan(r.cost_fen),
    valueType: r.value_type,
    fundSource: sources.join('、') || null,
    fundFiscal: yuan(r.fund_fiscal_fen),
    fundResearch: yuan(r.fund_research_fen),
    fundOwn: yuan(r.fund_own_fen),
    fundOther: yuan(r.fund_other_fen),
    depMethod: DEP_METHOD_ZH[r.dep_method],
    lifeMonths: r.life_months || null, // 0: never depreciated (or units of work) — a blank cell, which re-imports
    lifeYears: null,
    totalUnits: r.total_units,
    accumulated: yuan(r.dep_accumulated_fen),
    cutOver: cut || null,
    monthsUsed: cut ? r.dep_months : null,
    unitsUsed: cut && r.dep_method === 'units-of-work' ? r.dep_units_used : null,
    unit: r.unit_code,
    managingDept: r.managing_code ? (r.managing_dup > 1 ? r.managing_code : r.managing_name) : null,
    usingDept: r.using_code ? (r.using_dup > 1 ? r.using_code : r.using_name) : null,
    userName: r.user_name,
    location: r.location,
    status: r.status,
    manufacturer: r.manufacturer,
    supplier: r.supplier,
    warrantyUntil: r.warranty_until,
    remarks: r.remarks,
  };
}

export async function exportAssets(args: { unitCode?: string | undefined }, ctx: HandlerContext): Promise<ExportResult> {
  const unit = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
  const rows = (ctx.db.prepare(`${SQL} ${unit ? 'AND a.unit_id = ?' : ''} ORDER BY u.code, a.code`).all(...(unit ? [unit.id] : [])) as ExportRow[]).filter(
    (r) => ctx.actor.scope === null || ctx.inScope(r.unit_id),
  );
  // The streaming writer keeps a 100,000-card export out of memory's way and is several times faster.
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const ExcelJS = await loadExcelJS(); // imported on first use, not at start-up
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = 'MedCom Ledger';
  wb.created = new Date();
  const ws = wb.addWorksheet('资产台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ORDER.map((f) => ({
    header: ASSET_COLUMNS.find((s) => s.field === f)!.aliases[0]!,
    key: f,
    width: WIDTH[f] ?? 14,
    ...(MONEY.has(f) ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ORDER.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.numFmt = 'General';
  });
  header.commit();
  for (const r of rows) ws.addRow(valuesOf(r)).commit();
  ws.commit();
  await wb.commit();
  await done;
  const bytes = Buffer.concat(chunks);
  const stamp = ctx.now().slice(0, 10);
  return { fileName: `资产台账${unit ? `-${unit.code}` : ''}-${stamp}.xlsx`, base64: bytes.toString('base64') };
}

export const exportHandlers: HandlerMap<'assets.export'> = {
  'assets.export': (args, ctx) => exportAssets(args, ctx),
};
