'use client';
/**
 * The shell's banner for an ISP's staff when the ISP is behind with RRNet: past due (what is
 * restricted: no new customers or routers; payments and isolir go on), or suspended
 * (read-only). Links the people who may see RRNet's invoices to them.
 */
import { TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useSessionUser } from '~/hooks/useSessionUser';
import type { AccountNotice } from '~/lib/tenant_account';

export function AccountBanner({ notice }: { notice: AccountNotice }) {
  const t = useTranslations('signup.banner');
  const user = useSessionUser();
  const severe = notice !== 'past_due';
  return (
    <div
      className={`flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm font-medium sm:px-6 ${severe ? 'bg-destructive text-destructive-foreground' : 'bg-warning text-foreground'}`}
      role="alert"
      data-testid="account-banner"
      data-notice={notice}
    >
      <TriangleAlert className="size-4 shrink-0" aria-hidden />
      <span className="min-w-0 flex-1">{t(notice)}</span>
      {notice !== 'suspended_staff' && user.can('admin.subscription.read') && (
        <Link href="/billing/subscription" className={severe ? 'text-destructive-foreground underline' : 'text-foreground underline'}>
          {t('pay')}
        </Link>
      )}
    </div>
  );
}
