'use client';
import { useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { SessionUserContext } from '~/hooks/useSessionUser';
import type { SessionUser } from '~/hooks/useSessionUser';

/**
 * Hands the signed-in user (read on the server by the (app) layout) to client components.
 * The query cache lives in the root layout and survives client-side navigation, so when
 * the person or the ISP behind the session changes (sign-out and sign-in as someone else,
 * an ISP switch) it is emptied before anything below renders: no page ever shows what was
 * fetched for another user or ISP, not even for a moment.
 */
/** Whose data each query cache holds (the cache outlives this provider across /login). */
const CACHE_OWNER = new WeakMap<QueryClient, string>();

export function SessionUserProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  const queryClient = useQueryClient();
  const identity = `${user.user_id}:${user.tenant_id ?? 'platform'}`;
  const owner = CACHE_OWNER.get(queryClient);
  if (owner !== identity) {
    if (owner !== undefined) queryClient.clear();
    CACHE_OWNER.set(queryClient, identity);
  }
  return (
    <SessionUserContext key={identity} value={user}>
      {children}
    </SessionUserContext>
  );
}
