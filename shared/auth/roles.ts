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
  'counts.resolve', // book count results: shortages to pending loss and write-offs, surplus cards, differences applied to cards
  'gl.import', // import general-ledger balances for 账账核对
  'assets.share', // grant requests from the idle-asset pool: transfer or share a card between units (调剂审批, community-wide)
  'staff.read', // the staff register, in the user's scope (identity numbers masked)
  'staff.write', // add, edit and import people
  'staff.pii', // see identity numbers in full
  'posts.read', // quotas, appointments, structure reports
  'posts.manage', // ratio sets, quotas, the staffing pool, appointments, competition rounds (community-wide)
  'posts.override', // appoint past a quota or structural cap, with a written reason (audited)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  finance: ['org.read', 'dept.write', 'assets.read', 'assets.write', 'depreciation.run', 'counts.resolve', 'gl.import'],
  asset: ['org.read', 'dept.write', 'assets.read', 'assets.write', 'assets.share', 'counts.resolve'],
  hr: ['org.read', 'dept.write', 'staff.read', 'staff.write', 'staff.pii', 'posts.read', 'posts.manage', 'posts.override'],
  // Auditors read everything and change nothing.
  auditor: ['org.read', 'users.read', 'audit.read', 'assets.read', 'staff.read', 'posts.read'],
  unit_operator: ['org.read', 'dept.write', 'assets.read', 'assets.write', 'staff.read', 'posts.read'],
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
