/**
 * The frame of every operator page: breadcrumb, title, subtitle, actions, then the
 * content — or, when the person may not see it (`allowed` false), the `denied` notice.
 */
import type { ReactNode } from 'react';
import { cn } from './cn';

export function PageShell({
  title,
  subtitle,
  actions,
  breadcrumb,
  allowed = true,
  denied = null,
  className,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
  allowed?: boolean;
  denied?: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div data-slot="page" className={cn('grid min-w-0 gap-4 sm:gap-5', className)}>
      <header data-slot="page-header" className="flex min-w-0 flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid min-w-0 gap-1">
          {breadcrumb && <nav className="text-sm text-muted-foreground [&_a]:hover:underline">{breadcrumb}</nav>}
          <h1 className="m-0 text-xl font-semibold tracking-tight break-words sm:text-2xl">{title}</h1>
          {subtitle && <p className="m-0 text-sm text-muted-foreground">{subtitle}</p>}
        </div>
        {actions && allowed && <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>}
      </header>
      {allowed ? children : denied}
    </div>
  );
}
