// Asset events (asset_events) as the card's history: Chinese type names and "before → after" lines.
import type { AssetEvent } from '../../../shared/api/assets';
import { formatMoney } from '../../../shared/money';

export interface NameMaps {
  /** department id → name (move events store ids). */
  depts: Map<string, string>;
  /** unit id → name, unit code → name (transfer events). */
  units: Map<string, string>;
}

const MONEY_FIELDS = new Set(['costFen', 'netFen', 'accumulatedFen', 'openingAccumulatedFen']);
const SKIP = new Set(['reason']);

function show(field: string, v: unknown, names: NameMaps): string {
  if (v === null || v === undefined || v === '') return '空';
  if (MONEY_FIELDS.has(field) && typeof v === 'number' && Number.isSafeInteger(v)) return formatMoney(v);
  if ((field === 'usingDeptId' || field === 'managingDeptId') && typeof v === 'string') return names.depts.get(v) ?? v;
  if ((field === 'unitId' || field === 'unitCode') && typeof v === 'string') return names.units.get(v) ?? v;
  return String(v);
}

/**
 * One line per changed field: `使用部门：放射科 → 检验科`. Details hold `{field: [before, after]}`
 * for changes, and plain values for facts (处置方式, 原因, 已提折旧).
 */
export function describeEvent(e: AssetEvent, fieldName: (f: string) => string, names: NameMaps): string[] {
  const lines: string[] = [];
  const d = e.detail ?? {};
  // a transfer carries both unitId and unitCode: show the unit once
  const hasUnitCode = Array.isArray(d.unitCode);
  for (const [k, v] of Object.entries(d)) {
    if (SKIP.has(k)) continue;
    if (k === 'unitId' && hasUnitCode) continue;
    if (Array.isArray(v) && v.length === 2) {
      lines.push(`${fieldName(k)}：${show(k, v[0], names)} → ${show(k, v[1], names)}`);
    } else if (k === 'openingAccumulatedFen' && !v) {
      continue;
    } else if (e.type === 'cost-change' || e.type === 'life-change') {
      if (k === 'accumulatedFen' || k === 'monthsDepreciated') lines.push(`${fieldName(k)}：${show(k, v, names)}`);
    } else if (v !== null && v !== undefined && typeof v !== 'object') {
      lines.push(`${fieldName(k)}：${show(k, v, names)}`);
    }
  }
  if (typeof d.reason === 'string' && d.reason) lines.push(`${fieldName('reason')}：${d.reason}`);
  return lines;
}
