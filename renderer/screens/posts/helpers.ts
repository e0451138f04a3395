// Pure helpers of the 岗位 screens (no React, no DOM), tested in tests/renderer/posts-helpers.test.ts.
import type { z } from 'zod';
import type { QuotaRow, quotaInput } from '../../../shared/api/posts';
import { BANDS, type Grade } from '../../../shared/domain/posts/catalogue';
import type { Breach, RatioRule } from '../../../shared/domain/posts/ratios';
import type { LedgerError } from '../../../shared/errors';

export interface Refusal {
  text: string;
  breaches: { rule: string; label: string; current: number; limit: number }[];
}

/** A CAP_EXCEEDED error as rows of rule / current / limit (the engine's details; label = the text before ：现有). */
export function refusalOf(err: LedgerError, text: string): Refusal | null {
  if (err.code !== 'CAP_EXCEEDED') return null;
  const breaches = (err.details ?? []).map((d) => ({
    rule: d.field ?? '',
    label: d.message.replace(/：现有.*$/, ''),
    current: d.current ?? 0,
    limit: d.limit ?? 0,
  }));
  return { text, breaches };
}

/** Cells a breach is shown on: `approved:total`, `filled:category:专业技术`, `filled:band:正高` … */
export function breachCells(b: Breach, rules: readonly RatioRule[] | undefined, filledOf: (band: string) => number = () => 1): string[] {
  if (b.rule === 'staffing' || b.rule === 'categories') return ['approved:total', 'staffing'];
  if (b.rule === 'total') return ['filled:total'];
  if (b.rule.startsWith('category:')) return [`filled:${b.rule}`];
  if (b.rule.startsWith('band:')) return [`filled:${b.rule}`];
  const r = rules?.find((x) => x.id === b.rule);
  if (!r) return [];
  if (r.kind === 'min') return [`approved:category:${r.posts.category}`];
  const grades = r.posts.grades;
  const covered = BANDS.filter((band) => band.category === r.posts.category && (!grades || band.grades.some((g) => grades.includes(g))));
  // A cap over several bands (senior = 正高 + 副高) is marked on the bands that hold posts.
  const held = covered.filter((band) => filledOf(band.band) > 0);
  const out = (held.length ? held : covered).map((band) => `filled:band:${band.band}`);
  return out.length ? out : [`filled:category:${r.posts.category}`];
}

/** The professional bands HR most often sets explicitly (the others stay bounded by their category). */
export const BAND_FIELDS = [
  ['band正高', '正高'],
  ['band副高', '副高'],
  ['band中级', '中级'],
  ['band初级', '初级'],
] as const;
type BandField = (typeof BAND_FIELDS)[number][0];

export type QuotaGridRow = {
  id: string;
  version: number;
  unitCode: string;
  unitName: string;
  unitType: string;
  /** '' = the default set of the unit type. */
  ratioSetChoice: string;
  ratioSet: string;
  staffing: number;
  poolAllocated: number;
  effectiveStaffing: number;
  totalPosts: number;
  mgmtPosts: number;
  proPosts: number;
  workerPosts: number;
  docNo: string | null;
  raw: QuotaRow;
} & Record<BandField, number | null>;

export function toGridRow(q: QuotaRow): QuotaGridRow {
  const r = {
    id: q.unitCode,
    version: q.version ?? 0,
    unitCode: q.unitCode,
    unitName: q.unitName,
    unitType: q.unitType,
    ratioSetChoice: q.ratioSetChosen ? q.ratioSet : '',
    ratioSet: q.ratioSet,
    staffing: q.staffing,
    poolAllocated: q.poolAllocated,
    effectiveStaffing: q.effectiveStaffing,
    totalPosts: q.totalPosts,
    mgmtPosts: q.categories.管理,
    proPosts: q.categories.专业技术,
    workerPosts: q.categories.工勤,
    docNo: q.docNo,
    raw: q,
  } as QuotaGridRow;
  for (const [f, band] of BAND_FIELDS) r[f] = q.bands[band] ?? null;
  return r;
}

/** The save input for a row with some cells changed. */
export function quotaSaveInput(row: QuotaGridRow, changes: Record<string, unknown>): z.input<typeof quotaInput> {
  const q = row.raw;
  const bands: Record<string, number> = {};
  for (const [b, n] of Object.entries(q.bands)) if (typeof n === 'number') bands[b] = n;
  const v = { ...row, ...changes } as QuotaGridRow;
  for (const [f, band] of BAND_FIELDS) {
    const n = v[f];
    if (typeof n === 'number') bands[band] = n;
    else delete bands[band];
  }
  return {
    unitCode: q.unitCode,
    ratioSet: v.ratioSetChoice || null,
    staffing: v.staffing,
    totalPosts: v.totalPosts,
    mgmtPosts: v.mgmtPosts,
    proPosts: v.proPosts,
    workerPosts: v.workerPosts,
    bands,
    docNo: v.docNo,
    ...(q.version ? { version: q.version } : {}),
  };
}

/** Grades as compact text: [1,2,3,4] → 1–4, [5,7] → 5、7, [null] → 普通工. */
export function gradesText(grades: readonly Grade[] | undefined): string {
  if (!grades || grades.length === 0) return '';
  const nums = grades.filter((g): g is number => g !== null).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j += 1;
    parts.push(j > i ? `${nums[i]}–${nums[j]}` : String(nums[i]));
    i = j + 1;
  }
  if (grades.includes(null)) parts.push('普通工');
  return parts.join('、');
}

/** Grades typed as `1-7`, `5,6,7`, `1–4、普通工`; blank = the whole category. undefined when unreadable. */
export function parseGrades(text: string): Grade[] | undefined | 'all' {
  const t = text.replace(/\s/g, '');
  if (t === '') return 'all';
  const out: Grade[] = [];
  for (const part of t.split(/[,，、;；]/)) {
    if (part === '') continue;
    if (part === '普通工') {
      out.push(null);
      continue;
    }
    const m = /^(\d{1,2})(?:[-–~至](\d{1,2}))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (b < a) return undefined;
    for (let g = a; g <= b; g += 1) out.push(g);
  }
  return out.length ? out : 'all';
}
