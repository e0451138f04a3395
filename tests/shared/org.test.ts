import { describe, expect, it } from 'vitest';
import { UNIT_CODE_PATTERN, UNIT_TYPES, normaliseUnitType, parentRuleViolation, type UnitType } from '../../shared/domain/org';
import { ROLES, ROLE_LABELS, ROLE_PERMISSIONS, can, roleFromLabel } from '../../shared/auth/roles';

describe('parentRuleViolation', () => {
  // [unit type, parent type, allowed?]
  const table: [UnitType, UnitType | null, boolean][] = [
    ['村卫生室', '乡镇卫生院', true],
    ['村卫生室', '社区卫生服务中心', true],
    ['村卫生室', null, false],
    ['村卫生室', '牵头医院', false],
    ['村卫生室', '县级医院', false],
    ['村卫生室', '村卫生室', false],
    ['村卫生室', '其他', false],
    ['牵头医院', null, true],
    ['牵头医院', '牵头医院', false],
    ['牵头医院', '乡镇卫生院', false],
    ['县级医院', '牵头医院', true],
    ['县级医院', null, true],
    ['乡镇卫生院', '牵头医院', true],
    ['乡镇卫生院', null, true],
    ['乡镇卫生院', '村卫生室', false],
    ['社区卫生服务中心', '牵头医院', true],
    ['社区卫生服务中心', '村卫生室', false],
    ['其他', null, true],
    ['其他', '村卫生室', false],
  ];
  it.each(table)('%s under %s → allowed %s', (type, parent, allowed) => {
    const v = parentRuleViolation(type, parent);
    if (allowed) expect(v).toBeUndefined();
    else {
      expect(typeof v).toBe('string');
      expect(v).toMatch(/[\u4e00-\u9fff]/); // a Chinese sentence for the user
    }
  });

  it('names the rule that was broken', () => {
    expect(parentRuleViolation('村卫生室', '牵头医院')).toContain('乡镇卫生院或社区卫生服务中心');
    expect(parentRuleViolation('牵头医院', '县级医院')).toContain('不能有上级单位');
    expect(parentRuleViolation('乡镇卫生院', '村卫生室')).toContain('村卫生室不能作为上级单位');
  });
});

describe('normaliseUnitType', () => {
  it('maps every canonical type to itself', () => {
    for (const t of UNIT_TYPES) expect(normaliseUnitType(t)).toBe(t);
  });
  it.each([
    ['卫生院', '乡镇卫生院'],
    [' 乡镇 卫生院 ', '乡镇卫生院'],
    ['县医院', '县级医院'],
    ['卫生室', '村卫生室'],
    ['医院', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normaliseUnitType(input)).toBe(expected);
  });
});

describe('unit code pattern', () => {
  it.each([
    ['L01', true],
    ['a-b_C9', true],
    ['X'.repeat(32), true],
    ['X'.repeat(33), false],
    ['', false],
    ['T 01', false],
    ['T01/2', false],
    ['城关', false],
  ])('%j → %s', (code, valid) => {
    expect(UNIT_CODE_PATTERN.test(code)).toBe(valid);
  });
});

describe('roles', () => {
  it('every label maps back to its role', () => {
    for (const r of ROLES) {
      expect(roleFromLabel(ROLE_LABELS[r])).toBe(r);
      expect(roleFromLabel(r)).toBe(r);
    }
  });
  it('财务 → finance, unknown → undefined', () => {
    expect(roleFromLabel(' 财务 ')).toBe('finance');
    expect(roleFromLabel('会计')).toBeUndefined();
  });
  it('auditors can read but change nothing', () => {
    expect(can('auditor', 'org.read')).toBe(true);
    expect(can('auditor', 'audit.read')).toBe(true);
    for (const p of ['org.write', 'dept.write', 'users.manage', 'system.backup'] as const) expect(can('auditor', p)).toBe(false);
  });
  it('only admins manage the community structure and users', () => {
    for (const r of ROLES) {
      expect(can(r, 'org.write')).toBe(r === 'admin');
      expect(can(r, 'users.manage')).toBe(r === 'admin');
    }
  });
  it('every role can read the organisation', () => {
    for (const r of ROLES) expect(ROLE_PERMISSIONS[r]).toContain('org.read');
  });
});
