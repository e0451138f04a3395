import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RATIO_SETS,
  applyRatio,
  approvedFor,
  bandOf,
  checkAppointment,
  gradeKey,
  gradeLabel,
  idCheckChar,
  idCrossCheck,
  isValidGrade,
  maskIdNumber,
  parseCategory,
  parseGrade,
  parseIdNumber,
  ratioSetProblems,
  ruleLimit,
  structureBreaches,
  type Filled,
  type Grade,
  type PostCategory,
  type RatioSet,
  type UnitQuota,
} from '../../shared/domain/posts';

const TOWNSHIP = DEFAULT_RATIO_SETS.find((s) => s.code === 'TOWNSHIP')!;
const COUNTY = DEFAULT_RATIO_SETS.find((s) => s.code === 'COUNTY')!;

function filled(persons: number, grades: [PostCategory, Grade, number][]): Filled {
  return { persons, byGrade: new Map(grades.map(([c, g, n]) => [gradeKey(c, g), n])) };
}

describe('post catalogue', () => {
  it.each([
    ['管理', 1, true],
    ['管理', 10, true],
    ['管理', 11, false],
    ['专业技术', 13, true],
    ['专业技术', 14, false],
    ['专业技术', 0, false],
    ['工勤', 5, true],
    ['工勤', 6, false],
    ['工勤', null, true],
    ['专业技术', null, false],
  ] as const)('%s grade %s valid: %s', (c, g, ok) => {
    expect(isValidGrade(c, g)).toBe(ok);
  });

  it.each([
    ['专业技术', 1, '正高'],
    ['专业技术', 4, '正高'],
    ['专业技术', 5, '副高'],
    ['专业技术', 7, '副高'],
    ['专业技术', 8, '中级'],
    ['专业技术', 10, '中级'],
    ['专业技术', 11, '初级'],
    ['专业技术', 13, '初级'],
    ['工勤', 3, '技术工'],
    ['工勤', null, '普通工'],
    ['管理', 7, '管理七至八级'],
  ] as const)('%s %s is in band %s', (c, g, band) => {
    expect(bandOf(c, g)?.band).toBe(band);
  });

  it.each([
    ['专业技术', '6', 6],
    ['专业技术', '六级', 6],
    ['专业技术', '专技十二级', 12],
    ['专业技术', '１３', 13],
    ['专业技术', '14', undefined],
    ['管理', '七级职员', 7],
    ['工勤', '普通工', null],
    ['专业技术', '普通工', undefined],
    ['工勤', '三级', 3],
  ] as const)('parseGrade(%s, %s) = %s', (c, text, g) => {
    expect(parseGrade(c, text)).toBe(g);
  });

  it.each([
    ['管理岗位', '管理'],
    ['专技', '专业技术'],
    ['专业技术岗', '专业技术'],
    ['工勤技能岗位', '工勤'],
    ['后勤', undefined],
  ] as const)('parseCategory(%s) = %s', (t, c) => {
    expect(parseCategory(t)).toBe(c);
  });

  it('names grades', () => {
    expect(gradeLabel('专业技术', 7)).toBe('专业技术七级');
    expect(gradeLabel('管理', 9)).toBe('九级职员');
    expect(gradeLabel('工勤', 3)).toBe('工勤技能三级（高级工）');
    expect(gradeLabel('工勤', null)).toBe('普通工');
  });
});

describe('identity numbers (GB 11643)', () => {
  // Hand-computed: Σ digit × weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) mod 11 → "10X98765432".
  it.each([
    // 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0+0+2·2 = 167; 167 mod 11 = 2 → X
    ['11010519491231002X', '1949-12-31', '女'],
    // 195 mod 11 = 8 → 4 (the standard's own example)
    ['440524188001010014', '1880-01-01', '男'],
    // 217 mod 11 = 8 → 4
    ['320106199003071234', '1990-03-07', '男'],
  ] as const)('%s is valid, born %s, %s', (id, birth, sex) => {
    expect(idCheckChar(id.slice(0, 17))).toBe(id[17]);
    expect(parseIdNumber(id)).toEqual({ ok: true, id, birthDate: birth, sex });
  });

  it('reads lower-case x, full-width digits and spaces', () => {
    expect(parseIdNumber('110105 19491231 002x')).toMatchObject({ ok: true, id: '11010519491231002X' });
    expect(parseIdNumber('３２０１０６１９９００３０７１２３４')).toMatchObject({ ok: true, id: '320106199003071234' });
  });

  it.each([
    ['320106199003071235', '校验位错误（应为 4）'],
    ['320106199002301234', '出生日期不存在'],
    ['32010619900307123', '应为 18 位'],
    ['', '为空'],
  ])('refuses %s', (id, message) => {
    const r = parseIdNumber(id);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(message);
  });

  it('reads the old 15-digit form (19YYMMDD, last digit odd = 男)', () => {
    expect(parseIdNumber('110105491231002')).toEqual({ ok: true, id: '110105491231002', birthDate: '1949-12-31', sex: '女' });
  });

  it('cross-checks sex and birth date', () => {
    const id = { birthDate: '1990-03-07', sex: '男' as const };
    expect(idCrossCheck(id, { birthDate: '1990-03-07', sex: '男' })).toEqual([]);
    expect(idCrossCheck(id, {})).toEqual([]);
    expect(idCrossCheck(id, { birthDate: '1990-07-03', sex: '女' }).map((p) => p.field)).toEqual(['birthDate', 'sex']);
  });

  it('masks all but the first 6 and last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
    expect(maskIdNumber(null)).toBe(null);
  });
});

describe('ratios and caps', () => {
  it.each([
    [40, 1500, 'floor', 6],
    [41, 1500, 'floor', 6], // 6.15
    [41, 1500, 'ceil', 7],
    [43, 1500, 'round', 6], // 6.45
    [44, 1500, 'round', 7], // 6.6
    [10, 2500, 'round', 3], // 2.5 rounds half up
    [10, 2500, 'floor', 2],
    [40, 1500, 'ceil', 6], // exact stays
    [0, 1500, 'ceil', 0],
  ] as const)('%i × %i bp (%s) = %i', (n, bp, r, out) => {
    expect(applyRatio(n, bp, r)).toBe(out);
  });

  // A township centre: 编制 60, 55 posts: 管理 5, 专业技术 46, 工勤 4.
  const quota: UnitQuota = { staffing: 60, totalPosts: 55, categories: { 管理: 5, 专业技术: 46, 工勤: 4 }, bands: {} };
  const limit = (set: RatioSet, id: string, q = quota) => ruleLimit(q, set, set.rules.find((r) => r.id === id)!);

  it('derives the limits of the township set by hand', () => {
    expect(limit(TOWNSHIP, 'senior')).toBe(6); // 46 × 15% = 6.9
    expect(limit(TOWNSHIP, 'middle')).toBe(13); // 46 × 30% = 13.8
    expect(approvedFor(quota, TOWNSHIP, { category: '专业技术', grades: [1, 2, 3, 4] })).toBe(6); // bounded by the senior cap
    expect(limit(TOWNSHIP, 'g2')).toBe(0); // 6 × 10% = 0.6
    expect(limit(TOWNSHIP, 'g3')).toBe(1); // 6 × 30% = 1.8
    expect(limit(TOWNSHIP, 'g5')).toBe(1); // 6 × 20% = 1.2
    expect(limit(TOWNSHIP, 'g6')).toBe(2); // 6 × 40% = 2.4
    expect(limit(TOWNSHIP, 'g8')).toBe(3); // 13 × 30% = 3.9
    expect(limit(TOWNSHIP, 'g9')).toBe(5); // 13 × 40% = 5.2
    expect(limit(TOWNSHIP, 'g11')).toBe(23); // 46 × 50%
    expect(limit(COUNTY, 'senior')).toBe(4); // 46 × 10% = 4.6
    expect(limit({ ...TOWNSHIP, rounding: 'round' }, 'senior')).toBe(7); // 6.9 → 7
  });

  it('an explicit band quota bounds the grades inside it', () => {
    const q = { ...quota, bands: { 正高: 2 } };
    expect(approvedFor(q, TOWNSHIP, { category: '专业技术', grades: [1, 2, 3, 4] })).toBe(2);
    expect(approvedFor(q, TOWNSHIP, { category: '专业技术', grades: [5, 6, 7] })).toBe(6);
    expect(limit(TOWNSHIP, 'g3', q)).toBe(0); // 2 × 30% = 0.6
  });

  // 50 people in post; senior posts filled: 5:1, 6:2, 7:3 (= 6, the cap).
  const atCap = filled(50, [
    ['管理', 8, 4],
    ['专业技术', 5, 1],
    ['专业技术', 6, 2],
    ['专业技术', 7, 3],
    ['专业技术', 9, 5],
    ['专业技术', 12, 30],
    ['工勤', null, 4],
  ]);

  it.each([
    // grade, alreadyCounted, breached rules [rule, current, limit]
    [7, false, [['senior', 6, 6]]],
    [6, false, [['senior', 6, 6], ['g6', 2, 2]]],
    [5, false, [['senior', 6, 6], ['g5', 1, 1]]],
    [9, false, [['g9', 5, 5]]],
    [10, false, []],
    [12, false, []],
  ] as const)('专业技术 %i at a unit at its senior cap → %j', (grade, counted, expected) => {
    const b = checkAppointment(quota, TOWNSHIP, atCap, { category: '专业技术', grade, alreadyCounted: counted });
    expect(b.map((x) => [x.rule, x.current, x.limit])).toEqual(expected);
  });

  it('refuses a category that is full, and a fully staffed unit — but 双肩挑 counts once', () => {
    expect(checkAppointment(quota, TOWNSHIP, atCap, { category: '工勤', grade: null, alreadyCounted: false }).map((b) => [b.rule, b.current, b.limit])).toEqual([['category:工勤', 4, 4]]);
    const full = filled(55, [['专业技术', 12, 45], ['管理', 8, 4]]);
    expect(checkAppointment(quota, TOWNSHIP, full, { category: '管理', grade: 8, alreadyCounted: false }).map((b) => b.rule)).toEqual(['total']);
    expect(checkAppointment(quota, TOWNSHIP, full, { category: '管理', grade: 8, alreadyCounted: true })).toEqual([]);
  });

  it('reports what is wrong with a unit as it stands', () => {
    const bad: UnitQuota = { staffing: 50, totalPosts: 55, categories: { 管理: 10, 专业技术: 43, 工勤: 4 }, bands: { 正高: 0 } };
    // senior limit 43 × 15% = 6.45 → 6; 7 filled. 正高 band 0, 1 filled.
    const f = filled(56, [['专业技术', 4, 1], ['专业技术', 7, 6], ['专业技术', 12, 40], ['管理', 8, 9]]);
    const b = structureBreaches(bad, TOWNSHIP, f);
    expect(b.map((x) => [x.rule, x.current, x.limit])).toEqual([
      ['staffing', 55, 50],
      ['categories', 57, 55],
      ['total', 56, 55],
      ['category:专业技术', 47, 43],
      ['band:正高', 1, 0],
      ['pro-min', 43, 44], // 55 × 80% = 44
      ['senior', 7, 6], // 43 × 15% = 6.45 → 6
    ]);
  });

  it('shipped sets are well formed; a broken one is reported', () => {
    for (const s of DEFAULT_RATIO_SETS) expect(ratioSetProblems(s), s.code).toEqual([]);
    const broken: RatioSet = {
      ...TOWNSHIP,
      rules: [
        { id: 'x', label: 'x', kind: 'max', posts: { category: '专业技术', grades: [1, 2] }, of: { category: '专业技术', grades: [1] }, bp: 100 },
        { id: 'x', label: 'y', kind: 'max', posts: { category: '工勤', grades: [7] }, of: 'total', bp: 20000 },
      ],
    };
    expect(ratioSetProblems(broken)).toEqual(['规则 x：分母岗位应包含且大于分子岗位', '规则 x 重复', '规则 x：比例应在 0–100% 之间', '规则 x：工勤没有 7 级']);
  });
});

describe('approved posts per band', () => {
  it('takes set bands, rule-bounded bands and the rest of a fully set category', async () => {
    const { bandApproved } = await import('../../shared/domain/posts');
    const q: UnitQuota = { staffing: 60, totalPosts: 55, categories: { 管理: 5, 专业技术: 46, 工勤: 4 }, bands: { 技术工: 3 } };
    expect(bandApproved(q, TOWNSHIP)).toEqual({
      管理一至四级: null,
      管理五至六级: null,
      管理七至八级: null,
      管理九至十级: null,
      正高: 6, // senior cap 46 × 15% = 6.9 → 6
      副高: 6,
      中级: 13, // 46 × 30% = 13.8 → 13
      初级: null,
      技术工: 3,
      普通工: 1, // 4 − 3
    });
  });
});
