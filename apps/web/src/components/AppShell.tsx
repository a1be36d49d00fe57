'use client';
/**
 * Layout of every operator page: sidebar navigation, top bar with the user, content;
 * for platform admins the dead-letter alert banner under the top bar.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { signOutAction } from '~/app/(app)/actions';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTranslations } from 'next-intl';
import { activeNavHref, visibleNavEntries } from '~/lib/modules';
import type { NavEntry } from '~/lib/modules';
import { DeadLetterAlertBanner } from './DeadLetterAlertBanner';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SubmitButton } from './SubmitButton';
import { TenantSwitcher } from './TenantSwitcher';

export function AppShell({ children }: { children: ReactNode }) {
  const t = useTranslations();
  const pathname = usePathname();
  const user = useSessionUser();

  const sections = new Map<NavEntry['section'], NavEntry[]>();
  const visible = visibleNavEntries(user.permissions, { hasTenant: user.tenant_name !== null });
  for (const entry of visible) {
    sections.set(entry.section, [...(sections.get(entry.section) ?? []), entry]);
  }
  const active = activeNavHref(pathname, visible);

  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        {t('shell.skip_to_content')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">RR</span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <div className="tenant-name" data-testid="tenant-name">
          {user.tenant_name ?? t('shell.no_tenant')}
        </div>
        <TenantSwitcher />
        <nav aria-label="main">
          {[...sections.entries()].map(([section, entries]) => (
            <div key={section} className="nav-section">
              <div className="nav-section-title">{t(section)}</div>
              <ul>
                {entries.map((entry) => (
                  <li key={entry.href}>
                    <Link
                      href={entry.href}
                      className={active === entry.href ? 'nav-link active' : 'nav-link'}
                      aria-current={pathname === entry.href ? 'page' : active === entry.href ? 'location' : undefined}
                    >
                      {t(entry.label)}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <span className="tagline">{t('app.tagline')}</span>
          <div className="topbar-actions">
            <LanguageSwitcher />
            <div className="user-box">
              <span className="sr-only">{t('shell.signed_in_as')}</span>
              <Link href="/profile" className="user-name" data-testid="user-name">
                {user.name}
              </Link>
              <span className="user-role muted">{t(`role.${user.role}`)}</span>
            </div>
            <form action={signOutAction}>
              <SubmitButton className="button secondary" pending={t('shell.signing_out')}>
                {t('shell.sign_out')}
              </SubmitButton>
            </form>
          </div>
        </header>
        {user.can('platform.jobs.manage') && <DeadLetterAlertBanner />}
        <main id="content" className="content">
          {children}
        </main>
      </div>
    </div>
  );
}
