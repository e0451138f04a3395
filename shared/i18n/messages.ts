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
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;

export function isMessageKey(s: string): s is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, s);
}

/** Translate a key (or pass through text that is already a sentence). */
export function msg(keyOrText: string, lang: Lang = 'zh'): string {
  return isMessageKey(keyOrText) ? MESSAGES[keyOrText][lang] : keyOrText;
}
