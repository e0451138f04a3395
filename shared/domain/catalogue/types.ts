// Types of the asset classification catalogue (GB/T 14885, DOMAIN §3.1) and its life rules (DOMAIN §3.3).

import type { DepMethod } from '../depreciation';

/** `GB2022`: GB/T 14885-2022, 9 characters 'A' + four 2-digit levels. `GB2010`: the 2010 edition, 7 digits (1 + 2 + 2 + 2). */
export type ClassScheme = 'GB2022' | 'GB2010';

/**
 * Where an entry's CODE comes from:
 * - 'DOMAIN': the code and name are given in DOMAIN.md §3.1;
 * - 'provisional': a structurally plausible code chosen by us offline — NOT claimed to be the official
 *   code; replace it by importing the official table;
 * - 'imported': loaded by a centre from its own (official) code table.
 * Life rules (minimum years, ranges, depreciable flags) are DOMAIN §3.3 rules whatever the code's source.
 */
export type ClassSource = 'DOMAIN' | 'provisional' | 'imported';

export interface AssetClass {
  code: string;
  scheme: ClassScheme;
  name: string;
  /** Parent code in the same scheme; null at level 1. */
  parent: string | null;
  /** 1–4. */
  level: number;
  source: ClassSource;
  /** Default depreciation method (inherited from the parent when absent). */
  method?: DepMethod | undefined;
  /** National minimum life in years (应用指南 table 1), inherited when absent. */
  minLifeYears?: number | undefined;
  /** Upper bound when the national table gives a range (医疗设备 5–10); set on the same entry as the minimum. */
  maxLifeYears?: number | undefined;
  /** Suggested life in years for new cards (inherited when absent; the minimum when nothing says). */
  defaultLifeYears?: number | undefined;
  /** false: never depreciated (文物和陈列品, 动植物, 图书和档案, 土地). Inherited; true at the root when absent. */
  depreciable?: boolean | undefined;
  /** 房屋: the minimum life depends on the building structure (see BUILDING_STRUCTURE_MIN_YEARS). */
  lifeByStructure?: boolean | undefined;
  /** GB2010 entries: the GB2022 class it corresponds to (life rules are taken from there). */
  mapsTo?: string | undefined;
  note?: string | undefined;
}

export interface LifeRule {
  minYears: number;
  maxYears?: number | undefined;
  defaultYears: number;
  /** The class whose entry carries the minimum (may be an ancestor of the class asked about). */
  ruleClass: AssetClass;
  /** The building structure used, when the rule depends on it. */
  structure?: string | undefined;
}

export interface LifeOptions {
  /** 房屋 only: 钢结构, 钢筋混凝土结构, 砖混结构, 砖木结构, 简易房, 房屋附属设施 (common abbreviations accepted). */
  structure?: string | undefined;
}
