import type Database from 'better-sqlite3';
import type { AppointmentRow, QuotaRow, RatioSetRow } from '../../../shared/api/posts';
import type { UnitType } from '../../../shared/domain/org';
import { bandOf, gradeKey, gradeLabel, type Grade, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { DEFAULT_RATIO_SETS, checkAppointment, type Breach, type Filled, type RatioSet, type UnitQuota } from '../../../shared/domain/posts/ratios';

// Shared by the posts and staff handlers: ratio sets (saved or shipped), a unit's quota with its
// pool allocation, filled posts, the cap check, and appointment rows.

interface RatioSetDb {
  id: string;
  code: string;
  name: string;
  unit_types: string;
  rounding: RatioSet['rounding'];
  rules: string;
  version: number;
}

/** Saved sets, then the shipped defaults whose code no saved set has taken. */
export function loadRatioSets(db: Database.Database): RatioSetRow[] {
  const saved = (db.prepare('SELECT * FROM post_ratio_sets ORDER BY code').all() as RatioSetDb[]).map(
    (r): RatioSetRow => ({ code: r.code, name: r.name, unitTypes: JSON.parse(r.unit_types), rounding: r.rounding, rules: JSON.parse(r.rules), builtin: false, version: r.version }),
  );
  const taken = new Set(saved.map((s) => s.code.toUpperCase()));
  const builtin = DEFAULT_RATIO_SETS.filter((s) => !taken.has(s.code.toUpperCase())).map((s): RatioSetRow => ({ ...s, unitTypes: [...s.unitTypes], rules: [...s.rules], builtin: true, version: null }));
  return [...saved, ...builtin];
}

export class RatioSets {
  private readonly byCode = new Map<string, RatioSetRow>();
  private readonly byType = new Map<string, RatioSetRow>();
  constructor(readonly rows: RatioSetRow[]) {
    for (const r of rows) this.byCode.set(r.code.toUpperCase(), r);
    // A saved set claiming a unit type wins over a shipped one (saved sets come first).
    for (const r of rows) for (const t of r.unitTypes) if (!this.byType.has(t)) this.byType.set(t, r);
  }
  get(code: string): RatioSetRow | undefined {
    return this.byCode.get(code.toUpperCase());
  }
  /** The set a unit uses: the one chosen on its quota, else the one for its type, else an empty set. */
  forUnit(type: UnitType, chosen: string | null): RatioSetRow {
    return (chosen ? this.get(chosen) : undefined) ?? this.byType.get(type) ?? { code: '-', name: '（无比例规则）', unitTypes: [], rounding: 'floor', rules: [], builtin: true, version: null };
  }
}

export interface QuotaDb {
  unit_id: string;
  ratio_set: string | null;
  staffing: number;
  total_posts: number;
  mgmt_posts: number;
  pro_posts: number;
  worker_posts: number;
  bands: string;
  doc_no: string | null;
  version: number;
}

/** Net staffing each unit borrows from the community pool. */
export function poolAllocations(db: Database.Database, unitId?: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT unit_id AS unitId, SUM(CASE kind WHEN 'allocate' THEN amount ELSE -amount END) AS n
       FROM staffing_pool_moves WHERE unit_id IS NOT NULL ${unitId ? 'AND unit_id = ?' : ''} GROUP BY unit_id`,
    )
    .all(...(unitId ? [unitId] : [])) as { unitId: string; n: number }[];
  return new Map(rows.map((r) => [r.unitId, r.n]));
}

export function toUnitQuota(q: QuotaDb | undefined, pool: number): UnitQuota {
  return {
    staffing: (q?.staffing ?? 0) + pool,
    totalPosts: q?.total_posts ?? 0,
    categories: { 管理: q?.mgmt_posts ?? 0, 专业技术: q?.pro_posts ?? 0, 工勤: q?.worker_posts ?? 0 },
    bands: q ? JSON.parse(q.bands) : {},
  };
}

export function quotaRow(unit: { id: string; code: string; name: string; type: UnitType }, q: QuotaDb | undefined, pool: number, sets: RatioSets): QuotaRow {
  const uq = toUnitQuota(q, pool);
  return {
    unitCode: unit.code,
    unitName: unit.name,
    unitType: unit.type,
    ratioSet: sets.forUnit(unit.type, q?.ratio_set ?? null).code,
    ratioSetChosen: Boolean(q?.ratio_set),
    staffing: q?.staffing ?? 0,
    poolAllocated: pool,
    effectiveStaffing: uq.staffing,
    totalPosts: uq.totalPosts,
    categories: uq.categories,
    bands: uq.bands,
    docNo: q?.doc_no ?? null,
    version: q?.version ?? null,
  };
}

/** Filled posts of one unit from its active appointments, leaving out `exclude` (posts being given up). Two aggregate queries on an index. */
export function filledOf(db: Database.Database, unitId: string, exclude: readonly string[] = []): Filled {
  const skip = JSON.stringify(exclude);
  const rows = db
    .prepare("SELECT category, grade, count(*) AS n FROM appointments WHERE unit_id = ? AND ended_on IS NULL AND id NOT IN (SELECT value FROM json_each(?)) GROUP BY category, grade")
    .all(unitId, skip) as { category: PostCategory; grade: Grade; n: number }[];
  const persons = db.prepare('SELECT count(DISTINCT staff_id) FROM appointments WHERE unit_id = ? AND ended_on IS NULL AND id NOT IN (SELECT value FROM json_each(?))').pluck().get(unitId, skip) as number;
  return { persons, byGrade: new Map(rows.map((r) => [gradeKey(r.category, r.grade), r.n])) };
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  type: UnitType;
}

/**
 * The cap check of one appointment: the person's active posts in the same category (anywhere) are
 * given up by it; a post they keep in this unit in the other category means they are counted once.
 */
export function capCheck(db: Database.Database, staffId: string, unit: UnitRef, category: PostCategory, grade: Grade, sets: RatioSets): { breaches: Breach[]; supersedes: string[]; countedOnce: boolean; set: RatioSetRow } {
  const active = db.prepare('SELECT id, unit_id AS unitId, category FROM appointments WHERE staff_id = ? AND ended_on IS NULL').all(staffId) as { id: string; unitId: string; category: PostCategory }[];
  const supersedes = active.filter((a) => a.category === category).map((a) => a.id);
  const countedOnce = active.some((a) => a.unitId === unit.id && a.category !== category);
  const q = db.prepare('SELECT * FROM post_quotas WHERE unit_id = ?').get(unit.id) as QuotaDb | undefined;
  const set = sets.forUnit(unit.type, q?.ratio_set ?? null);
  const quota = toUnitQuota(q, poolAllocations(db, unit.id).get(unit.id) ?? 0);
  const filled = filledOf(db, unit.id, supersedes);
  const breaches = checkAppointment(quota, set as RatioSet, filled, { category, grade, alreadyCounted: countedOnce });
  return { breaches, supersedes, countedOnce, set };
}

export function breachText(b: Breach): string {
  return `${b.label}：现有 ${b.current}，限额 ${b.limit}`;
}

export const APPOINTMENT_SELECT = `
  SELECT a.*, s.staff_no, s.name AS staff_name, u.code AS unit_code, u.name AS unit_name, r.round_no
  FROM appointments a JOIN staff s ON s.id = a.staff_id JOIN units u ON u.id = a.unit_id LEFT JOIN post_rounds r ON r.id = a.round_id`;

export interface AppointmentDb {
  id: string;
  staff_id: string;
  unit_id: string;
  category: PostCategory;
  grade: Grade;
  post_name: string | null;
  basis: AppointmentRow['basis'];
  round_id: string | null;
  score_hundredths: number | null;
  rank: number | null;
  term_start: string;
  term_end: string | null;
  filing_no: string | null;
  contract_no: string | null;
  override_reason: string | null;
  override_rules: string | null;
  created_at: string;
  created_by: string;
  ended_on: string | null;
  end_reason: string | null;
  ended_by: string | null;
  staff_no: string;
  staff_name: string;
  unit_code: string;
  unit_name: string;
  round_no: string | null;
}

export function toAppointmentRow(r: AppointmentDb): AppointmentRow {
  return {
    id: r.id,
    staffNo: r.staff_no,
    staffName: r.staff_name,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    category: r.category,
    grade: r.grade,
    gradeLabel: gradeLabel(r.category, r.grade),
    band: bandOf(r.category, r.grade)?.band ?? '',
    postName: r.post_name,
    basis: r.basis,
    roundNo: r.round_no,
    score: r.score_hundredths === null ? null : r.score_hundredths / 100,
    rank: r.rank,
    termStart: r.term_start,
    termEnd: r.term_end,
    filingNo: r.filing_no,
    contractNo: r.contract_no,
    overrideReason: r.override_reason,
    overriddenBreaches: r.override_rules ? JSON.parse(r.override_rules) : null,
    createdAt: r.created_at,
    createdBy: r.created_by,
    endedOn: r.ended_on,
    endReason: r.end_reason,
    endedBy: r.ended_by,
  };
}

export function appointmentById(db: Database.Database, id: string): AppointmentRow | undefined {
  const r = db.prepare(`${APPOINTMENT_SELECT} WHERE a.id = ?`).get(id) as AppointmentDb | undefined;
  return r ? toAppointmentRow(r) : undefined;
}

export function allUnits(db: Database.Database): UnitRef[] {
  return db.prepare('SELECT id, code, name, type FROM units ORDER BY code').all() as UnitRef[];
}
