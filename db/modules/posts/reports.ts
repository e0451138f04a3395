import type { ChartSeries, ExpiringRow, SecondmentRow, StructureReport, UnitStructure } from '../../../shared/api/posts';
import type { UnitType } from '../../../shared/domain/org';
import { BANDS, POST_CATEGORIES, arrangementOf, gradeKey, gradeLabel, type Grade, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { approvedFor, bandApproved, filledFor, ruleLimit, structureBreaches, type Filled, type RatioSet } from '../../../shared/domain/posts/ratios';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { requireUnitInScope } from '../org/units';
import { APPOINTMENT_SELECT, RatioSets, allUnits, loadRatioSets, poolAllocations, toAppointmentRow, toUnitQuota, type AppointmentDb, type QuotaDb } from './common';

// Reports on the post scheme (issue #5): structure per unit and for the community, terms expiring,
// the 县管乡用 / 乡聘村用 roster, and the structure per unit type for a chart. The structure is
// computed from four set-based queries (quotas, pool, filled posts per grade, persons per unit).

const zeroCats = (): Record<PostCategory, number> => ({ 管理: 0, 专业技术: 0, 工勤: 0 });

function unitStructures(ctx: HandlerContext, unitCode?: string): UnitStructure[] {
  const db = ctx.db;
  const only = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
  const sets = new RatioSets(loadRatioSets(db));
  const quotas = new Map((db.prepare('SELECT * FROM post_quotas').all() as QuotaDb[]).map((q) => [q.unit_id, q]));
  const pool = poolAllocations(db);
  const grades = db.prepare('SELECT unit_id AS unitId, category, grade, count(*) AS n FROM appointments WHERE ended_on IS NULL GROUP BY unit_id, category, grade').all() as {
    unitId: string;
    category: PostCategory;
    grade: Grade;
    n: number;
  }[];
  const persons = new Map(
    (db.prepare('SELECT unit_id AS unitId, count(DISTINCT staff_id) AS n FROM appointments WHERE ended_on IS NULL GROUP BY unit_id').all() as { unitId: string; n: number }[]).map((r) => [r.unitId, r.n]),
  );
  const byUnit = new Map<string, Map<string, number>>();
  for (const g of grades) {
    const m = byUnit.get(g.unitId) ?? new Map<string, number>();
    m.set(gradeKey(g.category, g.grade), g.n);
    byUnit.set(g.unitId, m);
  }
  const out: UnitStructure[] = [];
  for (const u of allUnits(db)) {
    if (only ? u.id !== only.id : !ctx.inScope(u.id)) continue;
    const q = quotas.get(u.id);
    if (!q && !byUnit.has(u.id) && !only) continue;
    const set = sets.forUnit(u.type, q?.ratio_set ?? null) as RatioSet;
    const quota = toUnitQuota(q, pool.get(u.id) ?? 0);
    const filled: Filled = { persons: persons.get(u.id) ?? 0, byGrade: byUnit.get(u.id) ?? new Map() };
    const approvedBands = bandApproved(quota, set);
    const filledCats = zeroCats();
    for (const c of POST_CATEGORIES) filledCats[c] = filledFor(filled, { category: c });
    const filledBands: Record<string, number> = {};
    for (const b of BANDS) filledBands[b.band] = filledFor(filled, { category: b.category, grades: [...b.grades] });
    const vacantCats = zeroCats();
    for (const c of POST_CATEGORIES) vacantCats[c] = Math.max(0, quota.categories[c] - filledCats[c]);
    const vacantBands: Record<string, number | null> = {};
    for (const b of BANDS) vacantBands[b.band] = approvedBands[b.band] === null ? null : Math.max(0, approvedBands[b.band]! - filledBands[b.band]!);
    out.push({
      unitCode: u.code,
      unitName: u.name,
      unitType: u.type,
      ratioSet: set.code,
      staffing: quota.staffing,
      approved: { total: quota.totalPosts, categories: { ...quota.categories }, bands: approvedBands },
      filled: { total: filled.persons, categories: filledCats, bands: filledBands, grades: Object.fromEntries(filled.byGrade) },
      vacant: { total: Math.max(0, quota.totalPosts - filled.persons), categories: vacantCats, bands: vacantBands },
      caps: set.rules.filter((r) => r.kind === 'max').map((r) => ({ rule: r.id, label: r.label, limit: ruleLimit(quota, set, r), filled: filledFor(filled, r.posts) })),
      breaches: structureBreaches(quota, set, filled),
      noQuota: !q,
    });
  }
  return out;
}

function sumBands(list: Record<string, number | null>[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const b of BANDS) {
    const known = list.map((x) => x[b.band]).filter((v): v is number => v !== null && v !== undefined);
    out[b.band] = known.length ? known.reduce((s, v) => s + v, 0) : null;
  }
  return out;
}

function sumCats(list: Record<PostCategory, number>[]): Record<PostCategory, number> {
  const out = zeroCats();
  for (const x of list) for (const c of POST_CATEGORIES) out[c] += x[c];
  return out;
}

export const reportHandlers: HandlerMap<'posts.structure' | 'posts.expiring' | 'posts.secondments' | 'posts.chart'> = {
  'posts.structure': ({ unitCode }, ctx): StructureReport => {
    const units = unitStructures(ctx, unitCode);
    const grades: Record<string, number> = {};
    for (const u of units) for (const [k, n] of Object.entries(u.filled.grades)) grades[k] = (grades[k] ?? 0) + n;
    return {
      units,
      community: {
        staffing: units.reduce((s, u) => s + u.staffing, 0),
        approved: { total: units.reduce((s, u) => s + u.approved.total, 0), categories: sumCats(units.map((u) => u.approved.categories)), bands: sumBands(units.map((u) => u.approved.bands)) },
        filled: {
          total: units.reduce((s, u) => s + u.filled.total, 0),
          categories: sumCats(units.map((u) => u.filled.categories)),
          bands: sumBands(units.map((u) => u.filled.bands)) as Record<string, number>,
          grades,
        },
        vacant: { total: units.reduce((s, u) => s + u.vacant.total, 0), categories: sumCats(units.map((u) => u.vacant.categories)), bands: sumBands(units.map((u) => u.vacant.bands)) },
        breaches: units.reduce((s, u) => s + u.breaches.length, 0),
        units: units.length,
        unitsWithBreaches: units.filter((u) => u.breaches.length).length,
      },
    };
  },

  'posts.expiring': ({ days, asOf, unitCode }, ctx): ExpiringRow[] => {
    const from = asOf ?? new Date().toISOString().slice(0, 10);
    const until = new Date(Date.parse(`${from}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
    const rows = ctx.db
      .prepare(`${APPOINTMENT_SELECT} WHERE a.ended_on IS NULL AND a.term_end IS NOT NULL AND a.term_end BETWEEN ? AND ? ${unit ? 'AND a.unit_id = ?' : ''} ORDER BY a.term_end, u.code, s.staff_no`)
      .all(from, until, ...(unit ? [unit.id] : [])) as AppointmentDb[];
    return rows
      .filter((r) => ctx.inScope(r.unit_id))
      .map((r) => ({ ...toAppointmentRow(r), daysLeft: Math.round((Date.parse(`${r.term_end}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) }));
  },

  'posts.secondments': ({ arrangement }, ctx): SecondmentRow[] => {
    const rows = ctx.db
      .prepare(
        `SELECT s.id, s.staff_no, s.name, s.staffing_type, s.title, s.employing_unit_id, s.working_unit_id, e.code AS e_code, e.name AS e_name, e.type AS e_type, w.code AS w_code, w.name AS w_name, w.type AS w_type
         FROM staff s JOIN units e ON e.id = s.employing_unit_id JOIN units w ON w.id = s.working_unit_id
         WHERE s.employing_unit_id <> s.working_unit_id AND s.left_on IS NULL ORDER BY e.code, w.code, s.staff_no`,
      )
      .all() as { id: string; staff_no: string; name: string; staffing_type: string; title: string | null; employing_unit_id: string; working_unit_id: string; e_code: string; e_name: string; e_type: UnitType; w_code: string; w_name: string; w_type: UnitType }[];
    const posts = ctx.db.prepare('SELECT staff_id AS staffId, category, grade, post_name AS postName FROM appointments WHERE ended_on IS NULL').all() as { staffId: string; category: PostCategory; grade: Grade; postName: string | null }[];
    const byStaff = new Map<string, SecondmentRow['current']>();
    for (const p of posts) byStaff.set(p.staffId, [...(byStaff.get(p.staffId) ?? []), { category: p.category, grade: p.grade, gradeLabel: gradeLabel(p.category, p.grade), postName: p.postName }]);
    const out: SecondmentRow[] = [];
    for (const r of rows) {
      if (!(ctx.inScope(r.employing_unit_id) || ctx.inScope(r.working_unit_id))) continue;
      const kind = arrangementOf(r.e_type, r.w_type, false)!;
      if (arrangement && kind !== arrangement) continue;
      out.push({
        staffNo: r.staff_no,
        name: r.name,
        arrangement: kind,
        employingUnitCode: r.e_code,
        employingUnitName: r.e_name,
        workingUnitCode: r.w_code,
        workingUnitName: r.w_name,
        staffingType: r.staffing_type,
        title: r.title,
        current: byStaff.get(r.id) ?? [],
      });
    }
    return out;
  },

  'posts.chart': (_args, ctx): ChartSeries[] => {
    const units = unitStructures(ctx);
    const types = [...new Set(units.map((u) => u.unitType))];
    return types.map((t) => {
      const of = units.filter((u) => u.unitType === t);
      return {
        unitType: t,
        units: of.length,
        bands: BANDS.map((b) => ({
          band: b.band,
          category: b.category,
          approved: of.reduce((s, u) => s + (u.approved.bands[b.band] ?? 0), 0),
          filled: of.reduce((s, u) => s + u.filled.bands[b.band]!, 0),
        })),
      };
    });
  },
};

export { approvedFor };
