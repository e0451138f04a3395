import type { Permission } from '../../shared/auth/roles';

export type ModuleId = 'assets' | 'count' | 'budget' | 'posts' | 'performance' | 'reconcile' | 'reports';
export type SettingsId = 'units' | 'departments' | 'users' | 'audit';
/** Screens listed under a module in the nav (资产 › 调剂共享). */
export type SubId = 'sharing' | 'staff';
export type RouteId = ModuleId | SettingsId | SubId;

/** The business modules, in menu order; placeholders until they are built. */
export const MODULES: { id: ModuleId; icon: string }[] = [
  { id: 'assets', icon: '▣' },
  { id: 'count', icon: '☑' },
  { id: 'budget', icon: '◔' },
  { id: 'posts', icon: '☷' },
  { id: 'performance', icon: '◆' },
  { id: 'reconcile', icon: '⇄' },
  { id: 'reports', icon: '▤' },
];

/** 设置 › working screens, each shown only to roles with its permission. */
export const SETTINGS: { id: SettingsId; permission: Permission }[] = [
  { id: 'units', permission: 'org.read' },
  { id: 'departments', permission: 'org.read' },
  { id: 'users', permission: 'users.read' },
  { id: 'audit', permission: 'audit.read' },
];

/** Sub-screens of a module, shown under it in the nav for roles with the permission. */
export const SUBS: { id: SubId; parent: ModuleId; permission: Permission }[] = [
  { id: 'sharing', parent: 'assets', permission: 'assets.read' },
  { id: 'staff', parent: 'posts', permission: 'staff.read' },
];

const ALL: RouteId[] = [...MODULES.map((m) => m.id), ...SETTINGS.map((s) => s.id), ...SUBS.map((s) => s.id)];

export function routeFromHash(hash: string): RouteId | null {
  const m = /^#\/(?:settings\/)?([a-z]+)$/.exec(hash);
  const id = m?.[1];
  return id && (ALL as string[]).includes(id) ? (id as RouteId) : null;
}

export function hashFor(id: RouteId): string {
  return SETTINGS.some((s) => s.id === id) ? `#/settings/${id}` : `#/${id}`;
}
