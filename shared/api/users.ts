import { z } from 'zod';
import { method } from './define';
import { batchSchema, id, newUserFields, password, userEditableFields, version } from './schemas';
import type { BatchResult, ExportResult, UserRow } from './types';

export const usersApi = {
  'users.list': method<UserRow[]>()({ args: z.object({}).default({}), access: 'read', permission: 'users.read' }),
  'users.add': method<UserRow>()({ args: newUserFields, access: 'write', permission: 'users.manage' }),
  /** Grid edits of existing users (name, role, unit, disabled). New users go through `users.add` (they need a password). */
  'users.batch': method<BatchResult<UserRow>>()({ args: batchSchema(userEditableFields), access: 'write', permission: 'users.manage' }),
  /** An administrator sets someone's password; also clears a lockout. */
  'users.setPassword': method<UserRow>()({ args: z.object({ id, version, password }), access: 'write', permission: 'users.manage' }),
  'users.unlock': method<UserRow>()({ args: z.object({ id, version }), access: 'write', permission: 'users.manage' }),
  'users.export': method<ExportResult>()({ args: z.object({}).default({}), access: 'read', permission: 'users.read' }),
};
