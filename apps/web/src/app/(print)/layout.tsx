import type { ReactNode } from 'react';
import { SessionUserProvider } from '~/components/SessionUserProvider';
import { requireSessionUser } from '~/server/web_session';

/** Printable pages: signed in (else /login) like the operator pages, but without the shell. */
export default async function PrintLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();
  return <SessionUserProvider user={user}>{children}</SessionUserProvider>;
}
