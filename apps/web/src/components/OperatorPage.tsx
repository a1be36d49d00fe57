/**
 * An operator page as its route declares it, decided on the server: the signed-in person
 * (else /login), the permission the page needs (else the refusal, and none of the page's
 * own code runs in the browser), its title, subtitle and way back by message key, and
 * the links beside the title and the content — each may depend on what else the person
 * may do.
 *
 *   <OperatorPage permission="isolir.history.read" title="isolir.title" subtitle="isolir.subtitle">
 *     <IsolirView />
 *   </OperatorPage>
 *
 * The API enforces every permission again; this only decides what the page shows.
 */
import 'server-only';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { Permission } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { PageShell } from '@rrnet/ui/PageShell';
import { NoPermission } from '~/components/NoPermission';
import type { MessageKey } from '~/i18n/catalog';
import { requireSessionUser } from '~/server/web_session';

/** What the signed-in person may do (their role's permissions). */
type Can = (permission: Permission) => boolean;
type ByPermission = ReactNode | ((can: Can) => ReactNode);
/** A link beside the title, shown only with `permission` when it names one. */
interface PageLink {
  href: string;
  label: MessageKey;
  permission?: Permission;
  primary?: boolean;
}

export async function OperatorPage({
  permission,
  title,
  subtitle,
  back,
  links = [],
  children,
}: {
  /** absent: a page every signed-in person may see (their profile, the system's status) */
  permission?: Permission;
  title: MessageKey;
  subtitle?: MessageKey;
  /** the list the page belongs to, linked above the title */
  back?: { href: string; label: MessageKey };
  links?: PageLink[];
  children: ByPermission;
}) {
  const [user, t] = await Promise.all([requireSessionUser(), getTranslations()]);
  const can: Can = (p) => user.permissions.includes(p);
  const shown = links.filter((link) => !link.permission || can(link.permission));
  return (
    <PageShell
      title={t(title)}
      subtitle={subtitle && t(subtitle)}
      breadcrumb={back && <Link href={back.href}>← {t(back.label)}</Link>}
      actions={
        shown.length > 0 &&
        shown.map((link) => (
          <Button key={link.href} variant={link.primary ? 'default' : 'secondary'} asChild>
            <Link href={link.href}>{t(link.label)}</Link>
          </Button>
        ))
      }
      allowed={!permission || can(permission)}
      denied={<NoPermission />}
    >
      {typeof children === 'function' ? children(can) : children}
    </PageShell>
  );
}
