import { z } from 'zod';
import { MAX_USAGE_AMOUNT, USAGE_UNITS, usageHundredths, type UsageUnit } from '../domain/sharing';
import { assetCode, date } from './assets';
import { method } from './define';
import { cleanName, cleanText, deptCode, unitCode } from './schemas';

// Shared use of equipment between member units (共享共用) and the idle-asset pool (闲置资产调剂池),
// DOMAIN §3.4 and issue #3. Amounts are integer fen; usage amounts are numbers with at most two
// decimals (stored exactly as hundredths); dates 'YYYY-MM-DD'.
//
// Scope: a unit operator sees and acts on shares where one of their units lends or borrows. The idle
// pool is the exception by design: every member unit sees every idle card of the community (that is
// what a pool is for), with its number, name, class, unit, location and values — not its history.

const optionalText = (max: number) => z.preprocess((v) => cleanName(v) ?? null, z.string().max(max, 'v.tooLong').nullable()).optional();
const optionalDept = z.preprocess((v) => cleanText(v) ?? null, deptCode.nullable()).optional();
const fen = z.number().int('v.fen').min(0, 'v.fen').max(Number.MAX_SAFE_INTEGER, 'v.fen');
/** A share by its id or its number (GX2026-0001). */
const shareRef = z.preprocess(cleanText, z.string({ error: 'v.required' }).min(1).max(64));
const requestId = z.string().min(1).max(64);

export const usageAmount = z
  .number({ error: 'v.usageAmount' })
  .refine((n) => usageHundredths(n) !== undefined, 'v.usageAmount');

export type ShareStatus = 'active' | 'ended';
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export type RequestKind = 'transfer' | 'share';

export interface ShareRow {
  id: string;
  /** 共享编号 */
  no: string;
  assetId: string;
  assetCode: string;
  assetName: string;
  classCode: string;
  model: string | null;
  lenderUnitCode: string;
  lenderUnitName: string;
  borrowerUnitCode: string;
  borrowerUnitName: string;
  borrowerDeptCode: string | null;
  borrowerDeptName: string | null;
  startsOn: string;
  until: string | null;
  endedOn: string | null;
  status: ShareStatus;
  docNo: string | null;
  usageUnit: UsageUnit;
  feeRateFen: number;
  notes: string | null;
  endNote: string | null;
  /** Usage recorded on this share (voided records left out). */
  usageRecords: number;
  usageAmount: number;
  patients: number;
  feeFen: number;
  lastUsedOn: string | null;
  requestId: string | null;
  createdAt: string;
  createdBy: string;
  version: number;
}

export interface UsageRecord {
  id: string;
  shareId: string;
  shareNo: string;
  assetCode: string;
  usedOn: string;
  amount: number;
  usageUnit: UsageUnit;
  patients: number | null;
  feeFen: number;
  note: string | null;
  recordedAt: string;
  recordedBy: string;
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export interface ShareDetail extends ShareRow {
  usage: UsageRecord[];
}

export interface IdleAsset {
  id: string;
  code: string;
  name: string;
  classCode: string;
  className: string | null;
  model: string | null;
  unitCode: string;
  unitName: string;
  location: string | null;
  bookedOn: string;
  costFen: number;
  accumulatedFen: number;
  netFen: number;
  /**
   * Since when the ledger knows the card is idle: its last status change to 闲置; for a card migrated
   * from an old register already idle, the end of the cut-over month; for a card booked idle, its booking.
   */
  idleSince: string;
  /** 'status' = a dated status change; 'opening' = idle in the migrated register (true start earlier, unknown); 'registered' = booked already idle. */
  idleSinceBasis: 'status' | 'opening' | 'registered';
  idleDays: number;
  /** Pending requests for the card (from any unit). */
  pendingRequests: number;
  /** The card belongs to one of the caller's own units (always false for community-wide roles, who act for every unit). */
  own: boolean;
}

export interface IdlePool {
  asOf: string;
  rows: IdleAsset[];
  totals: { assets: number; costFen: number; netFen: number };
}

export interface AssetRequestRow {
  id: string;
  assetId: string;
  assetCode: string;
  assetName: string;
  assetStatus: string;
  ownerUnitCode: string;
  ownerUnitName: string;
  unitCode: string;
  unitName: string;
  deptCode: string | null;
  deptName: string | null;
  kind: RequestKind;
  wantedFrom: string | null;
  wantedUntil: string | null;
  reason: string;
  status: RequestStatus;
  decidedAs: RequestKind | null;
  decidedOn: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  shareId: string | null;
  createdAt: string;
  createdBy: string;
  version: number;
}

export type UsageGroupBy = 'share' | 'asset' | 'lender' | 'borrower';

export interface UsageSummaryRow {
  /** Share number, asset number or unit code, as grouped. */
  key: string;
  label: string;
  usageUnit: UsageUnit;
  shares: number;
  records: number;
  amount: number;
  patients: number;
  feeFen: number;
}

export interface UsageSummary {
  from: string;
  to: string;
  groupBy: UsageGroupBy;
  rows: UsageSummaryRow[];
  totals: { records: number; patients: number; feeFen: number };
}

const shareTerms = {
  usingDeptCode: optionalDept,
  until: date.nullable().optional(),
  docNo: optionalText(50),
  usageUnit: z.enum(USAGE_UNITS, { error: 'v.usageUnit' }).default('次'),
  /** Fee per usage unit in fen; 0 (default) = free of charge (无偿). */
  feeRateFen: fen.default(0),
  notes: optionalText(500),
};

export const shareStartArgs = z
  .object({ code: assetCode, toUnitCode: unitCode, from: date, ...shareTerms })
  .refine((a) => !a.until || a.until >= a.from, { message: 'v.untilBeforeFrom', path: ['until'] });

export const usageArgs = z.object({
  share: shareRef,
  date,
  amount: usageAmount,
  patients: z.number().int().min(0).max(MAX_USAGE_AMOUNT).nullable().optional(),
  note: optionalText(200),
});

export const sharingApi = {
  /** Lend a card to another member unit from `from` (the card stays on the owner's books; status 出租出借 until it is returned). */
  'sharing.start': method<ShareRow>()({ args: shareStartArgs, access: 'write', permission: 'assets.write' }),
  /** Return a lent card: the share ends on `date` and the card gets back the status it had when lent. */
  'sharing.end': method<ShareRow>()({
    args: z.object({ share: shareRef, date, note: optionalText(200), version: z.number().int().min(1).optional() }),
    access: 'write',
    permission: 'assets.write',
  }),
  'sharing.list': method<ShareRow[]>()({
    args: z
      .object({ status: z.enum(['active', 'ended', 'all']).default('all'), unitCode: unitCode.optional(), assetCode: assetCode.optional() })
      .default({ status: 'all' }),
    access: 'read',
    permission: 'assets.read',
  }),
  'sharing.show': method<ShareDetail>()({ args: z.object({ share: shareRef }), access: 'read', permission: 'assets.read' }),
  /** One usage record (uses, hours or patients, in the share's unit) on a day within the share. */
  'sharing.recordUsage': method<UsageRecord>()({ args: usageArgs, access: 'write', permission: 'assets.write' }),
  /** A wrong usage record is voided with a reason (kept for the audit), never deleted. */
  'sharing.voidUsage': method<UsageRecord>()({
    args: z.object({ id: z.string().min(1).max(64), reason: z.preprocess(cleanName, z.string({ error: 'v.required' }).min(1, 'v.required').max(200, 'v.tooLong')) }),
    access: 'write',
    permission: 'assets.write',
  }),
  /** Usage between two dates (inclusive), per share, asset, lending unit or borrowing unit, and per usage unit. */
  'sharing.usageSummary': method<UsageSummary>()({
    args: z
      .object({ from: date, to: date, groupBy: z.enum(['share', 'asset', 'lender', 'borrower']).default('share'), unitCode: unitCode.optional() })
      .refine((a) => a.to >= a.from, { message: 'v.untilBeforeFrom', path: ['to'] }),
    access: 'read',
    permission: 'assets.read',
  }),
  /** The idle-asset pool: every card of the community with status 闲置, longest idle first. */
  'sharing.idle': method<IdlePool>()({
    args: z
      .object({
        unitCode: unitCode.optional(),
        /** A GB/T 14885 code or its leading part: A02 = 设备, A0232 = 医疗设备 (2010: 322). */
        classPrefix: z.preprocess(cleanText, z.string().regex(/^[A-Za-z0-9]{1,9}$/, 'v.classCode')).optional(),
        asOf: date.optional(),
      })
      .default({}),
    access: 'read',
    permission: 'assets.read',
  }),
  /** A member unit asks for an idle card of another unit, to take it over (调入) or to use it for a period (共享). */
  'sharing.request': method<AssetRequestRow>()({
    args: z
      .object({
        code: assetCode,
        unitCode,
        usingDeptCode: optionalDept,
        kind: z.enum(['transfer', 'share']).default('transfer'),
        wantedFrom: date.nullable().optional(),
        wantedUntil: date.nullable().optional(),
        reason: z.preprocess(cleanName, z.string({ error: 'v.required' }).min(1, 'v.required').max(500, 'v.tooLong')),
      })
      .refine((a) => !a.wantedFrom || !a.wantedUntil || a.wantedUntil >= a.wantedFrom, { message: 'v.untilBeforeFrom', path: ['wantedUntil'] }),
    access: 'write',
    permission: 'assets.write',
  }),
  'sharing.requests': method<AssetRequestRow[]>()({
    args: z.object({ status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'all']).default('pending') }).default({ status: 'pending' }),
    access: 'read',
    permission: 'assets.read',
  }),
  /**
   * An asset manager grants a request in one step: as a transfer (assets.transfer to the requesting
   * unit, status 在用) or as a share (sharing.start to it). Other pending requests for the card are
   * closed. One transaction, one audit row.
   */
  'sharing.approve': method<AssetRequestRow>()({
    args: z
      .object({
        id: requestId,
        as: z.enum(['transfer', 'share']).optional(),
        date,
        ...shareTerms,
        note: optionalText(200),
        version: z.number().int().min(1).optional(),
      })
      .refine((a) => !a.until || a.until >= a.date, { message: 'v.untilBeforeFrom', path: ['until'] }),
    access: 'write',
    permission: 'assets.share',
  }),
  'sharing.reject': method<AssetRequestRow>()({
    args: z.object({ id: requestId, note: z.preprocess(cleanName, z.string({ error: 'v.required' }).min(1, 'v.required').max(200, 'v.tooLong')), version: z.number().int().min(1).optional() }),
    access: 'write',
    permission: 'assets.share',
  }),
  /** The requesting unit takes its own pending request back. */
  'sharing.withdraw': method<AssetRequestRow>()({ args: z.object({ id: requestId }), access: 'write', permission: 'assets.write' }),
};
