// The fixed-choice fields of the asset card (DOMAIN §3.2) and the ways people write them in
// registers. Data tables + one normaliser each: `normaliseX(text) → canonical | undefined`
// (undefined = not recognised; the caller reports it with the list of allowed values).
// Pure: no Node, no DOM.

import { normaliseText } from './text';

export const ACQUISITION_METHODS = ['新购', '调入', '捐赠', '置换', '盘盈', '自建', '其他'] as const;
export type AcquisitionMethod = (typeof ACQUISITION_METHODS)[number];

export const USAGE_STATUSES = ['在用', '闲置', '出租出借', '待修', '待报废', '已处置'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

export const VALUE_TYPES = ['原值', '评估值', '重置价值', '名义金额'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const FUNDING_SOURCES = ['财政补助', '科教项目', '医疗收入(自有资金)', '其他'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** Variants as typed in registers (and by other asset systems) → canonical value. Canonical values match themselves. */
export const ACQUISITION_METHOD_VARIANTS: Readonly<Record<string, AcquisitionMethod>> = {
  新购: '新购', 购置: '新购', 采购: '新购', 购入: '新购', 购买: '新购', 外购: '新购', 新增购置: '新购', 政府采购: '新购', 直接购置: '新购',
  调入: '调入', 调拨: '调入', 划入: '调入', 划拨: '调入', 划转: '调入', 无偿调入: '调入', 无偿划入: '调入', 无偿划拨: '调入', 调拨调入: '调入', 调剂调入: '调入', 调剂: '调入', 内部调入: '调入',
  捐赠: '捐赠', 受赠: '捐赠', 接受捐赠: '捐赠', 捐赠取得: '捐赠', 社会捐赠: '捐赠', 捐赠转入: '捐赠', 接受捐赠取得: '捐赠', 捐助: '捐赠',
  置换: '置换', 置换取得: '置换', 置换换入: '置换', 资产置换: '置换', 交换: '置换', 非货币性资产交换: '置换',
  盘盈: '盘盈', 清查盘盈: '盘盈', 盘点盘盈: '盘盈',
  自建: '自建', 自行建造: '自建', 自制: '自建', 自行研制: '自建', 自行研发: '自建', 建造: '自建', 基建: '自建', 基建转入: '自建', 在建工程转入: '自建', 自建取得: '自建',
  其他: '其他', 其它: '其他', 其他方式: '其他', 其它方式: '其他', 融资租入: '其他', 融资租赁: '其他',
};

/**
 * Not mapped on purpose: 报废 alone (is the asset waiting for scrapping — 待报废 — or already
 * scrapped — 已处置? The user must say), 封存, 调出 (out of the community = disposed, between
 * members = a transfer that keeps 在用).
 */
export const USAGE_STATUS_VARIANTS: Readonly<Record<string, UsageStatus>> = {
  在用: '在用', 正常使用: '在用', 使用中: '在用', 正在使用: '在用', 正常: '在用', 使用: '在用', 在使用: '在用', 正常在用: '在用', 已使用: '在用',
  闲置: '闲置', 未使用: '闲置', 未用: '闲置', 停用: '闲置', 暂停使用: '闲置', 闲置中: '闲置', 暂未使用: '闲置',
  出租出借: '出租出借', 出租: '出租出借', 出借: '出租出借', 对外出租: '出租出借', 对外出借: '出租出借', 借出: '出租出借', 租出: '出租出借', 出借出租: '出租出借',
  待修: '待修', 维修: '待修', 待维修: '待修', 维修中: '待修', 送修: '待修', 在修: '待修', 待修理: '待修', 故障: '待修', 损坏: '待修', 故障待修: '待修',
  待报废: '待报废', 报废待处理: '待报废', 拟报废: '待报废', 申请报废: '待报废', 待处置: '待报废', 报废中: '待报废',
  已处置: '已处置', 已报废: '已处置', 处置: '已处置', 已出售: '已处置', 已转让: '已处置', 已核销: '已处置', 已报损: '已处置',
};

export const VALUE_TYPE_VARIANTS: Readonly<Record<string, ValueType>> = {
  原值: '原值', 原价: '原值', 账面原值: '原值', 实际成本: '原值', 历史成本: '原值', 成本: '原值',
  评估值: '评估值', 评估价值: '评估值', 评估价: '评估值', 资产评估值: '评估值',
  重置价值: '重置价值', 重置成本: '重置价值', 重置价: '重置价值', 重置值: '重置价值',
  名义金额: '名义金额', 名义价值: '名义金额', 名义价格: '名义金额', 名义值: '名义金额',
};

export const FUNDING_SOURCE_VARIANTS: Readonly<Record<string, FundingSource>> = {
  财政补助: '财政补助', 财政拨款: '财政补助', 财政资金: '财政补助', 财政: '财政补助', 财政补助收入: '财政补助', 财政拨款收入: '财政补助', 财政性资金: '财政补助', 财政补助资金: '财政补助',
  科教项目: '科教项目', 科教: '科教项目', 科研: '科教项目', 科研项目: '科教项目', 科教项目资金: '科教项目', 科研经费: '科教项目', 科教经费: '科教项目', 科研资金: '科教项目',
  '医疗收入(自有资金)': '医疗收入(自有资金)', 医疗收入: '医疗收入(自有资金)', 自有资金: '医疗收入(自有资金)', 自筹: '医疗收入(自有资金)', 自筹资金: '医疗收入(自有资金)', 单位自筹: '医疗收入(自有资金)', 自有: '医疗收入(自有资金)', 事业收入: '医疗收入(自有资金)', 医疗收入自有资金: '医疗收入(自有资金)',
  其他: '其他', 其它: '其他', 其他资金: '其他', 其他来源: '其他',
};

/**
 * The comparison key of a choice: normaliseText (full-width → half-width, zero-width dropped),
 * lower case, and without whitespace or separators — `出租/出借`, `出租、出借`, ` 在 用 `,
 * `医疗收入（自有资金）` all compare equal to the plain form.
 */
export function choiceKey(text: string): string {
  return normaliseText(text)
    .toLowerCase()
    .replace(/[\s/\\|、,;:·_\-()[\]【】《》"'“”‘’]/g, '');
}

function indexed<T extends string>(variants: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  const m = new Map<string, T>();
  for (const [k, v] of Object.entries(variants)) m.set(choiceKey(k), v);
  return m;
}

const ACQ = indexed(ACQUISITION_METHOD_VARIANTS);
const STATUS = indexed(USAGE_STATUS_VARIANTS);
const VALUE = indexed(VALUE_TYPE_VARIANTS);
const FUNDING = indexed(FUNDING_SOURCE_VARIANTS);

function lookup<T extends string>(map: ReadonlyMap<string, T>, text: unknown): T | undefined {
  if (typeof text !== 'string') return undefined;
  const k = choiceKey(text);
  return k === '' ? undefined : map.get(k);
}

/** 取得方式: `购置` → `新购`, `无偿调入` → `调入`, `受赠` → `捐赠` …; undefined when not recognised. */
export function normaliseAcquisitionMethod(text: unknown): AcquisitionMethod | undefined {
  return lookup(ACQ, text);
}

/** 使用状况: `正常使用` → `在用`, `出租` → `出租出借`, `故障` → `待修`, `已报废` → `已处置` …; undefined when not recognised. */
export function normaliseUsageStatus(text: unknown): UsageStatus | undefined {
  return lookup(STATUS, text);
}

/** 价值类型: `原价` → `原值`, `重置成本` → `重置价值` …; undefined when not recognised. */
export function normaliseValueType(text: unknown): ValueType | undefined {
  return lookup(VALUE, text);
}

/** 资金来源: `财政拨款` → `财政补助`, `自筹` → `医疗收入(自有资金)`, `科研` → `科教项目` …; undefined when not recognised. */
export function normaliseFundingSource(text: unknown): FundingSource | undefined {
  return lookup(FUNDING, text);
}
