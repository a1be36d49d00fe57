'use client';
import type { ReactNode } from 'react';
import { SessionUserContext } from '~/hooks/useSessionUser';
import type { SessionUser } from '~/hooks/useSessionUser';

/** Hands the signed-in user (read on the server by the (app) layout) to client components. */
export function SessionUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionUserContext value={user}>{children}</SessionUserContext>;
}
