/** Where there is nothing to show: a dashed box with one sentence (a list's "none yet", a detail's "pick one"). */
import type { ComponentProps } from 'react';
import { cn } from './cn';

export function EmptyState({ className, ...props }: ComponentProps<'p'>) {
  return <p data-slot="empty" className={cn('m-0 rounded-lg border border-dashed px-4 py-8 text-center text-sm text-muted-foreground', className)} {...props} />;
}
