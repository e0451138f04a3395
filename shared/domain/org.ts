// Organisation rules of a county medical community (DOMAIN §1): unit types and which unit may sit under which.

export const UNIT_TYPES = ['牵头医院', '县级医院', '乡镇卫生院', '社区卫生服务中心', '村卫生室', '其他'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_EN: Record<UnitType, string> = {
  牵头医院: 'Lead hospital',
  县级医院: 'County hospital',
  乡镇卫生院: 'Township health centre',
  社区卫生服务中心: 'Community health centre',
  村卫生室: 'Village clinic',
  其他: 'Other',
};

/** Common ways people write a unit type in a sheet, mapped to the canonical name. */
const UNIT_TYPE_ALIASES: Record<string, UnitType> = {
  牵头医院: '牵头医院',
  牵头单位: '牵头医院',
  县级医院: '县级医院',
  县医院: '县级医院',
  县级: '县级医院',
  乡镇卫生院: '乡镇卫生院',
  卫生院: '乡镇卫生院',
  中心卫生院: '乡镇卫生院',
  社区卫生服务中心: '社区卫生服务中心',
  社区中心: '社区卫生服务中心',
  村卫生室: '村卫生室',
  卫生室: '村卫生室',
  村卫生所: '村卫生室',
  其他: '其他',
};

export function normaliseUnitType(text: string): UnitType | undefined {
  const t = text.replace(/\s+/g, '');
  return UNIT_TYPE_ALIASES[t] ?? (UNIT_TYPES as readonly string[]).find((x) => x === t) as UnitType | undefined;
}

/**
 * Which parent types a unit of a given type may have. `null` means "may be top-level".
 * A village clinic belongs to a township (or community) centre; everything else hangs
 * under the lead hospital or stands at the top.
 */
export function parentRuleViolation(type: UnitType, parentType: UnitType | null): string | undefined {
  if (type === '村卫生室') {
    if (parentType === '乡镇卫生院' || parentType === '社区卫生服务中心') return undefined;
    return '村卫生室的上级单位必须是乡镇卫生院或社区卫生服务中心';
  }
  if (type === '牵头医院') {
    return parentType === null ? undefined : '牵头医院不能有上级单位';
  }
  if (parentType === '村卫生室') return '村卫生室不能作为上级单位';
  return undefined;
}

/** Unit codes: letters, digits, `-` and `_`, 1–32 characters (they end up in asset numbers and file names). */
export const UNIT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
