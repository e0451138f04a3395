import type { z } from 'zod';
import type { MethodSpec } from './define';
import { assetsApi } from './assets';
import { countsApi } from './counts';
import { depreciationApi } from './depreciation';
import { importsApi } from './imports';
import { orgApi } from './org';
import { postsApi } from './posts';
import { sharingApi } from './sharing';
import { staffApi } from './staff';
import { systemApi } from './system';
import { usersApi } from './users';

/** The whole API: every method the engine offers, declared once. Hosts accept only these names. */
export const api = {
  ...systemApi,
  ...orgApi,
  ...usersApi,
  ...assetsApi,
  ...depreciationApi,
  ...importsApi,
  ...sharingApi,
  ...countsApi,
  ...staffApi,
  ...postsApi,
};

export type Api = typeof api;
export type MethodName = keyof Api;
/** What a caller passes (before defaults and coercion). */
export type ArgsIn<K extends MethodName> = z.input<Api[K]['args']>;
/** What a handler receives (after validation). */
export type ArgsOut<K extends MethodName> = z.output<Api[K]['args']>;
export type ResultOf<K extends MethodName> = Api[K] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

/** Server-pushed events (progress of long work). */
export interface LedgerEvents {
  progress: { task: string; done: number; total: number };
}
export type EventName = keyof LedgerEvents;
export const EVENT_NAMES: EventName[] = ['progress'];

/** The envelope every host answers with. */
export type Reply<R> = { ok: true; result: R } | { ok: false; error: import('../errors').LedgerErrorJSON };
