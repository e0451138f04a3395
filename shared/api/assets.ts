import { z } from 'zod';
import { DEP_METHODS } from '../domain/depreciation';
import { ACQUISITION_METHODS, USAGE_STATUSES, VALUE_TYPES } from '../parse/asset-values';
import { isValidDate, isValidPeriod } from '../parse/date';
import { method } from './define';
import { cleanName, cleanText, deptCode, fileUpload, unitCode } from './schemas';
import type { ExportResult, ImportResult } from './types';
import type { AssetTable } from './asset-table';

// The asset register's API (issue #3). Amounts are integer fen; dates 'YYYY-MM-DD'; periods 'YYYY-MM'.

export const DISPOSAL_TYPES = ['出售', '出让', '转让', '置换', '对外捐赠', '无偿调拨', '报废', '报损'] as const;
export type DisposalType = (typeof DISPOSAL_TYPES)[number];

export const date = z.string().refine((s) => isValidDate(s), 'v.date');
export const period = z.string().refine((s) => isValidPeriod(s), 'v.period');
const fen = z.number().int('v.fen').min(0, 'v.fen').max(Number.MAX_SAFE_INTEGER, 'v.fen');
const optionalText = (max: number) => z.preprocess((v) => cleanName(v) ?? null, z.string().max(max, 'v.tooLong').nullable()).optional();
/** 资产编号: letters, digits and - _ . / (old registers use all of them), 1–40 characters. */
export const assetCode = z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/, 'v.assetCode'));
const optionalDept = z.preprocess((v) => cleanText(v) ?? null, deptCode.nullable()).optional();

/** A new card (acquisition, migration from an old register, or a 盘盈 find). */
export const assetInput = z
  .object({
    code: assetCode,
    oldCode: optionalText(40),
    name: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(200, 'v.tooLong')),
    classCode: z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(/^(A\d{8}|\d{7})$/, 'v.classCode')),
    brand: optionalText(100),
    model: optionalText(200),
    quantity: z.number().int().min(1).default(1),
    measureUnit: optionalText(20),
    acquisitionMethod: z.enum(ACQUISITION_METHODS, { error: 'v.acquisitionMethod' }).default('新购'),
    acquiredOn: date.nullable().optional(),
    inServiceOn: date.nullable().optional(),
    bookedOn: date,
    voucherNo: optionalText(50),
    costFen: fen,
    valueType: z.enum(VALUE_TYPES, { error: 'v.valueType' }).default('原值'),
    /** Funding split; must add up to the cost. When all are omitted the whole cost is 医疗收入(自有资金). */
    fundFiscalFen: fen.optional(),
    fundResearchFen: fen.optional(),
    fundOwnFen: fen.optional(),
    fundOtherFen: fen.optional(),
    depMethod: z.enum(DEP_METHODS).optional(),
    /** 折旧年限(月); defaults to the class's default life. */
    lifeMonths: z.number().int().min(1).max(1200).optional(),
    totalUnits: z.number().int().min(1).optional(),
    openingAccumulatedFen: fen.default(0),
    openingMonthsUsed: z.number().int().min(0).optional(),
    openingUnitsUsed: z.number().int().min(0).optional(),
    /** Migration cut-over month: the opening figures are as of its end. */
    openingPeriod: period.optional(),
    unitCode,
    managingDeptCode: optionalDept,
    usingDeptCode: optionalDept,
    userName: optionalText(50),
    location: optionalText(100),
    status: z.enum(USAGE_STATUSES, { error: 'v.usageStatus' }).default('在用'),
    manufacturer: optionalText(100),
    supplier: optionalText(100),
    warrantyUntil: date.nullable().optional(),
    remarks: optionalText(500),
  })
  .superRefine((a, ctx) => {
    const parts = [a.fundFiscalFen, a.fundResearchFen, a.fundOwnFen, a.fundOtherFen];
    if (parts.some((p) => p !== undefined) && parts.reduce<number>((s, p) => s + (p ?? 0), 0) !== a.costFen) {
      ctx.addIssue({ code: 'custom', path: ['fundOwnFen'], message: 'v.fundSplit' });
    }
    if (a.openingAccumulatedFen > a.costFen) ctx.addIssue({ code: 'custom', path: ['openingAccumulatedFen'], message: 'v.openingTooLarge' });
    if (a.status === '已处置') ctx.addIssue({ code: 'custom', path: ['status'], message: 'v.disposedOnCreate' });
  });
export type AssetInput = z.output<typeof assetInput>;

/** Descriptive fields that may be corrected in place (recorded as an 'edit' event); money and life go through their own events. */
export const assetEditable = z.object({
  name: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(200, 'v.tooLong')),
  oldCode: optionalText(40),
  brand: optionalText(100),
  model: optionalText(200),
  measureUnit: optionalText(20),
  voucherNo: optionalText(50),
  manufacturer: optionalText(100),
  supplier: optionalText(100),
  warrantyUntil: date.nullable(),
  remarks: optionalText(500),
});

export interface AssetRow {
  id: string;
  code: string;
  name: string;
  classCode: string;
  className: string | null;
  model: string | null;
  unitCode: string;
  unitName: string;
  usingDeptCode: string | null;
  usingDeptName: string | null;
  userName: string | null;
  location: string | null;
  status: (typeof USAGE_STATUSES)[number];
  acquisitionMethod: (typeof ACQUISITION_METHODS)[number];
  bookedOn: string;
  costFen: number;
  accumulatedFen: number;
  netFen: number;
  lifeMonths: number;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface AssetEvent {
  id: string;
  type: 'acquire' | 'edit' | 'move' | 'transfer' | 'cost-change' | 'life-change' | 'dispose' | 'share-start' | 'share-end';
  effectiveOn: string;
  docNo: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
  createdBy: string;
}

export interface AssetCard extends AssetRow {
  oldCode: string | null;
  classScheme: 'GB2022' | 'GB2010';
  brand: string | null;
  quantity: number;
  measureUnit: string | null;
  acquiredOn: string | null;
  inServiceOn: string | null;
  voucherNo: string | null;
  valueType: (typeof VALUE_TYPES)[number];
  fundFiscalFen: number;
  fundResearchFen: number;
  fundOwnFen: number;
  fundOtherFen: number;
  depMethod: (typeof DEP_METHODS)[number];
  totalUnits: number | null;
  openingAccumulatedFen: number;
  openingPeriod: string | null;
  managingDeptCode: string | null;
  manufacturer: string | null;
  supplier: string | null;
  warrantyUntil: string | null;
  remarks: string | null;
  disposedOn: string | null;
  disposalType: string | null;
  monthsDepreciated: number;
  /** First period not yet charged by a month-end run. */
  nextPeriod: string;
  events: AssetEvent[];
  /** Set when the card is shown as it was on this date (`assets.show` with `asOf`). */
  asOf?: string;
}

const byCode = z.object({ code: assetCode });

export const assetsApi = {
  'assets.list': method<AssetRow[]>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'assets.read' }),
  /**
   * The register screen's rows in a compact column-wise form (shared/api/asset-table.ts): only the
   * grid's columns, repeated texts sent once. Same cards and order as `assets.list`.
   */
  'assets.table': method<AssetTable>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'assets.read' }),
  /**
   * One card with its history. With `asOf` ('YYYY-MM-DD'): the card as it was on that date — unit,
   * departments, user, location, status, cost and life with later events undone, depreciation as booked
   * through that month, and only the events up to that date. Refused before the booking date.
   */
  'assets.show': method<AssetCard>()({ args: byCode.extend({ asOf: date.optional() }), access: 'read', permission: 'assets.read' }),
  /** Register new cards (all-or-nothing; every bad card reported with its 1-based position). */
  'assets.create': method<{ batchId: number; created: number; codes: string[] }>()({
    args: z.object({ cards: z.array(assetInput).min(1).max(200_000) }),
    access: 'write',
    permission: 'assets.write',
  }),
  'assets.edit': method<AssetRow>()({
    args: z.object({ code: assetCode, version: z.number().int().min(1), changes: assetEditable.partial(), date: date.optional() }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** Change of department, user, location or status (the card stays in its unit). */
  'assets.move': method<AssetRow>()({
    args: z.object({
      code: assetCode,
      date,
      usingDeptCode: optionalDept,
      managingDeptCode: optionalDept,
      userName: optionalText(50),
      location: optionalText(100),
      status: z.enum(USAGE_STATUSES, { error: 'v.usageStatus' }).exclude(['已处置']).optional(),
      docNo: optionalText(50),
    }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** 调剂: move the card to another member unit, keeping its number and history. */
  'assets.transfer': method<AssetRow>()({
    args: z.object({ code: assetCode, toUnitCode: unitCode, date, usingDeptCode: optionalDept, location: optionalText(100), userName: optionalText(50), docNo: optionalText(50) }),
    access: 'write',
    permission: 'assets.write',
  }),
  'assets.dispose': method<AssetRow>()({
    args: z.object({ code: assetCode, type: z.enum(DISPOSAL_TYPES, { error: 'v.disposalType' }), date, docNo: z.preprocess(cleanName, z.string({ error: 'v.docNo' }).max(50)) }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** 改建/扩建/修缮 (cost) and/or a new life, effective from the month of `date`. */
  'assets.changeCost': method<AssetRow>()({
    args: z
      .object({ code: assetCode, date, newCostFen: fen.optional(), deltaFen: z.number().int().optional(), lifeMonths: z.number().int().min(1).max(1200).optional(), reason: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(200)), docNo: optionalText(50) })
      .refine((a) => a.newCostFen !== undefined || a.deltaFen !== undefined || a.lifeMonths !== undefined, { message: 'v.changeNothing', path: ['newCostFen'] }),
    access: 'write',
    permission: 'assets.write',
  }),
  /**
   * Import a register sheet (.xlsx, or .csv in UTF-8/GB18030). `unitCode` applies to every row (a
   * 所属单位编码 column may name it per row instead); `openingPeriod` is the cut-over month the
   * sheet's 累计折旧 is as of (depreciation continues from the month after). All-or-nothing unless
   * `skipInvalid`; `dryRun` writes nothing. Rejected rows carry the sheet row and column header.
   */
  'assets.import': method<ImportResult>()({
    args: fileUpload.extend({ unitCode: unitCode.optional(), openingPeriod: period.optional() }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** The register (cards not disposed) as .xlsx in the layout `assets.import` reads back unchanged. */
  'assets.export': method<ExportResult>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'assets.read' }),
};
