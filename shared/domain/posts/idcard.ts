// Citizen identity numbers (GB 11643-1999 公民身份号码): 6-digit address code, 8-digit birth date,
// 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
// The old 15-digit form (before 1999: 6-digit birth date 19YYMMDD, no check character) is read too.
// Pure: no Node, no DOM.

import { isValidDate } from '../../parse/date';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type Sex = '男' | '女';
export const SEXES: readonly Sex[] = ['男', '女'];

export type IdNumberResult = { ok: true; id: string; birthDate: string; sex: Sex } | { ok: false; message: string };

/** The check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Validate an identity number and read its birth date and sex. Accepts full-width digits, spaces
 * and a lower-case x; the result is the canonical form (upper-case X).
 */
export function parseIdNumber(input: unknown): IdNumberResult {
  if (input === null || input === undefined) return { ok: false, message: '身份证号为空' };
  const t = String(input)
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
  if (t === '') return { ok: false, message: '身份证号为空' };
  if (/^\d{15}$/.test(t)) {
    const birth = `19${t.slice(6, 8)}-${t.slice(8, 10)}-${t.slice(10, 12)}`;
    if (!isValidDate(birth)) return { ok: false, message: `身份证号 ${t} 中的出生日期不存在` };
    return { ok: true, id: t, birthDate: birth, sex: Number(t[14]) % 2 === 1 ? '男' : '女' };
  }
  if (!/^\d{17}[\dX]$/.test(t)) return { ok: false, message: `身份证号应为 18 位（最后一位可为 X）：${t.slice(0, 24)}` };
  const birth = `${t.slice(6, 10)}-${t.slice(10, 12)}-${t.slice(12, 14)}`;
  if (!isValidDate(birth) || Number(t.slice(6, 10)) < 1850) return { ok: false, message: `身份证号 ${t} 中的出生日期不存在` };
  const check = idCheckChar(t.slice(0, 17));
  if (check !== t[17]) return { ok: false, message: `身份证号 ${t} 校验位错误（应为 ${check}）` };
  return { ok: true, id: t, birthDate: birth, sex: Number(t[16]) % 2 === 1 ? '男' : '女' };
}

/** Problems between an identity number and the sex and birth date written next to it. */
export function idCrossCheck(id: { birthDate: string; sex: Sex }, given: { birthDate?: string | null; sex?: Sex | null }): { field: 'birthDate' | 'sex'; message: string }[] {
  const out: { field: 'birthDate' | 'sex'; message: string }[] = [];
  if (given.birthDate && given.birthDate !== id.birthDate) out.push({ field: 'birthDate', message: `出生日期 ${given.birthDate} 与身份证号中的 ${id.birthDate} 不一致` });
  if (given.sex && given.sex !== id.sex) out.push({ field: 'sex', message: `性别“${given.sex}”与身份证号（${id.sex}）不一致` });
  return out;
}

/** Shown to roles without access to personal data: the first 6 and last 4 characters (110105********002X). */
export function maskIdNumber(id: string | null): string | null {
  if (id === null) return null;
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export function parseSex(input: unknown): Sex | undefined {
  if (typeof input !== 'string') return undefined;
  const t = input.trim().toLowerCase();
  if (t === '男' || t === 'm' || t === 'male' || t === '1') return '男';
  if (t === '女' || t === 'f' || t === 'female' || t === '2') return '女';
  return undefined;
}
