'use client';
import { createContext, useContext } from 'react';
import type { Permission, Role } from '@rrnet/contracts';

/** The signed-in user as the (app) layout read it from the web session. */
export interface SessionUser {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  tenant_id: string | null;
  tenant_name: string | null;
  /** what the role (built-in or custom) may do; the API enforces it, the UI only hides */
  permissions: Permission[];
}

export const SessionUserContext = createContext<SessionUser | null>(null);

/** The signed-in user; only inside the operator pages (app/(app)). */
export function useSessionUser(): SessionUser & { can: (permission: Permission) => boolean } {
  const user = useContext(SessionUserContext);
  if (!user) throw new Error('useSessionUser is used outside the signed-in layout');
  return { ...user, can: (permission) => user.permissions.includes(permission) };
}
