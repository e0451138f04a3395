import { createContext, useContext } from 'react';
import type { SessionUser } from '../../shared/api/types';
import { can, type Permission } from '../../shared/auth/roles';

export interface SessionInfo {
  user: SessionUser;
  communityName: string | null;
}

export const SessionContext = createContext<SessionInfo | null>(null);

export function useSession(): SessionInfo & { can: (p: Permission) => boolean } {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in shell');
  return { ...s, can: (p: Permission) => can(s.user.role, p) };
}
