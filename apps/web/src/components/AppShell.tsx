'use client';
/**
 * Layout of every operator page: the navigation (a sidebar from `lg` up, a drawer behind
 * the menu button on phones), the top bar (language, the person, sign-out), the
 * dead-letter banner for platform admins, the content.
 */
import { Menu } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { lazy, Suspense, useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from '@rrnet/ui/Button';
import { cn } from '@rrnet/ui/cn';
import { signOutAction } from '~/app/(app)/actions';
import { useSessionUser } from '~/hooks/useSessionUser';
import { activeNavHref, visibleNavEntries } from '~/lib/modules';
import type { NavEntry } from '~/lib/modules';
import type { AccountNotice } from '~/lib/tenant_account';
import { AccountBanner } from './AccountBanner';
import { DeadLetterAlertBanner } from './DeadLetterAlertBanner';
import { IspLogo } from './IspLogo';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SubmitButton } from './SubmitButton';
import { TenantSwitcher } from './TenantSwitcher';

const MobileMenu = lazy(() => import('./MobileMenu'));

function Brand() {
  const t = useTranslations('app');
  return (
    <div className="flex items-center gap-2 px-2">
      <span className="rounded-md bg-white px-1.5 py-0.5 text-sm font-extrabold text-sidebar">{t('mark')}</span>
      <span className="text-lg font-bold">{t('name')}</span>
    </div>
  );
}

function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  const t = useTranslations();
  const pathname = usePathname();
  const user = useSessionUser();
  const visible = visibleNavEntries(user.permissions, { hasTenant: user.tenant_name !== null });
  const sections = new Map<NavEntry['section'], NavEntry[]>();
  for (const entry of visible) sections.set(entry.section, [...(sections.get(entry.section) ?? []), entry]);
  const active = activeNavHref(pathname, visible);
  return (
    <nav aria-label="main" className="grid gap-4">
      {[...sections.entries()].map(([section, entries]) => (
        <div key={section} className="grid gap-0.5">
          <div className="px-2 pb-1 text-[0.7rem] font-medium tracking-wider uppercase opacity-70">{t(section)}</div>
          <ul className="m-0 grid list-none gap-0.5 p-0">
            {entries.map((entry) => (
              <li key={entry.href}>
                <Link
                  href={entry.href}
                  onClick={onNavigate}
                  className={cn(
                    'block rounded-md px-2 py-2 text-[0.95rem] text-sidebar-foreground no-underline hover:bg-sidebar-accent lg:py-1.5',
                    active === entry.href && 'bg-sidebar-accent font-semibold text-sidebar-accent-foreground',
                  )}
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
  );
}

function SidebarContent({ onNavigate, logoUrl }: { onNavigate?: () => void; logoUrl: string | null }) {
  const t = useTranslations('shell');
  const user = useSessionUser();
  return (
    <div className="grid content-start gap-3">
      <Brand />
      <div className="flex min-w-0 items-center gap-2 px-2 text-sm">
        {user.tenant_name !== null && <IspLogo name={user.tenant_name} url={logoUrl} className="size-8 text-sm" />}
        <span className="min-w-0 truncate opacity-85" data-testid="tenant-name">
          {user.tenant_name ?? t('no_tenant')}
        </span>
      </div>
      <TenantSwitcher />
      <Navigation onNavigate={onNavigate} />
    </div>
  );
}

export function AppShell({ children, accountNotice = null, logoUrl = null }: { children: ReactNode; accountNotice?: AccountNotice | null; logoUrl?: string | null }) {
  const t = useTranslations();
  const user = useSessionUser();
  const [menuOpen, setMenuOpen] = useState(false);
  // the drawer's code loads on the first tap of the menu button, then stays mounted
  const [menuUsed, setMenuUsed] = useState(false);

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <a className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-card focus:p-2" href="#content">
        {t('shell.skip_to_content')}
      </a>
      <aside className="hidden bg-sidebar px-3 py-4 text-sidebar-foreground lg:block">
        <div className="sticky top-4">
          <SidebarContent logoUrl={logoUrl} />
        </div>
      </aside>
      {menuUsed && (
        <Suspense fallback={null}>
          <MobileMenu open={menuOpen} onOpenChange={setMenuOpen} title={t('shell.menu')}>
            <SidebarContent onNavigate={() => setMenuOpen(false)} logoUrl={logoUrl} />
          </MobileMenu>
        </Suspense>
      )}
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex items-center gap-2 border-b bg-card/95 px-3 py-2 backdrop-blur sm:px-6 sm:py-3">
          <Button
            variant="ghost"
            size="icon"
            className="lg:hidden"
            aria-label={t('shell.open_menu')}
            data-testid="menu-button"
            onClick={() => {
              setMenuUsed(true);
              setMenuOpen(true);
            }}
          >
            <Menu />
          </Button>
          <span className="hidden text-sm text-muted-foreground xl:inline">{t('app.tagline')}</span>
          <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-4">
            <LanguageSwitcher className="max-sm:[&_select]:min-w-0 max-sm:[&_select]:w-24" />
            <div className="grid min-w-0 text-right leading-tight">
              <span className="sr-only">{t('shell.signed_in_as')}</span>
              <Link href="/profile" className="truncate font-semibold text-foreground no-underline hover:underline" data-testid="user-name">
                {user.name}
              </Link>
              <span className="truncate text-xs text-muted-foreground">{t(`role.${user.role}`)}</span>
            </div>
            <form action={signOutAction}>
              <SubmitButton variant="secondary" size="sm" pending={t('shell.signing_out')}>
                {t('shell.sign_out')}
              </SubmitButton>
            </form>
          </div>
        </header>
        {accountNotice && <AccountBanner notice={accountNotice} />}
        {user.can('platform.jobs.manage') && <DeadLetterAlertBanner />}
        <main id="content" className="w-full max-w-6xl min-w-0 p-4 sm:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
