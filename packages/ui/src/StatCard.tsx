/** One figure with its label and a hint (dashboard and billing summaries). */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export function StatCard({
  label,
  value,
  hint,
  icon,
  tone = 'default',
  className,
  ...props
}: Omit<ComponentProps<'div'>, 'children'> & { label: ReactNode; value: ReactNode; hint?: ReactNode; icon?: ReactNode; tone?: 'default' | 'danger' | 'warning' | 'success' }) {
  return (
    <div data-slot="stat-card" data-tone={tone} className={cn('flex min-w-0 flex-col gap-1 rounded-xl border bg-card p-4 shadow-xs', className)} {...props}>
      <div className="flex items-center justify-between gap-2 text-sm text-muted-foreground">
        <span>{label}</span>
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
    </div>
  );
}
