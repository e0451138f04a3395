import { z } from 'zod';
import { UNIT_TYPES, type UnitType } from '../domain/org';
import { BANDS, POST_CATEGORIES, POST_NAMES, isValidGrade, parseCategory, parseGrade, type BandSpec, type Grade, type PostCategory } from '../domain/posts/catalogue';
import { ROUNDINGS, type Breach, type RatioRule, type Rounding } from '../domain/posts/ratios';
import { parseDate } from '../parse/date';
import { method } from './define';
import { cleanName, cleanText, fileUpload, unitCode } from './schemas';
import { staffNo } from './staff';
import type { ExportResult, ImportResult } from './types';

// Unified post settings (issue #5, DOMAIN §4): ratio sets, unit quotas, the staffing pool,
// appointments with cap checks and overrides, competition rounds, and the structure reports.
// An appointment that would break a quota or cap is refused with code CAP_EXCEEDED; `details`
// lists every breach (field = rule, message with current and limit) and `params` the first one.

const isoDate = z.preprocess(
  (v) => {
    const t = cleanText(v);
    if (typeof t !== 'string') return t;
    const r = parseDate(t);
    return r.ok ? r.date : t;
  },
  z.string({ error: 'v.date' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'v.date'),
);
const optionalText = (max: number) => z.preprocess((v) => cleanName(v) ?? null, z.string().max(max, 'v.tooLong').nullable()).optional();
const count = z.number({ error: 'v.count' }).int('v.count').min(0, 'v.count').max(1_000_000, 'v.count');

export const category = z.preprocess((v) => (typeof v === 'string' ? (parseCategory(v) ?? v) : v), z.enum(POST_CATEGORIES, { error: 'v.postCategory' }));
/** A grade as a number, or text (六级, 普通工); read against the category in `post`. null = 普通工. */
const gradeInput = z.union([z.number(), z.string(), z.null()]);

/** category + grade, the grade read and checked against the category. */
function withGrade<T extends { category: PostCategory; grade: number | string | null }>(v: T, ctx: z.RefinementCtx): Omit<T, 'grade'> & { grade: Grade } {
  const g = typeof v.grade === 'number' ? (isValidGrade(v.category, v.grade) ? v.grade : undefined) : parseGrade(v.category, v.grade ?? '普通工');
  if (g === undefined) {
    ctx.addIssue({ code: 'custom', path: ['grade'], message: `${v.category}岗位没有等级“${String(v.grade)}”（管理 1–10，专业技术 1–13，工勤 1–5 或 普通工）` });
    return z.NEVER;
  }
  return { ...v, grade: g };
}

export const POST_BASES = ['竞聘', '直接聘任'] as const;
export type PostBasis = (typeof POST_BASES)[number];

// ---------------------------------------------------------------------------------------------
// Results

export interface RatioSetRow {
  code: string;
  name: string;
  unitTypes: UnitType[];
  rounding: Rounding;
  rules: RatioRule[];
  /** A shipped default not (yet) saved in this ledger. */
  builtin: boolean;
  version: number | null;
}

export interface QuotaRow {
  unitCode: string;
  unitName: string;
  unitType: UnitType;
  /** The ratio set that applies (chosen, or the default for the unit type). */
  ratioSet: string;
  ratioSetChosen: boolean;
  /** 编制数 of the unit itself. */
  staffing: number;
  /** Lent by the community pool (allocations minus recalls). */
  poolAllocated: number;
  /** staffing + poolAllocated: what 岗位总量 may not exceed. */
  effectiveStaffing: number;
  totalPosts: number;
  categories: Record<PostCategory, number>;
  bands: Partial<Record<string, number>>;
  docNo: string | null;
  /** null: the unit has no post scheme yet. */
  version: number | null;
}

export interface PoolMove {
  id: string;
  kind: 'deposit' | 'allocate' | 'recall';
  unitCode: string | null;
  unitName: string | null;
  amount: number;
  effectiveOn: string;
  docNo: string | null;
  reason: string | null;
  createdAt: string;
  createdBy: string;
}

export interface PoolState {
  /** Deposited in all. */
  size: number;
  /** Currently lent to units. */
  allocated: number;
  available: number;
  byUnit: { unitCode: string; unitName: string; allocated: number }[];
  history: PoolMove[];
}

export interface AppointmentRow {
  id: string;
  staffNo: string;
  staffName: string;
  unitCode: string;
  unitName: string;
  category: PostCategory;
  grade: Grade;
  gradeLabel: string;
  band: string;
  postName: string | null;
  basis: PostBasis;
  roundNo: string | null;
  score: number | null;
  rank: number | null;
  termStart: string;
  termEnd: string | null;
  filingNo: string | null;
  contractNo: string | null;
  overrideReason: string | null;
  overriddenBreaches: Breach[] | null;
  createdAt: string;
  createdBy: string;
  endedOn: string | null;
  endReason: string | null;
  endedBy: string | null;
}

export interface CapCheck {
  ok: boolean;
  breaches: Breach[];
  /** The person's active posts in the same category that this appointment would end (转聘/晋升). */
  supersedes: string[];
  /** The person already holds a post in this unit (双肩挑): the total is not affected. */
  countedOnce: boolean;
}

export interface AppointResult extends AppointmentRow {
  /** Appointments ended by this one (same person, same category). */
  ended: string[];
}

export interface CountsByBand {
  approved: number;
  filled: number;
  vacant: number;
}

export interface UnitStructure {
  unitCode: string;
  unitName: string;
  unitType: UnitType;
  ratioSet: string;
  /** 编制 including the pool allocation. */
  staffing: number;
  /**
   * Bands: set explicitly by HR, or bounded by a ratio rule (正高 by the senior cap), or the rest of
   * a category whose other bands are set; null when the band is only bounded by its category.
   */
  approved: { total: number; categories: Record<PostCategory, number>; bands: Record<string, number | null> };
  /** Active appointments; total counts persons (双肩挑 once); grades keyed 专业技术:6, 工勤:普通工. */
  filled: { total: number; categories: Record<PostCategory, number>; bands: Record<string, number>; grades: Record<string, number> };
  vacant: { total: number; categories: Record<PostCategory, number>; bands: Record<string, number | null> };
  /** Every max rule of the ratio set: its limit for this unit and the posts filled under it. */
  caps: { rule: string; label: string; limit: number; filled: number }[];
  breaches: Breach[];
  /** The unit has no post scheme (quota) yet. */
  noQuota: boolean;
}

export interface StructureReport {
  units: UnitStructure[];
  /** Sums over the units in the report (a band is summed over the units where it is known). */
  community: {
    staffing: number;
    approved: UnitStructure['approved'];
    filled: UnitStructure['filled'];
    vacant: UnitStructure['vacant'];
    breaches: number;
    units: number;
    unitsWithBreaches: number;
  };
}

export interface ExpiringRow extends AppointmentRow {
  daysLeft: number;
}

export interface SecondmentRow {
  staffNo: string;
  name: string;
  arrangement: '县管乡用' | '乡聘村用' | '借调';
  employingUnitCode: string;
  employingUnitName: string;
  workingUnitCode: string;
  workingUnitName: string;
  staffingType: string;
  title: string | null;
  current: { category: PostCategory; grade: Grade; gradeLabel: string; postName: string | null }[];
}

export interface ChartSeries {
  unitType: UnitType;
  units: number;
  /** Per band, approved and filled summed over the units of this type. */
  bands: { band: string; category: PostCategory; approved: number; filled: number }[];
}

export interface RoundRow {
  roundNo: string;
  name: string;
  unitCode: string;
  unitName: string;
  heldOn: string;
  status: 'open' | 'finalised';
  offers: {
    seq: number;
    category: PostCategory;
    grade: Grade;
    gradeLabel: string;
    postName: string | null;
    places: number;
    /** Ranked by score (highest first; ties share a rank). */
    applicants: { staffNo: string; name: string; score: number | null; rank: number | null; wins: boolean }[];
  }[];
  version: number;
}

export interface Catalogue {
  categories: readonly PostCategory[];
  bands: readonly BandSpec[];
  postNames: Record<string, readonly string[]>;
  rounding: readonly Rounding[];
}

// ---------------------------------------------------------------------------------------------
// Arguments

const selector = z.object({ category, grades: z.array(z.union([z.number().int(), z.null()])).min(1).optional() });
export const ratioRule = z.object({
  id: z.preprocess(cleanText, z.string().regex(/^[A-Za-z0-9_.:-]{1,40}$/, 'v.ruleId')),
  label: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(200, 'v.tooLong')),
  kind: z.enum(['max', 'min']),
  posts: selector,
  of: z.union([z.literal('total'), selector]),
  bp: z.number().int().min(0).max(10000),
});

export const ratioSetInput = z.object({
  code: z.preprocess(cleanText, z.string({ error: 'v.required' }).regex(/^[A-Za-z0-9_-]{1,32}$/, 'v.ratioSetCode')),
  name: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(100, 'v.tooLong')),
  unitTypes: z.array(z.enum(UNIT_TYPES)).default([]),
  rounding: z.enum(ROUNDINGS).default('floor'),
  rules: z.array(ratioRule).max(200),
  /** The version the edit is based on (omit for a new set or to replace a shipped default). */
  version: z.number().int().min(1).optional(),
});

export const quotaInput = z.object({
  unitCode,
  /** Ratio set code; null/omitted: the default of the unit's type. */
  ratioSet: z.preprocess((v) => cleanText(v) ?? null, z.string().max(32).nullable()).optional(),
  staffing: count,
  totalPosts: count,
  mgmtPosts: count.default(0),
  proPosts: count.default(0),
  workerPosts: count.default(0),
  /** Posts per band set by HR (band name → posts); a band left out is bounded by the ratio rules only. */
  bands: z.partialRecord(z.enum(BANDS.map((b) => b.band) as [string, ...string[]]), count).default({}),
  docNo: optionalText(50),
  version: z.number().int().min(1).optional(),
});
export type QuotaInput = z.output<typeof quotaInput>;

const postTarget = z.object({ category, grade: gradeInput });

export const appointInput = z
  .object({
    staffNo,
    unitCode,
    category,
    grade: gradeInput,
    postName: optionalText(50),
    basis: z.enum(POST_BASES, { error: 'v.postBasis' }).default('直接聘任'),
    /** 竞聘: the round's number (appointments from a round are usually made by posts.rounds.finalise). */
    roundNo: z.preprocess(cleanText, z.string().max(40)).optional(),
    score: z.number().min(0).max(10000).optional(),
    rank: z.number().int().min(1).optional(),
    termStart: isoDate,
    termEnd: isoDate.nullable().optional(),
    filingNo: optionalText(50),
    contractNo: optionalText(50),
    /** Appoint although a quota or cap is breached (needs posts.override); the reason is kept and audited. */
    override: z.preprocess((v) => cleanName(v), z.string().min(2, 'v.overrideReason').max(500, 'v.tooLong')).optional(),
  })
  .transform(withGrade)
  .refine((a) => !a.termEnd || a.termEnd >= a.termStart, { message: 'v.termEnd', path: ['termEnd'] });
export type AppointInput = z.output<typeof appointInput>;

const roundNo = z.preprocess(cleanText, z.string({ error: 'v.required' }).min(1).max(40));

export const postsApi = {
  'posts.catalogue': method<Catalogue>()({ args: z.object({}).default({}), access: 'read', permission: 'posts.read' }),

  'posts.ratioSets.list': method<RatioSetRow[]>()({ args: z.object({}).default({}), access: 'read', permission: 'posts.read' }),
  /** Create or replace a ratio set (saving a shipped default's code makes it this ledger's own). */
  'posts.ratioSets.save': method<RatioSetRow>()({ args: ratioSetInput, access: 'write', permission: 'posts.manage' }),

  /** Every unit in scope with its quota (units without a post scheme have version null and zeros). */
  'posts.quotas.list': method<QuotaRow[]>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'posts.read' }),
  /** Set quotas for units, all-or-nothing; refused when 岗位总量 > 编制 (incl. pool) or categories exceed the total. */
  'posts.quotas.save': method<{ batchId: number | null; rows: QuotaRow[] }>()({ args: z.object({ rows: z.array(quotaInput).min(1).max(10_000) }), access: 'write', permission: 'posts.manage' }),
  /** One sheet for the community, a row per unit (the layout posts.quotas.export writes). */
  'posts.quotas.import': method<ImportResult>()({ args: fileUpload, access: 'write', permission: 'posts.manage' }),
  'posts.quotas.export': method<ExportResult>()({ args: z.object({}).default({}), access: 'read', permission: 'posts.read' }),

  'posts.pool.get': method<PoolState>()({ args: z.object({}).default({}), access: 'read', permission: 'posts.read' }),
  /** deposit: add staffing to the community pool; allocate: lend some to a unit; recall: take it back. */
  'posts.pool.move': method<PoolState>()({
    args: z.object({
      kind: z.enum(['deposit', 'allocate', 'recall']),
      unitCode: unitCode.optional(),
      amount: z.number().int().min(1).max(100_000),
      date: isoDate,
      docNo: optionalText(50),
      reason: optionalText(200),
    }),
    access: 'write',
    permission: 'posts.manage',
  }),

  /** What posts.appoint would say, without writing (for instant feedback in a form). */
  'posts.check': method<CapCheck>()({ args: z.object({ staffNo, unitCode }).extend(postTarget.shape).transform(withGrade), access: 'read', permission: 'posts.read' }),
  'posts.appoint': method<AppointResult>()({ args: appointInput, access: 'write', permission: 'posts.manage' }),
  /** End an appointment (解聘, 调出, 退休, 聘期届满); the record stays, nothing is overwritten. */
  'posts.end': method<AppointmentRow>()({
    args: z.object({ id: z.string().min(1).max(64), date: isoDate, reason: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(200)) }),
    access: 'write',
    permission: 'posts.manage',
  }),
  'posts.appointments': method<AppointmentRow[]>()({
    args: z.object({ unitCode: unitCode.optional(), staffNo: staffNo.optional(), includeEnded: z.boolean().default(false) }).default({ includeEnded: false }),
    access: 'read',
    permission: 'posts.read',
  }),
  /** Appointments made past a quota or cap, with the reason, who and the breaches overridden. */
  'posts.overrides': method<AppointmentRow[]>()({ args: z.object({}).default({}), access: 'read', permission: 'posts.read' }),

  'posts.rounds.list': method<RoundRow[]>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'posts.read' }),
  'posts.rounds.get': method<RoundRow>()({ args: z.object({ roundNo }), access: 'read', permission: 'posts.read' }),
  'posts.rounds.create': method<RoundRow>()({
    args: z.object({
      roundNo: roundNo.optional(),
      name: z.preprocess(cleanName, z.string({ error: 'v.required' }).max(100)),
      unitCode,
      heldOn: isoDate,
      offers: z.array(postTarget.extend({ postName: optionalText(50), places: z.number().int().min(1).max(1000) }).transform(withGrade)).min(1).max(200),
    }),
    access: 'write',
    permission: 'posts.manage',
  }),
  /** Add applicants and/or record their scores (offer = the offer's 1-based seq); ranking follows the scores. */
  'posts.rounds.score': method<RoundRow>()({
    args: z.object({
      roundNo,
      entries: z.array(z.object({ offer: z.number().int().min(1), staffNo, score: z.number().min(0).max(10000).nullable().optional() })).min(1).max(10_000),
    }),
    access: 'write',
    permission: 'posts.manage',
  }),
  /**
   * Turn the results into appointments in one step: for each offer, the top `places` applicants by
   * score. Each appointment is cap-checked in turn; if any would breach, nothing is written and
   * every breach is listed (CAP_EXCEEDED) — unless `override` (posts.override) is given.
   */
  'posts.rounds.finalise': method<{ round: RoundRow; appointments: AppointResult[] }>()({
    args: z.object({
      roundNo,
      termStart: isoDate,
      termEnd: isoDate.nullable().optional(),
      filingNo: optionalText(50),
      override: z.preprocess((v) => cleanName(v), z.string().min(2, 'v.overrideReason').max(500)).optional(),
    }),
    access: 'write',
    permission: 'posts.manage',
  }),

  /** Approved vs filled vs vacant by category, band and grade per unit and for the community, with breaches. */
  'posts.structure': method<StructureReport>()({ args: z.object({ unitCode: unitCode.optional() }).default({}), access: 'read', permission: 'posts.read' }),
  /** Active appointments whose term ends within `days` of `asOf` (today by default) — the renewal list. */
  'posts.expiring': method<ExpiringRow[]>()({
    args: z.object({ days: z.number().int().min(0).max(3650).default(90), asOf: isoDate.optional(), unitCode: unitCode.optional() }).default({ days: 90 }),
    access: 'read',
    permission: 'posts.read',
  }),
  /** People whose working unit differs from their employing unit: 县管乡用, 乡聘村用, other secondments. */
  'posts.secondments': method<SecondmentRow[]>()({
    args: z.object({ arrangement: z.enum(['县管乡用', '乡聘村用', '借调']).optional() }).default({}),
    access: 'read',
    permission: 'staff.read',
  }),
  /** Structure per unit type, for a chart: approved and filled per band summed over the units of each type. */
  'posts.chart': method<ChartSeries[]>()({ args: z.object({}).default({}), access: 'read', permission: 'posts.read' }),
};

export { POST_CATEGORIES, POST_NAMES };
