// Roles and what each may do. Pure data so the renderer can hide what the engine would refuse,
// while the engine remains the one that enforces it.

export const ROLES = ['admin', 'finance', 'asset', 'hr', 'auditor', 'unit_operator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  finance: '财务',
  asset: '资产管理员',
  hr: '人事',
  auditor: '审计',
  unit_operator: '成员单位操作员',
};

export const PERMISSIONS = [
  'org.read', // units, departments
  'org.write', // create/edit/delete units (community structure)
  'dept.write', // departments of units in the user's scope
  'users.read',
  'users.manage',
  'audit.read',
  'system.backup',
  'assets.read',
  'assets.write', // cards and their events, in the user's scope
  'depreciation.run', // month-end runs and closing periods (community-wide)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  finance: ['org.read', 'dept.write', 'assets.read', 'assets.write', 'depreciation.run'],
  asset: ['org.read', 'dept.write', 'assets.read', 'assets.write'],
  hr: ['org.read', 'dept.write'],
  // Auditors read everything and change nothing.
  auditor: ['org.read', 'users.read', 'audit.read', 'assets.read'],
  unit_operator: ['org.read', 'dept.write', 'assets.read', 'assets.write'],
};

/** Roles whose data access is limited to their own unit (and the units under it). */
export const UNIT_SCOPED_ROLES: readonly Role[] = ['unit_operator'];

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function roleFromLabel(text: string): Role | undefined {
  const t = text.trim();
  if ((ROLES as readonly string[]).includes(t)) return t as Role;
  return ROLES.find((r) => ROLE_LABELS[r] === t);
}

export const PASSWORD_MIN_LENGTH = 8;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
