import { z } from 'zod';
import { method } from './define';
import { password, username } from './schemas';
import type { AuditEntry, SessionUser, UndoResult } from './types';

export const systemApi = {
  /** Whether first-run setup (the administrator's account) is still needed. */
  'setup.status': method<{ needsAdmin: boolean; communityName: string | null; schemaVersion: number }>()({
    args: z.object({}).default({}),
    access: 'public',
  }),
  /** First run only: name the community and create the administrator. Refused once any user exists. */
  'setup.createAdmin': method<{ sessionId: string; user: SessionUser }>()({
    args: z.object({
      communityName: z.string().trim().min(1, 'v.required').max(100, 'v.tooLong'),
      username,
      displayName: z.string().trim().min(1, 'v.required').max(50, 'v.tooLong'),
      password,
    }),
    access: 'public',
  }),
  'session.login': method<{ sessionId: string; user: SessionUser }>()({
    args: z.object({ username: z.string().trim().min(1, 'v.required').max(64), password: z.string().min(1, 'v.required').max(200) }),
    access: 'public',
  }),
  'session.logout': method<{ ok: true }>()({ args: z.object({}).default({}), access: 'session' }),
  'session.me': method<SessionUser>()({ args: z.object({}).default({}), access: 'session' }),
  /** Change one's own password (needs the current one). */
  'session.changePassword': method<{ ok: true }>()({
    args: z.object({ current: z.string().min(1, 'v.required').max(200), next: password }),
    access: 'session',
  }),
  'system.info': method<{ path: string; schemaVersion: number; appSchemaVersion: number; communityName: string | null; pageSize: number; pageCount: number }>()({
    args: z.object({}).default({}),
    access: 'session',
  }),
  /** Undo a batch this user wrote, if nothing changed those rows since. */
  'batch.undo': method<UndoResult>()({
    args: z.object({ batchId: z.number().int().min(1) }),
    access: 'session',
  }),
  'audit.list': method<AuditEntry[]>()({
    args: z.object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional() }).default({ limit: 200 }),
    access: 'read',
    permission: 'audit.read',
  }),
};
