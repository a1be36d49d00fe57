import type { ReactNode } from 'react';
import { AppShell } from '~/components/AppShell';
import { SessionUserProvider } from '~/components/SessionUserProvider';
import { tenantAccountNotice } from '~/lib/tenant_account';
import { tenantLogoUrl } from '~/lib/tenant_logo';
import { requireSessionUser } from '~/server/web_session';

/** Every operator page: signed in (else /login), inside the shell (with the ISP's RRNet standing as a banner). */
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const user = await requireSessionUser();
  const [accountNotice, logoUrl] = await Promise.all([tenantAccountNotice(), tenantLogoUrl()]);
  return (
    <SessionUserProvider user={user}>
      <AppShell accountNotice={accountNotice} logoUrl={logoUrl}>
        {children}
      </AppShell>
    </SessionUserProvider>
  );
}
