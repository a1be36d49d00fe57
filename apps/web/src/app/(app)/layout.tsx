import type { ReactNode } from 'react';
import { AppShell } from '~/components/AppShell';
import { SessionUserProvider } from '~/components/SessionUserProvider';
import { requireSessionUser } from '~/server/web_session';

/** Every operator page: signed in (else /login), inside the shell. */
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();
  return (
    <SessionUserProvider user={user}>
      <AppShell>{children}</AppShell>
    </SessionUserProvider>
  );
}
