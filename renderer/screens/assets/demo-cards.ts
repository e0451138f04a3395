// Believable asset cards for demos, screenshots, e2e tests and the register benchmark (pure: no
// Node, no DOM). Cards are migrated from an "old register" with accumulated depreciation as of a
// cut-over month, so the register shows real 累计折旧 / 净值 without running month-ends.
import { mulberry32 } from '../../../shared/random';

export interface DemoCardUnit {
  code: string;
  /** Department codes of the unit (may be empty). */
  depts: string[];
}

export interface DemoCard {
  code: string;
  name: string;
  classCode: string;
  brand: string | null;
  model: string | null;
  measureUnit: string;
  acquisitionMethod: '新购' | '捐赠' | '调入';
  acquiredOn: string;
  bookedOn: string;
  voucherNo: string;
  costFen: number;
  fundFiscalFen: number;
  fundOwnFen: number;
  lifeMonths: number;
  openingAccumulatedFen: number;
  openingMonthsUsed: number;
  openingPeriod: string;
  unitCode: string;
  usingDeptCode: string | null;
  userName: string | null;
  location: string | null;
  status: '在用' | '闲置' | '待修' | '待报废';
  manufacturer: string | null;
  supplier: string | null;
  remarks: string | null;
}

interface Kind {
  name: string;
  classCode: string;
  unit: string;
  /** Cost range in yuan. */
  cost: [number, number];
  lifeYears: number;
  weight: number;
  models: [brand: string, model: string, maker: string][];
  where: string[];
}

const KINDS: Kind[] = [
  { name: '台式计算机', classCode: 'A02010105', unit: '台', cost: [3800, 7600], lifeYears: 6, weight: 22, models: [['联想', '启天M435', '联想(北京)有限公司'], ['华为', 'MateStation B515', '华为技术有限公司'], ['戴尔', 'OptiPlex 3090', '戴尔(中国)有限公司']], where: ['门诊楼', '住院楼', '行政楼', '医技楼'] },
  { name: '便携式计算机', classCode: 'A02010108', unit: '台', cost: [4500, 9800], lifeYears: 6, weight: 5, models: [['联想', 'ThinkPad E14', '联想(北京)有限公司'], ['华为', 'MateBook D14', '华为技术有限公司']], where: ['行政楼'] },
  { name: '激光打印机', classCode: 'A02021001', unit: '台', cost: [1200, 3800], lifeYears: 6, weight: 9, models: [['惠普', 'LaserJet M403d', '惠普(重庆)有限公司'], ['奔图', 'P3301DN', '珠海奔图电子有限公司']], where: ['门诊楼', '住院楼', '行政楼'] },
  { name: '服务器', classCode: 'A02010104', unit: '台', cost: [38000, 128000], lifeYears: 6, weight: 1, models: [['浪潮', 'NF5280M6', '浪潮电子信息产业股份有限公司'], ['华为', 'FusionServer 2288H V5', '华为技术有限公司']], where: ['信息中心机房'] },
  { name: '交换机', classCode: 'A02010202', unit: '台', cost: [2600, 26000], lifeYears: 6, weight: 3, models: [['华为', 'S5735-L48T4S', '华为技术有限公司'], ['锐捷', 'RG-S5750', '锐捷网络股份有限公司']], where: ['信息中心机房', '弱电间'] },
  { name: '空调机', classCode: 'A02061800', unit: '台', cost: [3200, 12800], lifeYears: 8, weight: 8, models: [['格力', 'KFR-72LW', '珠海格力电器股份有限公司'], ['美的', 'KFR-51LW', '美的集团股份有限公司']], where: ['门诊楼', '住院楼', '行政楼'] },
  { name: '彩色多普勒超声诊断仪', classCode: 'A02320201', unit: '台', cost: [380000, 1680000], lifeYears: 6, weight: 2, models: [['迈瑞', 'Resona 7', '深圳迈瑞生物医疗电子股份有限公司'], ['GE', 'LOGIQ E10', '通用电气医疗系统(中国)有限公司'], ['开立', 'S60', '深圳开立生物医疗科技股份有限公司']], where: ['医技楼超声科'] },
  { name: '全自动生化分析仪', classCode: 'A02320501', unit: '台', cost: [260000, 980000], lifeYears: 5, weight: 1, models: [['迈瑞', 'BS-2000M', '深圳迈瑞生物医疗电子股份有限公司'], ['日立', '7180', '日立高新技术(上海)国际贸易有限公司']], where: ['医技楼检验科'] },
  { name: '血细胞分析仪', classCode: 'A02320502', unit: '台', cost: [68000, 320000], lifeYears: 5, weight: 2, models: [['迈瑞', 'BC-6800Plus', '深圳迈瑞生物医疗电子股份有限公司'], ['希森美康', 'XN-1000', '希森美康医用电子(上海)有限公司']], where: ['医技楼检验科'] },
  { name: '数字化X射线摄影系统（DR）', classCode: 'A02320302', unit: '套', cost: [680000, 1450000], lifeYears: 6, weight: 1, models: [['联影', 'uDR 588i', '上海联影医疗科技股份有限公司'], ['万东', 'NewVision', '北京万东医疗科技股份有限公司']], where: ['医技楼放射科'] },
  { name: '心电图机', classCode: 'A02320101', unit: '台', cost: [9800, 46000], lifeYears: 5, weight: 4, models: [['理邦', 'SE-1201', '深圳市理邦精密仪器股份有限公司'], ['光电', 'ECG-2350', '上海光电医用电子仪器有限公司']], where: ['门诊楼心电室', '住院楼'] },
  { name: '病人监护仪', classCode: 'A02320102', unit: '台', cost: [12000, 58000], lifeYears: 5, weight: 6, models: [['迈瑞', 'ePM 12M', '深圳迈瑞生物医疗电子股份有限公司'], ['理邦', 'iM70', '深圳市理邦精密仪器股份有限公司']], where: ['住院楼'] },
  { name: '医用病床', classCode: 'A02320601', unit: '张', cost: [2600, 16800], lifeYears: 5, weight: 14, models: [['八乐梦', 'A5型', '八乐梦床业(中国)有限公司'], ['康辉', 'ABS手摇双摇床', '山东康辉医疗器械有限公司']], where: ['住院楼'] },
  { name: '输液泵', classCode: 'A02320602', unit: '台', cost: [5600, 12800], lifeYears: 5, weight: 5, models: [['迈瑞', 'BeneFusion VP5', '深圳迈瑞生物医疗电子股份有限公司'], ['史密斯', 'WZ-50C6', '浙江史密斯医学仪器有限公司']], where: ['住院楼'] },
  { name: '呼吸机', classCode: 'A02320702', unit: '台', cost: [98000, 360000], lifeYears: 5, weight: 1, models: [['迈瑞', 'SV600', '深圳迈瑞生物医疗电子股份有限公司'], ['德尔格', 'Savina 300', '德尔格医疗设备(上海)有限公司']], where: ['住院楼ICU'] },
  { name: '压力蒸汽灭菌器', classCode: 'A02320801', unit: '台', cost: [42000, 180000], lifeYears: 5, weight: 1, models: [['新华', 'XG1.DMD', '山东新华医疗器械股份有限公司']], where: ['消毒供应中心'] },
  { name: '牙科综合治疗台', classCode: 'A02320901', unit: '台', cost: [36000, 120000], lifeYears: 5, weight: 1, models: [['西诺德', 'INTEGO', '西诺德牙科设备(上海)有限公司'], ['啄木鸟', 'DC-5', '桂林市啄木鸟医疗器械有限公司']], where: ['门诊楼口腔科'] },
  { name: '救护车', classCode: 'A02030601', unit: '辆', cost: [268000, 520000], lifeYears: 8, weight: 1, models: [['江铃', '全顺V362监护型', '江铃汽车股份有限公司'], ['上汽大通', 'V80负压型', '上汽大通汽车有限公司']], where: ['车库'] },
  { name: '办公桌', classCode: 'A05010201', unit: '张', cost: [800, 3200], lifeYears: 15, weight: 10, models: [['震旦', 'ADDA-1400', '震旦(中国)有限公司'], ['圣奥', 'SA-1600', '圣奥科技股份有限公司']], where: ['行政楼', '门诊楼', '住院楼'] },
  { name: '办公椅', classCode: 'A05010301', unit: '把', cost: [1000, 2600], lifeYears: 15, weight: 10, models: [['圣奥', '人体工学椅', '圣奥科技股份有限公司'], ['震旦', '网布办公椅', '震旦(中国)有限公司']], where: ['行政楼', '门诊楼', '住院楼'] },
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文';
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '建国', '志强', '海燕', '红梅', '晓东', '春梅'];
const SUPPLIERS = ['河北华瑞医疗器械有限公司', '邢台市康宁医药有限公司', '石家庄国药器械有限公司', '清河县恒通办公设备商行', '河北中兴科技有限公司'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * `count` cards spread over `units`, numbered `${prefix}000001…`. Booked 2012–2025, migrated
 * with accumulated depreciation as of `openingPeriod` (default 2025-12).
 */
export function demoCards(units: DemoCardUnit[], count: number, opts: { seed?: number; prefix?: string; openingPeriod?: string; start?: number } = {}): DemoCard[] {
  const r = mulberry32(opts.seed ?? 20260301);
  const prefix = opts.prefix ?? 'ZC';
  const opening = opts.openingPeriod ?? '2025-12';
  const [oy, om] = opening.split('-').map(Number) as [number, number];
  const totalWeight = KINDS.reduce((s, k) => s + k.weight, 0);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: DemoCard[] = [];
  const start = opts.start ?? 1;
  for (let i = 0; i < count; i++) {
    let w = r() * totalWeight;
    let kind = KINDS[0]!;
    for (const k of KINDS) {
      w -= k.weight;
      if (w <= 0) {
        kind = k;
        break;
      }
    }
    // the lead hospital holds more (first unit gets a larger share)
    const unit = r() < 0.35 ? units[0]! : pick(units);
    const year = 2012 + Math.floor(r() * 14);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const bookedOn = `${year}-${pad(month)}-${pad(day)}`;
    const yuan = kind.cost[0] + r() * (kind.cost[1] - kind.cost[0]);
    // prices end in whole yuan or in 0.50 / 0.80 for the cheap items
    const costFen = Math.round(yuan) * 100 + (yuan < 5000 && r() < 0.3 ? pick([50, 80]) : 0);
    const life = kind.lifeYears * 12;
    const used = Math.max(0, Math.min(life, (oy - year) * 12 + (om - month) + 1));
    const acc = Math.min(costFen, Math.floor((costFen * used) / life));
    const fiscal = costFen >= 5_000_000 && r() < 0.6 ? Math.round(costFen * 0.6) : 0;
    const [brand, model, maker] = pick(kind.models);
    const st = r();
    const status = used >= life && st < 0.3 ? '待报废' : st < 0.06 ? '闲置' : st < 0.08 ? '待修' : '在用';
    const where = pick(kind.where);
    const floor = 1 + Math.floor(r() * 5);
    out.push({
      code: `${prefix}${pad(start + i, 6)}`,
      name: kind.name,
      classCode: kind.classCode,
      brand,
      model,
      measureUnit: kind.unit,
      acquisitionMethod: r() < 0.04 ? '捐赠' : r() < 0.04 ? '调入' : '新购',
      acquiredOn: bookedOn,
      bookedOn,
      voucherNo: `${year}${pad(month)}-记${pad(1 + Math.floor(r() * 180), 3)}`,
      costFen,
      fundFiscalFen: fiscal,
      fundOwnFen: costFen - fiscal,
      lifeMonths: life,
      openingAccumulatedFen: acc,
      openingMonthsUsed: used,
      openingPeriod: opening,
      unitCode: unit.code,
      usingDeptCode: unit.depts.length ? pick(unit.depts) : null,
      userName: r() < 0.8 ? pick([...SURNAMES]) + pick(GIVEN) : null,
      location: where.endsWith('科') || where.endsWith('室') || where.includes('机房') || where.includes('车库') || where.includes('中心') || where.includes('ICU') ? where : `${where}${floor}层${floor}${pad(1 + Math.floor(r() * 30))}室`,
      status,
      manufacturer: maker,
      supplier: pick(SUPPLIERS),
      remarks: null,
    });
  }
  return out;
}
