'use client';
/**
 * Page-level refusals: "no permission" (the role lacks the permission) and "not in your
 * plan" (the ISP's subscription lacks the module). Pages check the permission before
 * asking the API; the API's own refusals end up here too (ErrorNotice `page`).
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Permission } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTranslations } from 'next-intl';

export function NoPermission() {
  const t = useTranslations();
  const user = useSessionUser();
  return (
    <section className="card notice" role="alert" data-testid="no-permission">
      <h2>{t('access.no_permission.title')}</h2>
      <p>{t('access.no_permission.text', { role: t(`role.${user.role}`) })}</p>
      <Link href="/">{t('common.back_to_dashboard')}</Link>
    </section>
  );
}

/**
 * `title`/`text` name the missing part when it is one area of a page (payment links):
 * the page itself stays, so there is no way back to offer.
 */
export function NotInPlan({ title, text }: { title?: string; text?: string } = {}) {
  const t = useTranslations();
  return (
    <section className="card notice" data-testid="not-in-plan">
      <h2>{title ?? t('access.not_in_plan.title')}</h2>
      <p>{text ?? t('access.not_in_plan.text')}</p>
      {title === undefined && <Link href="/">{t('common.back_to_dashboard')}</Link>}
    </section>
  );
}

/** The children only for users whose role has the permission; "no permission" otherwise. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSessionUser();
  return can(permission) ? children : <NoPermission />;
}
