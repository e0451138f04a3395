// Demo data: a believable county medical community (县域医共体), built only through the engine's
// public API so that every row passes the same validation, scope rules and audit chain as real
// data. Deterministic from a seed: the same seed always gives the same units, departments and
// people, so tests and benchmarks are reproducible.
//
// The county (清河县) and its towns and villages are illustrative; the structure follows DOMAIN §1:
// one lead hospital, two other county hospitals, township centres and community centres under the
// lead hospital, and village clinics under their township (or community) centre.

import type { Role } from '../../shared/auth/roles';
import type { UnitType } from '../../shared/domain/org';
import { LedgerError } from '../../shared/errors';
import type { CallContext, Ledger } from '../engine/ledger';
import { buildAssetsDemo, type AssetsDemoOptions, type AssetsDemoResult } from './assets';
import { seedCountDemo, type CountDemoResult } from '../modules/counts/demo';
import { seedSharingDemo, type SharingDemoResult } from '../modules/sharing/demo';
import { buildStaffDemo, type StaffDemoOptions, type StaffDemoResult } from './staff';
import { mulberry32 } from '../../shared/random';
/** Re-exported for the demo builders that take it from here. */
export { mulberry32 };

/** Suggested community name for `setup.createAdmin` before `buildDemo`. */
export const DEMO_COMMUNITY_NAME = '清河县医疗健康集团';
/** The one password of every demo account (the administrator's is chosen by the caller). */
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_DEFAULT_SEED = 20260301;

export interface DemoOptions {
  seed?: number;
  onProgress?: (msg: string) => void;
  /**
   * The asset register (db/demo/assets.ts): ~50,000 cards with histories and month-end depreciation
   * (default). `false` builds the organisation only; an object sets the scale or the last period.
   */
  assets?: boolean | Pick<AssetsDemoOptions, 'scale' | 'throughPeriod' | 'beforeMonthEnd'>;
  /** The staff register and post scheme (db/demo/staff.ts, ~4,000 people). Default: built with the full demo (no `assets` option). */
  staff?: boolean | Pick<StaffDemoOptions, 'scale'>;
  /** Shared use and idle-pool requests on top of the assets (db/modules/sharing/demo.ts). Default: with the assets. */
  sharing?: boolean;
  /** A count in progress with realistic differences (db/modules/counts/demo.ts). Default: with the assets. */
  count?: boolean;
}

export interface DemoUser {
  username: string;
  role: string;
  unitCode: string | null;
  password: string;
}

export interface DemoResult {
  units: number;
  departments: number;
  users: DemoUser[];
  /** What the asset register holds (null when built without assets). */
  assets: AssetsDemoResult | null;
  /** What the staff register holds (null when built without it). */
  staff: StaffDemoResult | null;
  /** Shares, usage records, idle cards and pool requests (null when built without the assets). */
  sharing: SharingDemoResult | null;
  /** The count in progress with realistic differences (null when built without the assets). */
  count: CountDemoResult | null;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** `n` distinct items, in the order they appear in `items` (keeps department lists in canonical order). */
  sample<T>(items: readonly T[], n: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx
      .slice(0, Math.min(n, items.length))
      .sort((a, b) => a - b)
      .map((i) => items[i] as T);
  }
}

// ---------------------------------------------------------------------------------------------
// The county

const PREFIX = 'QH';
const LEAD_CODE = `${PREFIX}001`;

interface CentreSpec {
  code: string;
  name: string;
  type: Extract<UnitType, '乡镇卫生院' | '社区卫生服务中心'>;
  /** 中心卫生院: a bigger township centre serving neighbouring towns (more departments). */
  central: boolean;
}

const TOWNSHIPS: readonly [string, boolean][] = [
  ['城关镇', false],
  ['王官庄镇', true],
  ['柳林镇', false],
  ['石桥镇', true],
  ['马庄乡', false],
  ['河口乡', false],
  ['李家集镇', false],
  ['杨树湾乡', false],
  ['东坡镇', false],
  ['高庙乡', false],
  ['白沙镇', true],
  ['桃园乡', false],
  ['孙店镇', false],
  ['大营镇', false],
  ['西岗乡', false],
  ['黄土坡乡', false],
];

const CENTRES: readonly CentreSpec[] = [
  ...TOWNSHIPS.map(([town, central], i): CentreSpec => ({
    code: `${PREFIX}${101 + i}`,
    name: `${town}${central ? '中心卫生院' : '卫生院'}`,
    type: '乡镇卫生院',
    central,
  })),
  { code: `${PREFIX}201`, name: '清源街道社区卫生服务中心', type: '社区卫生服务中心', central: false },
  { code: `${PREFIX}202`, name: '新华街道社区卫生服务中心', type: '社区卫生服务中心', central: false },
];

/** Village clinics under township centres in all (each gets 5–12); community centres get a few suburban ones on top. */
const TOWNSHIP_VILLAGES_TOTAL = 120;
const VILLAGES_MIN = 5;
const VILLAGES_MAX = 12;
const COMMUNITY_VILLAGES = 2;

// Village names: surname + settlement word (张庄, 李家屯), optionally with a position prefix (前李庄),
// or a landscape / milestone name (柳树沟, 三里铺).
export const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '郑', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '田', '董', '袁', '潘', '蒋', '蔡', '杜', '丁', '魏', '薛', '程', '崔', '贾', '秦', '侯', '邵', '孟', '范', '史'];
const SETTLEMENTS = ['庄', '楼', '营', '集', '屯', '店', '寨', '桥', '洼', '堂', '湾', '岗', '坊', '铺', '台', '园', '家庄', '家屯', '家洼', '家寨', '官庄', '河'];
const POSITIONS = ['前', '后', '东', '西', '南', '北', '大', '小', '上', '下'];
const LANDSCAPES = [
  '柳树沟', '杏花', '青石', '槐树', '桃花峪', '河湾', '龙泉', '双井', '三里铺', '五里店', '八里庄', '十里堡', '枣林', '梨园', '苇子坑',
  '白果树', '杨柳青', '黄河滩', '沙窝', '红土岭', '石门', '凤凰台', '卧牛山', '金山', '银杏', '松林', '清水', '长岭', '新民', '和平',
  '胜利', '团结', '跃进', '光明', '兴隆', '太平', '永安', '富强', '建设', '幸福',
];

// ---------------------------------------------------------------------------------------------
// Departments: `core` always, plus a seeded choice of `optional`, then sorted in `order`.

interface DeptPlan {
  core: readonly string[];
  optional: readonly string[];
  extra: [number, number];
}

// Clinical → medical technology → administration: the order a hospital's own department list uses.
const HOSPITAL_ORDER = [
  '内科', '心血管内科', '呼吸内科', '消化内科', '神经内科', '肾内科', '内分泌科', '老年病科', '普外科', '骨科', '泌尿外科', '神经外科', '胸外科',
  '妇产科', '儿科', '新生儿科', '急诊科', '重症医学科(ICU)', '麻醉科', '手术室', '感染性疾病科', '康复医学科', '中医科', '口腔科', '眼科',
  '耳鼻咽喉科', '皮肤科', '全科医学科', '健康管理中心', '检验科', '医学影像科', '超声科', '病理科', '输血科', '药剂科', '消毒供应中心',
  '护理部', '医务科', '质控科', '医保科', '院感科', '财务科', '设备科', '信息科', '人事科', '总务科', '院办',
];
const LEAD_HOSPITAL: DeptPlan = {
  core: [
    '内科', '心血管内科', '呼吸内科', '消化内科', '神经内科', '普外科', '骨科', '泌尿外科', '妇产科', '儿科', '急诊科', '重症医学科(ICU)', '麻醉科',
    '感染性疾病科', '康复医学科', '中医科', '口腔科', '眼科', '耳鼻咽喉科', '皮肤科', '健康管理中心', '检验科', '医学影像科', '超声科', '病理科',
    '药剂科', '护理部', '医务科', '财务科', '设备科', '信息科', '人事科', '总务科', '院办',
  ],
  optional: ['肾内科', '内分泌科', '老年病科', '神经外科', '胸外科', '新生儿科', '手术室', '全科医学科', '输血科', '消毒供应中心', '质控科', '医保科', '院感科'],
  extra: [3, 6],
};

const TCM_ORDER = [
  '脑病科', '心病科', '肺病科', '脾胃病科', '肾病科', '内分泌科', '针灸科', '推拿科', '康复科', '骨伤科', '肛肠科', '外科', '妇科', '儿科', '急诊科',
  '治未病中心', '皮肤科', '眼耳鼻喉科', '口腔科', '麻醉科', '检验科', '医学影像科', '超声科', '中药房', '西药房', '制剂室', '护理部', '医务科',
  '医保科', '财务科', '设备科', '信息科', '人事科', '总务科', '院办',
];
const TCM_HOSPITAL: DeptPlan = {
  core: [
    '脑病科', '心病科', '肺病科', '脾胃病科', '针灸科', '推拿科', '康复科', '骨伤科', '肛肠科', '外科', '妇科', '儿科', '急诊科', '治未病中心',
    '检验科', '医学影像科', '超声科', '中药房', '西药房', '护理部', '医务科', '财务科', '设备科', '信息科', '人事科', '总务科', '院办',
  ],
  optional: ['肾病科', '内分泌科', '皮肤科', '眼耳鼻喉科', '口腔科', '麻醉科', '制剂室', '医保科'],
  extra: [2, 5],
};

const MCH_ORDER = [
  '产科', '妇科', '儿科', '新生儿科', '儿童保健科', '妇女保健科', '孕产保健科', '乳腺科', '计划生育科', '生殖健康科', '产前筛查中心', '新生儿疾病筛查中心',
  '青春期保健科', '更年期保健科', '儿童康复科', '中医科', '急诊科', '麻醉科', '手术室', '检验科', '医学影像科', '超声科', '药剂科', '护理部', '医务科',
  '财务科', '设备科', '信息科', '人事科', '总务科', '院办',
];
const MCH_HOSPITAL: DeptPlan = {
  core: [
    '产科', '妇科', '儿科', '新生儿科', '儿童保健科', '妇女保健科', '孕产保健科', '计划生育科', '产前筛查中心', '急诊科', '麻醉科', '检验科', '医学影像科',
    '超声科', '药剂科', '护理部', '医务科', '财务科', '设备科', '信息科', '人事科', '总务科', '院办',
  ],
  optional: ['乳腺科', '生殖健康科', '新生儿疾病筛查中心', '青春期保健科', '更年期保健科', '儿童康复科', '中医科', '手术室'],
  extra: [3, 6],
};

const CENTRE_ORDER = [
  '全科医疗科', '中医科', '住院部', '急诊科', '口腔科', '康复科', '妇幼保健科', '预防保健科', '公共卫生科', '慢病管理科', '家庭医生工作室',
  '检验科', '放射科', 'B超室', '心电图室', '药房', '护理部', '财务室', '院办',
];
const TOWNSHIP_CENTRE: DeptPlan = {
  core: ['全科医疗科', '中医科', '预防保健科', '公共卫生科', '检验科', '药房', '护理部', '财务室', '院办'],
  optional: ['住院部', '急诊科', '口腔科', '康复科', '妇幼保健科', '放射科', 'B超室', '心电图室', '家庭医生工作室'],
  extra: [0, 3],
};
const CENTRAL_TOWNSHIP_CENTRE: DeptPlan = { ...TOWNSHIP_CENTRE, extra: [3, 5] };
const COMMUNITY_CENTRE: DeptPlan = {
  core: ['全科医疗科', '中医科', '预防保健科', '妇幼保健科', '慢病管理科', '家庭医生工作室', '检验科', '药房', '护理部', '院办'],
  optional: ['口腔科', '康复科', 'B超室', '心电图室', '财务室'],
  extra: [0, 3],
};

function planDepartments(rng: Rng, plan: DeptPlan, order: readonly string[]): string[] {
  const chosen = new Set([...plan.core, ...rng.sample(plan.optional, rng.int(plan.extra[0], plan.extra[1]))]);
  return order.filter((name) => chosen.has(name));
}

const deptCode = (i: number) => `D${String(i + 1).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------
// People

export const GIVEN_NAMES = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '玉兰',
  '海燕', '志刚', '红梅', '晓东', '春梅', '国庆', '丽娟', '文博', '雪梅', '建军', '淑珍', '永刚', '佳怡', '子涵', '浩然', '雨欣', '立新', '晓燕', '凤英',
  '红霞', '振华', '金凤', '保国', '玉梅', '德胜', '美玲',
];

interface CentralUser {
  username: string;
  displayName: string;
  role: Role;
}

/** The finance and HR centres' staff: whole-community users, no unit restriction. */
const CENTRAL_USERS: readonly CentralUser[] = [
  { username: 'caiwu', displayName: '张丽', role: 'finance' },
  { username: 'zichan', displayName: '王建国', role: 'asset' },
  { username: 'renshi', displayName: '刘芳', role: 'hr' },
  { username: 'shenji', displayName: '陈志强', role: 'auditor' },
];

// ---------------------------------------------------------------------------------------------

const CTX: CallContext = { system: { actor: 'demo' } };

interface UnitInsert {
  code: string;
  name: string;
  type: UnitType;
  parentCode: string | null;
}

/** Distribute `total` villages over `n` centres, each between min and max. */
function villageCounts(rng: Rng, n: number, total: number, min: number, max: number): number[] {
  const counts = Array.from({ length: n }, () => min);
  let left = Math.max(0, Math.min(total, n * max) - n * min);
  while (left > 0) {
    const i = rng.int(0, n - 1);
    if (counts[i]! < max) {
      counts[i]!++;
      left--;
    }
  }
  return counts;
}

function villageNameMaker(rng: Rng): () => string {
  const used = new Set<string>();
  return () => {
    for (let attempt = 0; ; attempt++) {
      let base: string;
      const r = rng.float();
      if (r < 0.3) base = rng.pick(LANDSCAPES);
      else {
        base = rng.pick(SURNAMES) + rng.pick(SETTLEMENTS);
        if (r > 0.8) base = rng.pick(POSITIONS) + base;
      }
      // After many collisions fall back to a numbered name rather than loop forever.
      if (attempt > 200) base = `${base}${attempt}`;
      if (!used.has(base)) {
        used.add(base);
        return base;
      }
    }
  };
}

function personNameMaker(rng: Rng, taken: Iterable<string>): () => string {
  const used = new Set(taken);
  return () => {
    for (;;) {
      const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

/**
 * Fill a freshly initialised ledger (administrator created, no units yet) with a demo county
 * medical community. Uses only `ledger.invoke` as a trusted local caller.
 */
export async function buildDemo(ledger: Ledger, opts: DemoOptions = {}): Promise<DemoResult> {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const progress = opts.onProgress ?? (() => undefined);
  const rng = new Rng(seed);

  const status = await ledger.invoke('setup.status', {}, CTX);
  if (status.needsAdmin) {
    throw new LedgerError('SETUP_REQUIRED', '请先创建系统管理员（setup.createAdmin），再生成演示数据', { key: 'error.SETUP_REQUIRED' });
  }
  const existing = await ledger.invoke('units.list', {}, CTX);
  if (existing.length > 0) {
    throw new LedgerError('DUPLICATE', `账套中已有 ${existing.length} 个单位；演示数据只能装入新建的账套`, { key: 'error.DUPLICATE' });
  }

  // --- Units: the plan first (all randomness drawn in a fixed order), then three batches by level.
  const hospitals: UnitInsert[] = [
    { code: LEAD_CODE, name: '清河县人民医院', type: '牵头医院', parentCode: null },
    { code: `${PREFIX}002`, name: '清河县中医医院', type: '县级医院', parentCode: LEAD_CODE },
    { code: `${PREFIX}003`, name: '清河县妇幼保健院', type: '县级医院', parentCode: LEAD_CODE },
  ];
  const centres: UnitInsert[] = CENTRES.map((c) => ({ code: c.code, name: c.name, type: c.type, parentCode: LEAD_CODE }));

  const townships = CENTRES.filter((c) => c.type === '乡镇卫生院');
  const counts = villageCounts(rng, townships.length, TOWNSHIP_VILLAGES_TOTAL, VILLAGES_MIN, VILLAGES_MAX);
  const villageName = villageNameMaker(rng);
  const villages: UnitInsert[] = [];
  for (const centre of CENTRES) {
    const n = centre.type === '乡镇卫生院' ? counts[townships.indexOf(centre)]! : COMMUNITY_VILLAGES;
    for (let i = 0; i < n; i++) {
      villages.push({
        code: `${centre.code}-${String(i + 1).padStart(2, '0')}`,
        name: `${villageName()}村卫生室`,
        type: '村卫生室',
        parentCode: centre.code,
      });
    }
  }

  progress(`单位：县级医院 ${hospitals.length} 家`);
  await ledger.invoke('units.batch', { ops: hospitals.map((row) => ({ op: 'insert' as const, row })) }, CTX);
  progress(`单位：乡镇卫生院 ${townships.length} 家、社区卫生服务中心 ${centres.length - townships.length} 家`);
  await ledger.invoke('units.batch', { ops: centres.map((row) => ({ op: 'insert' as const, row })) }, CTX);
  progress(`单位：村卫生室 ${villages.length} 个`);
  await ledger.invoke('units.batch', { ops: villages.map((row) => ({ op: 'insert' as const, row })) }, CTX);

  // --- Departments, one batch per level.
  const deptOps = (unitCode: string, names: readonly string[]) =>
    names.map((name, i) => ({ op: 'insert' as const, row: { unitCode, code: deptCode(i), name } }));

  const hospitalDepts = [
    ...deptOps(hospitals[0]!.code, planDepartments(rng, LEAD_HOSPITAL, HOSPITAL_ORDER)),
    ...deptOps(hospitals[1]!.code, planDepartments(rng, TCM_HOSPITAL, TCM_ORDER)),
    ...deptOps(hospitals[2]!.code, planDepartments(rng, MCH_HOSPITAL, MCH_ORDER)),
  ];
  const centreDepts = CENTRES.flatMap((c) =>
    deptOps(c.code, planDepartments(rng, c.type === '社区卫生服务中心' ? COMMUNITY_CENTRE : c.central ? CENTRAL_TOWNSHIP_CENTRE : TOWNSHIP_CENTRE, CENTRE_ORDER)),
  );
  const villageDepts = villages.flatMap((v) => deptOps(v.code, ['诊室']));

  progress(`科室：县级医院 ${hospitalDepts.length} 个`);
  await ledger.invoke('departments.batch', { ops: hospitalDepts }, CTX);
  progress(`科室：乡镇卫生院及社区卫生服务中心 ${centreDepts.length} 个`);
  await ledger.invoke('departments.batch', { ops: centreDepts }, CTX);
  progress(`科室：村卫生室 ${villageDepts.length} 个`);
  await ledger.invoke('departments.batch', { ops: villageDepts }, CTX);

  // --- Users: the community's central staff, then one operator per township / community centre.
  const personName = personNameMaker(rng, CENTRAL_USERS.map((u) => u.displayName));
  const plannedUsers = [
    ...CENTRAL_USERS.map((u) => ({ ...u, unitCode: null as string | null })),
    ...CENTRES.map((c) => ({ username: `op_${c.code.toLowerCase()}`, displayName: personName(), role: 'unit_operator' as Role, unitCode: c.code as string | null })),
  ];
  const users: DemoUser[] = [];
  for (const [i, u] of plannedUsers.entries()) {
    if (i % 5 === 0) progress(`用户：${i + 1}–${Math.min(i + 5, plannedUsers.length)} / ${plannedUsers.length}`);
    await ledger.invoke('users.add', { username: u.username, displayName: u.displayName, role: u.role, unitCode: u.unitCode, password: DEMO_PASSWORD }, CTX);
    users.push({ username: u.username, role: u.role, unitCode: u.unitCode, password: DEMO_PASSWORD });
  }

  const units = hospitals.length + centres.length + villages.length;
  const departments = hospitalDepts.length + centreDepts.length + villageDepts.length;

  // --- Staff, post schemes and appointments (db/demo/staff.ts).
  // Default: with the full demo (init --demo); builds that leave out or scale the assets leave it out too unless asked.
  const staff = (opts.staff ?? (opts.assets === undefined || opts.assets === true)) ? await buildStaffDemo(ledger, { seed, onProgress: progress, ...(typeof opts.staff === 'object' ? opts.staff : {}) }) : null;

  // --- The asset register: cards, their histories, month-end depreciation (db/demo/assets.ts).
  let assets: AssetsDemoResult | null = null;
  let sharing: SharingDemoResult | null = null;
  let count: CountDemoResult | null = null;
  if (opts.assets !== false) {
    assets = await buildAssetsDemo(ledger, { seed, onProgress: progress, ...(typeof opts.assets === 'object' ? opts.assets : {}) });
    // Shared use of equipment (共享共用) and the idle pool, dated in the latest (still open) period.
    if (opts.sharing !== false) sharing = await seedSharingDemo(ledger, { seed, candidates: assets.largeEquipment, onProgress: progress });
    // A count in progress at the township centre with the most cards, dated like the sharing records
    // (the last day of the latest month-end run) so the demo is the same on every machine and day.
    const latest = (await ledger.invoke('depreciation.periods', {}, CTX)).map((p) => p.period).sort().at(-1);
    if (opts.count !== false) count = await seedCountDemo(ledger, { seed, onProgress: progress, ...(latest ? { today: lastDayOf(latest) } : {}) });
  }
  progress(`完成：单位 ${units} 个，科室 ${departments} 个，用户 ${users.length} 个${assets ? `，资产卡片 ${assets.cards} 张` : ''}`);
  return { units, departments, users, assets, staff, sharing, count };
}

function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
