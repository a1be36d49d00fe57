'use client';
/** Layout of every operator page: sidebar navigation, top bar, content. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from '~/hooks/useTranslation';
import { NAV_ENTRIES } from '~/lib/modules';
import type { NavEntry } from '~/lib/modules';
import { LanguageSwitcher } from './LanguageSwitcher';

export function AppShell({ children }: { children: ReactNode }) {
  const { t, locale } = useTranslation();
  const pathname = usePathname();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const sections = new Map<NavEntry['section'], NavEntry[]>();
  for (const entry of NAV_ENTRIES) {
    sections.set(entry.section, [...(sections.get(entry.section) ?? []), entry]);
  }

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
        <nav aria-label="main">
          {[...sections.entries()].map(([section, entries]) => (
            <div key={section} className="nav-section">
              <div className="nav-section-title">{t(section)}</div>
              <ul>
                {entries.map((entry) => (
                  <li key={entry.href}>
                    <Link
                      href={entry.href}
                      className={pathname === entry.href ? 'nav-link active' : 'nav-link'}
                      aria-current={pathname === entry.href ? 'page' : undefined}
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
          <LanguageSwitcher />
        </header>
        <main id="content" className="content">
          {children}
        </main>
      </div>
    </div>
  );
}
