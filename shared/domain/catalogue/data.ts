// The shipped asset classification (GB/T 14885) with the national minimum lives (DOMAIN §3.1, §3.3).
//
// HONESTY NOTE. The official GB/T 14885-2022 code table is not available offline. Only the codes DOMAIN.md
// §3.1 gives are marked source 'DOMAIN' (A01000000 房屋和构筑物, A02000000 设备, A02010105 台式计算机,
// A02010108 便携式计算机, A02021000 打印机, A05000000 家具和用具, A05010301 办公椅; 2010 edition: 1020000
// 房屋, 2010000 计算机设备及软件, 2020000 办公设备, 2030000 车辆, 3220000 医疗设备). EVERY OTHER CODE below is
// 'provisional': built to the standard's shape (letter A, four 2-digit levels; level 1 A01…A08) and placed
// where DOMAIN's examples imply (A0201 holds computers, A0202 holds printers, A050103 holds office chairs),
// but NOT claimed to be the official code. DOMAIN marks such codes [param]: the catalogue is editable and a
// centre imports the full official table it bought (source 'imported'), which replaces these entries.
//
// The life rules are [rule]s from 应用指南 table 1 as DOMAIN §3.3 states them: 房屋 钢结构/钢筋混凝土 ≥50,
// 砖混/砖木 ≥30, 简易房/房屋附属设施/构筑物 ≥8; 计算机 ≥6, 办公设备 ≥6, 车辆 ≥8, 图书档案设备 ≥5, 机械设备 ≥10,
// 电气设备 ≥5, 雷达/无线电/卫星导航 ≥10, 通信 ≥5, 广播电视电影 ≥5, 仪器仪表 ≥5, 电子和通信测量 ≥5, 计量标准器具 ≥5;
// 医疗设备 5–10, 化学药品和中药专用设备 5–10; 家具 ≥15, 用具装具 ≥5 ([param]). Default lives inside the medical
// range follow DOMAIN's examples (lab/ICU/dialysis 5, imaging/endoscopes 6); the others are our defaults.

import type { DepMethod } from '../depreciation';
import { structuralLevel, structuralParent } from './codes';
import type { AssetClass, ClassSource } from './types';

type Props = Partial<Pick<AssetClass, 'method' | 'minLifeYears' | 'maxLifeYears' | 'defaultLifeYears' | 'depreciable' | 'lifeByStructure' | 'note'>>;
type Row = readonly [code: string, name: string, source: ClassSource, props?: Props];

const D: ClassSource = 'DOMAIN';
const P: ClassSource = 'provisional';
const SL: DepMethod = 'straight-line';
const NO: Props = { depreciable: false };

/** 房屋 minimum lives by structure (应用指南 table 1, DOMAIN §3.3). */
export const BUILDING_STRUCTURE_MIN_YEARS: Readonly<Record<string, number>> = {
  钢结构: 50,
  钢筋混凝土结构: 50,
  砖混结构: 30,
  砖木结构: 30,
  简易房: 8,
  房屋附属设施: 8,
};

/** How sheets write the structure, mapped to the names above. */
export const BUILDING_STRUCTURE_ALIASES: Readonly<Record<string, string>> = {
  钢: '钢结构',
  钢构: '钢结构',
  钢结构: '钢结构',
  钢筋混凝土: '钢筋混凝土结构',
  钢筋混凝土结构: '钢筋混凝土结构',
  钢混: '钢筋混凝土结构',
  钢混结构: '钢筋混凝土结构',
  框架: '钢筋混凝土结构',
  框架结构: '钢筋混凝土结构',
  砖混: '砖混结构',
  砖混结构: '砖混结构',
  砖木: '砖木结构',
  砖木结构: '砖木结构',
  简易: '简易房',
  简易房: '简易房',
  简易房屋: '简易房',
  附属设施: '房屋附属设施',
  房屋附属设施: '房屋附属设施',
};

const GB2022_ROWS: readonly Row[] = [
  // ── A01 房屋和构筑物 ─────────────────────────────────────────────────────────────
  ['A01000000', '房屋和构筑物', D, { method: SL, minLifeYears: 8 }],
  ['A01010000', '房屋', P, { lifeByStructure: true, defaultLifeYears: 30, note: '最低年限按建筑结构：钢结构/钢筋混凝土结构 50 年，砖混/砖木结构 30 年，简易房/房屋附属设施 8 年' }],
  ['A01020000', '构筑物', P, { minLifeYears: 8 }],
  ['A01030000', '土地', P, { ...NO, note: '单独计价入账的土地不计提折旧' }],

  // ── A02 设备 ─────────────────────────────────────────────────────────────────────
  ['A02000000', '设备', D, { method: SL }],
  // 信息化设备 (计算机 ≥6)
  ['A02010000', '信息化设备', P, { minLifeYears: 6, note: '应用指南：计算机设备不低于 6 年' }],
  ['A02010100', '计算机', P],
  ['A02010104', '服务器', P],
  ['A02010105', '台式计算机', D],
  ['A02010108', '便携式计算机', D],
  ['A02010109', '平板式计算机', P],
  ['A02010200', '网络设备', P],
  ['A02010201', '路由器', P],
  ['A02010202', '交换机', P],
  ['A02010203', '无线局域网设备', P],
  ['A02010300', '信息安全设备', P],
  ['A02010301', '防火墙', P],
  ['A02010500', '存储设备', P],
  ['A02010501', '磁盘阵列', P],
  // 办公设备 (≥6)
  ['A02020000', '办公设备', P, { minLifeYears: 6 }],
  ['A02020100', '复印机', P],
  ['A02020200', '投影仪', P],
  ['A02020400', '多功能一体机', P],
  ['A02021000', '打印机', D],
  ['A02021001', '激光打印机', P],
  ['A02021002', '喷墨打印机', P],
  ['A02021003', '针式打印机', P],
  ['A02021004', '条码打印机', P],
  ['A02021100', '扫描仪', P],
  // 车辆 (≥8)
  ['A02030000', '车辆', P, { minLifeYears: 8 }],
  ['A02030100', '客车', P],
  ['A02030500', '乘用车', P],
  ['A02030501', '轿车', P],
  ['A02030502', '越野车', P],
  ['A02030503', '商务车', P],
  ['A02030600', '专用车辆', P],
  ['A02030601', '救护车', P],
  ['A02030602', '医疗车', P, { note: '流动医疗车、体检车等' }],
  ['A02030603', '冷藏车', P, { note: '疫苗、血液冷链运输' }],
  // other general equipment, lives from the 应用指南 table
  ['A02040000', '图书档案设备', P, { minLifeYears: 5 }],
  ['A02050000', '机械设备', P, { minLifeYears: 10 }],
  ['A02051200', '电梯', P],
  ['A02060000', '电气设备', P, { minLifeYears: 5 }],
  ['A02061500', '不间断电源', P],
  ['A02061800', '空调机', P],
  ['A02070000', '雷达、无线电和卫星导航设备', P, { minLifeYears: 10 }],
  ['A02080000', '通信设备', P, { minLifeYears: 5 }],
  ['A02090000', '广播、电视、电影设备', P, { minLifeYears: 5 }],
  ['A02100000', '仪器仪表', P, { minLifeYears: 5 }],
  ['A02110000', '电子和通信测量设备', P, { minLifeYears: 5 }],
  ['A02120000', '计量标准器具及量具、衡器', P, { minLifeYears: 5 }],
  // special equipment with a range in the 应用指南 table
  ['A02310000', '化学药品和中药专用设备', P, { minLifeYears: 5, maxLifeYears: 10, defaultLifeYears: 5 }],
  ['A02320000', '医疗设备', P, { minLifeYears: 5, maxLifeYears: 10, defaultLifeYears: 5, note: '应用指南：5–10 年；医院可在此范围内设本地子表' }],
  ['A02320100', '医用电子仪器', P, { defaultLifeYears: 5 }],
  ['A02320101', '心电图机', P],
  ['A02320102', '病人监护仪', P],
  ['A02320103', '脑电图机', P],
  ['A02320200', '超声诊断设备', P, { defaultLifeYears: 6 }],
  ['A02320201', '彩色多普勒超声诊断仪', P],
  ['A02320202', '黑白超声诊断仪', P],
  ['A02320300', '医用X射线设备', P, { defaultLifeYears: 6 }],
  ['A02320301', 'X射线计算机体层摄影设备（CT）', P],
  ['A02320302', '数字化X射线摄影系统（DR）', P],
  ['A02320303', '乳腺X射线机', P],
  ['A02320304', '移动式C形臂X射线机', P],
  ['A02320400', '医用磁共振设备', P, { defaultLifeYears: 6 }],
  ['A02320401', '磁共振成像系统（MRI）', P],
  ['A02320500', '临床检验设备', P, { defaultLifeYears: 5 }],
  ['A02320501', '全自动生化分析仪', P],
  ['A02320502', '血细胞分析仪', P],
  ['A02320503', '化学发光免疫分析仪', P],
  ['A02320504', '尿液分析仪', P],
  ['A02320505', '医用离心机', P],
  ['A02320600', '病房护理设备', P, { defaultLifeYears: 5 }],
  ['A02320601', '医用病床', P],
  ['A02320602', '输液泵', P],
  ['A02320603', '注射泵', P],
  ['A02320604', '婴儿培养箱', P],
  ['A02320700', '手术急救设备', P, { defaultLifeYears: 5 }],
  ['A02320701', '麻醉机', P],
  ['A02320702', '呼吸机', P],
  ['A02320703', '手术床', P],
  ['A02320704', '手术无影灯', P],
  ['A02320705', '除颤器', P],
  ['A02320706', '高频电刀', P],
  ['A02320800', '消毒灭菌设备', P, { defaultLifeYears: 5 }],
  ['A02320801', '压力蒸汽灭菌器', P],
  ['A02320802', '低温等离子灭菌器', P],
  ['A02320803', '清洗消毒机', P],
  ['A02320900', '口腔设备', P, { defaultLifeYears: 5 }],
  ['A02320901', '牙科综合治疗台', P],
  ['A02320902', '口腔X射线机', P],
  ['A02321000', '医用内窥镜', P, { defaultLifeYears: 6 }],
  ['A02321001', '电子胃肠镜', P],
  ['A02321002', '腹腔镜', P],
  ['A02321100', '血液净化设备', P, { defaultLifeYears: 5 }],
  ['A02321101', '血液透析机', P],
  ['A02321200', '中医诊疗设备', P, { defaultLifeYears: 5 }],
  ['A02321201', '针灸治疗仪', P],
  ['A02321300', '物理治疗及康复设备', P, { defaultLifeYears: 5 }],
  ['A02329900', '其他医疗设备', P],

  // ── A03 文物和陈列品 — not depreciated ─────────────────────────────────────────────
  ['A03000000', '文物和陈列品', P, NO],
  ['A03010000', '文物', P],
  ['A03020000', '陈列品', P],

  // ── A04 图书和档案 — not depreciated ───────────────────────────────────────────────
  ['A04000000', '图书和档案', P, NO],
  ['A04010000', '图书', P],
  ['A04020000', '档案', P],

  // ── A05 家具和用具 ─────────────────────────────────────────────────────────────────
  ['A05000000', '家具和用具', D, { method: SL }],
  ['A05010000', '家具', P, { minLifeYears: 15 }],
  ['A05010100', '床类', P],
  ['A05010200', '台、桌类', P],
  ['A05010201', '办公桌', P],
  ['A05010202', '会议桌', P],
  ['A05010300', '椅凳类', P],
  ['A05010301', '办公椅', D],
  ['A05010302', '会议椅', P],
  ['A05010303', '候诊椅', P],
  ['A05010400', '沙发类', P],
  ['A05010500', '柜类', P],
  ['A05010501', '文件柜', P],
  ['A05010502', '更衣柜', P],
  ['A05010600', '架类', P],
  ['A05020000', '用具', P, { minLifeYears: 5, note: '用具装具 ≥5 年为 [param]' }],
  ['A05030000', '装具', P, { minLifeYears: 5, note: '用具装具 ≥5 年为 [param]' }],

  // ── A06 特种动植物 — not depreciated ───────────────────────────────────────────────
  ['A06000000', '特种动植物', P, NO],
  ['A06010000', '特种植物', P],
  ['A06020000', '特种动物', P],

  // ── A07 物资 — inventories, not fixed assets ─────────────────────────────────────────
  ['A07000000', '物资', P, { ...NO, note: '存货类，不计提折旧' }],

  // ── A08 无形资产 — amortised, no minimum-life table ──────────────────────────────────
  ['A08000000', '无形资产', P, { method: SL, note: '按《政府会计准则第4号——无形资产》摊销，年限按法律或合同规定，不适用固定资产最低折旧年限表' }],
  ['A08010000', '土地使用权', P],
  ['A08020000', '软件', P],
];

function build(rows: readonly Row[], scheme: AssetClass['scheme']): AssetClass[] {
  return rows.map(([code, name, source, props]) => ({
    code,
    scheme,
    name,
    parent: structuralParent(code) ?? null,
    level: structuralLevel(code) ?? 0,
    source,
    ...props,
  }));
}

/** GB/T 14885-2022 classes shipped with the program (see the honesty note at the top of this file). */
export const GB2022_CLASSES: readonly AssetClass[] = build(GB2022_ROWS, 'GB2022');

const GB2010_ROWS: readonly (readonly [code: string, name: string, source: ClassSource, mapsTo: string])[] = [
  ['1000000', '土地、房屋及构筑物', P, 'A01000000'],
  ['1010000', '土地', P, 'A01030000'],
  ['1020000', '房屋', D, 'A01010000'],
  ['1030000', '构筑物', P, 'A01020000'],
  ['2000000', '通用设备', P, 'A02000000'],
  ['2010000', '计算机设备及软件', D, 'A02010000'],
  ['2020000', '办公设备', D, 'A02020000'],
  ['2030000', '车辆', D, 'A02030000'],
  ['3000000', '专用设备', P, 'A02000000'],
  ['3220000', '医疗设备', D, 'A02320000'],
  ['4000000', '文物和陈列品', P, 'A03000000'],
  ['5000000', '图书、档案', P, 'A04000000'],
];

/** GB/T 14885-2010 classes (7 digits); each maps to a GB2022 class, from which it takes its life rules. */
export const GB2010_CLASSES: readonly AssetClass[] = GB2010_ROWS.map(([code, name, source, mapsTo]) => ({
  code,
  scheme: 'GB2010' as const,
  name,
  parent: structuralParent(code) ?? null,
  level: structuralLevel(code) ?? 0,
  source,
  mapsTo,
}));

export interface CodeMapping {
  from: string;
  to: string;
  /** 'DOMAIN' only when both codes come from DOMAIN.md; the targets here are provisional 2022 codes. */
  source: ClassSource;
}

/** 2010 → 2022 mapping table. Note 2010 计算机设备及软件 covers software too, which 2022 files under 无形资产. */
export const MAPPING_GB2010_TO_GB2022: readonly CodeMapping[] = GB2010_CLASSES.map((c) => {
  const target = GB2022_CLASSES.find((t) => t.code === c.mapsTo);
  return { from: c.code, to: c.mapsTo!, source: c.source === 'DOMAIN' && target?.source === 'DOMAIN' ? 'DOMAIN' : 'provisional' };
});

/** Everything shipped: GB2022 first, then GB2010. */
export const SHIPPED_CLASSES: readonly AssetClass[] = [...GB2022_CLASSES, ...GB2010_CLASSES];
