// Lookups over an asset classification: find a class in either scheme, inherit life rules from parents,
// map 2010 → 2022, and check a local life table (stricter allowed, looser refused — DOMAIN §3.3).

import { DEP_METHODS, type DepMethod } from '../depreciation';
import { normaliseClassCode, schemeOf, structuralLevel, structuralParent } from './codes';
import { BUILDING_STRUCTURE_ALIASES, BUILDING_STRUCTURE_MIN_YEARS } from './data';
import type { AssetClass, LifeOptions, LifeRule } from './types';

export interface Catalogue {
  readonly entries: readonly AssetClass[];
  /** The class with exactly this code (either scheme; spaces, full-width characters and case ignored). */
  findClass(code: string): AssetClass | undefined;
  /** The class itself, else its nearest ancestor in the catalogue (by the code's shape): 'A02010199' → 计算机. */
  resolveClass(code: string): AssetClass | undefined;
  /** The GB2022 code for a code of either scheme (a GB2010 code through the mapping table), or undefined. */
  toGB2022(code: string): string | undefined;
  /** Direct children, in catalogue order. */
  childrenOf(code: string): AssetClass[];
  /** Minimum / maximum / default life in years, inherited from parents; undefined when not depreciable or no rule applies. */
  lifeRule(code: string, opts?: LifeOptions): LifeRule | undefined;
  minimumLifeYears(code: string, opts?: LifeOptions): number | undefined;
  defaultLifeYears(code: string, opts?: LifeOptions): number | undefined;
  defaultMethod(code: string): DepMethod | undefined;
  /** false for 文物和陈列品, 动植物, 图书和档案, 土地 (and their children); undefined for an unknown code. */
  isDepreciable(code: string): boolean | undefined;
  /**
   * A Chinese message when a local life (years) is looser than the national rule — shorter than the minimum,
   * or outside a national range such as 医疗设备 5–10 — or cannot apply (unknown or non-depreciable class).
   * Undefined when the local life is acceptable (equal or stricter).
   */
  checkLocalLife(code: string, years: number, opts?: LifeOptions): string | undefined;
}

/** The canonical structure name ('钢混' → '钢筋混凝土结构'), or undefined when not recognised. */
export function normaliseStructure(text: string): string | undefined {
  return BUILDING_STRUCTURE_ALIASES[text.replace(/\s+/g, '')];
}

function fmtYears(y: number): string {
  return Number.isInteger(y) ? String(y) : String(Math.round(y * 100) / 100);
}

/** Problems in a list of entries (Chinese, one per line), empty when it can be loaded. */
export function validateCatalogue(entries: readonly AssetClass[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, AssetClass>();
  for (const e of entries) {
    if (byCode.has(e.code)) problems.push(`分类代码重复：${e.code}`);
    byCode.set(e.code, e);
  }
  for (const e of entries) {
    const scheme = schemeOf(e.code);
    if (e.code !== normaliseClassCode(e.code) || scheme !== e.scheme) {
      problems.push(`分类代码「${e.code}」不符合 ${e.scheme === 'GB2022' ? 'GB/T 14885-2022 的 9 位格式（A+8 位数字）' : 'GB/T 14885-2010 的 7 位数字格式'}`);
      continue;
    }
    if (!e.name.trim()) problems.push(`分类「${e.code}」缺少名称`);
    if (e.level !== structuralLevel(e.code)) problems.push(`分类「${e.code} ${e.name}」的级次应为 ${structuralLevel(e.code)}`);
    if (e.parent === null) {
      if (structuralParent(e.code) !== null) problems.push(`分类「${e.code} ${e.name}」缺少上级分类`);
    } else {
      const p = byCode.get(e.parent);
      if (!p) problems.push(`分类「${e.code} ${e.name}」的上级分类「${e.parent}」不存在`);
      else if (p.scheme !== e.scheme || p.level >= e.level || !isAncestorByShape(p.code, e.code)) problems.push(`分类「${e.code} ${e.name}」的上级分类「${e.parent}」与代码层级不符`);
    }
    if (e.method !== undefined && !(DEP_METHODS as readonly string[]).includes(e.method)) problems.push(`分类「${e.code} ${e.name}」的折旧方法无效`);
    for (const [k, v] of [['最低年限', e.minLifeYears], ['最高年限', e.maxLifeYears], ['默认年限', e.defaultLifeYears]] as const) {
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) problems.push(`分类「${e.code} ${e.name}」的${k}必须是正数`);
    }
    if (e.minLifeYears !== undefined && e.maxLifeYears !== undefined && e.maxLifeYears < e.minLifeYears) problems.push(`分类「${e.code} ${e.name}」的最高年限小于最低年限`);
    if (e.maxLifeYears !== undefined && e.minLifeYears === undefined) problems.push(`分类「${e.code} ${e.name}」有最高年限而无最低年限`);
    if (e.depreciable === false && (e.minLifeYears !== undefined || e.defaultLifeYears !== undefined)) problems.push(`分类「${e.code} ${e.name}」不计提折旧，不应设置折旧年限`);
    if (e.mapsTo !== undefined) {
      const t = byCode.get(e.mapsTo);
      if (e.scheme !== 'GB2010') problems.push(`只有 2010 版分类可以对应到 2022 版：${e.code}`);
      else if (!t || t.scheme !== 'GB2022') problems.push(`2010 版分类「${e.code} ${e.name}」对应的 2022 版分类「${e.mapsTo}」不存在`);
    }
  }
  return problems;
}

function isAncestorByShape(ancestor: string, code: string): boolean {
  for (let c = structuralParent(code); c; c = structuralParent(c)) if (c === ancestor) return true;
  return false;
}

/** A catalogue over `entries`; throws RangeError listing the problems when `validateCatalogue` finds any. */
export function createCatalogue(entries: readonly AssetClass[]): Catalogue {
  const problems = validateCatalogue(entries);
  if (problems.length) throw new RangeError(problems.join('\n'));
  const byCode = new Map<string, AssetClass>(entries.map((e) => [e.code, e]));
  const children = new Map<string, AssetClass[]>();
  for (const e of entries) {
    if (e.parent === null) continue;
    const list = children.get(e.parent);
    if (list) list.push(e);
    else children.set(e.parent, [e]);
  }

  const findClass = (code: string) => byCode.get(normaliseClassCode(code));

  function resolveClass(code: string): AssetClass | undefined {
    let c: string | null | undefined = normaliseClassCode(code);
    for (; c; c = structuralParent(c)) {
      const e = byCode.get(c);
      if (e) return e;
    }
    return undefined;
  }

  /** The class and its ancestors whose properties it inherits; a GB2010 class with a mapping continues in GB2022. */
  function chain(code: string): AssetClass[] {
    const out: AssetClass[] = [];
    let e = resolveClass(code);
    for (let guard = 0; e && guard < 16; guard++) {
      out.push(e);
      const next: string | null = e.mapsTo ?? e.parent;
      e = next === null ? undefined : byCode.get(next);
    }
    return out;
  }

  function isDepreciable(code: string): boolean | undefined {
    const ch = chain(code);
    if (!ch.length) return undefined;
    for (const e of ch) if (e.depreciable !== undefined) return e.depreciable;
    return true;
  }

  function lifeRule(code: string, opts?: LifeOptions): LifeRule | undefined {
    const ch = chain(code);
    if (!ch.length || isDepreciable(code) === false) return undefined;
    let rule: LifeRule | undefined;
    const structure = opts?.structure !== undefined ? normaliseStructure(opts.structure) : undefined;
    for (const e of ch) {
      if (e.lifeByStructure && structure !== undefined) {
        const min = BUILDING_STRUCTURE_MIN_YEARS[structure]!;
        return { minYears: min, defaultYears: min, ruleClass: e, structure };
      }
      if (e.minLifeYears !== undefined) {
        rule = { minYears: e.minLifeYears, maxYears: e.maxLifeYears, defaultYears: e.minLifeYears, ruleClass: e };
        break;
      }
    }
    if (!rule) return undefined;
    const withDefault = ch.find((e) => e.defaultLifeYears !== undefined);
    if (withDefault?.defaultLifeYears !== undefined) {
      const d = withDefault.defaultLifeYears;
      if (d >= rule.minYears && (rule.maxYears === undefined || d <= rule.maxYears)) rule.defaultYears = d;
    }
    return rule;
  }

  function checkLocalLife(code: string, years: number, opts?: LifeOptions): string | undefined {
    const cls = resolveClass(code);
    if (!cls) return `未找到资产分类代码「${normaliseClassCode(code)}」`;
    const label = findClass(code) ? `「${cls.name}」（${cls.code}）` : `「${normaliseClassCode(code)}」（属「${cls.name}」）`;
    if (isDepreciable(code) === false) return `${label}不计提折旧，不能设置折旧年限`;
    if (typeof years !== 'number' || !Number.isFinite(years) || years <= 0) return `${label}的折旧年限必须是正数（年）`;
    if (opts?.structure !== undefined && normaliseStructure(opts.structure) === undefined) {
      return `无法识别的建筑结构「${opts.structure}」，应为：${Object.keys(BUILDING_STRUCTURE_MIN_YEARS).join('、')}`;
    }
    const rule = lifeRule(code, opts);
    if (!rule) return undefined; // no national table for this class (e.g. 无形资产)
    const via = rule.structure !== undefined ? `（${rule.structure}）` : rule.ruleClass.name !== cls.name ? `（按「${rule.ruleClass.name}」类）` : '';
    if (years < rule.minYears) {
      return `${label}的折旧年限 ${fmtYears(years)} 年短于国家规定的最低年限 ${fmtYears(rule.minYears)} 年${via}：本地标准只能更严（更长），不能更宽（《政府会计准则第3号》应用指南）`;
    }
    if (rule.maxYears !== undefined && years > rule.maxYears) {
      return `${label}的折旧年限 ${fmtYears(years)} 年超出国家规定的 ${fmtYears(rule.minYears)}–${fmtYears(rule.maxYears)} 年范围${via}（《政府会计准则第3号》应用指南）`;
    }
    return undefined;
  }

  return {
    entries,
    findClass,
    resolveClass,
    toGB2022(code) {
      const e = findClass(code);
      if (!e) return undefined;
      return e.scheme === 'GB2022' ? e.code : e.mapsTo;
    },
    childrenOf(code) {
      return [...(children.get(normaliseClassCode(code)) ?? [])];
    },
    lifeRule,
    minimumLifeYears: (code, opts) => lifeRule(code, opts)?.minYears,
    defaultLifeYears: (code, opts) => lifeRule(code, opts)?.defaultYears,
    defaultMethod(code) {
      const ch = chain(code);
      if (!ch.length || isDepreciable(code) === false) return undefined;
      for (const e of ch) if (e.method !== undefined) return e.method;
      return 'straight-line';
    },
    isDepreciable,
    checkLocalLife,
  };
}

/**
 * Entries after a centre's import: imported entries replace shipped ones with the same code and are added
 * otherwise (mark them source 'imported'). The result still has to pass `validateCatalogue`.
 */
export function mergeEntries(base: readonly AssetClass[], imported: readonly AssetClass[]): AssetClass[] {
  const byCode = new Map<string, AssetClass>(base.map((e) => [e.code, e]));
  for (const e of imported) byCode.set(e.code, e);
  return [...byCode.values()];
}
