// Asset classification GB/T 14885 (DOMAIN §3.1) and national minimum lives (DOMAIN §3.3).
import { describe, expect, it } from 'vitest';
import {
  GB2010_CLASSES,
  GB2022_CLASSES,
  MAPPING_GB2010_TO_GB2022,
  SHIPPED_CLASSES,
  checkLocalLife,
  childrenOf,
  createCatalogue,
  defaultLifeYears,
  defaultMethod,
  findClass,
  isDepreciable,
  lifeRule,
  mergeEntries,
  minimumLifeYears,
  normaliseClassCode,
  resolveClass,
  toGB2022,
  validateCatalogue,
  type AssetClass,
} from '../../shared/domain/catalogue';

/** Exactly the codes DOMAIN.md §3.1 gives, with its names. */
const DOMAIN_CODES: [string, string][] = [
  ['A01000000', '房屋和构筑物'],
  ['A02000000', '设备'],
  ['A02010105', '台式计算机'],
  ['A02010108', '便携式计算机'],
  ['A02021000', '打印机'],
  ['A05000000', '家具和用具'],
  ['A05010301', '办公椅'],
  ['1020000', '房屋'],
  ['2010000', '计算机设备及软件'],
  ['2020000', '办公设备'],
  ['2030000', '车辆'],
  ['3220000', '医疗设备'],
];

describe('shipped catalogue', () => {
  it('passes its own validation', () => {
    expect(validateCatalogue(SHIPPED_CLASSES)).toEqual([]);
  });

  it('marks exactly the DOMAIN codes as DOMAIN, with DOMAIN names; everything else is provisional', () => {
    const fromDomain = SHIPPED_CLASSES.filter((c) => c.source === 'DOMAIN').map((c) => [c.code, c.name]);
    expect(fromDomain.sort()).toEqual([...DOMAIN_CODES].sort());
    for (const c of SHIPPED_CLASSES) expect(['DOMAIN', 'provisional']).toContain(c.source);
  });

  it('has 9-character GB2022 codes with consistent level and parent, and 7-digit GB2010 codes', () => {
    for (const c of GB2022_CLASSES) {
      expect(c.code).toMatch(/^A0[1-8]\d{6}$/);
      expect(c.scheme).toBe('GB2022');
      if (c.level === 1) expect(c.parent).toBeNull();
      else expect(findClass(c.parent!)?.level).toBeLessThan(c.level);
    }
    for (const c of GB2010_CLASSES) {
      expect(c.code).toMatch(/^\d{7}$/);
      expect(c.scheme).toBe('GB2010');
    }
  });

  it('covers the eight level-1 classes and a second level under each fixed-asset class', () => {
    const level1 = GB2022_CLASSES.filter((c) => c.level === 1).map((c) => c.code);
    expect(level1).toEqual(['A01000000', 'A02000000', 'A03000000', 'A04000000', 'A05000000', 'A06000000', 'A07000000', 'A08000000']);
    for (const top of ['A01000000', 'A02000000', 'A03000000', 'A04000000', 'A05000000', 'A06000000']) {
      expect(childrenOf(top).length).toBeGreaterThan(0);
      for (const ch of childrenOf(top)) expect(ch.level).toBe(2);
    }
  });

  const names = (code: string) => childrenOf(code).map((c) => c.name);
  const hasNamed = (name: string) => SHIPPED_CLASSES.some((c) => c.name === name);

  it('carries common medical equipment under 医疗设备', () => {
    const medical = GB2022_CLASSES.find((c) => c.name === '医疗设备')!;
    expect(names(medical.code)).toEqual(
      expect.arrayContaining(['医用X射线设备', '超声诊断设备', '临床检验设备', '病房护理设备', '手术急救设备', '消毒灭菌设备', '口腔设备', '医用电子仪器', '医用内窥镜', '血液净化设备']),
    );
    const electronic = GB2022_CLASSES.find((c) => c.name === '医用电子仪器')!;
    expect(names(electronic.code)).toEqual(expect.arrayContaining(['心电图机', '病人监护仪']));
  });

  it.each(['服务器', '台式计算机', '便携式计算机', '交换机', '路由器', '防火墙', '打印机', '复印机', '轿车', '越野车', '救护车', '办公桌', '办公椅', '文件柜', '电梯', '空调机'])(
    'has a class named %s',
    (n) => expect(hasNamed(n)).toBe(true),
  );
});

describe('findClass', () => {
  it.each<[string, string | undefined, string | undefined, number | undefined]>([
    // typed code, canonical code, name, level
    ['A02010105', 'A02010105', '台式计算机', 4],
    [' A02 01 01 05 ', 'A02010105', '台式计算机', 4],
    ['Ａ０２０１０１０５', 'A02010105', '台式计算机', 4], // full-width, as pasted from Word
    ['a02010108', 'A02010108', '便携式计算机', 4],
    ['A02021000', 'A02021000', '打印机', 3],
    ['A05010301', 'A05010301', '办公椅', 4],
    ['A01000000', 'A01000000', '房屋和构筑物', 1],
    ['3220000', '3220000', '医疗设备', 2],
    [' 2010000\t', '2010000', '计算机设备及软件', 2],
    ['１０２００００', '1020000', '房屋', 2],
    ['A02999999', undefined, undefined, undefined],
    ['322000', undefined, undefined, undefined],
    ['', undefined, undefined, undefined],
  ])('%j → %s %s', (typed, code, name, level) => {
    const c = findClass(typed);
    expect(c?.code).toBe(code);
    expect(c?.name).toBe(name);
    expect(c?.level).toBe(level);
  });

  it('gives parents', () => {
    expect(findClass('A02010105')?.parent).toBe('A02010100');
    expect(findClass('A02021000')?.parent).toBe('A02020000');
    expect(findClass('A05010301')?.parent).toBe('A05010300');
    expect(findClass('3220000')?.parent).toBe('3000000');
  });

  it('normalises codes', () => {
    expect(normaliseClassCode('ａ０２ ０１\u3000０１ ０５')).toBe('A02010105');
    expect(normaliseClassCode('A02\u200b010105')).toBe('A02010105');
  });

  it('resolves an unknown code to its nearest known ancestor', () => {
    expect(findClass('A02010199')).toBeUndefined();
    expect(resolveClass('A02010199')?.name).toBe('计算机');
    expect(resolveClass('A02329901')?.name).toBe('其他医疗设备');
    expect(resolveClass('3221400')?.name).toBe('医疗设备');
    expect(resolveClass('Z1')).toBeUndefined();
  });
});

describe('2010 → 2022 mapping', () => {
  it.each([
    ['1020000', '房屋'],
    ['2010000', '信息化设备'],
    ['2020000', '办公设备'],
    ['2030000', '车辆'],
    ['3220000', '医疗设备'],
  ])('%s maps to the 2022 class %s', (old, name) => {
    const row = MAPPING_GB2010_TO_GB2022.find((m) => m.from === old);
    expect(row).toBeDefined();
    expect(toGB2022(old)).toBe(row!.to);
    expect(findClass(row!.to)?.scheme).toBe('GB2022');
    expect(findClass(row!.to)?.name).toBe(name);
    // the 2022 target codes are not given by DOMAIN, so the mapping must not claim to be official
    expect(row!.source).toBe('provisional');
  });

  it('a 2022 code maps to itself, an unknown one to nothing', () => {
    expect(toGB2022('A02010105')).toBe('A02010105');
    expect(toGB2022('9990000')).toBeUndefined();
  });

  it('a 2010 code takes its life rules from the mapped 2022 class', () => {
    expect(minimumLifeYears('2010000')).toBe(6);
    expect(minimumLifeYears('2020000')).toBe(6);
    expect(minimumLifeYears('2030000')).toBe(8);
    expect(lifeRule('3220000')).toMatchObject({ minYears: 5, maxYears: 10 });
    expect(minimumLifeYears('1020000', { structure: '砖木' })).toBe(30);
    expect(isDepreciable('4000000')).toBe(false);
    expect(isDepreciable('5000000')).toBe(false);
    expect(isDepreciable('1010000')).toBe(false); // 土地
  });
});

describe('minimum lives inherited from parents (应用指南 table 1)', () => {
  it.each<[string, string | undefined, number | undefined]>([
    // code, building structure, national minimum (years)
    ['A02010105', undefined, 6], // 台式计算机 ← 信息化设备 (计算机 ≥6)
    ['A02010108', undefined, 6],
    ['A02010104', undefined, 6], // 服务器
    ['A02010202', undefined, 6], // 交换机
    ['A02010199', undefined, 6], // unknown leaf under 计算机
    ['A02021000', undefined, 6], // 打印机 ← 办公设备
    ['A02021004', undefined, 6],
    ['A02030501', undefined, 8], // 轿车 ← 车辆
    ['A02030502', undefined, 8], // 越野车
    ['A02030601', undefined, 8], // 救护车
    ['A02040000', undefined, 5], // 图书档案设备
    ['A02051200', undefined, 10], // 电梯 ← 机械设备
    ['A02061800', undefined, 5], // 空调机 ← 电气设备
    ['A02070000', undefined, 10], // 雷达、无线电和卫星导航设备
    ['A02080000', undefined, 5],
    ['A02120000', undefined, 5],
    ['A02320301', undefined, 5], // CT ← 医疗设备 5–10
    ['A02310000', undefined, 5],
    ['A05010301', undefined, 15], // 办公椅 ← 家具
    ['A05010501', undefined, 15],
    ['A05020000', undefined, 5], // 用具
    ['A05030000', undefined, 5], // 装具
    ['A01010000', '钢结构', 50],
    ['A01010000', '钢混', 50],
    ['A01010000', '钢筋混凝土结构', 50],
    ['A01010000', '砖混结构', 30],
    ['A01010000', '砖木', 30],
    ['A01010000', '简易房', 8],
    ['A01010000', '房屋附属设施', 8],
    ['A01020000', undefined, 8], // 构筑物
    ['A01010000', undefined, 8], // structure unknown: only the lowest building minimum can be enforced
    ['A03010000', undefined, undefined], // 文物: not depreciated
    ['A01030000', undefined, undefined], // 土地
    ['A08020000', undefined, undefined], // 无形资产: amortised, no table
    ['Z0000000', undefined, undefined],
  ])('%s %s → %s', (code, structure, years) => {
    expect(minimumLifeYears(code, structure !== undefined ? { structure } : undefined)).toBe(years);
  });

  it('medical equipment has a 5–10 range, with defaults from the hospital sub-table', () => {
    expect(lifeRule('A02320000')).toMatchObject({ minYears: 5, maxYears: 10, defaultYears: 5 });
    expect(lifeRule('A02320301')).toMatchObject({ minYears: 5, maxYears: 10, defaultYears: 6 }); // imaging
    expect(lifeRule('A02321001')).toMatchObject({ minYears: 5, maxYears: 10, defaultYears: 6 }); // endoscope
    expect(lifeRule('A02320501')).toMatchObject({ minYears: 5, maxYears: 10, defaultYears: 5 }); // lab
    expect(lifeRule('A02321101')).toMatchObject({ minYears: 5, maxYears: 10, defaultYears: 5 }); // dialysis
    expect(lifeRule('A02320301')?.ruleClass.name).toBe('医疗设备');
  });

  it('default lives and methods', () => {
    expect(defaultLifeYears('A02010105')).toBe(6);
    expect(defaultLifeYears('A05010301')).toBe(15);
    expect(defaultLifeYears('A01010000', { structure: '钢混' })).toBe(50);
    expect(defaultMethod('A02010105')).toBe('straight-line');
    expect(defaultMethod('A02030601')).toBe('straight-line');
    expect(defaultMethod('A04010000')).toBeUndefined();
  });
});

describe('isDepreciable', () => {
  it.each<[string, boolean | undefined]>([
    ['A03000000', false], // 文物和陈列品
    ['A03010000', false],
    ['A03020000', false],
    ['A04000000', false], // 图书和档案
    ['A04010000', false],
    ['A04020000', false],
    ['A06000000', false], // 动植物
    ['A06020000', false],
    ['A01030000', false], // 土地
    ['A07000000', false], // 物资 (inventories)
    ['A01000000', true],
    ['A01010000', true],
    ['A02010105', true],
    ['A02320301', true],
    ['A05010301', true],
    ['A04019999', false], // unknown code under 图书
    ['3220000', true],
    ['Q', undefined],
  ])('%s → %s', (code, dep) => expect(isDepreciable(code)).toBe(dep));
});

describe('checkLocalLife: a local table may be stricter, never looser', () => {
  it.each<[string, number, string | undefined]>([
    ['A02010105', 6, undefined],
    ['A02010105', 8, undefined], // stricter (longer) is fine
    ['A02030601', 8, undefined],
    ['A05010301', 15, undefined],
    ['A05010301', 20, undefined],
    ['A02320000', 5, undefined],
    ['A02320000', 10, undefined],
    ['A02320301', 6, undefined],
    ['A08020000', 3, undefined], // no national table for intangibles
  ])('%s for %s years is accepted', (code, years) => {
    expect(checkLocalLife(code, years)).toBeUndefined();
  });

  it('refuses a looser computer life, naming the class and the national minimum', () => {
    const m = checkLocalLife('A02010105', 5);
    expect(m).toContain('台式计算机');
    expect(m).toContain('A02010105');
    expect(m).toContain('最低年限 6 年');
    expect(m).toContain('5 年');
    expect(m).toContain('只能更严');
  });

  it.each<[string, number, string[]]>([
    ['A05010301', 10, ['办公椅', '15 年']],
    ['A02030601', 6, ['救护车', '8 年']],
    ['A02320301', 4, ['X射线计算机体层摄影设备', '5 年', '按「医疗设备」类']],
    ['A02320000', 11, ['医疗设备', '5–10 年']], // outside the national range
    ['A02010105', 70 / 12, ['5.83 年', '6 年']], // a card life of 70 months
    ['2030000', 6, ['车辆', '8 年']], // 2010 code
    ['A02010199', 3, ['A02010199', '属「计算机」', '6 年']], // unknown leaf, rule from its ancestor
  ])('refuses %s for %s years', (code, years, parts) => {
    const m = checkLocalLife(code, years);
    expect(m).toMatch(/[\u4e00-\u9fff]/);
    for (const p of parts) expect(m).toContain(p);
  });

  it('buildings are checked by structure', () => {
    expect(checkLocalLife('A01010000', 40, { structure: '钢混' })).toContain('50 年');
    expect(checkLocalLife('A01010000', 40, { structure: '钢混' })).toContain('钢筋混凝土结构');
    expect(checkLocalLife('A01010000', 40, { structure: '砖混' })).toBeUndefined();
    expect(checkLocalLife('A01010000', 40, { structure: '木屋' })).toContain('无法识别的建筑结构');
  });

  it('refuses lives for non-depreciable classes, unknown codes and nonsense', () => {
    expect(checkLocalLife('A04010000', 5)).toContain('不计提折旧');
    expect(checkLocalLife('A03000000', 50)).toContain('文物和陈列品');
    expect(checkLocalLife('Z9', 5)).toContain('未找到资产分类代码');
    expect(checkLocalLife('A02010105', 0)).toContain('正数');
    expect(checkLocalLife('A02010105', Number.NaN)).toContain('正数');
  });
});

describe('an editable / importable catalogue', () => {
  const imported: AssetClass[] = [
    { code: 'A02010110', scheme: 'GB2022', name: '图形工作站', parent: 'A02010100', level: 4, source: 'imported' },
    { code: 'A02320300', scheme: 'GB2022', name: '医用X射线设备', parent: 'A02320000', level: 3, source: 'imported', defaultLifeYears: 8 },
  ];
  const cat = createCatalogue(mergeEntries(SHIPPED_CLASSES, imported));

  it('imported classes inherit the national rules and replace shipped ones with the same code', () => {
    expect(cat.findClass('A02010110')?.source).toBe('imported');
    expect(cat.minimumLifeYears('A02010110')).toBe(6);
    expect(cat.findClass('A02320300')?.source).toBe('imported');
    expect(cat.defaultLifeYears('A02320301')).toBe(8);
    expect(cat.entries.length).toBe(SHIPPED_CLASSES.length + 1);
    // the shipped catalogue is unchanged
    expect(findClass('A02010110')).toBeUndefined();
  });

  it('validation reports broken entries in Chinese, and createCatalogue refuses them', () => {
    const bad: AssetClass[] = [
      { code: 'A02000000', scheme: 'GB2022', name: '设备', parent: null, level: 1, source: 'imported' },
      { code: 'A02000000', scheme: 'GB2022', name: '设备', parent: null, level: 1, source: 'imported' },
      { code: 'A0201', scheme: 'GB2022', name: '太短', parent: 'A02000000', level: 2, source: 'imported' },
      { code: 'A02050100', scheme: 'GB2022', name: '缺上级', parent: 'A02050000', level: 3, source: 'imported' },
      { code: 'A02060000', scheme: 'GB2022', name: '级次错', parent: 'A02000000', level: 3, source: 'imported' },
      { code: 'A02070000', scheme: 'GB2022', name: '区间错', parent: 'A02000000', level: 2, source: 'imported', minLifeYears: 10, maxLifeYears: 5 },
      { code: 'A03000000', scheme: 'GB2022', name: '文物', parent: null, level: 1, source: 'imported', depreciable: false, minLifeYears: 5 },
      { code: '3220000', scheme: 'GB2010', name: '医疗设备', parent: null, level: 2, source: 'imported', mapsTo: 'A02320000' },
    ];
    const problems = validateCatalogue(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        '分类代码重复：A02000000',
        expect.stringContaining('「A0201」不符合 GB/T 14885-2022'),
        expect.stringContaining('上级分类「A02050000」不存在'),
        expect.stringContaining('级次应为 2'),
        expect.stringContaining('最高年限小于最低年限'),
        expect.stringContaining('不计提折旧，不应设置折旧年限'),
        expect.stringContaining('缺少上级分类'),
        expect.stringContaining('对应的 2022 版分类「A02320000」不存在'),
      ]),
    );
    expect(() => createCatalogue(bad)).toThrow(RangeError);
  });
});
