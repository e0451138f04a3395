// Post quotas and structural caps (DOMAIN §4). Pure: plain data in, plain data out.
//
// A unit's quota: its approved staffing (编制, own plus what the community pool lent it), its total
// posts (岗位总量 ≤ 编制), posts per category, and optionally posts per band set by HR. A ratio set
// (reusable by unit type) adds structural rules: "posts in these grades ≤ (or ≥) x% of posts in
// those grades", e.g. senior posts ≤ 15% of professional posts in a township centre.
//
// How many posts a set of grades is approved for ("approved"):
//   - the whole unit: total posts; a whole category: its category posts;
//   - a set of grades inside a category: the smallest of the category's posts, every band quota HR
//     set on a band containing those grades, and the limit of every max rule covering a superset
//     of those grades (so 正高's approved posts are bounded by the senior cap).
// The limit of a max rule is round(approved(of) × ratio), with the ratio set's rounding (floor by
// default: 40 × 15% = 6; 41 × 15% = 6.15 → 6).
//
// An appointment is checked against every quota and max rule whose posts include its grade:
// refused when (current filled + 1) > limit. Filled posts are active appointments; a person
// holding two posts in a unit (双肩挑, one 管理 and one 专业技术) counts once against the total.

import type { UnitType } from '../org';
import { BANDS, POST_CATEGORIES, bandOf, gradeKey, gradeLabel, isValidGrade, type Grade, type PostCategory } from './catalogue';

export const ROUNDINGS = ['floor', 'round', 'ceil'] as const;
export type Rounding = (typeof ROUNDINGS)[number];
export const ROUNDING_LABELS: Record<Rounding, string> = { floor: '向下取整', round: '四舍五入', ceil: '向上取整' };

/** Posts of a category, or only some of its grades. */
export interface Selector {
  category: PostCategory;
  /** Omitted: the whole category. */
  grades?: Grade[];
}

export interface RatioRule {
  /** Stable key within the set (reported as the breached rule). */
  id: string;
  /** What the rule says, in Chinese (shown in refusals and reports). */
  label: string;
  kind: 'max' | 'min';
  posts: Selector;
  of: Selector | 'total';
  /** Ratio in basis points (15% = 1500). */
  bp: number;
}

export interface RatioSet {
  code: string;
  name: string;
  /** The unit types this set is the default for. */
  unitTypes: UnitType[];
  rounding: Rounding;
  rules: RatioRule[];
}

export interface UnitQuota {
  /** Approved staffing (编制): own plus the pool allocation. */
  staffing: number;
  totalPosts: number;
  categories: Record<PostCategory, number>;
  /** Posts per band set explicitly by HR (band name → posts). */
  bands: Partial<Record<string, number>>;
}

/** Filled posts: distinct persons holding a post in the unit, and active appointments per grade key. */
export interface Filled {
  persons: number;
  byGrade: ReadonlyMap<string, number>;
}

export interface Breach {
  /** `staffing`, `total`, `category:专业技术`, `band:正高` or the ratio rule's id. */
  rule: string;
  label: string;
  current: number;
  limit: number;
}

const sel = (category: PostCategory, grades?: Grade[]): Selector => (grades ? { category, grades } : { category });
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** The structural rules DOMAIN §4 gives, with the senior share as a parameter. */
function healthRules(seniorBp: number): RatioRule[] {
  const P = '专业技术' as const;
  return [
    { id: 'pro-min', label: '专业技术岗位不低于岗位总量的 80%', kind: 'min', posts: sel(P), of: 'total', bp: 8000 },
    { id: 'senior', label: `高级岗位（专技 1–7 级）不超过专业技术岗位的 ${seniorBp / 100}%`, kind: 'max', posts: sel(P, range(1, 7)), of: sel(P), bp: seniorBp },
    { id: 'middle', label: '中级岗位（专技 8–10 级）不超过专业技术岗位的 30%', kind: 'max', posts: sel(P, range(8, 10)), of: sel(P), bp: 3000 },
    { id: 'g2', label: '专技二级不超过正高岗位的 10%（2:3:4 = 1:3:6）', kind: 'max', posts: sel(P, [2]), of: sel(P, range(1, 4)), bp: 1000 },
    { id: 'g3', label: '专技三级不超过正高岗位的 30%（2:3:4 = 1:3:6）', kind: 'max', posts: sel(P, [3]), of: sel(P, range(1, 4)), bp: 3000 },
    { id: 'g5', label: '专技五级不超过副高岗位的 20%（5:6:7 = 2:4:4）', kind: 'max', posts: sel(P, [5]), of: sel(P, range(5, 7)), bp: 2000 },
    { id: 'g6', label: '专技六级不超过副高岗位的 40%（5:6:7 = 2:4:4）', kind: 'max', posts: sel(P, [6]), of: sel(P, range(5, 7)), bp: 4000 },
    { id: 'g8', label: '专技八级不超过中级岗位的 30%（8:9:10 = 3:4:3）', kind: 'max', posts: sel(P, [8]), of: sel(P, range(8, 10)), bp: 3000 },
    { id: 'g9', label: '专技九级不超过中级岗位的 40%（8:9:10 = 3:4:3）', kind: 'max', posts: sel(P, [9]), of: sel(P, range(8, 10)), bp: 4000 },
    { id: 'g11', label: '专技十一级不超过助理级岗位（11–12 级）的 50%（11:12 = 5:5）', kind: 'max', posts: sel(P, [11]), of: sel(P, [11, 12]), bp: 5000 },
  ];
}

/**
 * Default ratio sets (DOMAIN §4, [param] — HR edits them): county hospitals with senior:intermediate:
 * junior 1:3:6 (senior ≤ 10%); township and community centres and their village clinics with
 * senior posts up to 15% (Guangdong 2024, seed 004).
 */
export const DEFAULT_RATIO_SETS: readonly RatioSet[] = [
  { code: 'COUNTY', name: '县级医院岗位结构比例', unitTypes: ['牵头医院', '县级医院', '其他'], rounding: 'floor', rules: healthRules(1000) },
  { code: 'TOWNSHIP', name: '基层医疗卫生机构岗位结构比例（高级可达 15%）', unitTypes: ['乡镇卫生院', '社区卫生服务中心', '村卫生室'], rounding: 'floor', rules: healthRules(1500) },
];

/** round(n × bp / 10000) with the set's rounding, exact in integers. */
export function applyRatio(n: number, bp: number, rounding: Rounding): number {
  const num = n * bp;
  if (rounding === 'floor') return Math.floor(num / 10000);
  if (rounding === 'ceil') return Math.ceil(num / 10000);
  return Math.floor((2 * num + 10000) / 20000);
}

function gradesOf(s: Selector): Grade[] {
  if (s.grades) return s.grades;
  const grades: Grade[] = BANDS.filter((b) => b.category === s.category).flatMap((b) => [...b.grades]);
  return grades;
}

function covers(outer: Selector, inner: Selector): boolean {
  if (outer.category !== inner.category) return false;
  const o = new Set(gradesOf(outer));
  return gradesOf(inner).every((g) => o.has(g));
}

function isWholeCategory(s: Selector): boolean {
  return !s.grades || gradesOf({ category: s.category }).every((g) => s.grades!.includes(g));
}

/** Posts approved for a selector (see the header). */
export function approvedFor(quota: UnitQuota, set: RatioSet, s: Selector | 'total', depth = 0): number {
  if (s === 'total') return quota.totalPosts;
  let n = quota.categories[s.category] ?? 0;
  if (isWholeCategory(s)) return n;
  for (const b of BANDS) {
    const posts = quota.bands[b.band];
    if (posts !== undefined && posts !== null && covers({ category: b.category, grades: [...b.grades] }, s)) n = Math.min(n, posts);
  }
  if (depth < 8) {
    for (const r of set.rules) if (r.kind === 'max' && covers(r.posts, s)) n = Math.min(n, ruleLimit(quota, set, r, depth + 1));
  }
  return n;
}

/** The number a rule allows (max) or requires (min). */
export function ruleLimit(quota: UnitQuota, set: RatioSet, rule: RatioRule, depth = 0): number {
  return applyRatio(approvedFor(quota, set, rule.of, depth), rule.bp, set.rounding);
}

export function filledFor(filled: Filled, s: Selector): number {
  let n = 0;
  for (const g of gradesOf(s)) n += filled.byGrade.get(gradeKey(s.category, g)) ?? 0;
  return n;
}

function selects(s: Selector, category: PostCategory, grade: Grade): boolean {
  return s.category === category && gradesOf(s).includes(grade);
}

export interface AppointmentCandidate {
  category: PostCategory;
  grade: Grade;
  /** The person already holds a post in this unit that stays (双肩挑): the total is not affected. */
  alreadyCounted: boolean;
}

/**
 * Would one more post at (category, grade) break a quota or a max rule? Returns every breach with
 * the rule, the current count and the limit; empty means allowed. `filled` must already leave out
 * any post the person gives up by this appointment (a promotion inside a category).
 */
export function checkAppointment(quota: UnitQuota, set: RatioSet, filled: Filled, c: AppointmentCandidate): Breach[] {
  const out: Breach[] = [];
  if (!c.alreadyCounted && filled.persons + 1 > quota.totalPosts) {
    out.push({ rule: 'total', label: '在岗人数不超过岗位总量（双肩挑只计一次）', current: filled.persons, limit: quota.totalPosts });
  }
  const cat = filledFor(filled, { category: c.category });
  const catLimit = quota.categories[c.category] ?? 0;
  if (cat + 1 > catLimit) out.push({ rule: `category:${c.category}`, label: `${c.category}岗位不超过核定数`, current: cat, limit: catLimit });
  const band = bandOf(c.category, c.grade);
  const bandPosts = band ? quota.bands[band.band] : undefined;
  if (band && bandPosts !== undefined && bandPosts !== null) {
    const n = filledFor(filled, { category: band.category, grades: [...band.grades] });
    if (n + 1 > bandPosts) out.push({ rule: `band:${band.band}`, label: `${band.band}岗位不超过核定数`, current: n, limit: bandPosts });
  }
  for (const r of set.rules) {
    if (r.kind !== 'max' || !selects(r.posts, c.category, c.grade)) continue;
    const limit = ruleLimit(quota, set, r);
    const n = filledFor(filled, r.posts);
    if (n + 1 > limit) out.push({ rule: r.id, label: r.label, current: n, limit });
  }
  return out;
}

/**
 * Everything wrong with a unit as it stands: the quota itself (岗位总量 > 编制, categories adding
 * up to more than the total, min rules the posts miss) and filled posts above any quota or cap.
 */
export function structureBreaches(quota: UnitQuota, set: RatioSet, filled: Filled): Breach[] {
  const out: Breach[] = [];
  if (quota.totalPosts > quota.staffing) out.push({ rule: 'staffing', label: '岗位总量不超过编制数', current: quota.totalPosts, limit: quota.staffing });
  const sum = POST_CATEGORIES.reduce((s, c) => s + (quota.categories[c] ?? 0), 0);
  if (sum > quota.totalPosts) out.push({ rule: 'categories', label: '各类岗位之和不超过岗位总量', current: sum, limit: quota.totalPosts });
  if (filled.persons > quota.totalPosts) out.push({ rule: 'total', label: '在岗人数不超过岗位总量（双肩挑只计一次）', current: filled.persons, limit: quota.totalPosts });
  for (const c of POST_CATEGORIES) {
    const n = filledFor(filled, { category: c });
    if (n > (quota.categories[c] ?? 0)) out.push({ rule: `category:${c}`, label: `${c}岗位不超过核定数`, current: n, limit: quota.categories[c] ?? 0 });
  }
  for (const b of BANDS) {
    const posts = quota.bands[b.band];
    if (posts === undefined || posts === null) continue;
    const n = filledFor(filled, { category: b.category, grades: [...b.grades] });
    if (n > posts) out.push({ rule: `band:${b.band}`, label: `${b.band}岗位不超过核定数`, current: n, limit: posts });
  }
  for (const r of set.rules) {
    if (r.kind === 'max') {
      const limit = ruleLimit(quota, set, r);
      const n = filledFor(filled, r.posts);
      if (n > limit) out.push({ rule: r.id, label: r.label, current: n, limit });
    } else if (quota.totalPosts > 0) {
      // A minimum share of posts (the quota, not the people): approved(posts) ≥ approved(of) × ratio.
      const need = applyRatio(approvedFor(quota, set, r.of), r.bp, 'ceil');
      const have = approvedFor(quota, set, r.posts);
      if (have < need) out.push({ rule: r.id, label: r.label, current: have, limit: need });
    }
  }
  return out;
}

/** Problems with a ratio set as HR wrote it (empty when usable). */
export function ratioSetProblems(set: RatioSet): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const r of set.rules) {
    if (ids.has(r.id)) out.push(`规则 ${r.id} 重复`);
    ids.add(r.id);
    if (!Number.isInteger(r.bp) || r.bp < 0 || r.bp > 10000) out.push(`规则 ${r.id}：比例应在 0–100% 之间`);
    for (const s of [r.posts, ...(r.of === 'total' ? [] : [r.of])]) {
      for (const g of s.grades ?? []) if (!isValidGrade(s.category, g)) out.push(`规则 ${r.id}：${s.category}没有 ${g ?? '普通工'} 级`);
    }
    if (r.of !== 'total' && (!covers(r.of, r.posts) || covers(r.posts, r.of))) out.push(`规则 ${r.id}：分母岗位应包含且大于分子岗位`);
  }
  return out;
}

/** The grades a selector stands for, as text (专业技术 1–7 级, 专业技术岗位). */
export function selectorLabel(s: Selector | 'total'): string {
  if (s === 'total') return '岗位总量';
  if (isWholeCategory(s)) return `${s.category}岗位`;
  return s.grades!.map((g) => gradeLabel(s.category, g)).join('、');
}

/**
 * Approved posts per band: set by HR; else bounded by the ratio rules (正高 by the senior cap) when
 * that is below the category's posts; else, when every other band of the category is set, the
 * rest of the category; else null (bounded only by the category).
 */
export function bandApproved(quota: UnitQuota, set: RatioSet): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const c of POST_CATEGORIES) {
    const bands = BANDS.filter((b) => b.category === c);
    const cat = quota.categories[c] ?? 0;
    for (const b of bands) {
      const explicit = quota.bands[b.band];
      if (explicit !== undefined && explicit !== null) out[b.band] = explicit;
      else {
        const n = approvedFor(quota, set, { category: c, grades: [...b.grades] });
        out[b.band] = n < cat ? n : null;
      }
    }
    const open = bands.filter((b) => out[b.band] === null);
    const setOthers = bands.filter((b) => quota.bands[b.band] !== undefined && quota.bands[b.band] !== null);
    if (open.length === 1 && setOthers.length === bands.length - 1) {
      out[open[0]!.band] = Math.max(0, cat - setOthers.reduce((s, b) => s + (quota.bands[b.band] ?? 0), 0));
    }
  }
  return out;
}
