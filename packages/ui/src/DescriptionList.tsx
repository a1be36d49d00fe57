/**
 * Facts about one thing (a customer, an invoice): term and value. From `sm` up the terms
 * form one column and the values the next (each row a subgrid of the list, so every
 * value starts at the same line), rows parted by a hairline; on phones each term sits
 * above its value.
 */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export function DescriptionList({ className, ...props }: ComponentProps<'dl'>) {
  return (
    <dl
      data-slot="description-list"
      className={cn('m-0 grid min-w-0 grid-cols-1 text-sm sm:grid-cols-[minmax(7rem,max-content)_minmax(0,1fr)] sm:gap-x-8', className)}
      {...props}
    />
  );
}

export function DescriptionItem({ term, children, className, ...props }: ComponentProps<'div'> & { term: ReactNode }) {
  return (
    <div
      data-slot="description-item"
      className={cn(
        'grid min-w-0 gap-0.5 border-b border-border/70 py-2.5 first:pt-0 last:border-b-0 last:pb-0 sm:col-span-2 sm:grid-cols-subgrid sm:items-baseline sm:gap-x-8 sm:gap-y-0',
        className,
      )}
      {...props}
    >
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="m-0 min-w-0 break-words">{children}</dd>
    </div>
  );
}
