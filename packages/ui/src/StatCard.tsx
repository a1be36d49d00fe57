'use client';
/** One figure with its label, a hint and an optional footer (a meter) or a link to where the figure comes from. */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';
import { useUi } from './UiProvider';

export function StatCard({
  label,
  value,
  hint,
  icon,
  footer,
  link,
  tone = 'default',
  className,
  ...props
}: Omit<ComponentProps<'div'>, 'children'> & { label: ReactNode; value: ReactNode; hint?: ReactNode; icon?: ReactNode; footer?: ReactNode; link?: { href: string; label: ReactNode }; tone?: 'default' | 'danger' | 'warning' | 'success' }) {
  const { Link } = useUi();
  return (
    <div data-slot="stat-card" data-tone={tone} className={cn('flex min-w-0 flex-col gap-1 rounded-xl border bg-card p-4 shadow-xs', className)} {...props}>
      <div className="flex items-center justify-between gap-2 text-sm font-medium text-muted-foreground">
        <h3 className="m-0 text-sm font-medium">{label}</h3>
        {icon && <span className="[&>svg]:size-4">{icon}</span>}
      </div>
      <div
        data-slot="stat-value"
        className={cn(
          'text-xl font-semibold tracking-tight tabular-nums sm:text-2xl',
          tone === 'danger' && 'text-destructive',
          tone === 'warning' && 'text-warning',
          tone === 'success' && 'text-success',
        )}
      >
        {value}
      </div>
      {hint && <div className="text-xs text-muted-foreground">{hint}</div>}
      {(footer || link) && (
        <div className="mt-auto pt-2">
          {footer}
          {link && (
            <Link href={link.href} className="text-sm font-medium text-primary hover:underline">
              {link.label}
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
