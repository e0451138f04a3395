// Asset classification GB/T 14885 (DOMAIN §3.1) with national minimum lives (DOMAIN §3.3).
// Codes other than DOMAIN's examples are provisional — see the note at the top of ./data.ts.
//
// The helpers exported here work on the SHIPPED catalogue; a centre that imports its official table
// builds its own with `createCatalogue(mergeEntries(SHIPPED_CLASSES, imported))` and uses its methods.

import { createCatalogue } from './catalogue';
import { SHIPPED_CLASSES } from './data';
import type { LifeOptions } from './types';

export type { AssetClass, ClassScheme, ClassSource, LifeOptions, LifeRule } from './types';
export { normaliseClassCode, schemeOf, structuralLevel, structuralParent } from './codes';
export {
  BUILDING_STRUCTURE_ALIASES,
  BUILDING_STRUCTURE_MIN_YEARS,
  GB2010_CLASSES,
  GB2022_CLASSES,
  MAPPING_GB2010_TO_GB2022,
  SHIPPED_CLASSES,
  type CodeMapping,
} from './data';
export { createCatalogue, mergeEntries, normaliseStructure, validateCatalogue, type Catalogue } from './catalogue';

/** The catalogue shipped with the program. */
export const shippedCatalogue = createCatalogue(SHIPPED_CLASSES);

export const findClass = (code: string) => shippedCatalogue.findClass(code);
export const resolveClass = (code: string) => shippedCatalogue.resolveClass(code);
export const toGB2022 = (code: string) => shippedCatalogue.toGB2022(code);
export const childrenOf = (code: string) => shippedCatalogue.childrenOf(code);
export const lifeRule = (code: string, opts?: LifeOptions) => shippedCatalogue.lifeRule(code, opts);
export const minimumLifeYears = (code: string, opts?: LifeOptions) => shippedCatalogue.minimumLifeYears(code, opts);
export const defaultLifeYears = (code: string, opts?: LifeOptions) => shippedCatalogue.defaultLifeYears(code, opts);
export const defaultMethod = (code: string) => shippedCatalogue.defaultMethod(code);
export const isDepreciable = (code: string) => shippedCatalogue.isDepreciable(code);
export const checkLocalLife = (code: string, years: number, opts?: LifeOptions) => shippedCatalogue.checkLocalLife(code, years, opts);
