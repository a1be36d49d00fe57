/** Notices inside a page: errors (role=alert by the caller), successes, plain information. */
import { cva } from 'class-variance-authority';
import type { VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from './cn';

const alertVariants = cva('grid gap-1 rounded-lg border px-4 py-3 text-sm [&_p]:m-0 [&_a]:font-medium [&_a]:underline', {
  variants: {
    tone: {
      info: 'border-primary/25 bg-primary/6 text-foreground',
      success: 'border-success/30 bg-success/8 text-foreground [&>[data-slot=alert-title]]:text-success',
      warning: 'border-warning/35 bg-warning/10 text-foreground',
      danger: 'border-destructive/30 bg-destructive/6 text-destructive',
    },
  },
  defaultVariants: { tone: 'info' },
});

export function Alert({ className, tone, ...props }: ComponentProps<'div'> & VariantProps<typeof alertVariants>) {
  return <div data-slot="alert" data-tone={tone ?? 'info'} className={cn(alertVariants({ tone }), className)} {...props} />;
}

export function AlertTitle({ className, ...props }: ComponentProps<'p'>) {
  return <p data-slot="alert-title" className={cn('font-semibold', className)} {...props} />;
}

export function AlertDescription({ className, ...props }: ComponentProps<'div'>) {
  return <div data-slot="alert-description" className={cn('text-sm opacity-90', className)} {...props} />;
}
