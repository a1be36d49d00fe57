/** Facts about one thing (a customer, an invoice): term and value, stacked on phones. */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export function DescriptionList({ className, ...props }: ComponentProps<'dl'>) {
  return <dl data-slot="description-list" className={cn('m-0 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[max-content_1fr] sm:gap-y-2', className)} {...props} />;
}

export function DescriptionItem({ term, children, className, ...props }: ComponentProps<'div'> & { term: ReactNode }) {
  // a subgrid with column-gap `normal` takes the list's gap between term and value
  return (
    <div data-slot="description-item" className={cn('grid gap-0.5 sm:col-span-2 sm:grid-cols-subgrid sm:gap-x-[normal] sm:gap-y-0', className)} {...props}>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="m-0 min-w-0 break-words">{children}</dd>
    </div>
  );
}
