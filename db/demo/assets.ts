// Demo asset register (issue #3): ~50,000 believable asset cards for the demo community built by
// ./index.ts, with their histories and month-end depreciation — all written by the engine's own
// handlers, so every card and every event obeys the same rules as real data.
//
// The story the data tells (deterministic from the seed):
// - Until mid-2026 every member unit kept its own register. At the cut-over (end of 2026-06) the
//   community's finance centre migrated them into this ledger: every card booked 2008 – 2026-06
//   arrives with its opening accumulated depreciation as of the cut-over, computed with the pure
//   rules of shared/domain/depreciation.ts (what the old system would have shown), and depreciation
//   continues here from 2026-07. A part of the cards carries moves recorded before the cut-over
//   (科室调整, 人员变动, 搬迁).
// - From 2026-07 through `throughPeriod` (default 2026-10), month by month: new purchases are
//   booked; cards move between departments, users, locations and statuses (送修 and back, 闲置,
//   待报废); a few hundred are transferred between member units (调剂: the lead hospital passes
//   equipment down to township centres, centres pass PCs to their village clinics); buildings are
//   renovated and large equipment upgraded (cost changes, some life changes); old items are
//   disposed of with approval document numbers; then the month-end depreciation runs. Every month
//   but the last is closed; the last stays open.
// - The value sits where it does in a county: the lead hospital holds most of it (buildings, CT,
//   MRI, DR, 彩超, ICU equipment, the information system); township centres hold DR, B超, 心电图机,
//   a small 全自动生化, PCs and beds, mostly paid from fiscal subsidies; village clinics a few items.
//
// How it writes. Cards go through `assets.create` (one call per group, like an import: one
// transaction and one audit row each). Events go through the handlers of `assets.transfer`,
// `assets.move`, `assets.changeCost` and `assets.dispose` themselves, called in batches: one
// engine write (`makeWrite`: one transaction, one hash-chained audit row) per method and month, in
// which every call runs the handler unchanged with its arguments validated by the method's zod
// schema — the handler's own `ctx.write` joins the batch's transaction and records into its audit
// row. Month-end runs go through `depreciation.run`.
//
// Class codes come from the shipped catalogue (shared/domain/catalogue); apart from the handful
// DOMAIN.md gives, those are provisional codes (see the note in catalogue/data.ts). Brands and
// models are real products of the years they are booked in; the suppliers are illustrative.

import { api, type ArgsIn, type MethodName } from '../../shared/api';
import type { AssetInput } from '../../shared/api/assets';
import { defaultLifeYears, isDepreciable } from '../../shared/domain/catalogue';
import { addMonths, advanceStraightLine, openingState, periodIndex, recalculate, stateAfter, type AssetDepState } from '../../shared/domain/depreciation';
import { LedgerError } from '../../shared/errors';
import { makeWrite, type Actor, type HandlerContext } from '../engine/context';
import { zodDetails, type CallContext, type Ledger } from '../engine/ledger';
import { handlers } from '../modules';
import { GIVEN_NAMES, Rng, SURNAMES } from './index';

/** The old registers' figures are as of the end of this month; the ledger charges from the month after. */
export const DEMO_CUT_OVER = '2026-06';
/** The latest month-end run of the demo (left open); every earlier one is closed. */
export const DEMO_THROUGH_PERIOD = '2026-10';
const FIRST_YEAR = 2008;

export interface AssetsDemoOptions {
  seed: number;
  /** Last period to depreciate (left open). Default DEMO_THROUGH_PERIOD. */
  throughPeriod?: string;
  /** Migration cut-over (opening figures as of its end). Default DEMO_CUT_OVER; must be before `throughPeriod`. */
  cutOver?: string;
  /** 1 = ~50,000 cards; smaller values thin every count (tests). */
  scale?: number;
  onProgress?: (msg: string) => void;
  /**
   * Called in every month after its business and before its month-end run (the period is still
   * open then), e.g. to record shared use of equipment dated in that month.
   */
  beforeMonthEnd?: (period: string) => Promise<void> | void;
}

export interface AssetsDemoResult {
  cards: number;
  /** Cards migrated from the old registers with opening accumulated depreciation at the cut-over. */
  migrated: number;
  /** Cards bought after the cut-over. */
  purchased: number;
  cutOver: string;
  moves: number;
  transfers: number;
  costChanges: number;
  disposals: number;
  periods: { period: string; assets: number; totalFen: number; closed: boolean }[];
  /**
   * Large equipment of the county hospitals (CT, MRI, DR, 彩超, 内镜 …) in use and with no transfer, move or
   * disposal since the cut-over: candidates for shared use in any of those months.
   */
  largeEquipment: string[];
}

// ---------------------------------------------------------------------------------------------
// What exists: kinds of assets

type Cat = 'it' | 'office' | 'electric' | 'vehicle' | 'medical' | 'furniture' | 'building' | 'structure' | 'land' | 'books' | 'software';
/** [brand, model, maker, first year sold, last year sold] */
type Model = readonly [brand: string, model: string, maker: string, from?: number, to?: number];

interface Kind {
  /** The key in K (set when a card is planned). */
  key?: string;
  name: string;
  cls: string;
  mu: string;
  /** Price range per piece, yuan. */
  price: readonly [number, number];
  models: readonly Model[];
  cat: Cat;
  /** Life in months when not the class's default. */
  life?: number;
  /** Pieces per card (batches of low-value furniture managed as one card). */
  qty?: readonly [number, number];
  /** Room appended to the department's place ('CT室'); absent: the department's own place. */
  room?: string;
  /** 使用人: a named person (PCs), the department head (large equipment), or nobody. */
  user?: 'person' | 'head';
  /** Booking years when not spread from 2008 up to the cut-over by the usual age profile. */
  years?: readonly [number, number];
  /** Large equipment (sharing candidates, cost changes). */
  big?: boolean;
}

const M = {
  mindray: '深圳迈瑞生物医疗电子股份有限公司',
  uih: '上海联影医疗科技股份有限公司',
  ge: '通用电气医疗系统(中国)有限公司',
  siemens: '西门子医疗系统有限公司',
  philips: '飞利浦医疗(苏州)有限公司',
  neusoft: '东软医疗系统股份有限公司',
  wandong: '北京万东医疗科技股份有限公司',
  shimadzu: '岛津企业管理(中国)有限公司',
  sonoscape: '深圳开立生物医疗科技股份有限公司',
  edan: '深圳市理邦精密仪器股份有限公司',
  nk: '上海光电医用电子仪器有限公司',
  draeger: '德尔格医疗设备(上海)有限公司',
  aeon: '北京谊安医疗系统股份有限公司',
  shinva: '山东新华医疗器械股份有限公司',
  olympus: '奥林巴斯(北京)销售服务有限公司',
  lenovo: '联想(北京)有限公司',
  huawei: '华为技术有限公司',
  hp: '惠普贸易(上海)有限公司',
  dell: '戴尔(中国)有限公司',
  inspur: '浪潮电子信息产业股份有限公司',
  h3c: '新华三技术有限公司',
  gree: '珠海格力电器股份有限公司',
  midea: '美的集团股份有限公司',
  haier: '青岛海尔生物医疗股份有限公司',
  seewin: '洛阳花都家具集团有限公司',
  hongda: '清河县宏达家具有限公司',
} as const;

const K = {
  // ── IT and office ──
  pc: { name: '台式计算机', cls: 'A02010105', mu: '台', price: [3800, 7200], cat: 'it', user: 'person', models: [['联想', '启天M6900', M.lenovo, 2008, 2012], ['惠普', 'Compaq 6000 Pro', M.hp, 2009, 2013], ['联想', '启天M4350', M.lenovo, 2012, 2016], ['戴尔', 'OptiPlex 3020', M.dell, 2014, 2017], ['联想', '启天M415', M.lenovo, 2016, 2020], ['惠普', 'ProDesk 480 G7', M.hp, 2020, 2023], ['联想', '启天M437', M.lenovo, 2020, 2024], ['华为', '擎云B730', M.huawei, 2022, 2026], ['联想', '启天M455', M.lenovo, 2023, 2026], ['同方', '超越E500', '同方股份有限公司', 2023, 2026]] },
  laptop: { name: '便携式计算机', cls: 'A02010108', mu: '台', price: [4600, 9800], cat: 'it', user: 'person', models: [['联想', 'ThinkPad T420', M.lenovo, 2010, 2014], ['联想', 'ThinkPad E450', M.lenovo, 2014, 2019], ['联想', 'ThinkPad E14', M.lenovo, 2019, 2026], ['华为', 'MateBook D14', M.huawei, 2020, 2026]] },
  tablet: { name: '平板式计算机', cls: 'A02010109', mu: '台', price: [2300, 3600], cat: 'it', user: 'person', years: [2020, 2025], models: [['华为', 'MatePad 11', M.huawei, 2020, 2026], ['联想', '小新Pad Pro', M.lenovo, 2021, 2026]] },
  server: { name: '服务器', cls: 'A02010104', mu: '台', price: [46000, 260000], cat: 'it', room: '信息中心机房', models: [['IBM', 'System x3650 M4', 'IBM(中国)投资有限公司', 2008, 2015], ['戴尔', 'PowerEdge R730', M.dell, 2015, 2019], ['华为', 'FusionServer 2288H V5', M.huawei, 2018, 2026], ['浪潮', 'NF5280M6', M.inspur, 2021, 2026]] },
  storage: { name: '磁盘阵列', cls: 'A02010501', mu: '台', price: [180000, 620000], cat: 'it', room: '信息中心机房', years: [2014, 2024], models: [['华为', 'OceanStor 5300 V5', M.huawei, 2017, 2026], ['浪潮', 'AS5300G5', M.inspur, 2019, 2026], ['宏杉', 'MS3000', '杭州宏杉科技股份有限公司', 2014, 2020]] },
  coreSwitch: { name: '核心交换机', cls: 'A02010202', mu: '台', price: [68000, 180000], cat: 'it', room: '信息中心机房', models: [['华为', 'S7706', M.huawei, 2012, 2026], ['新华三', 'S7506E', M.h3c, 2010, 2026]] },
  switch: { name: '交换机', cls: 'A02010202', mu: '台', price: [2600, 9800], cat: 'it', room: '弱电间', models: [['思科', 'WS-C2960-24TT-L', '思科系统(中国)网络技术有限公司', 2008, 2014], ['锐捷', 'RG-S2928G-E', '锐捷网络股份有限公司', 2012, 2019], ['华为', 'S5720-52X-LI-AC', M.huawei, 2015, 2021], ['华为', 'S5735-L48T4S-A', M.huawei, 2019, 2026], ['新华三', 'S5130S-52S-EI', M.h3c, 2017, 2026]] },
  firewall: { name: '防火墙', cls: 'A02010301', mu: '台', price: [36000, 150000], cat: 'it', room: '信息中心机房', years: [2014, 2025], models: [['深信服', 'AF-1000', '深信服科技股份有限公司'], ['华为', 'USG6550E', M.huawei, 2019, 2026], ['天融信', 'NGFW4000-UF', '北京天融信科技有限公司']] },
  wifi: { name: '无线接入点(AP)', cls: 'A02010203', mu: '批', price: [1300, 2200], qty: [12, 40], cat: 'it', years: [2016, 2025], models: [['华为', 'AirEngine 5761-11', M.huawei, 2020, 2026], ['锐捷', 'RG-AP720-L', '锐捷网络股份有限公司', 2016, 2021]] },
  laser: { name: '激光打印机', cls: 'A02021001', mu: '台', price: [1200, 3600], cat: 'office', models: [['联想', 'LJ2400', M.lenovo, 2008, 2014], ['惠普', 'LaserJet P2055d', M.hp, 2009, 2014], ['惠普', 'LaserJet Pro M403d', M.hp, 2015, 2020], ['兄弟', 'HL-5595DN', '兄弟(中国)商业有限公司', 2017, 2023], ['惠普', 'LaserJet Pro M405dn', M.hp, 2019, 2026], ['奔图', 'P3305DN', '珠海奔图电子有限公司', 2021, 2026]] },
  dot: { name: '针式打印机', cls: 'A02021003', mu: '台', price: [1300, 2600], cat: 'office', models: [['爱普生', 'LQ-630K', '爱普生(中国)有限公司', 2008, 2017], ['爱普生', 'LQ-630KII', '爱普生(中国)有限公司', 2016, 2026], ['映美', 'FP-630K+', '江门市映美电子有限公司']] },
  label: { name: '条码打印机', cls: 'A02021004', mu: '台', price: [1500, 4200], cat: 'office', years: [2012, 2025], models: [['斑马', 'ZD888', '斑马技术(上海)有限公司', 2017, 2026], ['TSC', 'TTP-244 Pro', '台半(天津)电子有限公司', 2012, 2020]] },
  mfp: { name: '多功能一体机', cls: 'A02020400', mu: '台', price: [2600, 8800], cat: 'office', models: [['惠普', 'LaserJet Pro MFP M428fdw', M.hp, 2019, 2026], ['兄弟', 'MFC-8540DN', '兄弟(中国)商业有限公司', 2013, 2019], ['佳能', 'iC MF643Cdw', '佳能(中国)有限公司', 2019, 2026]] },
  copier: { name: '复印机', cls: 'A02020100', mu: '台', price: [18000, 62000], cat: 'office', models: [['理光', 'MP 2555SP', '理光(中国)投资有限公司', 2014, 2021], ['柯尼卡美能达', 'bizhub 367', '柯尼卡美能达办公系统(中国)有限公司', 2016, 2023], ['夏普', 'MX-M3158NV', '夏普商贸(中国)有限公司', 2019, 2026]] },
  projector: { name: '投影仪', cls: 'A02020200', mu: '台', price: [3600, 14000], cat: 'office', models: [['爱普生', 'CB-X50', '爱普生(中国)有限公司', 2018, 2026], ['明基', 'E580', '明基电通有限公司']] },
  scanner: { name: '扫描仪', cls: 'A02021100', mu: '台', price: [2200, 11800], cat: 'office', models: [['富士通', 'fi-7160', '富士通(中国)信息系统有限公司'], ['爱普生', 'DS-1660W', '爱普生(中国)有限公司']] },
  // ── Electrical and mechanical ──
  ac: { name: '空调机', cls: 'A02061800', mu: '台', price: [3200, 12800], cat: 'electric', models: [['格力', 'KFR-35GW(挂机)', M.gree], ['格力', 'KFR-72LW(柜机)', M.gree], ['美的', 'KFR-51LW(柜机)', M.midea], ['海尔', 'KFR-35GW(挂机)', '海尔智家股份有限公司']] },
  vrv: { name: '中央空调(多联机)', cls: 'A02061800', mu: '套', price: [260000, 980000], cat: 'electric', years: [2009, 2024], models: [['大金', 'VRV X', '大金(中国)投资有限公司'], ['格力', 'GMV5', M.gree]] },
  ups: { name: '不间断电源', cls: 'A02061500', mu: '台', price: [9000, 120000], cat: 'electric', room: '信息中心机房', models: [['山特', 'C10KS', '山特电子(深圳)有限公司'], ['华为', 'UPS2000-G-10KRTL', M.huawei, 2017, 2026], ['艾默生', 'UL33-0200L', '艾默生网络能源有限公司', 2008, 2016]] },
  queueScreen: { name: '排队叫号显示屏', cls: 'A02090000', mu: '台', price: [2200, 6800], cat: 'electric', years: [2014, 2025], models: [['海康威视', 'DS-D5043FL', '杭州海康威视数字技术股份有限公司'], ['创维', '43寸商用显示屏', '深圳创维-RGB电子有限公司']] },
  upsSmall: { name: '不间断电源(1kVA)', cls: 'A02061500', mu: '台', price: [1600, 3800], cat: 'electric', models: [['山特', 'C1K', '山特电子(深圳)有限公司'], ['华为', 'UPS2000-A-1KTTS', M.huawei, 2017, 2026]] },
  tv: { name: '液晶电视机', cls: 'A02090000', mu: '台', price: [1600, 3800], cat: 'electric', models: [['海信', 'HZ43E3D', '海信视像科技股份有限公司'], ['创维', '43M3', '深圳创维-RGB电子有限公司'], ['TCL', 'L43F3301B', 'TCL王牌电器(惠州)有限公司']] },
  elevator: { name: '医用电梯', cls: 'A02051200', mu: '部', price: [320000, 680000], cat: 'electric', life: 180, big: true, models: [['通力', 'MonoSpace 500', '通力电梯有限公司'], ['日立', 'HGP', '日立电梯(中国)有限公司'], ['奥的斯', 'GeN2', '奥的斯电梯(中国)有限公司']] },
  generator: { name: '柴油发电机组', cls: 'A02060000', mu: '台', price: [260000, 620000], cat: 'electric', life: 120, models: [['康明斯', 'C700D5', '重庆康明斯发动机有限公司'], ['玉柴', 'YC6C1020L-D20', '广西玉柴机器股份有限公司']] },
  // ── Vehicles ──
  ambulance: { name: '救护车', cls: 'A02030601', mu: '辆', price: [230000, 520000], cat: 'vehicle', user: 'head', models: [['江铃', '全顺JX5049XJHZK(监护型)', '江铃汽车股份有限公司'], ['依维柯', 'NJ5046XJHQ', '南京依维柯汽车有限公司', 2010, 2026], ['上汽大通', 'V80 SH5041XJHA', '上汽大通汽车有限公司', 2014, 2026], ['奔驰', 'Sprinter负压型', '福建奔驰汽车有限公司', 2020, 2026]] },
  exambus: { name: '体检车', cls: 'A02030602', mu: '辆', price: [580000, 980000], cat: 'vehicle', years: [2015, 2024], models: [['宇通', 'ZK5120XYL', '宇通客车股份有限公司']] },
  clinicVan: { name: '流动医疗车', cls: 'A02030602', mu: '辆', price: [260000, 420000], cat: 'vehicle', years: [2017, 2025], models: [['江铃', '全顺JX5046XYLMK', '江铃汽车股份有限公司']] },
  coldVan: { name: '冷藏车(疫苗冷链)', cls: 'A02030603', mu: '辆', price: [180000, 310000], cat: 'vehicle', years: [2014, 2024], models: [['福田', 'BJ5048XLC', '北汽福田汽车股份有限公司']] },
  mpv: { name: '商务车', cls: 'A02030503', mu: '辆', price: [220000, 340000], cat: 'vehicle', models: [['别克', 'GL8', '上汽通用汽车有限公司']] },
  bus: { name: '客车', cls: 'A02030100', mu: '辆', price: [380000, 680000], cat: 'vehicle', models: [['宇通', 'ZK6729D', '宇通客车股份有限公司']] },
  // ── Medical: imaging ──
  ct: { name: 'CT机', cls: 'A02320301', mu: '台', price: [3800000, 8600000], cat: 'medical', room: 'CT室', user: 'head', big: true, models: [['西门子', 'SOMATOM Emotion 16', M.siemens, 2008, 2014], ['GE', 'Optima CT540', M.ge, 2011, 2017], ['东软', 'NeuViz 64', M.neusoft, 2014, 2026], ['联影', 'uCT 530', M.uih, 2017, 2026], ['联影', 'uCT 760', M.uih, 2018, 2026], ['GE', 'Revolution ACT', M.ge, 2018, 2026]] },
  mri3t: { name: '磁共振成像系统(3.0T)', cls: 'A02320401', mu: '台', price: [16800000, 22800000], cat: 'medical', room: '3.0T磁共振室', user: 'head', big: true, years: [2022, 2024], models: [['西门子', 'MAGNETOM Vida', M.siemens], ['联影', 'uMR 780', M.uih]] },
  dsa: { name: '数字减影血管造影系统(DSA)', cls: 'A02320300', mu: '台', price: [6200000, 9200000], cat: 'medical', room: 'DSA室', user: 'head', big: true, years: [2019, 2023], models: [['飞利浦', 'Azurion 7 M20', M.philips], ['西门子', 'Artis zee III ceiling', M.siemens], ['GE', 'Innova IGS 530', M.ge]] },
  mri: { name: '磁共振成像系统(1.5T)', cls: 'A02320401', mu: '台', price: [6800000, 12800000], cat: 'medical', room: 'MRI室', user: 'head', big: true, years: [2012, 2023], models: [['西门子', 'MAGNETOM Avanto', M.siemens, 2008, 2015], ['飞利浦', 'Ingenia 1.5T', M.philips, 2014, 2026], ['联影', 'uMR 560', M.uih, 2016, 2026], ['GE', 'SIGNA Creator', M.ge, 2018, 2026]] },
  dr: { name: '数字化X射线摄影系统(DR)', cls: 'A02320302', mu: '台', price: [480000, 1450000], cat: 'medical', room: 'DR室', user: 'head', big: true, models: [['北京万东', '新东方1000', M.wandong, 2010, 2026], ['岛津', 'RADspeed Pro', M.shimadzu, 2011, 2026], ['东软', 'NeuVision 550', M.neusoft, 2012, 2026], ['西门子', 'Ysio Max', M.siemens, 2014, 2026], ['联影', 'uDR 588i', M.uih, 2015, 2026]] },
  mammo: { name: '乳腺X射线机', cls: 'A02320303', mu: '台', price: [980000, 2200000], cat: 'medical', room: '乳腺机房', user: 'head', big: true, years: [2012, 2024], models: [['西门子', 'MAMMOMAT Inspiration', M.siemens], ['GE', 'Senographe Pristina', M.ge, 2017, 2026]] },
  carm: { name: '移动式C形臂X射线机', cls: 'A02320304', mu: '台', price: [620000, 2600000], cat: 'medical', user: 'head', big: true, years: [2010, 2024], models: [['西门子', 'Cios Alpha', M.siemens, 2016, 2026], ['GE', 'OEC Brivo 785', M.ge], ['飞利浦', 'BV Vectra', M.philips, 2010, 2018]] },
  color: { name: '彩色多普勒超声诊断仪', cls: 'A02320201', mu: '台', price: [380000, 2400000], cat: 'medical', room: '彩超室', user: 'head', big: true, models: [['西门子', 'ACUSON S2000', M.siemens, 2008, 2016], ['GE', 'LOGIQ E9', M.ge, 2010, 2018], ['GE', 'Voluson E8', M.ge, 2010, 2020], ['迈瑞', 'DC-70', M.mindray, 2013, 2020], ['飞利浦', 'EPIQ 5', M.philips, 2014, 2026], ['迈瑞', 'Resona 7', M.mindray, 2017, 2026], ['开立', 'S50', M.sonoscape, 2016, 2026]] },
  colorSmall: { name: '彩色多普勒超声诊断仪(便携式)', cls: 'A02320201', mu: '台', price: [280000, 560000], cat: 'medical', room: 'B超室', user: 'head', big: true, models: [['迈瑞', 'M7', M.mindray, 2011, 2022], ['开立', 'S8', M.sonoscape, 2014, 2026], ['迈瑞', 'TE7', M.mindray, 2017, 2026]] },
  bw: { name: 'B超(黑白超声诊断仪)', cls: 'A02320202', mu: '台', price: [68000, 180000], cat: 'medical', room: 'B超室', user: 'head', years: [2008, 2018], models: [['迈瑞', 'DP-50', M.mindray], ['开立', 'SSI-8000', M.sonoscape], ['汕头超声', 'CTS-5500', '汕头市超声仪器研究所股份有限公司']] },
  // ── Medical: electronics, wards, theatres ──
  ecg: { name: '心电图机', cls: 'A02320101', mu: '台', price: [9800, 46000], cat: 'medical', models: [['光电', 'ECG-1350P', M.nk, 2008, 2016], ['光电', 'ECG-2350', M.nk, 2012, 2026], ['理邦', 'SE-1200 Express', M.edan, 2011, 2026], ['迈瑞', 'BeneHeart R12', M.mindray, 2014, 2026]] },
  ecgSmall: { name: '心电图机(三道)', cls: 'A02320101', mu: '台', price: [3200, 6800], cat: 'medical', models: [['康泰', 'ECG300G', '康泰医学系统(秦皇岛)股份有限公司'], ['理邦', 'SE-3', M.edan]] },
  holter: { name: '动态心电记录仪', cls: 'A02320101', mu: '台', price: [16000, 42000], cat: 'medical', models: [['理邦', 'TLC5000', M.edan], ['迈瑞', 'BeneHeart C5', M.mindray, 2016, 2026]] },
  monitor: { name: '多参数病人监护仪', cls: 'A02320102', mu: '台', price: [12000, 62000], cat: 'medical', models: [['迈瑞', 'BeneView T5', M.mindray, 2008, 2016], ['宝莱特', 'Q5', '广东宝莱特医用科技股份有限公司', 2010, 2018], ['理邦', 'iM8', M.edan, 2012, 2020], ['迈瑞', 'iMEC10', M.mindray, 2013, 2021], ['飞利浦', 'IntelliVue MX450', M.philips, 2015, 2026], ['迈瑞', 'ePM 12M', M.mindray, 2019, 2026]] },
  eeg: { name: '脑电图机', cls: 'A02320103', mu: '台', price: [68000, 320000], cat: 'medical', user: 'head', models: [['尼高力', 'NicoletOne', '美国尼高力仪器公司'], ['诺诚', 'NT9200', '上海诺诚电气股份有限公司']] },
  fetal: { name: '胎儿监护仪', cls: 'A02320100', mu: '台', price: [16000, 36000], cat: 'medical', models: [['理邦', 'F3', M.edan], ['飞利浦', 'Avalon FM20', M.philips]] },
  bp: { name: '医用电子血压计', cls: 'A02320100', mu: '台', price: [1200, 3200], cat: 'medical', years: [2014, 2025], models: [['欧姆龙', 'HBP-1300', '欧姆龙(大连)有限公司'], ['欧姆龙', 'HBP-9021', '欧姆龙(大连)有限公司', 2018, 2026]] },
  healthKit: { name: '健康一体机(公卫随访)', cls: 'A02320100', mu: '台', price: [9800, 26000], cat: 'medical', years: [2017, 2025], models: [['康尚', 'KS-S8', '青岛康尚医疗科技有限公司'], ['嘉和美康', 'JH-100', '嘉和美康(北京)科技股份有限公司']] },
  bed: { name: '医用病床(手摇双摇)', cls: 'A02320601', mu: '张', price: [2200, 4800], cat: 'medical', models: [['康辉', 'ABS双摇床', '山东康辉医疗器械有限公司'], ['新华', 'SHINVA-C5', M.shinva], ['金龙', 'JL-B02', '衡水金龙医疗器械有限公司']] },
  bedElectric: { name: '医用病床(电动)', cls: 'A02320601', mu: '张', price: [12000, 28000], cat: 'medical', years: [2012, 2025], models: [['八乐梦', 'A5电动护理床', '八乐梦床业(中国)有限公司'], ['迈瑞', 'HyBed 8200', M.mindray, 2020, 2026]] },
  infusion: { name: '输液泵', cls: 'A02320602', mu: '台', price: [4600, 12800], cat: 'medical', models: [['史密斯', 'WZ-50C6', '浙江史密斯医学仪器有限公司'], ['迈瑞', 'BeneFusion VP5', M.mindray, 2014, 2026], ['贝朗', 'Infusomat Space', '贝朗医疗(上海)国际贸易有限公司']] },
  syringe: { name: '注射泵', cls: 'A02320603', mu: '台', price: [3600, 9800], cat: 'medical', models: [['史密斯', 'WZS-50F6', '浙江史密斯医学仪器有限公司'], ['迈瑞', 'BeneFusion SP5', M.mindray, 2014, 2026]] },
  incubator: { name: '婴儿培养箱', cls: 'A02320604', mu: '台', price: [45000, 128000], cat: 'medical', models: [['戴维', 'YP-970', '宁波戴维医疗器械股份有限公司'], ['德尔格', 'Isolette 8000', M.draeger]] },
  anesthesia: { name: '麻醉机', cls: 'A02320701', mu: '台', price: [280000, 820000], cat: 'medical', user: 'head', big: true, models: [['德尔格', 'Fabius plus', M.draeger, 2008, 2020], ['迈瑞', 'WATO EX-65', M.mindray, 2010, 2022], ['GE', 'Carestation 620', M.ge, 2016, 2026], ['迈瑞', 'A7', M.mindray, 2017, 2026], ['谊安', 'Aeon7200A', M.aeon]] },
  ventilator: { name: '呼吸机', cls: 'A02320702', mu: '台', price: [98000, 420000], cat: 'medical', big: true, models: [['德尔格', 'Savina 300', M.draeger, 2009, 2026], ['迈瑞', 'SV300', M.mindray, 2014, 2026], ['哈美顿', 'HAMILTON-C3', '哈美顿医疗科技(上海)有限公司', 2015, 2026], ['谊安', 'VG70', M.aeon, 2016, 2026], ['迈瑞', 'SV600', M.mindray, 2018, 2026]] },
  orTable: { name: '手术床', cls: 'A02320703', mu: '张', price: [82000, 380000], cat: 'medical', models: [['迈瑞', 'HyBase 6100', M.mindray, 2014, 2026], ['迈柯唯', 'ALPHACLASSIC', '迈柯唯(上海)医疗设备有限公司'], ['新华', 'DS-II', M.shinva]] },
  orLight: { name: '手术无影灯', cls: 'A02320704', mu: '套', price: [62000, 260000], cat: 'medical', models: [['迈瑞', 'HyLED 7', M.mindray, 2014, 2026], ['迈柯唯', 'Volista', '迈柯唯(上海)医疗设备有限公司']] },
  defib: { name: '除颤监护仪', cls: 'A02320705', mu: '台', price: [28000, 92000], cat: 'medical', models: [['日本光电', 'TEC-5631', M.nk, 2008, 2018], ['飞利浦', 'HeartStart XL+', M.philips, 2012, 2026], ['迈瑞', 'BeneHeart D3', M.mindray, 2013, 2026]] },
  esu: { name: '高频电刀', cls: 'A02320706', mu: '台', price: [46000, 260000], cat: 'medical', models: [['威力', 'Force FX-8CS', '柯惠医疗器材国际贸易(上海)有限公司'], ['爱尔博', 'VIO 300D', '爱尔博(上海)医疗器械有限公司']] },
  sterilizer: { name: '脉动真空压力蒸汽灭菌器', cls: 'A02320801', mu: '台', price: [260000, 620000], cat: 'medical', big: true, models: [['新华', 'XG1.DMD-1.2', M.shinva]] },
  sterilizerSmall: { name: '立式压力蒸汽灭菌器', cls: 'A02320801', mu: '台', price: [32000, 68000], cat: 'medical', models: [['新华', 'LMQ.C-80', M.shinva], ['申安', 'LDZF-75L', '上海申安医疗器械厂']] },
  plasma: { name: '低温等离子灭菌器', cls: 'A02320802', mu: '台', price: [380000, 760000], cat: 'medical', years: [2013, 2024], models: [['强生', 'STERRAD 100NX', '强生(上海)医疗器材有限公司'], ['新华', 'PS-100', M.shinva]] },
  washer: { name: '全自动清洗消毒机', cls: 'A02320803', mu: '台', price: [180000, 580000], cat: 'medical', years: [2012, 2024], models: [['新华', 'Rapid-8', M.shinva], ['洁定', 'Getinge 46-5', '洁定医疗器械(苏州)有限公司']] },
  dental: { name: '牙科综合治疗台', cls: 'A02320901', mu: '台', price: [28000, 138000], cat: 'medical', models: [['西诺德', 'INTEGO', '西诺德牙科设备(上海)有限公司', 2012, 2026], ['啄木鸟', 'DC-5', '桂林市啄木鸟医疗器械有限公司'], ['佛山安亿纳', 'AY-A4800', '佛山市安亿纳医疗器械有限公司']] },
  cbct: { name: '口腔锥形束CT', cls: 'A02320902', mu: '台', price: [620000, 980000], cat: 'medical', room: '口腔CT室', big: true, years: [2016, 2024], models: [['美亚光电', 'HiRes3D-Plus', '合肥美亚光电技术股份有限公司']] },
  dentalXray: { name: '口腔X射线机(牙片机)', cls: 'A02320902', mu: '台', price: [28000, 62000], cat: 'medical', models: [['卡瓦', 'Focus', '卡瓦盛邦(上海)牙科医疗器械有限公司']] },
  gastroscope: { name: '电子胃肠镜系统', cls: 'A02321001', mu: '套', price: [380000, 1800000], cat: 'medical', room: '内镜中心', user: 'head', big: true, models: [['奥林巴斯', 'CV-260SL', M.olympus, 2008, 2015], ['富士', 'EPX-3500HD', '富士胶片(中国)投资有限公司', 2013, 2026], ['奥林巴斯', 'CV-290', M.olympus, 2015, 2026]] },
  laparoscope: { name: '腹腔镜系统', cls: 'A02321002', mu: '套', price: [620000, 2100000], cat: 'medical', user: 'head', big: true, years: [2011, 2024], models: [['史赛克', '1588 AIM', '史赛克(北京)医疗器械有限公司'], ['卡尔史托斯', 'IMAGE1 S', '卡尔史托斯内窥镜(上海)有限公司']] },
  dialysis: { name: '血液透析机', cls: 'A02321101', mu: '台', price: [150000, 320000], cat: 'medical', room: '血液净化中心', models: [['费森尤斯', '4008S', '费森尤斯医药用品(上海)有限公司'], ['贝朗', 'Dialog+', '贝朗医疗(上海)国际贸易有限公司'], ['威高', 'DBB-27', '山东威高集团医用高分子制品股份有限公司', 2016, 2026]] },
  acupuncture: { name: '针灸治疗仪', cls: 'A02321201', mu: '台', price: [1800, 16000], cat: 'medical', models: [['华佗', 'SDZ-II', '苏州医疗用品厂有限公司'], ['韩氏', 'HANS-200A', '南京济生医疗科技有限公司']] },
  decoction: { name: '中药煎药机', cls: 'A02310000', mu: '台', price: [18000, 58000], cat: 'medical', models: [['东华原', 'YJX20/3+1', '北京东华原医疗设备有限责任公司'], ['康美', 'KM-YJ300', '康美药业股份有限公司']] },
  packer: { name: '全自动片剂分包机', cls: 'A02310000', mu: '台', price: [780000, 1680000], cat: 'medical', big: true, years: [2017, 2024], models: [['汤山', 'ATDPS JV-300', '汤山(上海)医疗器械有限公司'], ['苏州艾隆', 'ALP-200', '苏州艾隆科技股份有限公司']] },
  rehab: { name: '中频治疗仪', cls: 'A02321300', mu: '台', price: [6800, 26000], cat: 'medical', models: [['北京奔奥', 'BA2008-III', '北京奔奥新技术有限公司'], ['常州思雅', 'K8832-T', '常州思雅医疗器械有限公司']] },
  traction: { name: '颈腰椎牵引床', cls: 'A02321300', mu: '台', price: [12000, 48000], cat: 'medical', models: [['北京奔奥', 'BA-200', '北京奔奥新技术有限公司'], ['钱璟', 'QJ-QYC', '江苏钱璟医疗器械有限公司']] },
  chem: { name: '全自动生化分析仪', cls: 'A02320501', mu: '台', price: [420000, 2200000], cat: 'medical', room: '生化室', user: 'head', big: true, models: [['日立', '7180', '日立诊断产品(上海)有限公司', 2008, 2018], ['罗氏', 'cobas c501', '罗氏诊断产品(上海)有限公司', 2010, 2026], ['贝克曼', 'AU5800', '贝克曼库尔特商贸(中国)有限公司', 2012, 2026], ['迈瑞', 'BS-2000M', M.mindray, 2016, 2026]] },
  chemSmall: { name: '全自动生化分析仪', cls: 'A02320501', mu: '台', price: [128000, 320000], cat: 'medical', room: '生化室', user: 'head', models: [['迈瑞', 'BS-240', M.mindray, 2013, 2026], ['雷杜', 'Chemray 240', '深圳雷杜生命科学股份有限公司', 2012, 2026], ['迈瑞', 'BS-360S', M.mindray, 2018, 2026]] },
  cbc: { name: '全自动血细胞分析仪', cls: 'A02320502', mu: '台', price: [86000, 620000], cat: 'medical', models: [['希森美康', 'XS-800i', '希森美康医用电子(上海)有限公司', 2008, 2016], ['迈瑞', 'BC-5390', M.mindray, 2012, 2026], ['希森美康', 'XN-1000', '希森美康医用电子(上海)有限公司', 2014, 2026], ['迈瑞', 'BC-6800', M.mindray, 2015, 2026]] },
  cbcSmall: { name: '血细胞分析仪(三分类)', cls: 'A02320502', mu: '台', price: [32000, 68000], cat: 'medical', models: [['迈瑞', 'BC-20s', M.mindray], ['迪瑞', 'BCC-3600', '迪瑞医疗科技股份有限公司']] },
  clia: { name: '化学发光免疫分析仪', cls: 'A02320503', mu: '台', price: [620000, 1480000], cat: 'medical', user: 'head', big: true, years: [2013, 2024], models: [['罗氏', 'cobas e411', '罗氏诊断产品(上海)有限公司'], ['迈瑞', 'CL-2000i', M.mindray, 2016, 2026], ['雅培', 'ARCHITECT i2000SR', '雅培贸易(上海)有限公司']] },
  urine: { name: '尿液分析仪', cls: 'A02320504', mu: '台', price: [18000, 320000], cat: 'medical', models: [['迪瑞', 'H-800', '迪瑞医疗科技股份有限公司'], ['爱威', 'AVE-766', '爱威科技股份有限公司'], ['希森美康', 'UF-1000i', '希森美康医用电子(上海)有限公司']] },
  centrifuge: { name: '医用离心机', cls: 'A02320505', mu: '台', price: [3200, 32000], cat: 'medical', models: [['湘仪', 'TDZ5-WS', '湖南湘仪实验室仪器开发有限公司'], ['中科中佳', 'SC-3610', '安徽中科中佳科学仪器有限公司']] },
  coag: { name: '全自动凝血分析仪', cls: 'A02320500', mu: '台', price: [86000, 580000], cat: 'medical', models: [['希森美康', 'CS-5100', '希森美康医用电子(上海)有限公司'], ['思塔高', 'STA Compact Max', '思塔高诊断产品(上海)有限公司']] },
  bloodGas: { name: '血气分析仪', cls: 'A02320500', mu: '台', price: [68000, 240000], cat: 'medical', models: [['雷度米特', 'ABL90 FLEX', '雷度米特医疗设备(上海)有限公司'], ['沃芬', 'GEM Premier 3000', '沃芬医疗器械商贸(北京)有限公司']] },
  biosafety: { name: '生物安全柜', cls: 'A02320500', mu: '台', price: [26000, 62000], cat: 'medical', models: [['海尔', 'HR40-IIA2', M.haier], ['苏净安泰', 'BSC-1300IIA2', '苏州安泰空气技术有限公司']] },
  microtome: { name: '石蜡切片机', cls: 'A02329900', mu: '台', price: [120000, 320000], cat: 'medical', models: [['徕卡', 'RM2235', '徕卡显微系统(上海)贸易有限公司']] },
  slitLamp: { name: '裂隙灯显微镜', cls: 'A02329900', mu: '台', price: [22000, 118000], cat: 'medical', models: [['重庆康华', 'SLM-3ER', '重庆康华瑞明科技股份有限公司'], ['蔡司', 'SL 130', '卡尔蔡司(上海)管理有限公司']] },
  entUnit: { name: '耳鼻喉综合治疗台', cls: 'A02329900', mu: '台', price: [48000, 150000], cat: 'medical', models: [['佛山', 'ENT-1000', '佛山市南海区耳鼻喉科设备厂']] },
  vaccineFridge: { name: '医用冷藏箱(疫苗)', cls: 'A02329900', mu: '台', price: [4600, 12000], cat: 'medical', models: [['海尔', 'HYC-310', M.haier], ['澳柯玛', 'YC-280', '澳柯玛股份有限公司']] },
  airSterilizer: { name: '空气消毒机', cls: 'A02320800', mu: '台', price: [6200, 16800], cat: 'medical', models: [['新华', 'KX-Y1000', M.shinva], ['洁康', 'JK-YD/B', '江苏洁康医疗科技有限公司']] },
  suction: { name: '电动吸引器', cls: 'A02320700', mu: '台', price: [2200, 7800], cat: 'medical', models: [['斯曼峰', 'YX932D', '江苏鱼跃医疗设备股份有限公司'], ['鱼跃', '7E-D', '江苏鱼跃医疗设备股份有限公司']] },
  nebulizer: { name: '医用雾化器', cls: 'A02320700', mu: '台', price: [1500, 4800], cat: 'medical', models: [['鱼跃', '403M', '江苏鱼跃医疗设备股份有限公司'], ['欧姆龙', 'NE-C900', '欧姆龙(大连)有限公司']] },
  examCouch: { name: '诊疗床', cls: 'A02329900', mu: '张', price: [1200, 2800], cat: 'medical', models: [['普康', 'PK-ZLC', '河北普康医疗设备有限公司'], ['金龙', 'JL-ZC01', '衡水金龙医疗器械有限公司']] },
  stretcher: { name: '转运平车', cls: 'A02320600', mu: '台', price: [3200, 9800], cat: 'medical', models: [['新华', 'ZPC-III', M.shinva], ['康辉', 'KH-PC', '山东康辉医疗器械有限公司']] },
  nurseStation: { name: '护士站服务台', cls: 'A05010200', mu: '套', price: [8800, 26000], cat: 'furniture', models: [['圣奥', 'HS-2400', '圣奥科技股份有限公司'], ['本地', '定制', M.hongda]] },
  infusionChair: { name: '输液椅', cls: 'A05010300', mu: '把', price: [1050, 1800], cat: 'furniture', models: [['康辉', 'ABS输液椅', '山东康辉医疗器械有限公司'], ['金龙', '不锈钢输液椅', '衡水金龙医疗器械有限公司']] },
  medFridge: { name: '医用冷藏箱', cls: 'A02329900', mu: '台', price: [3800, 9800], cat: 'medical', models: [['海尔', 'HYC-260', M.haier], ['美菱', 'YC-300L', '中科美菱低温科技股份有限公司']] },
  // ── Furniture ──
  instrumentCabinet: { name: '器械柜', cls: 'A05010500', mu: '组', price: [1200, 3200], cat: 'furniture', models: [['花都', '不锈钢器械柜', M.seewin], ['金龙', '器械柜', '衡水金龙医疗器械有限公司']] },
  desk: { name: '办公桌', cls: 'A05010201', mu: '张', price: [1200, 3600], cat: 'furniture', models: [['震旦', 'ADDA-1400', '震旦(中国)有限公司'], ['圣奥', 'SA-1600', '圣奥科技股份有限公司'], ['宏达', 'HD-1400', M.hongda]] },
  meetingTable: { name: '会议桌', cls: 'A05010202', mu: '张', price: [4800, 26000], cat: 'furniture', models: [['圣奥', 'HY-4800', '圣奥科技股份有限公司'], ['宏达', 'HD-HY36', M.hongda]] },
  chair: { name: '办公椅', cls: 'A05010301', mu: '把', price: [320, 980], qty: [4, 16], cat: 'furniture', models: [['圣奥', '网布办公椅', '圣奥科技股份有限公司'], ['震旦', 'AD-8016', '震旦(中国)有限公司'], ['宏达', '职员椅', M.hongda]] },
  meetingChair: { name: '会议椅', cls: 'A05010302', mu: '把', price: [260, 680], qty: [12, 40], cat: 'furniture', models: [['圣奥', '会议椅', '圣奥科技股份有限公司'], ['宏达', '皮面会议椅', M.hongda]] },
  waiting: { name: '候诊椅(三人位)', cls: 'A05010303', mu: '组', price: [1200, 2600], qty: [2, 8], cat: 'furniture', models: [['宏达', '不锈钢三人位', M.hongda], ['冠美', 'GM-301', '佛山市冠美家具有限公司']] },
  sofa: { name: '沙发', cls: 'A05010400', mu: '套', price: [2600, 12000], cat: 'furniture', models: [['宏达', '三人位皮沙发', M.hongda], ['圣奥', 'SF-301', '圣奥科技股份有限公司']] },
  cabinet: { name: '文件柜', cls: 'A05010501', mu: '组', price: [1050, 2200], cat: 'furniture', models: [['花都', '钢制文件柜', M.seewin], ['宏达', '木质文件柜', M.hongda]] },
  locker: { name: '更衣柜', cls: 'A05010502', mu: '组', price: [1200, 3200], cat: 'furniture', models: [['花都', '钢制更衣柜', M.seewin]] },
  bedside: { name: '床头柜', cls: 'A05010500', mu: '个', price: [380, 880], qty: [6, 20], cat: 'furniture', models: [['康辉', 'ABS床头柜', '山东康辉医疗器械有限公司'], ['花都', '钢制床头柜', M.seewin]] },
  drugCabinet: { name: '药品柜', cls: 'A05010500', mu: '组', price: [1200, 3600], cat: 'furniture', models: [['花都', '钢制药品柜', M.seewin], ['宏达', '西药柜', M.hongda]] },
  shelf: { name: '药架', cls: 'A05010600', mu: '组', price: [1100, 3600], cat: 'furniture', models: [['花都', '钢制药架', M.seewin], ['宏达', '中药斗柜', M.hongda]] },
  cart: { name: '治疗车', cls: 'A05020000', mu: '台', price: [1200, 3200], cat: 'furniture', models: [['金龙', '不锈钢治疗车', '衡水金龙医疗器械有限公司'], ['康辉', 'ABS治疗车', '山东康辉医疗器械有限公司']] },
  crash: { name: '抢救车', cls: 'A05020000', mu: '台', price: [1800, 4600], cat: 'furniture', models: [['金龙', 'ABS抢救车', '衡水金龙医疗器械有限公司'], ['康辉', 'KH-QJC', '山东康辉医疗器械有限公司']] },
  wheelchair: { name: '轮椅', cls: 'A05020000', mu: '台', price: [1100, 2600], cat: 'furniture', models: [['鱼跃', 'H062', '江苏鱼跃医疗设备股份有限公司'], ['互邦', 'HBG4', '上海互邦医疗器械有限公司']] },
  // ── Buildings, land, books, software ──
  building: { name: '房屋', cls: 'A01010000', mu: '栋', price: [1, 1], cat: 'building', models: [] },
  structure: { name: '构筑物', cls: 'A01020000', mu: '项', price: [1, 1], cat: 'structure', life: 240, models: [] },
  land: { name: '院区土地', cls: 'A01030000', mu: '宗', price: [1, 1], cat: 'land', models: [] },
  books: { name: '医学图书', cls: 'A04010000', mu: '册', price: [38, 120], qty: [800, 3000], cat: 'books', models: [] },
  software: { name: '软件', cls: 'A08020000', mu: '套', price: [1, 1], cat: 'software', life: 120, models: [] },
} as const satisfies Record<string, Kind>;
type KindKey = keyof typeof K;

// ---------------------------------------------------------------------------------------------
// Where things are: units, departments and their places

type Tier = 'lead' | 'county' | 'mch' | 'central' | 'township' | 'community' | 'village';
type DeptCat = 'ward' | 'clinic' | 'medtech' | 'admin';
type Status = '在用' | '闲置' | '待修' | '待报废';

interface DeptPlan {
  code: string;
  name: string;
  cat: DeptCat;
  /** '住院楼6层' */
  place: string;
  head: string;
  staff: string[];
}

interface UnitPlan {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
  tier: Tier;
  depts: DeptPlan[];
  /** Funding mostly from fiscal subsidies (township centres, villages). */
  grassroots: boolean;
}

const MEDTECH = new Set(['检验科', '医学影像科', '超声科', '病理科', '输血科', '药剂科', '消毒供应中心', '麻醉科', '手术室', '放射科', 'B超室', '心电图室', '药房', '中药房', '西药房', '制剂室', '产前筛查中心', '新生儿疾病筛查中心']);
const ADMIN = new Set(['护理部', '医务科', '质控科', '医保科', '院感科', '财务科', '设备科', '信息科', '人事科', '总务科', '院办', '财务室']);
const HOSPITAL_CLINICS = new Set(['急诊科', '口腔科', '眼科', '耳鼻咽喉科', '皮肤科', '健康管理中心', '全科医学科', '针灸科', '推拿科', '治未病中心', '眼耳鼻喉科', '儿童保健科', '妇女保健科', '孕产保健科', '乳腺科', '计划生育科', '生殖健康科', '青春期保健科', '更年期保健科', '儿童康复科']);

function deptCat(tier: Tier, name: string): DeptCat {
  if (MEDTECH.has(name)) return 'medtech';
  if (ADMIN.has(name)) return 'admin';
  if (tier === 'lead' || tier === 'county' || tier === 'mch') return HOSPITAL_CLINICS.has(name) ? 'clinic' : 'ward';
  return name === '住院部' ? 'ward' : 'clinic';
}

function tierOf(u: { code: string; type: string; name: string }): Tier {
  if (u.type === '牵头医院') return 'lead';
  if (u.type === '县级医院') return u.name.includes('妇幼') ? 'mch' : 'county';
  if (u.type === '乡镇卫生院') return u.name.includes('中心卫生院') ? 'central' : 'township';
  if (u.type === '社区卫生服务中心') return 'community';
  return 'village';
}

/** The building and floor of each department: wards upstairs in the 住院楼, clinics in the 门诊楼 … */
function placeDepts(tier: Tier, depts: { name: string; cat: DeptCat }[]): string[] {
  const counters = new Map<string, number>();
  const next = (building: string, first: number, perFloor: number) => {
    const n = counters.get(building) ?? 0;
    counters.set(building, n + 1);
    return `${building}${first + Math.floor(n / perFloor)}层`;
  };
  const fixed: Record<string, string> = {
    医学影像科: '医技楼1层', 放射科: '门诊楼1层', 超声科: '医技楼2层', 'B超室': '门诊楼2层', 心电图室: '门诊楼2层', 检验科: tier === 'lead' ? '医技楼3层' : '门诊楼2层', 病理科: '医技楼4层', 输血科: '医技楼3层',
    消毒供应中心: '医技楼负1层', 麻醉科: '医技楼5层', 手术室: '医技楼5层', '重症医学科(ICU)': '住院楼2层', 急诊科: '门诊楼1层', 药剂科: '门诊楼1层', 药房: '门诊楼1层', 西药房: '门诊楼1层', 中药房: '门诊楼1层',
  };
  return depts.map((d) => {
    if (tier === 'village') return '卫生室';
    const f = fixed[d.name];
    if (f && (tier === 'lead' || !f.startsWith('医技楼'))) return f;
    if (tier === 'lead') return d.cat === 'ward' ? next('住院楼', 3, 1) : d.cat === 'admin' ? next('行政楼', 1, 3) : next('门诊楼', 2, 3);
    if (tier === 'county' || tier === 'mch') return d.cat === 'ward' ? next('住院楼', 2, 2) : d.cat === 'admin' ? next('综合楼', 3, 4) : next('门诊楼', 1, 4);
    if (tier === 'community') return d.cat === 'admin' ? '业务楼4层' : next('业务楼', 1, 4);
    return d.cat === 'ward' ? '住院楼2层' : d.cat === 'admin' ? '综合楼2层' : next('门诊楼', 1, 4);
  });
}

// ---------------------------------------------------------------------------------------------
// The planned cards and events

type CardInput = AssetInput;

interface Custody {
  unit: UnitPlan;
  dept: DeptPlan | null;
  user: string | null;
  location: string | null;
  status: Status;
}

interface PlannedCard {
  input: CardInput;
  kind: Kind;
  key: KindKey;
  booked: string;
  migrated: boolean;
  /** Depreciation state at the start of `stateAt` (null: never depreciated). */
  state: AssetDepState | null;
  stateAt: string;
  cur: Custody;
  disposed: boolean;
  /** Date of the card's latest planned event (events are planned in date order). */
  last: string;
}

type EventMethod = 'assets.move' | 'assets.transfer' | 'assets.changeCost' | 'assets.dispose';
interface PlannedEvent<K extends EventMethod = EventMethod> {
  method: K;
  date: string;
  args: ArgsIn<K>;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A day in period `p` ('YYYY-MM'), between `from` and `to` (clamped to the month). */
function dayIn(rng: Rng, p: string, from = 1, to = 28): string {
  const [y, m] = [Number(p.slice(0, 4)), Number(p.slice(5, 7))];
  return `${p}-${pad(rng.int(from, Math.min(to, lastDay(y, m))))}`;
}

/** Whole yuan rounded the way invoices look, in fen. */
function priceFen(yuan: number): number {
  const step = yuan >= 100_000 ? 100 : yuan >= 10_000 ? 10 : 1;
  return Math.round(yuan / step) * step * 100;
}

class Planner {
  readonly cards: PlannedCard[] = [];
  readonly rng: Rng;
  private readonly cutOver: string;
  private readonly through: string;
  private readonly throughIdx: number;
  readonly scale: number;

  constructor(seed: number, cutOver: string, through: string, scale: number) {
    this.rng = new Rng(seed);
    this.cutOver = cutOver;
    this.through = through;
    this.throughIdx = periodIndex(through);
    this.scale = scale;
  }

  /** `n` scaled, rounded at random so that small counts still average right. */
  n(min: number, max: number, factor = 1): number {
    const x = this.rng.int(min, max) * factor * this.scale;
    const whole = Math.floor(x);
    return whole + (this.rng.float() < x - whole ? 1 : 0);
  }

  /** Booking date: spread from 2008 up to the cut-over by the kind's age profile, or bought since the cut-over. */
  private bookingDate(kind: Kind, lifeMonths: number, years?: readonly [number, number]): string {
    const rng = this.rng;
    const cutYear = Number(this.cutOver.slice(0, 4));
    const firstNew = addMonths(this.cutOver, 1);
    const newMonths = this.throughIdx - periodIndex(firstNew) + 1;
    const cutMonth = Number(this.cutOver.slice(5, 7));
    // A day in year y on or before the cut-over.
    const before = (y: number) => dayIn(rng, `${y}-${pad(y < cutYear ? this.month() : rng.int(1, cutMonth))}`);
    const range = years ?? kind.years;
    if (range) {
      const y = rng.int(range[0], range[1]);
      if (y > cutYear) return dayIn(rng, addMonths(firstNew, rng.int(0, newMonths - 1)));
      return before(y);
    }
    // Bought since the cut-over: a few percent of everything, more for IT.
    const pNew = (kind.cat === 'it' ? 0.06 : kind.cat === 'furniture' ? 0.03 : 0.045) * (newMonths / 10);
    if (rng.float() < pNew) return dayIn(rng, addMonths(firstNew, rng.int(0, newMonths - 1)));
    // Older items are fewer: the register grew over the years, and most items past their life were scrapped before the cut-over.
    const lifeYears = Math.max(1, lifeMonths / 12);
    const weights: number[] = [];
    for (let y = FIRST_YEAR; y <= cutYear; y++) {
      const age = cutYear - y;
      const survive = age < lifeYears ? 1 : 0.6 * Math.pow(0.8, age - lifeYears);
      weights.push(Math.pow(1.06, y - FIRST_YEAR) * survive);
    }
    const total = weights.reduce((s, w) => s + w, 0);
    let r = rng.float() * total;
    let y = FIRST_YEAR;
    for (const w of weights) {
      if ((r -= w) < 0) break;
      y++;
    }
    return before(Math.min(y, cutYear));
  }

  /** Procurement months: more at the year's end. */
  private month(): number {
    const r = this.rng.float();
    return r < 0.25 ? this.rng.int(11, 12) : this.rng.int(1, 12);
  }

  private model(kind: Kind, year: number): Model | null {
    if (!kind.models.length) return null;
    const fit = kind.models.filter((m) => (m[3] ?? 0) <= year && year <= (m[4] ?? 9999));
    return this.rng.pick(fit.length ? fit : kind.models);
  }

  /** Funding split [fiscal, research, own, other] in fen, adding up to the cost. */
  private funding(u: UnitPlan, kind: Kind, cost: number): [number, number, number, number] {
    const r = this.rng.float();
    const part = (lo: number, hi: number) => Math.min(cost, Math.round((cost * (lo + this.rng.float() * (hi - lo))) / 10_000) * 10_000);
    if (cost <= 0) return [0, 0, 0, 0];
    if (u.tier === 'village') {
      if (r < 0.8) return [cost, 0, 0, 0];
      const f = part(0.6, 0.8);
      return [f, 0, 0, cost - f]; // 村集体
    }
    if (u.grassroots) {
      const heavy = kind.cat === 'medical' || kind.cat === 'building' || kind.cat === 'structure' || kind.cat === 'vehicle' || kind.cat === 'software';
      if (heavy ? r < 0.68 : r < 0.35) return [cost, 0, 0, 0];
      if (heavy ? r < 0.92 : r < 0.55) {
        const f = part(0.5, 0.9);
        return [f, 0, cost - f, 0];
      }
      return [0, 0, cost, 0];
    }
    if (kind.cat === 'building' || kind.cat === 'structure') {
      const f = part(0.3, 0.7);
      return r < 0.6 ? [f, 0, 0, cost - f] : [f, 0, cost - f, 0]; // 其他: 专项债券
    }
    if (kind.cat === 'software') return r < 0.5 ? [cost, 0, 0, 0] : [0, 0, cost, 0];
    if (kind.big) {
      if (r < 0.22) return [cost, 0, 0, 0];
      if (r < 0.45) {
        const f = part(0.3, 0.6);
        return [f, 0, cost - f, 0];
      }
      if (r < 0.55) return [0, 0, 0, cost];
      return [0, 0, cost, 0];
    }
    if (kind.cat === 'medical' && r < 0.04) return [0, cost, 0, 0]; // 科教项目
    if (r < 0.1) return [cost, 0, 0, 0];
    return [0, 0, cost, 0];
  }

  private person(u: UnitPlan, d: DeptPlan | null, how: Kind['user']): string | null {
    if (!d || !how) return null;
    return how === 'head' ? d.head : this.rng.pick(d.staff);
  }

  placeOf(kind: Kind, d: DeptPlan | null, u: UnitPlan): string {
    if (kind.cat === 'vehicle') return u.tier === 'lead' ? '急救中心车库' : '院内车库';
    if (kind.cat === 'building' || kind.cat === 'structure' || kind.cat === 'land') return u.tier === 'village' ? '村委会院内' : this.rng.pick(['院区北侧', '院区东侧', '院区南侧', '院区西侧', '院区中部']);
    const base = d ? d.place : u.tier === 'village' ? '卫生室' : '综合楼';
    if (u.tier === 'village') return `${base}${kind.room ?? d?.name ?? ''}`;
    if (kind.room) return `${base}${kind.room}`;
    const ward = d?.cat === 'ward' ? (kind.key === 'bed' || kind.key === 'bedside' || kind.key === 'tv' || kind.key === 'ac' || kind.key === 'airSterilizer' ? '病区' : '护士站') : '';
    return `${base}${d?.name ?? ''}${ward}`;
  }

  /** Plan `count` cards of a kind in a department (or the unit when `d` is null). */
  add(u: UnitPlan, key: KindKey, d: DeptPlan | null, count: number, extra: { years?: readonly [number, number]; name?: string; costYuan?: number; life?: number; remarks?: string; acquisition?: CardInput['acquisitionMethod']; status?: Status } = {}): void {
    const kind: Kind = { ...K[key], key };
    const rng = this.rng;
    for (let i = 0; i < count; i++) {
      const cls = kind.cls;
      const depreciable = isDepreciable(cls) !== false;
      const life = extra.life ?? kind.life ?? (depreciable ? Math.round((defaultLifeYears(cls) ?? 5) * 12) : undefined);
      const booked = this.bookingDate(kind, life ?? 600, extra.years);
      const year = Number(booked.slice(0, 4));
      const model = this.model(kind, year);
      let qty = kind.qty ? rng.int(kind.qty[0], kind.qty[1]) : 1;
      const lo = kind.price[0];
      const hi = kind.price[1];
      let unitYuan = extra.costYuan ?? lo + (hi - lo) * Math.pow(rng.float(), 1.6);
      // Before 2013 the threshold for general equipment was ¥500 and old registers carded each chair or
      // bedside cabinet on its own; later purchases of such items are one card per batch.
      let pieces = 1;
      if (kind.qty && kind.cat === 'furniture' && year < 2013) {
        pieces = qty;
        qty = 1;
        unitYuan = Math.max(500, unitYuan);
      }
      const costFen = kind.cat === 'books' ? Math.round(unitYuan * qty) * 100 : priceFen(unitYuan) * qty;
      const [fiscal, research, own, other] = this.funding(u, kind, costFen);
      const acquisition = extra.acquisition ?? (kind.cat === 'building' || kind.cat === 'structure' ? '自建' : '新购');
      const acquired = kind.cat === 'building' || kind.cat === 'structure' ? booked : addDays(booked, -rng.int(0, 25));
      const inService = kind.cat === 'building' || kind.cat === 'structure' ? booked : addDays(acquired, rng.int(0, kind.big ? 30 : 7));
      const warrantyYears = kind.cat === 'it' || kind.cat === 'office' ? rng.int(1, 3) : kind.cat === 'medical' ? (kind.big ? rng.int(2, 5) : rng.int(1, 3)) : kind.cat === 'vehicle' ? 3 : kind.cat === 'electric' ? 2 : 0;
      const migrated = booked.slice(0, 7) <= this.cutOver;
      const user = this.person(u, d, kind.user);
      const voucherNo = `记-${booked.slice(0, 4)}${booked.slice(5, 7)}-${pad(rng.int(1, 380), 3)}`;
      const supplier = this.supplier(kind);
      for (let piece = 0; piece < pieces; piece++) {
        const card: CardInput = {
          code: '',
          name: extra.name ?? kind.name,
          classCode: cls,
          brand: model?.[0] ?? null,
          model: model?.[1] ?? null,
          quantity: qty,
          measureUnit: kind.mu,
          acquisitionMethod: acquisition,
          acquiredOn: acquired,
          inServiceOn: inService < booked && kind.big ? booked : inService,
          bookedOn: booked,
          voucherNo,
          costFen,
          valueType: '原值',
          openingAccumulatedFen: 0,
          fundFiscalFen: fiscal,
          fundResearchFen: research,
          fundOwnFen: own,
          fundOtherFen: other,
          ...(life !== undefined ? { lifeMonths: life } : {}),
          unitCode: u.code,
          usingDeptCode: d?.code ?? null,
          managingDeptCode: null,
          userName: user,
          location: this.placeOf(kind, d, u),
          status: '在用',
          manufacturer: model?.[2] ?? null,
          supplier,
          warrantyUntil: warrantyYears ? addDays(acquired, warrantyYears * 365) : null,
          remarks: extra.remarks ?? null,
        };
        this.cards.push({
          input: card,
          kind,
          key,
          booked,
          migrated,
          state: null,
          stateAt: booked.slice(0, 7),
          cur: { unit: u, dept: d, user, location: card.location ?? null, status: extra.status ?? '在用' },
          disposed: false,
          last: booked,
        });
      }
    }
  }

  private supplier(kind: Kind): string | null {
    const pick = (xs: string[]) => this.rng.pick(xs);
    switch (kind.cat) {
      case 'medical':
        return pick(['国药控股河北医疗器械有限公司', '河北华瑞医疗器械有限公司', '邢台市康宁医药有限公司', '石家庄华康医疗设备有限公司', '华润河北医疗器械有限公司']);
      case 'it':
      case 'office':
        return pick(['清河县恒通办公设备商行', '河北中兴科技有限公司', '邢台联创信息技术有限公司', '河北省政府采购电子卖场']);
      case 'furniture':
        return pick(['清河县宏达家具有限公司', '邢台市美嘉家具商行', '河北省政府采购电子卖场']);
      case 'electric':
        return pick(['邢台市金达机电设备有限公司', '清河县永盛家电商场', '河北建安机电工程有限公司']);
      case 'vehicle':
        return pick(['邢台江铃汽车销售服务有限公司', '河北冀通专用汽车销售有限公司']);
      case 'building':
      case 'structure':
        return pick(['清河县建工集团有限公司', '河北建设集团股份有限公司', '邢台路桥建设集团有限公司']);
      case 'software':
        return pick(['东华医为科技有限公司', '卫宁健康科技集团股份有限公司', '创业慧康科技股份有限公司']);
      default:
        return null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Inventories per unit

type Count = readonly [KindKey, number, number];

/** Per department, by its category, for the lead hospital (others are scaled by their tier). */
const PER_DEPT: Record<DeptCat, readonly Count[]> = {
  ward: [
    ['pc', 16, 28], ['laptop', 0, 2], ['laser', 4, 7], ['dot', 1, 2], ['label', 1, 2], ['ac', 14, 24], ['tv', 12, 22], ['desk', 6, 12], ['chair', 2, 4], ['cabinet', 4, 8],
    ['locker', 2, 4], ['bedside', 3, 6], ['cart', 4, 7], ['crash', 1, 2], ['wheelchair', 2, 4], ['stretcher', 1, 3], ['nurseStation', 1, 1], ['bed', 42, 58], ['monitor', 6, 12],
    ['infusion', 8, 14], ['syringe', 6, 12], ['ecg', 1, 2], ['defib', 1, 1], ['bp', 2, 4], ['airSterilizer', 10, 18], ['suction', 2, 4], ['nebulizer', 2, 5], ['sofa', 0, 1],
    ['instrumentCabinet', 1, 3], ['upsSmall', 1, 2], ['medFridge', 1, 1],
  ],
  clinic: [['pc', 8, 16], ['laptop', 0, 1], ['laser', 3, 6], ['dot', 1, 2], ['ac', 4, 8], ['desk', 5, 10], ['chair', 1, 3], ['cabinet', 2, 5], ['waiting', 2, 5], ['examCouch', 2, 5], ['bp', 1, 3], ['airSterilizer', 2, 5], ['cart', 1, 2], ['queueScreen', 1, 3], ['upsSmall', 0, 1]],
  medtech: [['pc', 12, 26], ['laser', 3, 7], ['dot', 1, 3], ['label', 2, 4], ['ac', 5, 10], ['desk', 5, 10], ['chair', 1, 3], ['cabinet', 3, 6], ['locker', 1, 3], ['airSterilizer', 2, 5], ['waiting', 1, 3], ['queueScreen', 1, 2], ['upsSmall', 1, 3]],
  admin: [['pc', 8, 16], ['laptop', 2, 4], ['laser', 3, 6], ['mfp', 1, 2], ['scanner', 0, 1], ['ac', 4, 8], ['desk', 8, 16], ['chair', 2, 4], ['cabinet', 6, 12], ['sofa', 0, 1], ['meetingTable', 0, 1]],
};

/** Per-department counts relative to the lead hospital. */
const TIER_FACTOR: Record<Tier, number> = { lead: 3.4, county: 1.65, mch: 1.65, central: 1.9, township: 1.55, community: 1.5, village: 0 };
/** Counts that follow the ward's size or a rule (one per ward), not the unit's level. */
const UNSCALED = new Set<KindKey>(['bed', 'nurseStation', 'crash', 'defib', 'ecg', 'medFridge']);

/** Special equipment by department name: [kind, min, max] per tier group. */
const BY_DEPT: Record<string, { hospital?: readonly Count[]; centre?: readonly Count[] }> = {
  医学影像科: { hospital: [['dr', 2, 3], ['ct', 1, 1], ['mri', 0, 1]] },
  放射科: { centre: [['dr', 1, 1]] },
  超声科: { hospital: [['color', 5, 8], ['colorSmall', 1, 2]] },
  'B超室': { centre: [['colorSmall', 1, 1], ['bw', 1, 1]] },
  心电图室: { centre: [['ecg', 1, 2], ['holter', 0, 1]] },
  检验科: {
    hospital: [['chem', 1, 2], ['chemSmall', 0, 1], ['cbc', 2, 3], ['clia', 1, 2], ['urine', 1, 2], ['coag', 1, 2], ['bloodGas', 1, 1], ['biosafety', 1, 2], ['centrifuge', 4, 8]],
    centre: [['chemSmall', 1, 1], ['cbcSmall', 1, 2], ['urine', 1, 1], ['centrifuge', 1, 2], ['biosafety', 0, 1]],
  },
  病理科: { hospital: [['microtome', 1, 2], ['biosafety', 1, 1]] },
  麻醉科: { hospital: [['anesthesia', 5, 9], ['monitor', 6, 10], ['esu', 2, 4]] },
  手术室: { hospital: [['orTable', 4, 8], ['orLight', 4, 8], ['esu', 3, 5], ['carm', 1, 2], ['laparoscope', 1, 2]] },
  消毒供应中心: { hospital: [['sterilizer', 2, 3], ['plasma', 1, 1], ['washer', 1, 2]] },
  '重症医学科(ICU)': { hospital: [['ventilator', 12, 20], ['monitor', 16, 24], ['bedElectric', 12, 20], ['infusion', 20, 30], ['syringe', 20, 30], ['bloodGas', 1, 1], ['defib', 1, 2]] },
  急诊科: { hospital: [['ambulance', 2, 4], ['ventilator', 2, 4], ['monitor', 4, 8], ['defib', 2, 3], ['ecg', 1, 2], ['infusionChair', 12, 24]], centre: [['ambulance', 1, 1], ['defib', 1, 1], ['monitor', 1, 3], ['infusionChair', 6, 12]] },
  呼吸内科: { hospital: [['ventilator', 2, 4]] },
  消化内科: { hospital: [['gastroscope', 2, 3]] },
  神经内科: { hospital: [['eeg', 1, 1]] },
  脑病科: { hospital: [['eeg', 1, 1]] },
  肾内科: { hospital: [['dialysis', 12, 18]] },
  新生儿科: { hospital: [['incubator', 4, 8], ['ventilator', 1, 3]] },
  产科: { hospital: [['fetal', 4, 8], ['incubator', 1, 3]] },
  妇产科: { hospital: [['fetal', 3, 6], ['color', 1, 1]] },
  妇科: { hospital: [['color', 0, 1]] },
  产前筛查中心: { hospital: [['color', 1, 2], ['clia', 0, 1]] },
  口腔科: { hospital: [['dental', 3, 6], ['dentalXray', 1, 1], ['cbct', 0, 1]], centre: [['dental', 1, 2]] },
  眼科: { hospital: [['slitLamp', 2, 3]] },
  耳鼻咽喉科: { hospital: [['entUnit', 1, 2]] },
  眼耳鼻喉科: { hospital: [['slitLamp', 1, 1], ['entUnit', 1, 1]] },
  中医科: { hospital: [['acupuncture', 4, 8], ['rehab', 1, 3]], centre: [['acupuncture', 2, 4], ['decoction', 0, 1], ['traction', 0, 1]] },
  针灸科: { hospital: [['acupuncture', 10, 18]] },
  推拿科: { hospital: [['traction', 2, 4], ['rehab', 2, 4]] },
  康复医学科: { hospital: [['rehab', 6, 10], ['traction', 2, 4]] },
  康复科: { hospital: [['rehab', 4, 8], ['traction', 2, 3]], centre: [['rehab', 1, 3], ['traction', 1, 1]] },
  中药房: { hospital: [['decoction', 2, 4], ['shelf', 6, 10]] },
  药剂科: { hospital: [['packer', 0, 1], ['shelf', 8, 14], ['drugCabinet', 4, 8], ['vaccineFridge', 1, 2]] },
  西药房: { hospital: [['shelf', 4, 8], ['drugCabinet', 2, 4]] },
  药房: { centre: [['shelf', 2, 4], ['drugCabinet', 2, 4]] },
  预防保健科: { centre: [['vaccineFridge', 2, 4], ['healthKit', 0, 1]] },
  公共卫生科: { centre: [['healthKit', 1, 2], ['tablet', 1, 3], ['laptop', 1, 2]] },
  家庭医生工作室: { centre: [['tablet', 2, 5], ['healthKit', 1, 2]] },
  慢病管理科: { centre: [['healthKit', 1, 1], ['bp', 1, 2]] },
  健康管理中心: { hospital: [['exambus', 0, 1], ['color', 1, 1], ['dr', 0, 1], ['ecg', 1, 2]] },
  全科医疗科: { centre: [['ecg', 1, 2], ['monitor', 1, 2], ['bp', 2, 4], ['examCouch', 2, 4], ['airSterilizer', 2, 4], ['infusionChair', 10, 24]] },
  住院部: { centre: [['monitor', 2, 5], ['infusion', 2, 4], ['syringe', 1, 3], ['defib', 0, 1], ['suction', 1, 2], ['cart', 2, 4], ['bedside', 2, 4], ['airSterilizer', 4, 8], ['tv', 6, 12], ['ac', 6, 12]] },
  护理部: { centre: [['sterilizerSmall', 1, 2]] },
  信息科: { hospital: [['server', 10, 20], ['storage', 1, 2], ['coreSwitch', 1, 2], ['switch', 20, 40], ['firewall', 1, 2], ['ups', 2, 4], ['wifi', 4, 10]] },
  总务科: { hospital: [['vrv', 1, 3], ['generator', 1, 2], ['elevator', 4, 8], ['bus', 0, 1], ['ups', 0, 1]] },
  院办: { hospital: [['copier', 1, 2], ['projector', 1, 2], ['meetingTable', 1, 2], ['meetingChair', 2, 4], ['mpv', 0, 1]], centre: [['copier', 0, 1], ['projector', 0, 1], ['meetingTable', 0, 1], ['meetingChair', 1, 2], ['server', 1, 1], ['switch', 1, 3], ['ups', 0, 1]] },
  设备科: { hospital: [['coldVan', 0, 1]] },
};

interface BuildingSpec {
  name: string;
  years: readonly [number, number];
  /** Cost range, 万元. */
  wan: readonly [number, number];
  structure: '钢筋混凝土结构' | '砖混结构';
  floors: readonly [number, number];
  /** Floor area range, ㎡. */
  area: readonly [number, number];
  p?: number;
}

const BUILDINGS: Record<Tier, readonly BuildingSpec[]> = {
  lead: [
    { name: '行政楼', years: [2008, 2008], wan: [980, 1260], structure: '砖混结构', floors: [4, 5], area: [4200, 5600] },
    { name: '门诊楼', years: [2009, 2010], wan: [5200, 6400], structure: '钢筋混凝土结构', floors: [5, 6], area: [16800, 21000] },
    { name: '职工周转宿舍', years: [2010, 2011], wan: [820, 1100], structure: '钢筋混凝土结构', floors: [6, 6], area: [5200, 6400] },
    { name: '医技楼', years: [2012, 2013], wan: [3800, 4600], structure: '钢筋混凝土结构', floors: [5, 5], area: [12000, 14500] },
    { name: '职工食堂', years: [2013, 2014], wan: [520, 680], structure: '钢筋混凝土结构', floors: [2, 3], area: [2400, 3000] },
    { name: '住院楼', years: [2016, 2017], wan: [12800, 14600], structure: '钢筋混凝土结构', floors: [16, 18], area: [42000, 48000] },
    { name: '感染性疾病楼(发热门诊)', years: [2021, 2021], wan: [1180, 1460], structure: '钢筋混凝土结构', floors: [3, 3], area: [3600, 4200] },
    { name: '综合病房楼(二期)', years: [2024, 2025], wan: [11800, 13600], structure: '钢筋混凝土结构', floors: [15, 17], area: [38000, 44000] },
  ],
  county: [
    { name: '老门诊楼', years: [2008, 2008], wan: [980, 1280], structure: '砖混结构', floors: [3, 4], area: [3600, 4800] },
    { name: '门诊住院综合楼', years: [2014, 2015], wan: [5800, 7200], structure: '钢筋混凝土结构', floors: [10, 12], area: [24000, 28000] },
  ],
  mch: [
    { name: '老业务楼', years: [2008, 2008], wan: [680, 860], structure: '砖混结构', floors: [3, 4], area: [3000, 3800] },
    { name: '妇幼保健综合楼', years: [2017, 2018], wan: [4600, 5600], structure: '钢筋混凝土结构', floors: [8, 10], area: [18000, 22000] },
  ],
  central: [
    { name: '门诊楼', years: [2008, 2012], wan: [380, 620], structure: '钢筋混凝土结构', floors: [3, 4], area: [2200, 3200] },
    { name: '住院楼', years: [2013, 2019], wan: [560, 980], structure: '钢筋混凝土结构', floors: [4, 5], area: [3200, 4800] },
    { name: '公共卫生服务楼', years: [2018, 2022], wan: [180, 320], structure: '钢筋混凝土结构', floors: [2, 3], area: [900, 1500], p: 0.7 },
    { name: '职工周转宿舍', years: [2015, 2021], wan: [120, 260], structure: '砖混结构', floors: [3, 4], area: [800, 1400], p: 0.6 },
  ],
  township: [
    { name: '门诊楼', years: [2008, 2014], wan: [260, 480], structure: '砖混结构', floors: [2, 3], area: [1400, 2200] },
    { name: '综合楼', years: [2014, 2020], wan: [320, 680], structure: '钢筋混凝土结构', floors: [3, 4], area: [1800, 3000], p: 0.75 },
    { name: '职工周转宿舍', years: [2015, 2021], wan: [90, 200], structure: '砖混结构', floors: [2, 3], area: [600, 1000], p: 0.4 },
  ],
  community: [{ name: '业务楼', years: [2015, 2019], wan: [620, 1180], structure: '钢筋混凝土结构', floors: [4, 4], area: [3200, 4600] }],
  village: [{ name: '村卫生室业务用房', years: [2012, 2020], wan: [12, 35], structure: '砖混结构', floors: [1, 1], area: [80, 140], p: 0.4 }],
};

const SOFTWARE: Record<string, readonly [name: string, years: readonly [number, number], wan: readonly [number, number]][]> = {
  lead: [
    ['医院信息系统(HIS)', [2014, 2015], [240, 320]],
    ['实验室信息系统(LIS)', [2015, 2016], [48, 72]],
    ['影像归档和通信系统(PACS)', [2016, 2017], [96, 140]],
    ['电子病历系统(EMR)', [2018, 2019], [140, 188]],
    ['医共体信息平台', [2021, 2022], [320, 420]],
    ['远程会诊系统', [2020, 2021], [68, 96]],
  ],
  county: [['医院信息系统(HIS)', [2015, 2017], [68, 98]], ['电子病历系统(EMR)', [2019, 2020], [56, 82]]],
  centre: [['基层医疗卫生机构信息系统', [2018, 2020], [8, 16]]],
};

function planUnit(p: Planner, u: UnitPlan): void {
  const rng = p.rng;
  const f = TIER_FACTOR[u.tier];
  const hospital = u.tier === 'lead' || u.tier === 'county' || u.tier === 'mch';
  const byName = (name: string) => u.depts.find((d) => d.name === name) ?? null;
  const first = (...names: string[]) => names.map(byName).find((d) => d !== null) ?? u.depts[0] ?? null;

  // Buildings (self-built, booked when finished), with their structure and size in the remarks.
  const town = u.name.replace(/(中心)?卫生院$|社区卫生服务中心$|村卫生室$/, '');
  for (const b of BUILDINGS[u.tier]) {
    if (b.p !== undefined && rng.float() >= b.p) continue;
    const floors = rng.int(b.floors[0], b.floors[1]);
    const area = rng.int(b.area[0] / 10, b.area[1] / 10) * 10;
    const wan = b.wan[0] + (b.wan[1] - b.wan[0]) * rng.float();
    p.add(u, 'building', first('总务科', '院办', '诊室'), 1, {
      years: b.years,
      name: u.tier === 'village' ? `${town}村卫生室业务用房` : b.name,
      costYuan: Math.round(wan * 100) * 100,
      life: b.structure === '砖混结构' ? 360 : 600,
      remarks: `${b.structure}，地上${floors}层，建筑面积 ${area.toLocaleString('en-US')}㎡`,
    });
  }
  if (u.tier !== 'village') {
    const sewage = hospital ? [180, 320] : [28, 65];
    p.add(u, 'structure', first('总务科', '院办'), 1, { years: [2016, 2020], name: '污水处理站', costYuan: Math.round((sewage[0]! + (sewage[1]! - sewage[0]!) * rng.float()) * 100) * 100, remarks: '医疗污水处理设施（含设备基础）' });
  }
  if (u.tier === 'lead') {
    p.add(u, 'structure', first('总务科'), 1, { years: [2016, 2017], name: '院区道路及围墙', costYuan: rng.int(150, 210) * 10_000 });
    p.add(u, 'structure', first('总务科'), 1, { years: [2020, 2020], name: '医用液氧站', costYuan: rng.int(96, 138) * 10_000 });
    p.add(u, 'land', first('总务科'), 1, { years: [2008, 2008], name: '院区土地(划拨)', costYuan: rng.int(3200, 3900) * 10_000, remarks: '划拨用地 46,200㎡，单独计价入账，不计提折旧' });
    p.add(u, 'books', first('医务科', '院办'), 3, { years: [2008, 2022] });
  }
  if (u.tier === 'county') p.add(u, 'books', first('医务科', '院办'), 1, { name: '中医古籍及专业图书', years: [2010, 2020] });

  // Software (intangible assets, amortised over 10 years).
  for (const [name, years, wan] of SOFTWARE[hospital ? (u.tier === 'lead' ? 'lead' : 'county') : u.tier === 'village' ? '' : 'centre'] ?? []) {
    p.add(u, 'software', first('信息科', '院办'), 1, { name, years, costYuan: Math.round((wan[0] + (wan[1] - wan[0]) * rng.float()) * 10) * 1000 });
  }

  if (u.tier === 'village') {
    const d = u.depts[0] ?? null;
    const items: Count[] = [['pc', 1, 3], ['laser', 1, 2], ['bp', 1, 2], ['examCouch', 1, 2], ['drugCabinet', 1, 3], ['desk', 1, 3], ['cabinet', 0, 2], ['ecgSmall', 0, 1], ['healthKit', 0, 1], ['vaccineFridge', 0, 1], ['ac', 1, 2], ['bed', 0, 2], ['shelf', 0, 2], ['tablet', 0, 1], ['waiting', 0, 1], ['infusionChair', 0, 4], ['cart', 0, 1], ['airSterilizer', 0, 1], ['chair', 0, 1]];
    for (const [key, lo, hi] of items) p.add(u, key, d, p.n(lo, hi, 1.4));
    return;
  }

  // Per department: the everyday equipment and furniture, then what that department has in particular.
  for (const d of u.depts) {
    for (const [key, lo, hi] of PER_DEPT[d.cat]) {
      if (key === 'bed' && !hospital) continue;
      p.add(u, key, d, p.n(lo, hi, UNSCALED.has(key) ? 1 : f));
    }
    const special = BY_DEPT[d.name];
    for (const [key, lo, hi] of (hospital ? special?.hospital : special?.centre) ?? []) p.add(u, key, d, p.n(lo, hi));
  }
  // Township and community centres: beds and the equipment every centre has, wherever its departments put it.
  if (!hospital) {
    const ward = first('住院部', '全科医疗科');
    const beds = u.tier === 'central' ? [60, 99] : u.tier === 'township' ? [20, 50] : [6, 12];
    p.add(u, 'bed', ward, p.n(beds[0]!, beds[1]!));
    if (!byName('放射科') && (u.tier === 'central' || rng.float() < 0.7)) p.add(u, 'dr', first('全科医疗科'), p.n(1, 1), { years: [2014, 2022] });
    if (!byName('B超室')) p.add(u, rng.float() < 0.6 ? 'colorSmall' : 'bw', first('全科医疗科'), p.n(1, 1));
    if (!byName('心电图室')) p.add(u, 'ecg', first('全科医疗科'), p.n(1, 2));
    if (!byName('急诊科')) p.add(u, 'ambulance', first('院办'), p.n(u.tier === 'central' ? 2 : 1, u.tier === 'central' ? 2 : 1));
    if (u.tier === 'central') p.add(u, 'ventilator', ward, p.n(1, 2), { years: [2020, 2020], acquisition: '捐赠', remarks: '2020年新冠肺炎疫情期间社会捐赠' });
    if (u.tier !== 'community' && rng.float() < 0.4) p.add(u, 'clinicVan', first('公共卫生科', '院办'), p.n(1, 1));
    p.add(u, 'sterilizerSmall', first('护理部', '全科医疗科'), p.n(1, 1));
    p.add(u, 'wheelchair', ward, 1, { acquisition: '捐赠', remarks: '县慈善总会捐赠，无发票，按名义金额入账' });
  }
  if (u.tier === 'lead') {
    // The lead hospital's second CT and a 64-slice scanner replacement; its haemodialysis centre sits under 内科 when there is no 肾内科.
    p.add(u, 'ct', first('医学影像科'), 1, { years: [2019, 2021] });
    if (!byName('肾内科')) p.add(u, 'dialysis', first('内科'), p.n(10, 14));
    if (!byName('消毒供应中心')) p.add(u, 'sterilizer', first('护理部'), 2);
    p.add(u, 'mammo', first('医学影像科'), 1);
    p.add(u, 'mri3t', first('医学影像科'), 1, { remarks: '县域医学影像中心建设项目' });
    p.add(u, 'dsa', first('心血管内科', '医学影像科'), 1, { remarks: '胸痛中心、卒中中心建设项目' });
  }
  if (u.tier === 'mch') p.add(u, 'mammo', first('医学影像科', '乳腺科'), 1);
}

// ---------------------------------------------------------------------------------------------
// Running handlers in batches

const SYSTEM: CallContext = { system: { actor: 'demo' } };
const ACTOR: Actor = { kind: 'system', userId: null, name: 'system:demo', role: 'admin', unitId: null, scope: null };

/**
 * Run one method's handler for every argument list in ONE engine write: one transaction and one
 * audit row holding every change. Arguments are validated by the method's zod schema first, as the
 * engine does for each call; the handler itself runs unchanged, its own `ctx.write` joining this
 * write (same transaction, same recorder). Any refusal aborts the whole batch (nothing is written).
 */
function runBatch<K extends EventMethod>(ledger: Ledger, method: K, summary: string, list: readonly ArgsIn<K>[]): number {
  if (!list.length) return 0;
  const spec = api[method];
  const parsed = list.map((args, i) => {
    const r = spec.args.safeParse(args);
    if (!r.success) {
      const details = zodDetails(r.error).map((d) => ({ ...d, row: i + 1 }));
      throw new LedgerError('VALIDATION', `演示数据有误（${method} 第 ${i + 1} 项）：${details[0]?.field ?? ''} ${details[0]?.message ?? ''}`, { key: 'error.VALIDATION', details });
    }
    return r.data;
  });
  const db = ledger.db;
  const handler = handlers[method] as unknown as (args: unknown, ctx: HandlerContext) => unknown;
  const write = makeWrite(db, ACTOR, method);
  write(summary, (record, at) => {
    const ctx: HandlerContext = {
      db,
      actor: ACTOR,
      method: method as MethodName,
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
        if (err instanceof LedgerError) throw new LedgerError(err.code, `演示数据被拒绝（${method} 第 ${i + 1} 项 ${JSON.stringify(list[i])}）：${err.message}`, { key: err.key ?? 'error.VALIDATION', details: err.details ?? [] });
        throw err;
      }
    }
  });
  return parsed.length;
}

// ---------------------------------------------------------------------------------------------

/**
 * Fill the demo community's asset register. Expects the units and departments of `buildDemo`
 * and an empty register; see the top of this file for what it writes.
 */
export async function buildAssetsDemo(ledger: Ledger, opts: AssetsDemoOptions): Promise<AssetsDemoResult> {
  const progress = opts.onProgress ?? (() => undefined);
  const through = opts.throughPeriod ?? DEMO_THROUGH_PERIOD;
  const cutOver = opts.cutOver ?? DEMO_CUT_OVER;
  if (through <= cutOver || cutOver < `${FIRST_YEAR + 1}-01`) throw new LedgerError('VALIDATION', `演示数据的最后计提期间（${through}）须晚于迁移期间（${cutOver}）`, { key: 'error.VALIDATION' });
  const scale = opts.scale ?? 1;
  const p = new Planner((opts.seed ^ 0x5a17) >>> 0, cutOver, through, scale);
  const rng = p.rng;

  // --- The organisation as built, with staff names per department (deterministic order).
  const units = await ledger.invoke('units.list', {}, SYSTEM);
  const depts = await ledger.invoke('departments.list', {}, SYSTEM);
  const existing = ledger.db.prepare('SELECT count(*) FROM assets').pluck().get() as number;
  if (existing > 0) throw new LedgerError('DUPLICATE', `账套中已有 ${existing} 张资产卡片；演示资产只能装入空的资产台账`, { key: 'error.DUPLICATE' });
  const usedNames = new Set<string>();
  const personName = () => {
    for (let i = 0; ; i++) {
      const name = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES) + (i > 50 ? rng.pick(GIVEN_NAMES).slice(0, 1) : '');
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const plans: UnitPlan[] = units.map((u) => {
    const tier = tierOf(u);
    const own = depts.filter((d) => d.unitCode === u.code).sort((a, b) => (a.code < b.code ? -1 : 1));
    const cats = own.map((d) => ({ name: d.name, cat: deptCat(tier, d.name) }));
    const places = placeDepts(tier, cats);
    const staffSize = tier === 'lead' ? [8, 24] : tier === 'county' || tier === 'mch' ? [5, 14] : tier === 'village' ? [1, 2] : [2, 6];
    return {
      code: u.code,
      name: u.name,
      type: u.type,
      parentCode: u.parentCode,
      tier,
      grassroots: tier !== 'lead' && tier !== 'county' && tier !== 'mch',
      depts: own.map((d, i) => {
        const head = personName();
        const staff = [head, ...Array.from({ length: rng.int(staffSize[0]!, staffSize[1]!) }, personName)];
        return { code: d.code, name: d.name, cat: cats[i]!.cat, place: places[i]!, head, staff };
      }),
    };
  });
  const byCode = new Map(plans.map((u) => [u.code, u]));

  // --- Plan every card.
  progress('资产：编制卡片计划');
  for (const u of plans) planUnit(p, u);
  const cards = p.cards;

  // Numbers: unit code, booking year and a sequence in booking order (kept across transfers).
  const order = cards.map((_, i) => i).sort((a, b) => {
    const x = cards[a]!;
    const y = cards[b]!;
    return x.input.unitCode < y.input.unitCode ? -1 : x.input.unitCode > y.input.unitCode ? 1 : x.booked < y.booked ? -1 : x.booked > y.booked ? 1 : a - b;
  });
  const seq = new Map<string, number>();
  const oldPrefix = new Map<string, string>();
  for (const i of order) {
    const c = cards[i]!;
    const year = c.booked.slice(0, 4);
    const key = `${c.input.unitCode}-${year}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    c.input.code = `${key}-${pad(n, 4)}`;
    // Old registers numbered their own way; most migrated cards keep that number as 原资产编号.
    if (c.migrated && rng.float() < 0.7) {
      let prefix = oldPrefix.get(c.input.unitCode);
      if (!prefix) oldPrefix.set(c.input.unitCode, (prefix = `ZC${c.input.unitCode.replace(/\D/g, '').slice(-5)}`));
      c.input.oldCode = `${prefix}${year.slice(2)}${pad(n, 4)}`;
    }
    c.input.managingDeptCode = managingDept(byCode.get(c.input.unitCode)!, c.kind)?.code ?? null;
  }

  // Opening figures at the cut-over (the old registers' 累计折旧, by the same rules), statuses at the cut-over.
  for (const c of cards) {
    const cls = c.input.classCode as string;
    const depreciable = isDepreciable(cls) !== false;
    if (c.key === 'wheelchair' && c.input.acquisitionMethod === '捐赠') {
      c.input.valueType = '名义金额';
      c.input.costFen = 100;
      c.input.fundFiscalFen = 0;
      c.input.fundResearchFen = 0;
      c.input.fundOwnFen = 0;
      c.input.fundOtherFen = 100;
      c.input.quantity = 1;
    }
    const nominal = c.input.valueType === '名义金额';
    const dep = { costFen: c.input.costFen, lifeMonths: c.input.lifeMonths ?? 0, booked: c.booked, depreciable, valueType: c.input.valueType };
    if (c.migrated) {
      c.input.openingPeriod = cutOver;
      if (depreciable && !nominal) {
        const s = stateAfter(dep, cutOver);
        c.input.openingAccumulatedFen = s.accumulatedFen;
        c.input.openingMonthsUsed = s.monthsDepreciated;
      }
      c.stateAt = addMonths(cutOver, 1);
      // Old items past their life: most still in use, some idle or waiting to be scrapped.
      const full = c.input.openingAccumulatedFen === c.input.costFen && c.input.costFen > 0 && depreciable && !nominal;
      const r = rng.float();
      const status: Status = full ? (r < 0.16 ? '待报废' : r < 0.24 ? '闲置' : '在用') : r < 0.018 ? '闲置' : r < 0.03 ? '待修' : '在用';
      if (c.kind.cat !== 'building' && c.kind.cat !== 'structure' && c.kind.cat !== 'land' && c.kind.cat !== 'software' && c.kind.cat !== 'books') c.cur.status = status;
    }
    c.input.status = c.cur.status;
    if (depreciable && !nominal) {
      c.state = openingState({
        costFen: c.input.costFen,
        lifeMonths: c.input.lifeMonths ?? 0,
        booked: c.booked,
        openingAccumulatedFen: c.input.openingAccumulatedFen ?? 0,
        openingMonthsUsed: c.input.openingMonthsUsed,
        cutOverPeriod: c.input.openingPeriod,
      });
    }
  }

  // --- Plan the histories.
  const events = planHistories(p, plans, cards, cutOver, through);

  // --- Write: migrated cards by level (one assets.create each), then the moves recorded before the cut-over.
  const migrated = cards.filter((c) => c.migrated);
  const groups: [string, (u: UnitPlan) => boolean][] = [
    ['牵头医院', (u) => u.tier === 'lead'],
    ['县级医院', (u) => u.tier === 'county' || u.tier === 'mch'],
    ['乡镇卫生院及社区卫生服务中心', (u) => u.tier === 'central' || u.tier === 'township' || u.tier === 'community'],
    ['村卫生室', (u) => u.tier === 'village'],
  ];
  for (const [label, inGroup] of groups) {
    const batch = migrated.filter((c) => inGroup(byCode.get(c.input.unitCode)!)).map((c) => c.input);
    if (!batch.length) continue;
    progress(`资产：迁移${label}的原资产台账 ${batch.length} 张（期初累计折旧截至 ${cutOver}）`);
    await ledger.invoke('assets.create', { cards: batch }, SYSTEM);
  }
  const before = events.filter((e) => e.date.slice(0, 7) <= cutOver);
  progress(`资产：迁移前的变动记录 ${before.length} 笔`);
  runBatch(ledger, 'assets.move', `演示数据：迁移前的资产变动记录 ${before.length} 笔`, before.map((e) => e.args as ArgsIn<'assets.move'>));

  // --- Month by month: purchases, business, month-end.
  const result: AssetsDemoResult = { cards: cards.length, migrated: migrated.length, purchased: cards.length - migrated.length, cutOver, moves: before.length, transfers: 0, costChanges: 0, disposals: 0, periods: [], largeEquipment: [] };
  for (let period = addMonths(cutOver, 1); period <= through; period = addMonths(period, 1)) {
    const bought = cards.filter((c) => !c.migrated && c.booked.slice(0, 7) === period).map((c) => c.input);
    if (bought.length) await ledger.invoke('assets.create', { cards: bought }, SYSTEM);
    const inMonth = events.filter((e) => e.date.slice(0, 7) === period);
    const of = <Km extends EventMethod>(m: Km) => inMonth.filter((e) => e.method === m).map((e) => e.args as ArgsIn<Km>);
    const transfers = runBatch(ledger, 'assets.transfer', `演示数据：${period} 资产调剂`, of('assets.transfer'));
    const moves = runBatch(ledger, 'assets.move', `演示数据：${period} 资产变动`, of('assets.move'));
    const changes = runBatch(ledger, 'assets.changeCost', `演示数据：${period} 原值/年限变动`, of('assets.changeCost'));
    const disposals = runBatch(ledger, 'assets.dispose', `演示数据：${period} 资产处置`, of('assets.dispose'));
    result.transfers += transfers;
    result.moves += moves;
    result.costChanges += changes;
    result.disposals += disposals;
    await opts.beforeMonthEnd?.(period);
    const close = period < through;
    const run = await ledger.invoke('depreciation.run', { period, close }, SYSTEM);
    result.periods.push({ period: run.period, assets: run.assets, totalFen: run.totalFen, closed: run.closed });
    progress(`资产：${period} 新购 ${bought.length}、调剂 ${transfers}、变动 ${moves}、原值变动 ${changes}、处置 ${disposals}；计提折旧 ${run.assets} 张 ${(run.totalFen / 100).toFixed(2)} 元${close ? '，已结账' : '（未结账）'}`);
  }
  // Free for shared use in any month since the cut-over: no custody, status or disposal event planned there.
  const busy = new Set(events.filter((e) => e.date.slice(0, 7) > cutOver && e.method !== 'assets.changeCost').map((e) => (e.args as { code: string }).code));
  result.largeEquipment = cards
    .filter((c) => c.kind.big && !c.disposed && c.kind.cat === 'medical' && ['lead', 'county', 'mch'].includes(c.cur.unit.tier) && !busy.has(c.input.code) && c.cur.status === '在用')
    .map((c) => c.input.code);
  return result;
}

function managingDept(u: UnitPlan, kind: Kind): DeptPlan | null {
  const find = (...names: string[]) => names.map((n) => u.depts.find((d) => d.name === n)).find((d) => d) ?? null;
  if (u.tier === 'village') return null;
  if (kind.cat === 'medical') return find('设备科', '院办');
  if (kind.cat === 'it' || kind.cat === 'software') return find('信息科', '设备科', '院办');
  return find('总务科', '院办');
}

// ---------------------------------------------------------------------------------------------
// Histories

/** Events in date order, each valid when planned against the card's state at that date. */
function planHistories(p: Planner, plans: UnitPlan[], cards: PlannedCard[], cutOver: string, through: string): PlannedEvent[] {
  const rng = p.rng;
  const out: PlannedEvent[] = [];
  const s = p.scale;
  const count = (n: number) => Math.max(0, Math.round(n * s));
  // Business per month, sized so that the whole period since the cut-over holds about what ten months would.
  const spread = 10 / (periodIndex(through) - periodIndex(cutOver));
  const perMonth = (n: number) => {
    const x = n * s * spread;
    const whole = Math.floor(x);
    return whole + (rng.float() < x - whole ? 1 : 0);
  };
  const movable = (c: PlannedCard) => !c.disposed && c.kind.cat !== 'building' && c.kind.cat !== 'structure' && c.kind.cat !== 'land' && c.kind.cat !== 'software';
  const depAt = (c: PlannedCard, period: string): AssetDepState | null => {
    if (!c.state) return null;
    const n = periodIndex(period) - periodIndex(c.stateAt);
    return n > 0 ? advanceStraightLine(c.state, n) : c.state;
  };
  const deptLike = (u: UnitPlan, c: PlannedCard): DeptPlan | null => {
    const same = c.cur.dept && u.depts.find((d) => d.name === c.cur.dept!.name);
    if (same) return same;
    const cat = c.cur.dept?.cat ?? 'clinic';
    const pref = c.kind.cat === 'medical' ? ['全科医疗科', '住院部', '内科', '诊室'] : ['院办', '全科医疗科', '诊室'];
    return u.depts.find((d) => pref.includes(d.name)) ?? u.depts.find((d) => d.cat === cat) ?? u.depts[0] ?? null;
  };
  const move = (c: PlannedCard, date: string, next: Partial<Custody>, docNo?: string) => {
    const args: ArgsIn<'assets.move'> = { code: c.input.code, date };
    if (next.dept !== undefined && next.dept !== c.cur.dept) args.usingDeptCode = next.dept?.code ?? null;
    if (next.user !== undefined && next.user !== c.cur.user) args.userName = next.user;
    if (next.location !== undefined && next.location !== c.cur.location) args.location = next.location;
    if (next.status !== undefined && next.status !== c.cur.status) args.status = next.status;
    if (Object.keys(args).length === 2) return false;
    if (docNo) args.docNo = docNo;
    out.push({ method: 'assets.move', date, args });
    c.cur = { ...c.cur, ...next };
    c.last = date;
    return true;
  };
  const free = (c: PlannedCard, date: string) => movable(c) && c.last < date;
  const sample = (pool: PlannedCard[], n: number, ok: (c: PlannedCard) => boolean): PlannedCard[] => {
    const chosen: PlannedCard[] = [];
    for (let tries = 0; chosen.length < n && tries < n * 30 && pool.length; tries++) {
      const c = rng.pick(pool);
      if (ok(c) && !chosen.includes(c)) chosen.push(c);
    }
    return chosen;
  };

  // Before the cut-over: moves recorded by the old registers (科室调整, 人员变动, 搬迁), in date order.
  const older = cards.filter((c) => c.migrated && movable(c) && c.booked < '2024-01-01');
  const history: { c: PlannedCard; date: string }[] = [];
  for (const c of sample(older, count(1500), () => true)) {
    const from = periodIndex(c.booked.slice(0, 7)) + 2;
    const to = periodIndex(cutOver);
    if (from > to) continue;
    const per = addMonths(c.booked.slice(0, 7), rng.int(2, to - from + 2));
    history.push({ c, date: dayIn(rng, per) });
  }
  history.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const { c, date } of history) {
    if (date <= c.last) continue;
    const u = c.cur.unit;
    const r = rng.float();
    if (r < 0.4 && c.kind.user === 'person' && c.cur.dept) {
      move(c, date, { user: rng.pick(c.cur.dept.staff.filter((x) => x !== c.cur.user)) ?? null });
    } else if (r < 0.75 && u.depts.length > 1) {
      const d = rng.pick(u.depts.filter((x) => x !== c.cur.dept && x.cat === (c.cur.dept?.cat ?? x.cat)));
      if (d) move(c, date, { dept: d, location: p.placeOf(c.kind, d, u), user: c.kind.user ? (c.kind.user === 'head' ? d.head : rng.pick(d.staff)) : c.cur.user });
    } else if (c.cur.location) {
      const moved = c.cur.location.replace(/(\d+)层/, (_m, f: string) => `${Math.max(1, Number(f) + rng.pick([-1, 1]))}层`);
      move(c, date, { location: moved === c.cur.location ? `${c.cur.location}(东区)` : moved });
    }
  }

  // After the cut-over: month by month.
  const idx = new Map<string, number>();
  const doc = (kind: string, period: string) => {
    const n = (idx.get(kind) ?? 0) + 1;
    idx.set(kind, n);
    return `清医共${kind}〔${period.slice(0, 4)}〕${n}号`;
  };
  const hospitals = plans.filter((u) => u.tier === 'lead' || u.tier === 'county' || u.tier === 'mch');
  const centres = plans.filter((u) => u.tier === 'central' || u.tier === 'township' || u.tier === 'community');
  const villagesOf = new Map<string, UnitPlan[]>();
  for (const v of plans.filter((u) => u.tier === 'village')) villagesOf.set(v.parentCode!, [...(villagesOf.get(v.parentCode!) ?? []), v]);
  const inUnits = (us: UnitPlan[]) => {
    const set = new Set(us.map((u) => u.code));
    return cards.filter((c) => set.has(c.cur.unit.code) && movable(c));
  };
  const hospitalCards = inUnits(hospitals).filter((c) => c.kind.cat === 'medical' || c.kind.cat === 'it');
  const centreCards = inUnits(centres);
  const active = cards.filter(movable);
  const bigOnes = cards.filter((c) => c.kind.big && c.state);
  const buildings = cards.filter((c) => c.kind.cat === 'building' && c.state);
  const lifeChangeable = cards.filter((c) => (c.key === 'ambulance' || c.key === 'elevator' || c.key === 'generator' || c.key === 'mpv') && c.state);
  const pendingRepairs: { c: PlannedCard; back: string }[] = [];

  for (let period = addMonths(cutOver, 1); period <= through; period = addMonths(period, 1)) {
    const notFull = (c: PlannedCard) => {
      const st = depAt(c, period);
      return !!st && st.accumulatedFen < st.costFen && st.monthsDepreciated + 2 < st.lifeMonths;
    };
    const fullyDepreciated = (c: PlannedCard) => {
      const st = depAt(c, period);
      return !!st && st.accumulatedFen >= st.costFen;
    };
    const booked = (c: PlannedCard) => c.booked.slice(0, 7) < period;

    // 调剂 between member units: the lead and county hospitals pass equipment down; centres pass idle items on and PCs to their villages.
    const transfer = (c: PlannedCard, to: UnitPlan | undefined, docNo: string) => {
      const date = dayIn(rng, period, 5, 25);
      if (!to || to === c.cur.unit || !(c.last < date)) return;
      const d = deptLike(to, c);
      const user = c.kind.user === 'person' && d ? rng.pick(d.staff) : c.kind.user === 'head' && d ? d.head : null;
      const location = p.placeOf(c.kind, d, to);
      out.push({ method: 'assets.transfer', date, args: { code: c.input.code, toUnitCode: to.code, date, usingDeptCode: d?.code ?? null, location, userName: user, docNo } });
      c.cur = { ...c.cur, unit: to, dept: d, user, location };
      c.last = date;
      if (c.cur.status !== '在用') {
        // Put to use by the receiving unit on arrival.
        const args: ArgsIn<'assets.move'> = { code: c.input.code, date, status: '在用', docNo };
        out.push({ method: 'assets.move', date, args });
        c.cur.status = '在用';
      }
    };
    const tDoc = doc('资调', period);
    const inHospital = (x: PlannedCard) => x.cur.unit.tier === 'lead' || x.cur.unit.tier === 'county' || x.cur.unit.tier === 'mch';
    for (const c of sample(hospitalCards, perMonth(rng.int(14, 22)), (x) => free(x, `${period}-01`) && booked(x) && inHospital(x) && x.cur.status !== '待报废' && x.booked >= '2016-01-01' && !x.kind.big)) {
      transfer(c, rng.pick(centres), tDoc);
    }
    for (const c of sample(centreCards, perMonth(rng.int(3, 7)), (x) => free(x, `${period}-01`) && booked(x) && x.cur.status === '闲置' && x.cur.unit.tier !== 'village')) {
      transfer(c, rng.pick(centres.filter((u) => u !== c.cur.unit)), tDoc);
    }
    for (const c of sample(centreCards, perMonth(rng.int(4, 8)), (x) => free(x, `${period}-01`) && booked(x) && (x.key === 'pc' || x.key === 'ecg' || x.key === 'bp' || x.key === 'examCouch' || x.key === 'laser') && x.cur.status === '在用' && villagesOf.has(x.cur.unit.code))) {
      transfer(c, rng.pick(villagesOf.get(c.cur.unit.code)!), tDoc);
    }
    if (rng.float() < 0.5) {
      for (const c of sample(hospitalCards, perMonth(1), (x) => free(x, `${period}-01`) && booked(x) && inHospital(x) && !!x.kind.big && (x.key === 'colorSmall' || x.key === 'ventilator' || x.key === 'dr') && x.cur.status !== '待报废')) {
        transfer(c, rng.pick(centres.filter((u) => u.tier === 'central' || u.tier === 'township')), tDoc);
      }
    }

    // Repairs coming back, then new repairs, idle and back in use, department changes, user changes, relocations.
    const due = pendingRepairs.filter((x) => x.back.slice(0, 7) === period);
    pendingRepairs.splice(0, pendingRepairs.length, ...pendingRepairs.filter((x) => x.back.slice(0, 7) !== period));
    for (const r of due) {
      if (!r.c.disposed && r.c.cur.status === '待修' && r.c.last < r.back) move(r.c, r.back, { status: '在用' });
    }
    for (const c of sample(active, perMonth(rng.int(30, 45)), (x) => free(x, `${period}-01`) && booked(x) && x.cur.status === '在用' && x.kind.cat !== 'furniture')) {
      const date = dayIn(rng, period, 1, 20);
      if (move(c, date, { status: '待修' }) && rng.float() < 0.75) {
        const back = addDays(date, rng.int(7, 40));
        if (back.slice(0, 7) <= through) pendingRepairs.push({ c, back });
      }
    }
    for (const c of sample(active, perMonth(rng.int(12, 20)), (x) => free(x, `${period}-01`) && booked(x) && x.cur.status === '在用')) move(c, dayIn(rng, period), { status: '闲置' });
    for (const c of sample(active, perMonth(rng.int(6, 12)), (x) => free(x, `${period}-01`) && x.cur.status === '闲置')) move(c, dayIn(rng, period), { status: '在用' });
    for (const c of sample(active, perMonth(rng.int(50, 70)), (x) => free(x, `${period}-01`) && booked(x) && x.cur.unit.depts.length > 1 && x.cur.unit.tier !== 'village')) {
      const u = c.cur.unit;
      const d = rng.pick(u.depts.filter((x) => x !== c.cur.dept && x.cat === (c.cur.dept?.cat ?? x.cat)));
      if (!d) continue;
      const user = c.kind.user === 'person' ? rng.pick(d.staff) : c.kind.user === 'head' ? d.head : c.cur.user;
      move(c, dayIn(rng, period), { dept: d, location: p.placeOf(c.kind, d, u), user });
    }
    for (const c of sample(active, perMonth(rng.int(40, 60)), (x) => free(x, `${period}-01`) && x.kind.user === 'person' && !!x.cur.dept && x.cur.dept.staff.length > 1)) {
      move(c, dayIn(rng, period), { user: rng.pick(c.cur.dept!.staff.filter((n) => n !== c.cur.user)) ?? null });
    }
    for (const c of sample(active, perMonth(rng.int(15, 25)), (x) => free(x, `${period}-01`) && booked(x) && !!x.cur.location && /\d+层/.test(x.cur.location))) {
      const moved = c.cur.location!.replace(/(\d+)层/, (_m, f: string) => `${Number(f) + 1}层`);
      move(c, dayIn(rng, period), { location: moved });
    }

    // Old items put aside for scrapping; the ones already waiting are scrapped with the approval's number.
    const scrapPool = active.filter((x) => free(x, `${period}-01`) && x.cur.status === '在用' && fullyDepreciated(x) && x.kind.cat !== 'vehicle');
    for (const c of sample(scrapPool, perMonth(rng.int(80, 120)), () => true)) move(c, dayIn(rng, period, 1, 15), { status: '待报废' });
    const waiting = active.filter((x) => !x.disposed && x.cur.status === '待报废' && x.last < `${period}-16` && booked(x));
    const perUnit = new Map<string, PlannedCard[]>();
    for (const c of sample(waiting, perMonth(rng.int(110, 150)), () => true)) perUnit.set(c.cur.unit.code, [...(perUnit.get(c.cur.unit.code) ?? []), c]);
    for (const [, list] of [...perUnit.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const date = dayIn(rng, period, 16, 28);
      const docNo = doc('资处', period);
      for (const c of list) {
        const type = c.key === 'pc' && rng.float() < 0.08 ? '对外捐赠' : rng.float() < 0.04 ? '无偿调拨' : '报废';
        out.push({ method: 'assets.dispose', date, args: { code: c.input.code, type, date, docNo } });
        c.disposed = true;
        c.last = date;
      }
    }
    // Old vehicles sold at auction; a lost laptop written off (报损).
    for (const c of sample(active, perMonth(rng.float() < 0.4 ? 1 : 0), (x) => free(x, `${period}-01`) && x.kind.cat === 'vehicle' && fullyDepreciated(x))) {
      const date = dayIn(rng, period, 10, 28);
      out.push({ method: 'assets.dispose', date, args: { code: c.input.code, type: '出售', date, docNo: doc('资处', period) } });
      c.disposed = true;
      c.last = date;
    }
    for (const c of sample(active, perMonth(rng.float() < 0.5 ? 1 : 0), (x) => free(x, `${period}-01`) && booked(x) && (x.key === 'laptop' || x.key === 'tablet'))) {
      const date = dayIn(rng, period, 10, 28);
      out.push({ method: 'assets.dispose', date, args: { code: c.input.code, type: '报损', date, docNo: doc('资处', period) } });
      c.disposed = true;
      c.last = date;
    }

    // Renovations (cost up, sometimes a longer life), upgrades of large equipment, life extended after an overhaul.
    const costChange = (c: PlannedCard, deltaFen: number, lifeMonths: number | undefined, reason: string, docNo: string) => {
      const date = dayIn(rng, period, 5, 28);
      if (!(c.last < date)) return;
      const st = depAt(c, period)!;
      const args: ArgsIn<'assets.changeCost'> = { code: c.input.code, date, reason, docNo };
      if (deltaFen) args.deltaFen = deltaFen;
      if (lifeMonths !== undefined) args.lifeMonths = lifeMonths;
      out.push({ method: 'assets.changeCost', date, args });
      c.state = recalculate(st, { costFen: deltaFen ? st.costFen + deltaFen : undefined, lifeMonths });
      c.stateAt = period;
      c.last = date;
    };
    for (const c of sample(buildings, perMonth(rng.int(1, 3)), (x) => !x.disposed && x.last < `${period}-01` && booked(x) && notFull(x))) {
      const pct = 0.04 + rng.float() * 0.16;
      const delta = Math.round((c.input.costFen * pct) / 100_000) * 100_000;
      const longer = rng.float() < 0.3 ? (c.state!.lifeMonths ?? 0) + 60 : undefined;
      costChange(c, delta, longer, rng.pick(['改扩建工程竣工结算', '装修改造工程竣工结算', '屋面防水及外立面改造', '消防设施改造工程']), doc('基建', period));
    }
    for (const c of sample(bigOnes, perMonth(rng.int(6, 12)), (x) => !x.disposed && x.last < `${period}-01` && booked(x) && notFull(x) && x.kind.cat === 'medical')) {
      const pct = 0.03 + rng.float() * 0.12;
      const delta = Math.round((c.input.costFen * pct) / 10_000) * 10_000;
      const reason = c.key === 'ct' ? '更换球管并升级重建软件' : c.key === 'color' || c.key === 'colorSmall' ? '加装探头及软件升级' : c.key === 'mri' ? '线圈扩充及软件升级' : '功能模块升级';
      costChange(c, delta, undefined, reason, doc('设', period));
    }
    for (const c of sample(lifeChangeable, perMonth(rng.float() < 0.6 ? 1 : 0), (x) => !x.disposed && x.last < `${period}-01` && booked(x) && notFull(x))) {
      costChange(c, 0, (depAt(c, period)!.lifeMonths ?? 0) + rng.pick([24, 36]), '大修后延长使用年限', doc('设', period));
    }
  }
  // Stable sort: a transfer and the move putting the card to use on arrival share a date and keep their order.
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return out;
}
