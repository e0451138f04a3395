import { z } from 'zod';
import { COUNT_CLASSES, parseCountMark, type CountClass, type Difference, type EntryLine, type GroupTotals, type SurplusBasis, type Totals } from '../domain/count';
import { GL_ACCOUNTS, type GlAccount } from '../domain/count-gl';
import { normaliseUsageStatus, USAGE_STATUSES } from '../parse/asset-values';
import { assetCode, date, period } from './assets';
import { method } from './define';
import { cleanName, cleanText, deptCode, fileUpload, id, unitCode, version } from './schemas';
import type { ExportResult, ImportResult } from './types';

// Inventory counts (资产清查/盘点) and 账账核对 against the general ledger (issue #4, DOMAIN §3.5).
// Amounts in fen; dates 'YYYY-MM-DD'; periods 'YYYY-MM'. A count is named by its id or its number (PD2026-0001).

const text = (max: number) => z.preprocess((v) => cleanName(v) ?? null, z.string().max(max, 'v.tooLong').nullable()).optional();
const required = (max: number) => z.preprocess(cleanName, z.string({ error: 'v.required' }).max(max, 'v.tooLong'));
const fen = z.number().int('v.fen').min(0, 'v.fen').max(Number.MAX_SAFE_INTEGER, 'v.fen');
/** A count's id or number. */
export const countRef = z.preprocess(cleanText, z.string({ error: 'v.required' }).min(1).max(64));
/** 使用状况 as counted (not 已处置); people's variants accepted (正常使用 → 在用). */
const countedStatus = z.preprocess(
  (v) => {
    const t = cleanName(v);
    if (typeof t !== 'string') return t ?? null;
    return normaliseUsageStatus(t) ?? t;
  },
  z.enum(USAGE_STATUSES, { error: 'v.usageStatus' }).exclude(['已处置'], { error: 'v.usageStatus' }).nullable(),
).optional();
/** 'found' | 'missing' | null (clear the result); the marks people write (在/√/无/× …) are accepted too. */
const resultMark = z.preprocess(
  (v) => {
    if (v === null || v === undefined || v === 'found' || v === 'missing') return v ?? null;
    const m = parseCountMark(v);
    return m === undefined ? v : m;
  },
  z.enum(['found', 'missing'], { error: 'v.countMark' }).nullable(),
);

export const countScope = z.object({
  unitCode,
  deptCodes: z.array(deptCode).max(500).default([]),
  locations: z.array(required(100)).max(500).default([]),
  /** Class-code prefixes (A02, A0232, 2010000 …). */
  classPrefixes: z.array(z.preprocess(cleanText, z.string().regex(/^[A-Za-z0-9]{1,9}$/, 'v.classCode'))).max(200).default([]),
});

export interface CountRow {
  id: string;
  no: string;
  name: string;
  unitCode: string;
  unitName: string;
  deptCodes: string[];
  locations: string[];
  classPrefixes: string[];
  referenceDate: string;
  status: 'open' | 'closed';
  expected: number;
  /** Expected assets with a result (found or missing). */
  counted: number;
  found: number;
  missing: number;
  /** Found items not on the book (open or booked). */
  surplus: number;
  scans: number;
  createdAt: string;
  createdBy: string;
  closedAt: string | null;
  version: number;
}

export interface CounterRow {
  id: string;
  name: string;
  device: string;
  scans: number;
  results: number;
}

export interface LocationProgress {
  location: string | null;
  expected: number;
  counted: number;
}

export interface CountDetail extends CountRow {
  counters: CounterRow[];
  locations: string[];
  byLocation: LocationProgress[];
}

export type ScanKind = 'expected' | 'duplicate' | 'unknown' | 'replayed';

export interface ScanOutcome {
  code: string;
  /** expected: first find of a listed asset; duplicate: scanned before in this count; unknown: not on the list (recorded as a found item to identify); replayed: this clientId was already applied. */
  kind: ScanKind;
  assetCode: string | null;
  name: string | null;
  location: string | null;
  userName: string | null;
  /** The found item an unknown code was recorded as. */
  foundId: string | null;
  at: string;
}

export interface ScanResult {
  batchId: number | null;
  outcomes: ScanOutcome[];
  counted: number;
  expected: number;
}

export interface CountResultRow {
  seq: number;
  code: string;
  name: string;
  model: string | null;
  classCode: string;
  unitCode: string;
  deptCode: string | null;
  deptName: string | null;
  bookLocation: string | null;
  bookUser: string | null;
  bookStatus: string;
  costFen: number;
  netFen: number;
  /** null = not counted yet. */
  result: 'found' | 'missing' | null;
  actualLocation: string | null;
  actualUser: string | null;
  actualStatus: string | null;
  note: string | null;
  source: 'scan' | 'import' | 'grid' | null;
  counter: string | null;
  scans: number;
  firstSeenAt: string | null;
  recordedAt: string | null;
  recordedBy: string | null;
  cls: CountClass;
  differences: Difference[];
  /** Resolution state: pending = 盘亏待处理 (1902), writtenOff = 已报损, adjusted = differences applied. */
  resolution: 'pending' | 'writtenOff' | 'adjusted' | null;
  version: number;
}

export interface FoundItem {
  id: string;
  code: string | null;
  name: string | null;
  model: string | null;
  location: string | null;
  userName: string | null;
  description: string | null;
  quantity: number;
  source: 'scan' | 'import' | 'grid';
  status: 'open' | 'booked' | 'dropped';
  /** The card created for it (booked). */
  assetCode: string | null;
  valueFen: number | null;
  approved: boolean;
  dropReason: string | null;
  counter: string | null;
  recordedAt: string;
  recordedBy: string;
  version: number;
}

export interface CountImportResult extends ImportResult {
  /** Results written (found + missing) and found items added. */
  found: number;
  missing: number;
  surplus: number;
}

export interface ReconcileListRow {
  code: string;
  name: string;
  unitCode: string;
  deptCode: string | null;
  deptName: string | null;
  bookLocation: string | null;
  bookUser: string | null;
  bookStatus: string;
  costFen: number;
  netFen: number;
  cls: CountClass;
  differences: Difference[];
  notCounted: boolean;
}

export interface CountReconciliation {
  countId: string;
  no: string;
  referenceDate: string;
  matched: number;
  shortage: number;
  surplus: number;
  locationDiffers: number;
  userDiffers: number;
  statusDiffers: number;
  /** Expected assets never counted (included in shortage). */
  notCounted: number;
  expected: number;
  totals: Totals;
  /** Per unit and department: counts and amounts of each class. */
  groups: (GroupTotals & { unitName: string; deptName: string | null })[];
  /** Every expected asset except the matched ones (all of them with `all`), and the found items not on the book. */
  shortages: ReconcileListRow[];
  differences: ReconcileListRow[];
  matchedList?: ReconcileListRow[];
  surplusItems: FoundItem[];
}

export interface ResolutionRow {
  id: string;
  kind: 'shortage-pending' | 'shortage-writeoff' | 'surplus' | 'surplus-approve' | 'adjust';
  assetCode: string | null;
  assetName: string | null;
  foundId: string | null;
  amountFen: number;
  entries: EntryLine[];
  docNo: string | null;
  effectiveOn: string;
  detail: Record<string, unknown>;
  createdAt: string;
  createdBy: string;
}

export interface ResolveResult {
  batchId: number | null;
  resolutions: ResolutionRow[];
}

export interface CountReport {
  count: CountRow;
  /** 清查明细表: every expected asset with its class, and the surplus items. */
  detail: ReconcileListRow[];
  surplusItems: FoundItem[];
  /** 盘盈盘亏汇总表: per unit and department. */
  summary: CountReconciliation['groups'];
  totals: Totals;
}

export interface GlBalanceRow {
  unitCode: string;
  unitName: string;
  account: GlAccount;
  accountName: string;
  period: string;
  balanceFen: number;
  sourceFile: string;
  importedAt: string;
}

export interface GlImportResult extends ImportResult {
  period: string;
  balances: { unitCode: string; account: GlAccount; balanceFen: number; row: number }[];
}

export type GlExplanationKind = 'noVoucher' | 'disposedThisPeriod' | 'depreciationNotRun' | 'depreciationNotClosed' | 'pendingLoss' | 'transferIn' | 'transferOut' | 'costChangeNoDoc';

export interface GlExplanation {
  kind: GlExplanationKind;
  label: string;
  code: string | null;
  name: string | null;
  date: string | null;
  /** How much this makes the card figure differ from a ledger that has not booked it (card − ledger). */
  amountFen: number;
}

export interface GlReconRow {
  unitCode: string;
  unitName: string;
  account: GlAccount;
  accountName: string;
  cardFen: number;
  /** null: no balance imported for this unit and period. */
  ledgerFen: number | null;
  differenceFen: number | null;
  explainedFen: number;
  unexplainedFen: number | null;
  explanations: GlExplanation[];
}

export interface GlReconciliation {
  period: string;
  asOf: string;
  rows: GlReconRow[];
  /** Units and accounts whose card and ledger figures differ. */
  differing: number;
  depreciation: { run: boolean; closed: boolean };
}

const scan = z.object({
  code: z.preprocess(cleanText, z.string({ error: 'v.required' }).min(1, 'v.required').max(100, 'v.tooLong')),
  /** When the scan was made (device clock, ISO); default: when the engine received it. */
  at: z.string().max(40).optional(),
  /** A device's id for this scan (e.g. a UUID): a resent scan with the same id is not applied twice. */
  clientId: z.string().min(1).max(64).optional(),
});

const resultRow = z.object({
  code: assetCode,
  result: resultMark,
  actualLocation: text(100),
  actualUser: text(50),
  actualStatus: countedStatus,
  note: text(500),
});

const foundInput = z.object({
  id: id.optional(),
  version: version.optional(),
  code: text(100),
  name: required(200),
  model: text(200),
  location: text(100),
  userName: text(50),
  description: text(500),
  quantity: z.number().int().min(1).max(100000).default(1),
});

const counter = { counter: text(50), device: text(100) };

export const surplusInput = z.object({
  foundId: id,
  /** 资产编号 of the new card. */
  code: assetCode,
  name: required(200).optional(),
  classCode: z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(/^(A\d{8}|\d{7})$/, 'v.classCode')),
  model: text(200),
  usingDeptCode: z.preprocess((v) => cleanText(v) ?? null, deptCode.nullable()).optional(),
  location: text(100),
  userName: text(50),
  lifeMonths: z.number().int().min(1).max(1200).optional(),
  /** Valuation evidence (DOMAIN §3.5): documents, else appraisal, else replacement cost, else nominal ¥1. */
  documentFen: fen.optional(),
  appraisalFen: fen.optional(),
  replacementFen: fen.optional(),
  voucherNo: text(50),
  remarks: text(500),
});

export const countsApi = {
  /** Create a count: the expected list is the book (cards in scope, booked by the reference date, not disposed) at this moment. */
  'counts.create': method<CountRow>()({
    args: countScope.extend({ name: required(100), referenceDate: date.optional() }),
    access: 'write',
    permission: 'assets.write',
  }),
  'counts.list': method<CountRow[]>()({
    args: z.object({ unitCode: unitCode.optional(), status: z.enum(['open', 'closed', 'all']).default('all') }).default({ status: 'all' }),
    access: 'read',
    permission: 'assets.read',
  }),
  'counts.show': method<CountDetail>()({ args: z.object({ id: countRef }), access: 'read', permission: 'assets.read' }),
  /** Close counting (no more results); resolutions go on. */
  'counts.close': method<CountRow>()({ args: z.object({ id: countRef, version }), access: 'write', permission: 'assets.write' }),
  /** A burst of scanned or typed codes from one counter's device; repeated scans are flagged, unknown codes recorded as found items to identify. */
  'counts.scan': method<ScanResult>()({
    args: z.object({ id: countRef, scans: z.array(scan).min(1).max(2000), ...counter }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** The expected list with results and class, for the grid (filters optional). */
  'counts.results': method<CountResultRow[]>()({
    args: z.object({ id: countRef, location: z.string().max(100).optional(), cls: z.enum(COUNT_CLASSES).optional(), uncounted: z.boolean().optional() }),
    access: 'read',
    permission: 'assets.read',
  }),
  /** Grid entry of results (one batch, all-or-nothing; rows reported by 1-based position). `result: null` clears a result. */
  'counts.record': method<{ batchId: number | null; rows: CountResultRow[] }>()({
    args: z.object({ id: countRef, rows: z.array(resultRow).min(1).max(200_000), ...counter }),
    access: 'write',
    permission: 'assets.write',
  }),
  'counts.found': method<FoundItem[]>()({ args: z.object({ id: countRef, status: z.enum(['open', 'booked', 'dropped', 'all']).default('all') }), access: 'read', permission: 'assets.read' }),
  /** Record found items not on the book (盘盈), or identify/edit ones recorded (with id + version). */
  'counts.recordFound': method<{ batchId: number | null; items: FoundItem[] }>()({
    args: z.object({ id: countRef, items: z.array(foundInput).min(1).max(10_000), ...counter }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** Drop a found item (a mistyped code, an item that turned out to be on the book). */
  'counts.dropFound': method<FoundItem>()({
    args: z.object({ id: countRef, foundId: id, version, reason: required(200) }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** The checklist a counter fills in (.xlsx): one row per expected asset, sorted by location (or one location), room for found items. */
  'counts.exportChecklist': method<ExportResult>()({ args: z.object({ id: countRef, location: z.string().max(100).optional() }), access: 'read', permission: 'assets.read' }),
  /** A filled checklist (.xlsx, or .csv in UTF-8/GB18030). All-or-nothing unless skipInvalid; dryRun writes nothing. */
  'counts.importChecklist': method<CountImportResult>()({ args: fileUpload.extend({ id: countRef, ...counter }), access: 'write', permission: 'assets.write' }),
  /** Classes with counts and amounts per unit and department, and the lists. */
  'counts.reconcile': method<CountReconciliation>()({
    args: z.object({ id: countRef, unitCode: unitCode.optional(), deptCode: deptCode.optional(), all: z.boolean().default(false) }),
    access: 'read',
    permission: 'assets.read',
  }),
  /** 盘亏 → pending loss (Dr 1902 / Cr 1601, Dr 1602). Default: every shortage not yet pending. */
  'counts.shortagePending': method<ResolveResult>()({
    args: z.object({ id: countRef, codes: z.array(assetCode).max(200_000).optional(), date, note: text(200) }),
    access: 'write',
    permission: 'counts.resolve',
  }),
  /** Write off pending shortages after approval (报损, Dr 5301 / Cr 1902): the cards are disposed. The approval's document number is required. */
  'counts.writeOff': method<ResolveResult>()({
    args: z.object({ id: countRef, codes: z.array(assetCode).min(1).max(200_000), date, docNo: z.preprocess(cleanName, z.string({ error: 'v.docNo' }).min(1, 'v.docNo').max(50)) }),
    access: 'write',
    permission: 'counts.resolve',
  }),
  /** 盘盈 → new cards (取得方式 盘盈) valued per DOMAIN §3.5, Dr 1601 / Cr 1902. */
  'counts.bookSurplus': method<ResolveResult>()({
    args: z.object({ id: countRef, items: z.array(surplusInput).min(1).max(10_000), date }),
    access: 'write',
    permission: 'counts.resolve',
  }),
  /** After approval of booked surpluses: Dr 1902 / Cr 3501 以前年度盈余调整. */
  'counts.approveSurplus': method<ResolveResult>()({
    args: z.object({ id: countRef, foundIds: z.array(id).min(1).max(10_000), date, docNo: z.preprocess(cleanName, z.string({ error: 'v.docNo' }).min(1, 'v.docNo').max(50)) }),
    access: 'write',
    permission: 'counts.resolve',
  }),
  /** Apply location / user / status differences to the cards in one confirmed batch (default: every difference not yet applied). */
  'counts.applyDifferences': method<ResolveResult>()({
    args: z.object({ id: countRef, codes: z.array(assetCode).max(200_000).optional(), date, docNo: text(50) }),
    access: 'write',
    permission: 'counts.resolve',
  }),
  'counts.resolutions': method<ResolutionRow[]>()({ args: z.object({ id: countRef }), access: 'read', permission: 'assets.read' }),
  /** 清查明细表 and 盘盈盘亏汇总表. */
  'counts.report': method<CountReport>()({ args: z.object({ id: countRef }), access: 'read', permission: 'assets.read' }),
  'counts.exportReport': method<ExportResult>()({ args: z.object({ id: countRef }), access: 'read', permission: 'assets.read' }),

  /** Import balances of 1601/1602/1701/1702 from a trial-balance export; the unit from `unitCode`, a unit column, or the sheet's 核算单位/编制单位 line. Replaces earlier figures of the same unit, account and period. */
  'gl.import': method<GlImportResult>()({ args: fileUpload.extend({ period, unitCode: unitCode.optional() }), access: 'write', permission: 'gl.import' }),
  'gl.balances': method<GlBalanceRow[]>()({ args: z.object({ period: period.optional(), unitCode: unitCode.optional() }), access: 'read', permission: 'assets.read' }),
  /** 账账核对: the card ledger as of the month end against the imported balances, per unit and account, with the cards that explain a difference. */
  'reconcile.gl': method<GlReconciliation>()({ args: z.object({ period, unitCode: unitCode.optional() }), access: 'read', permission: 'assets.read' }),
};

export type { CountClass, Difference, EntryLine, SurplusBasis, GlAccount };
export { GL_ACCOUNTS };
