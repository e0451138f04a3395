import { describe, expect, it } from 'vitest';
import { cleanName, cleanText, departmentFields, newUserFields, role, unitFields, unitType, userEditableFields } from '../../shared/api/schemas';
import { isMessageKey } from '../../shared/i18n/messages';

describe('cleanText', () => {
  it.each([
    ['plain', 'X01', 'X01'],
    ['leading/trailing spaces', '  X01  ', 'X01'],
    ['tabs and newlines around', '\tX01\r\n', 'X01'],
    ['full-width digits and letters', 'Ｔ０１', 'T01'],
    ['full-width punctuation', 'Ａ－０１＿Ｂ', 'A-01_B'],
    ['ideographic space around', '\u3000城关镇卫生院\u3000', '城关镇卫生院'],
    ['ideographic space inside kept as a space', '城关\u3000卫生院', '城关 卫生院'],
    ['non-breaking spaces around', '\u00a0X01\u00a0', 'X01'],
    ['zero-width space and BOM pasted from the web', '\ufeff\u200bX01\u200b', 'X01'],
    ['Chinese text untouched', '县人民医院', '县人民医院'],
    ['number becomes text', 1001, '1001'],
    ['zero becomes text', 0, '0'],
  ])('%s', (_label, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it.each([
    ['empty string', ''],
    ['only spaces', '   '],
    ['only ideographic spaces', '\u3000\u3000'],
    ['undefined', undefined],
  ])('%s becomes undefined', (_label, input) => {
    expect(cleanText(input)).toBeUndefined();
  });

  it('passes other types through for the schema to reject', () => {
    expect(cleanText(null)).toBeNull();
    expect(cleanText(true)).toBe(true);
  });
});

describe('cleanName (names keep their Chinese punctuation)', () => {
  it.each([
    ['full-width brackets kept', '东村卫生室（二）', '东村卫生室（二）'],
    ['full-width digits kept in a name', '第１门诊部', '第１门诊部'],
    ['spaces around trimmed', '  \u3000城关镇卫生院\u3000 ', '城关镇卫生院'],
    ['zero-width characters dropped', '\u200b县人民医院\ufeff', '县人民医院'],
    ['blank becomes undefined', ' \u3000 ', undefined],
  ])('%s', (_label, input, expected) => {
    expect(cleanName(input)).toBe(expected);
  });

  it('unit names go through cleanName, codes through cleanText', () => {
    expect(unitFields.parse({ code: 'Ｔ０１', name: '东村卫生室（二）', type: '村卫生室', parentCode: 'ｔ００' })).toMatchObject({ code: 'T01', name: '东村卫生室（二）', parentCode: 't00' });
  });
});

describe('unit fields', () => {
  it.each([
    ['canonical', { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' }, { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' }],
    ['full-width code and parent', { code: 'Ｔ０１', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'Ｌ０１' }, { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' }],
    ['stray spaces', { code: ' T01 ', name: ' 城关镇卫生院\u3000', type: ' 乡镇卫生院 ', parentCode: ' L01 ' }, { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' }],
    ['numeric code', { code: 1001, name: '县医院', type: '县医院', parentCode: 1000 }, { code: '1001', name: '县医院', type: '县级医院', parentCode: '1000' }],
    ['blank parent is null', { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: '' }, { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null }],
    ['whitespace parent is null', { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: '\u3000 ' }, { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null }],
    ['missing parent is null', { code: 'L01', name: '县人民医院', type: '牵头医院' }, { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null }],
  ])('accepts %s', (_label, input, expected) => {
    const r = unitFields.safeParse(input);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    expect(r.data).toEqual(expected);
  });

  it.each([
    ['卫生院', '乡镇卫生院'],
    ['中心卫生院', '乡镇卫生院'],
    ['卫 生 院', '乡镇卫生院'],
    ['县医院', '县级医院'],
    ['县级', '县级医院'],
    ['牵头单位', '牵头医院'],
    ['社区中心', '社区卫生服务中心'],
    ['卫生室', '村卫生室'],
    ['村卫生所', '村卫生室'],
    ['\u3000村卫生室 ', '村卫生室'],
    ['其他', '其他'],
  ])('type alias %s → %s', (input, expected) => {
    expect(unitType.parse(input)).toBe(expected);
  });

  it.each([
    ['code with inner space', { code: 'T 01', name: 'a', type: '其他' }, 'code', 'v.unitCode'],
    ['code with Chinese', { code: '城关', name: 'a', type: '其他' }, 'code', 'v.unitCode'],
    ['code too long', { code: 'X'.repeat(33), name: 'a', type: '其他' }, 'code', 'v.unitCode'],
    ['missing code', { name: 'a', type: '其他' }, 'code', 'v.required'],
    ['blank name', { code: 'X', name: '  ', type: '其他' }, 'name', 'v.required'],
    ['name too long', { code: 'X', name: '院'.repeat(101), type: '其他' }, 'name', 'v.tooLong'],
    ['unknown type', { code: 'X', name: 'a', type: '医院' }, 'type', 'v.unitType'],
    ['missing type', { code: 'X', name: 'a' }, 'type', 'v.unitType'],
    ['bad parent code', { code: 'X', name: 'a', type: '其他', parentCode: 'L 01' }, 'parentCode', 'v.unitCode'],
  ])('rejects %s', (_label, input, field, key) => {
    const r = unitFields.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toBe(key);
  });

  it('every validation message is a translatable key', () => {
    const inputs = [{}, { code: '??', name: '', type: 'x', parentCode: '!!' }, { code: 'X'.repeat(40), name: 'n'.repeat(200), type: 1 }];
    for (const input of inputs) {
      for (const issue of unitFields.safeParse(input).error!.issues) expect(isMessageKey(issue.message), issue.message).toBe(true);
    }
  });
});

describe('department fields', () => {
  it('cleans like unit fields', () => {
    expect(departmentFields.parse({ unitCode: 'Ｔ０１', code: ' ＱＫ ', name: ' 全科 ' })).toEqual({ unitCode: 'T01', code: 'QK', name: '全科' });
  });
  it.each([
    ['missing unit', { code: 'QK', name: '全科' }, 'unitCode', 'v.required'],
    ['bad dept code', { unitCode: 'T01', code: '全科', name: '全科' }, 'code', 'v.deptCode'],
    ['missing name', { unitCode: 'T01', code: 'QK' }, 'name', 'v.required'],
  ])('rejects %s', (_label, input, field, key) => {
    const r = departmentFields.safeParse(input);
    expect(r.error?.issues.find((i) => i.path[0] === field)?.message).toBe(key);
  });
});

describe('user fields', () => {
  it.each([
    ['财务', 'finance'],
    ['资产管理员', 'asset'],
    ['人事', 'hr'],
    ['审计', 'auditor'],
    [' 审计 ', 'auditor'],
    ['系统管理员', 'admin'],
    ['成员单位操作员', 'unit_operator'],
    ['unit_operator', 'unit_operator'],
    ['ａｄｍｉｎ', 'admin'],
  ])('role label %s → %s', (input, expected) => {
    expect(role.parse(input)).toBe(expected);
  });

  it.each(['会计', 'root', '', 'Admin ' + 'x'])('unknown role %j is refused with v.role or v.required', (input) => {
    const r = role.safeParse(input);
    expect(r.success).toBe(false);
  });

  it('new user: full-width username folded, blank unit is null, disabled defaults to false', () => {
    const r = newUserFields.parse({ username: 'ｚｈａｎｇｓａｎ', displayName: ' 张三 ', role: '财务', unitCode: '', password: 'abcdefgh' });
    expect(r).toEqual({ username: 'zhangsan', displayName: '张三', role: 'finance', unitCode: null, disabled: false, password: 'abcdefgh' });
  });

  it.each([
    ['short password', { password: 'abc' }, 'password', 'v.password'],
    ['username with Chinese', { username: '张三' }, 'username', 'v.username'],
    ['one-letter username', { username: 'z' }, 'username', 'v.username'],
    ['bad unit code', { unitCode: 'T 1' }, 'unitCode', 'v.unitCode'],
  ])('rejects %s', (_label, override, field, key) => {
    const base = { username: 'zhangsan', displayName: '张三', role: 'finance', unitCode: null, password: 'abcdefgh' };
    const r = newUserFields.safeParse({ ...base, ...override });
    expect(r.error?.issues.find((i) => i.path[0] === field)?.message).toBe(key);
  });

  it('editable fields: partial edits keep only what was sent', () => {
    expect(userEditableFields.partial().parse({ role: '人事' })).toEqual({ role: 'hr' });
  });
});
