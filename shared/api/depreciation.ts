import { z } from 'zod';
import { assetCode, date, period } from './assets';
import { method } from './define';
import { unitCode } from './schemas';

// Month-end depreciation and the register reports (issue #3). Amounts in fen.

export interface DepreciationRunResult {
  period: string;
  /** Assets charged in the period (a non-zero or zero charge in a depreciation month). */
  assets: number;
  totalFen: number;
  closed: boolean;
}

export interface DepreciationPeriod {
  period: string;
  status: 'open' | 'closed';
  assets: number;
  totalFen: number;
  runAt: string;
  runBy: string;
  closedAt: string | null;
  closedBy: string | null;
}

/** One line of the bookkeeping summary: Dr 费用 / Cr 1602 per unit × class × funding source × using department. */
export interface DepreciationSummaryRow {
  unitCode: string;
  unitName: string;
  classCode: string;
  className: string | null;
  fundingSource: '财政补助' | '科教项目' | '医疗收入(自有资金)' | '其他';
  usingDeptCode: string | null;
  usingDeptName: string | null;
  assets: number;
  chargeFen: number;
}

export interface RegisterRow {
  code: string;
  name: string;
  unit: string;
  unitName: string;
  class: string;
  className: string | null;
  costFen: number;
  accumulatedFen: number;
  netFen: number;
}

export interface RegisterReport {
  asOf: string;
  rows: RegisterRow[];
  totals: { assets: number; costFen: number; accumulatedFen: number; netFen: number };
}

export interface ScheduleLine {
  period: string;
  costFen: number;
  chargeFen: number;
  accumulatedFen: number;
  netFen: number;
  /** true: an entry booked by a month-end run (a catch-up entry may cover several months); false: projected. */
  booked: boolean;
}

export const depreciationApi = {
  /** Compute (or recompute, if still open) every asset's charge for a period; optionally close it. */
  'depreciation.run': method<DepreciationRunResult>()({
    args: z.object({
      period,
      close: z.boolean().default(false),
      /** 工作量法: units of work this month per asset code. */
      usage: z.array(z.object({ code: assetCode, units: z.number().int().min(0) })).max(200_000).default([]),
    }),
    access: 'write',
    permission: 'depreciation.run',
  }),
  'depreciation.close': method<DepreciationRunResult>()({ args: z.object({ period }), access: 'write', permission: 'depreciation.run' }),
  'depreciation.periods': method<DepreciationPeriod[]>()({ args: z.object({}).default({}), access: 'read', permission: 'assets.read' }),
  'depreciation.summary': method<DepreciationSummaryRow[]>()({ args: z.object({ period, unitCode: unitCode.optional() }), access: 'read', permission: 'assets.read' }),
  /** The register as of a date: cost, accumulated and net of every card held then. */
  'reports.register': method<RegisterReport>()({ args: z.object({ asOf: date, unitCode: unitCode.optional() }), access: 'read', permission: 'assets.read' }),
  /** One asset's depreciation schedule (past charges as booked, then the projection). */
  'assets.schedule': method<ScheduleLine[]>()({ args: z.object({ code: assetCode, through: period.optional() }), access: 'read', permission: 'assets.read' }),
};
