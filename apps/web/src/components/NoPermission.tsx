'use client';
/**
 * Page-level refusals: "no permission" (the role lacks the permission) and "not in your
 * plan" (the ISP's subscription lacks the module). Pages check the permission before
 * asking the API (PageShell's gate); the API's own refusals end up here too (ErrorNotice `page`).
 */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { Permission } from '@rrnet/contracts';
import { Card, CardContent } from '@rrnet/ui/Card';
import { useSessionUser } from '~/hooks/useSessionUser';

function Refusal({ testId, role, title, text, back }: { testId: string; role?: 'alert'; title: string; text: string; back: boolean }) {
  const t = useTranslations('common');
  return (
    <Card role={role} data-testid={testId} title={title} description={text}>
      {back && (
        <CardContent>
          <Link href="/" className="text-sm font-medium text-primary hover:underline">
            {t('back_to_dashboard')}
          </Link>
        </CardContent>
      )}
    </Card>
  );
}

export function NoPermission() {
  const t = useTranslations();
  const user = useSessionUser();
  return <Refusal testId="no-permission" role="alert" title={t('access.no_permission.title')} text={t('access.no_permission.text', { role: t(`role.${user.role}`) })} back />;
}

/**
 * `title`/`text` name the missing part when it is one area of a page (payment links):
 * the page itself stays, so there is no way back to offer.
 */
export function NotInPlan({ title, text }: { title?: string; text?: string } = {}) {
  const t = useTranslations('access.not_in_plan');
  return <Refusal testId="not-in-plan" title={title ?? t('title')} text={text ?? t('text')} back={title === undefined} />;
}

/** The children only for users whose role has the permission; "no permission" otherwise. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSessionUser();
  return can(permission) ? children : <NoPermission />;
}
