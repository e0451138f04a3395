// Demo staff register and post scheme (issue #5) for the community built by ./index.ts: ~4,000
// people with appointments, written through the engine's own handlers so every person, quota and
// appointment passes the same validation and cap checks as real data.
//
// The story (deterministic from the seed):
// - Every hospital and centre has a post scheme (编制, 岗位总量, posts per category) under the
//   shipped ratio sets (county hospitals: senior ≤ 10%; township and community centres: ≤ 15%).
//   The community keeps a staffing pool (编制周转池) of 30 and has lent 5 to 王官庄镇中心卫生院.
// - People hold one post each; some directors hold a management and a professional post (双肩挑,
//   counted once). Grades are drawn per person and stepped down until the cap check passes, so no
//   unit breaks its caps — except that 石桥镇中心卫生院 (QH104) is filled to exactly its senior
//   cap, and one appointment at the lead hospital was made past its cap with a written override.
// - 40 doctors of the lead hospital work in township centres (县管乡用); township centres employ
//   village doctors who work in their village clinics (乡聘村用).
// - Terms are three years from 2024, 2025 or 2026; those from 2024-01 end on 2026-12-31, so the
//   renewal list is not empty.
//
// Writes: the register in one `staff.batch`, the schemes in one `posts.quotas.save`, the pool with
// `posts.pool.move`, then every appointment through the `posts.appoint` handler in ONE engine write
// (one transaction, one audit row), each one cap-checked against the posts already made.

import { api, type ArgsIn } from '../../shared/api';
import type { UnitType } from '../../shared/domain/org';
import { DEFAULT_RATIO_SETS, checkAppointment, gradeKey, idCheckChar, type Grade, type PostCategory, type RatioSet, type UnitQuota } from '../../shared/domain/posts';
import { LedgerError } from '../../shared/errors';
import { makeWrite, type Actor, type HandlerContext } from '../engine/context';
import { zodDetails, type CallContext, type Ledger } from '../engine/ledger';
import { handlers } from '../modules';
import { GIVEN_NAMES, Rng, SURNAMES } from './index';

const CTX: CallContext = { system: { actor: 'demo' } };
const ACTOR: Actor = { kind: 'system', userId: null, name: 'system:demo', role: 'admin', unitId: null, scope: null };
/** 清河县 (河北邢台) administrative division code: the first six digits of local identity numbers. */
const AREA = '130534';
export const DEMO_AT_SENIOR_CAP = 'QH104';

export interface StaffDemoOptions {
  seed: number;
  /** 1 = ~4,000 people; smaller values thin every unit (tests). */
  scale?: number;
  onProgress?: (msg: string) => void;
}

export interface StaffDemoResult {
  people: number;
  appointments: number;
  dualPosts: number;
  countyManaged: number;
  villageUsed: number;
  /** The unit filled to exactly its senior-post cap. */
  atSeniorCap: string;
  overrides: number;
}

interface UnitInfo {
  code: string;
  name: string;
  type: UnitType;
  parentCode: string | null;
}

interface Planned {
  staffNo: string;
  idNumber: string;
  unit: UnitInfo;
  workingUnitCode: string | null;
  posts: { category: PostCategory; grade: Grade; postName: string }[];
  sex: '男' | '女';
  birth: string;
  title: string | null;
  qualification: string | null;
  education: string;
  staffingType: '在编' | '备案制' | '合同制' | '其他';
  termStart: string;
}

function sizeOf(u: UnitInfo, rng: Rng, scale: number): number {
  const n = u.code === 'QH001' ? 1300 : u.code === 'QH002' ? 500 : u.code === 'QH003' ? 340 : u.type === '社区卫生服务中心' ? 60 : u.name.includes('中心卫生院') ? 150 : rng.int(92, 122);
  return Math.max(6, Math.round(n * scale));
}

const PRO_TITLES: Record<string, string[]> = {
  正高: ['主任医师', '主任护师', '主任药师', '主任技师'],
  副高: ['副主任医师', '副主任护师', '副主任药师', '副主任技师'],
  中级: ['主治医师', '主管护师', '主管药师', '主管技师'],
  初级: ['医师', '护师', '药师', '技师', '护士'],
};

function bandOfPro(g: number): string {
  return g <= 4 ? '正高' : g <= 7 ? '副高' : g <= 10 ? '中级' : '初级';
}

/** A desired professional grade: senior about 12%, intermediate 30%, the rest junior. */
function desiredPro(rng: Rng): number {
  const x = rng.float();
  if (x < 0.02) return rng.pick([2, 3, 4, 4, 4]);
  if (x < 0.12) return rng.pick([5, 6, 6, 7, 7, 7]);
  if (x < 0.42) return rng.pick([8, 9, 9, 10, 10, 10]);
  return rng.pick([11, 12, 12, 13]);
}

function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const d = new Date(Date.UTC(y, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function idNumber(birth: string, seq: number, sex: '男' | '女'): string {
  // The third digit of the sequence is odd for men, even for women.
  const s = seq * 2 + (sex === '男' ? 1 : 0);
  const body = `${AREA}${birth.replace(/-/g, '')}${String(s % 1000).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

export async function buildStaffDemo(ledger: Ledger, opts: StaffDemoOptions): Promise<StaffDemoResult> {
  const rng = new Rng(opts.seed ^ 0x5eed5);
  const scale = opts.scale ?? 1;
  const progress = opts.onProgress ?? (() => undefined);
  const units = (await ledger.invoke('units.list', {}, CTX)) as UnitInfo[];
  const hosts = units.filter((u) => u.type !== '村卫生室');
  const villagesOf = new Map<string, UnitInfo[]>();
  for (const v of units.filter((u) => u.type === '村卫生室')) villagesOf.set(v.parentCode!, [...(villagesOf.get(v.parentCode!) ?? []), v]);
  const townships = hosts.filter((u) => u.type === '乡镇卫生院');

  // --- People and their posts, planned unit by unit against the unit's caps.
  const people: Planned[] = [];
  const quotas: ArgsIn<'posts.quotas.save'>['rows'] = [];
  const usedIds = new Set<string>();
  let seq = 0;
  for (const u of hosts) {
    const n = sizeOf(u, rng, scale);
    const county = u.type === '牵头医院' || u.type === '县级医院';
    const mgmt = Math.max(1, Math.round(n * 0.06));
    const worker = Math.max(1, Math.round(n * 0.05));
    const vacant = Math.max(1, Math.round(n * 0.05));
    const total = n + vacant;
    const quota: UnitQuota = { staffing: total + rng.int(0, 3), totalPosts: total, categories: { 管理: mgmt, 专业技术: total - mgmt - worker, 工勤: worker }, bands: {} };
    const pool = u.code === 'QH102' ? 5 : 0;
    quotas.push({ unitCode: u.code, staffing: quota.staffing - pool, totalPosts: total, mgmtPosts: quota.categories.管理, proPosts: quota.categories.专业技术, workerPosts: quota.categories.工勤, docNo: `清编〔2025〕${20 + quotas.length}号` });
    const set = DEFAULT_RATIO_SETS.find((s) => s.unitTypes.includes(u.type))! as RatioSet;
    const byGrade = new Map<string, number>();
    let persons = 0;
    const fits = (category: PostCategory, grade: Grade, counted: boolean) =>
      checkAppointment(quota, set, { persons, byGrade }, { category, grade, alreadyCounted: counted }).length === 0;
    const take = (category: PostCategory, grade: Grade) => byGrade.set(gradeKey(category, grade), (byGrade.get(gradeKey(category, grade)) ?? 0) + 1);
    const atCap = u.code === DEMO_AT_SENIOR_CAP;

    for (let i = 0; i < n; i++) {
      const sex: '男' | '女' = rng.float() < 0.62 ? '女' : '男';
      const birth = `${rng.int(1963, 2000)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const posts: Planned['posts'] = [];
      let category: PostCategory = i < mgmt ? '管理' : i < mgmt + worker ? '工勤' : '专业技术';
      if (category === '管理') {
        const g = county ? (i === 0 ? 5 : i < 4 ? 6 : i < mgmt / 2 ? 7 : rng.pick([8, 9, 10])) : i === 0 ? 7 : i < 3 ? 8 : rng.pick([9, 10]);
        posts.push({ category, grade: g, postName: g <= 5 ? '院长' : g <= 6 ? '副院长' : g <= 7 ? (county ? '科长' : '院长') : g === 8 ? (county ? '副科长' : '副院长') : '科员' });
        take(category, g);
        persons++;
        // Directors are often doctors too (双肩挑): a professional post as well, counted once.
        if (i < Math.max(1, mgmt / 3)) category = '专业技术';
      } else if (category === '工勤') {
        const g: Grade = rng.pick([3, 4, 4, 5, 5, null, null]);
        posts.push({ category, grade: g, postName: g === null ? rng.pick(['保洁', '护工', '门卫']) : rng.pick(['驾驶员', '电工', '维修工', '消毒员']) });
        take(category, g);
        persons++;
      }
      if (category === '专业技术') {
        const counted = posts.length > 0;
        let g = atCap && posts.length === 0 ? 7 : desiredPro(rng);
        while (g < 13 && !fits('专业技术', g, counted)) g++;
        if (fits('专业技术', g, counted)) {
          const band = bandOfPro(g);
          posts.push({ category: '专业技术', grade: g, postName: rng.pick(PRO_TITLES[band]!) });
          take('专业技术', g);
          if (!counted) persons++;
        }
      }
      if (!posts.length) continue;
      const pro = posts.find((p) => p.category === '专业技术');
      const title = pro ? pro.postName : null;
      let id = '';
      do id = idNumber(birth, ++seq, sex);
      while (usedIds.has(id));
      usedIds.add(id);
      people.push({
        staffNo: `${u.code}-${String(i + 1).padStart(4, '0')}`,
        idNumber: id,
        unit: u,
        workingUnitCode: null,
        posts,
        sex,
        birth,
        title,
        qualification: title ? (/护/.test(title) ? '护士执业证书' : /药/.test(title) ? '药师' : /技/.test(title) ? '技师' : u.type === '乡镇卫生院' && rng.float() < 0.3 ? '执业助理医师' : '执业医师') : null,
        education: county ? rng.pick(['本科', '本科', '硕士', '大专']) : rng.pick(['大专', '大专', '本科', '中专']),
        staffingType: rng.float() < 0.72 ? '在编' : county && rng.float() < 0.5 ? '备案制' : '合同制',
        termStart: rng.pick(['2024-01-01', '2025-01-01', '2026-01-01', '2024-03-01']),
      });
    }
  }

  // 县管乡用: 40 lead-hospital doctors (intermediate or junior) work in township centres.
  const lead = people.filter((p) => p.unit.code === 'QH001' && p.posts.length === 1 && p.posts[0]!.category === '专业技术' && (p.posts[0]!.grade ?? 0) >= 8);
  const countyManaged = rng.sample(lead, Math.min(40, Math.round(40 * Math.max(scale, 0.1))));
  countyManaged.forEach((p, i) => (p.workingUnitCode = townships[i % townships.length]!.code));
  // 乡聘村用: township centres' junior doctors working in their village clinics (one per clinic, up to 4 per centre).
  let villageUsed = 0;
  for (const t of townships) {
    const villages = (villagesOf.get(t.code) ?? []).slice(0, 4);
    const juniors = people.filter((p) => p.unit.code === t.code && p.posts.length === 1 && (p.posts[0]!.grade ?? 0) >= 11);
    villages.forEach((v, i) => {
      if (juniors[i]) {
        juniors[i]!.workingUnitCode = v.code;
        villageUsed++;
      }
    });
  }

  progress(`人员：${people.length} 人`);
  await ledger.invoke(
    'staff.batch',
    {
      ops: people.map((p, i) => ({
        op: 'insert' as const,
        row: {
          staffNo: p.staffNo,
          name: rng.pick(SURNAMES) + GIVEN_NAMES[(i * 7 + rng.int(0, GIVEN_NAMES.length - 1)) % GIVEN_NAMES.length],
          idNumber: p.idNumber,
          sex: p.sex,
          birthDate: p.birth,
          education: p.education,
          title: p.title,
          qualification: p.qualification,
          staffingType: p.staffingType,
          employingUnitCode: p.unit.code,
          workingUnitCode: p.workingUnitCode,
          joinedOn: `${Math.max(Number(p.birth.slice(0, 4)) + 21, 1985)}-0${rng.int(7, 9)}-01`,
        },
      })),
    },
    CTX,
  );

  progress(`岗位设置：${quotas.length} 个单位；编制周转池`);
  await ledger.invoke('posts.pool.move', { kind: 'deposit', amount: 30, date: '2025-01-10', docNo: '清编〔2025〕3号', reason: '县域医共体编制周转池' }, CTX);
  await ledger.invoke('posts.pool.move', { kind: 'allocate', unitCode: 'QH102', amount: 5, date: '2025-03-01', docNo: '清医共〔2025〕12号', reason: '中心卫生院新设儿科、康复科' }, CTX);
  await ledger.invoke('posts.quotas.save', { rows: quotas }, CTX);

  // --- Appointments: the posts.appoint handler for each, in one engine write.
  const list: ArgsIn<'posts.appoint'>[] = [];
  for (const p of people) {
    for (const post of p.posts) {
      list.push({ staffNo: p.staffNo, unitCode: p.unit.code, category: post.category, grade: post.grade, postName: post.postName, basis: '直接聘任', termStart: p.termStart, termEnd: addYears(p.termStart, 3), filingNo: `清人社备〔${p.termStart.slice(0, 4)}〕${String(list.length + 1).padStart(4, '0')}号`, contractNo: `HT${p.termStart.slice(0, 4)}-${p.staffNo}` });
    }
  }
  // One talent appointment past the lead hospital's senior cap, with the reason on record.
  const talent = people.find((p) => p.unit.code === 'QH001' && p.posts.length === 1 && p.posts[0]!.category === '专业技术' && p.posts[0]!.grade === 10);
  if (talent) list.push({ staffNo: talent.staffNo, unitCode: 'QH001', category: '专业技术', grade: 5, postName: '主任医师', basis: '直接聘任', termStart: '2026-07-01', termEnd: '2029-06-30', filingNo: '清人社备〔2026〕0901号', override: '引进急需紧缺高层次人才，经医共体党委会研究同意（清医共党〔2026〕7号）' });
  progress(`聘用：${list.length} 条`);
  appointAll(ledger, list);

  return {
    people: people.length,
    appointments: list.length,
    dualPosts: people.filter((p) => p.posts.length > 1).length,
    countyManaged: countyManaged.length,
    villageUsed,
    atSeniorCap: DEMO_AT_SENIOR_CAP,
    overrides: ledger.db.prepare('SELECT count(*) FROM appointments WHERE override_reason IS NOT NULL').pluck().get() as number,
  };
}

/** Every appointment through the posts.appoint handler in ONE engine write (see the header). */
export function appointAll(ledger: Ledger, list: ArgsIn<'posts.appoint'>[]): void {
  const spec = api['posts.appoint'];
  const parsed = list.map((args, i) => {
    const r = spec.args.safeParse(args);
    if (!r.success) throw new LedgerError('VALIDATION', `演示数据有误（第 ${i + 1} 条聘用）：${zodDetails(r.error)[0]?.message ?? ''}`, { key: 'error.VALIDATION' });
    return r.data;
  });
  const db = ledger.db;
  const handler = handlers['posts.appoint'] as unknown as (args: unknown, ctx: HandlerContext) => unknown;
  makeWrite(db, ACTOR, 'posts.appoint')(`演示数据：聘用 ${list.length} 条`, (record, at) => {
    const ctx: HandlerContext = {
      db,
      actor: ACTOR,
      method: 'posts.appoint',
      file: ledger.file,
      sessionId: null,
      now: () => at,
      write: (_summary, fn) => ({ result: fn(record, at), batchId: null }),
      openWrite: () => {
        throw new LedgerError('INTERNAL', '演示数据批处理中不支持分批事务', { key: 'error.INTERNAL' });
      },
      backup: () => {
        throw new LedgerError('INTERNAL', '演示数据批处理中不做备份', { key: 'error.INTERNAL' });
      },
      progress: () => undefined,
      emit: () => undefined,
      inScope: () => true,
      assertUnitInScope: () => undefined,
      sessions: { create: () => '', get: () => undefined, drop: () => undefined, dropUser: () => undefined },
    };
    for (const [i, args] of parsed.entries()) {
      try {
        handler(args, ctx);
      } catch (err) {
        if (err instanceof LedgerError) throw new LedgerError(err.code, `演示数据被拒绝（第 ${i + 1} 条聘用 ${list[i]!.staffNo}）：${err.message}`, { key: err.key, details: err.details ?? [] });
        throw err;
      }
    }
  });
}
