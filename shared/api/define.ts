import type { z } from 'zod';
import type { Permission } from '../auth/roles';

/**
 * How a method is reached:
 * - `public`: no session (setup and login);
 * - `session`: any logged-in user (their own profile, logout);
 * - `read` / `write`: a logged-in user whose role has `permission`. Writes run in one
 *   serialised transaction and append to the audit log.
 */
export type Access = 'public' | 'session' | 'read' | 'write';

export interface MethodSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  args: A;
  access: Access;
  permission?: Permission;
  /** Phantom: the result type, for the typed client. Never set at run time. */
  readonly __result?: R;
}

/** Declare one API method: its argument schema, its access rule and (as a type) its result. */
export function method<R>() {
  return <A extends z.ZodType>(spec: { args: A; access: Access; permission?: Permission }): MethodSpec<A, R> => spec;
}
