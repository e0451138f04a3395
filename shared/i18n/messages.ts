// Validation and error messages shared by engine and renderer. Schemas carry the key
// (`v.required`); whoever shows it picks the language. Chinese is the default everywhere.

export type Lang = 'zh' | 'en';

export const MESSAGES = {
  'v.required': { zh: '必填', en: 'Required' },
  'v.tooLong': { zh: '内容过长', en: 'Too long' },
  'v.unitCode': { zh: '单位编码只能含字母、数字、- 和 _，最长 32 位', en: 'Unit code: letters, digits, - and _, at most 32' },
  'v.deptCode': { zh: '科室编码只能含字母、数字、- 和 _，最长 32 位', en: 'Department code: letters, digits, - and _, at most 32' },
  'v.unitType': { zh: '单位类型须为：牵头医院、县级医院、乡镇卫生院、社区卫生服务中心、村卫生室、其他', en: 'Unit type must be one of 牵头医院, 县级医院, 乡镇卫生院, 社区卫生服务中心, 村卫生室, 其他' },
  'v.role': { zh: '角色须为：系统管理员、财务、资产管理员、人事、审计、成员单位操作员', en: 'Unknown role' },
  'v.username': { zh: '用户名为 2–32 位字母、数字、_、-、.', en: 'Username: 2–32 letters, digits, _ - .' },
  'v.password': { zh: '密码至少 8 位', en: 'Password must be at least 8 characters' },
  'v.invalid': { zh: '格式不正确', en: 'Invalid value' },
  'v.period': { zh: '期间格式应为 YYYY-MM', en: 'Period must be YYYY-MM' },
  'v.date': { zh: '日期格式应为 YYYY-MM-DD', en: 'Date must be YYYY-MM-DD' },
  'v.fen': { zh: '金额必须是非负整数（分）', en: 'Amount must be a non-negative integer (fen)' },
  'v.assetCode': { zh: '资产编号只能含字母、数字和 - _ . /，最长 40 位', en: 'Asset number: letters, digits, - _ . /, at most 40' },
  'v.classCode': { zh: '分类代码应为 GB/T 14885-2022 的 9 位代码（如 A02010105）或 2010 版 7 位代码', en: 'Class code must be a GB/T 14885 code (A02010105 or 2010-edition 7 digits)' },
  'v.acquisitionMethod': { zh: '取得方式须为：新购、调入、捐赠、置换、盘盈、自建、其他', en: 'Unknown acquisition method' },
  'v.valueType': { zh: '价值类型须为：原值、评估值、重置价值、名义金额', en: 'Unknown value type' },
  'v.usageStatus': { zh: '使用状况须为：在用、闲置、出租出借、待修、待报废', en: 'Unknown usage status' },
  'v.fundSplit': { zh: '资金来源各项之和必须等于原值', en: 'Funding sources must add up to the cost' },
  'v.openingTooLarge': { zh: '期初累计折旧不能大于原值', en: 'Opening accumulated depreciation exceeds the cost' },
  'v.disposedOnCreate': { zh: '新建卡片不能是“已处置”状态（处置请办理处置）', en: 'A new card cannot be disposed' },
  'v.disposalType': { zh: '处置方式须为：出售、出让、转让、置换、对外捐赠、无偿调拨、报废、报损', en: 'Unknown disposal type' },
  'v.docNo': { zh: '须填写批准文号', en: 'Approval document number required' },
  'v.usageAmount': { zh: '使用量应为大于 0 的数，最多两位小数', en: 'Usage must be a positive number with at most two decimals' },
  'v.usageUnit': { zh: '计量单位须为：次、小时、人次', en: 'Usage unit must be 次, 小时 or 人次' },
  'v.untilBeforeFrom': { zh: '截止日期不能早于开始日期', en: 'The end date is before the start date' },
  'v.countMark': { zh: '盘点结果须为：在（有、√、是）、无（未找到、×、否）', en: 'Result must be found (在/有/√/是) or missing (无/未找到/×/否)' },
  'v.changeNothing': { zh: '请填写新的原值、原值变动额或折旧年限', en: 'Give a new cost, a change amount or a new life' },
  'v.staffNo': { zh: '工号只能含字母、数字、- 和 _，最长 32 位', en: 'Staff number: letters, digits, - and _, at most 32' },
  'v.idNumber': { zh: '身份证号不正确（18 位，校验位按 GB 11643 计算）', en: 'Invalid identity number (GB 11643 checksum)' },
  'v.sex': { zh: '性别须为：男、女', en: 'Sex must be 男 or 女' },
  'v.staffingType': { zh: '人员类别须为：在编、备案制、合同制、其他', en: 'Staffing type must be 在编, 备案制, 合同制 or 其他' },
  'v.postCategory': { zh: '岗位类别须为：管理、专业技术、工勤', en: 'Post category must be 管理, 专业技术 or 工勤' },
  'v.postBasis': { zh: '聘用方式须为：竞聘、直接聘任', en: 'Basis must be 竞聘 or 直接聘任' },
  'v.ruleId': { zh: '规则编号只能含字母、数字和 _ . : -', en: 'Rule id: letters, digits, _ . : -' },
  'v.ratioSetCode': { zh: '比例方案编码只能含字母、数字、- 和 _，最长 32 位', en: 'Ratio set code: letters, digits, - and _, at most 32' },
  'v.count': { zh: '应为不小于 0 的整数', en: 'Must be a whole number, 0 or more' },
  'v.overrideReason': { zh: '请写明突破限额的理由', en: 'Give the reason for exceeding the cap' },
  'v.termEnd': { zh: '聘期结束日期不能早于开始日期', en: 'The term ends before it starts' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(s: string): s is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, s);
}

/** Translate a key (or pass through text that is already a sentence). */
export function msg(keyOrText: string, lang: Lang = 'zh'): string {
  return isMessageKey(keyOrText) ? MESSAGES[keyOrText][lang] : keyOrText;
}
