/** Buttons (and links styled as buttons through `asChild`). */
import { cva } from 'class-variance-authority';
import type { VariantProps } from 'class-variance-authority';
import { Slot } from 'radix-ui';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export const buttonVariants = cva(
  'inline-flex shrink-0 cursor-pointer items-center justify-center gap-2 rounded-md text-sm font-medium whitespace-nowrap no-underline transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-1 disabled:pointer-events-none disabled:opacity-60 aria-disabled:pointer-events-none aria-disabled:opacity-60 [&_svg]:pointer-events-none [&_svg]:size-4 [&_svg]:shrink-0',
  {
    variants: {
      variant: {
        default: 'bg-primary text-primary-foreground shadow-xs hover:bg-primary/90',
        secondary: 'border border-border bg-card text-secondary-foreground shadow-xs hover:bg-accent',
        destructive: 'bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90',
        ghost: 'text-foreground hover:bg-accent hover:text-accent-foreground',
        link: 'h-auto px-0 text-primary underline-offset-4 hover:underline',
      },
      size: {
        default: 'h-10 px-4 sm:h-9',
        sm: 'h-9 px-3 text-[0.8125rem] sm:h-8',
        lg: 'h-11 px-6',
        icon: 'size-10 sm:size-9',
      },
      wide: { true: 'w-full', false: '' },
    },
    defaultVariants: { variant: 'default', size: 'default', wide: false },
  },
);

export type ButtonProps = ComponentProps<'button'> & VariantProps<typeof buttonVariants> & { asChild?: boolean };

export function Button({ className, variant, size, wide, asChild = false, type, ...props }: ButtonProps) {
  const Comp = asChild ? Slot.Root : 'button';
  const buttonType = asChild ? undefined : (type ?? 'button');
  return (
    <Comp
      data-slot="button"
      data-variant={variant ?? 'default'}
      className={cn(buttonVariants({ variant, size, wide }), className)}
      type={buttonType}
      {...props}
    />
  );
}

/**
 * A form's submit button while its request may be running: disabled then, and its label
 * says so (`pendingLabel`, e.g. "Saving…") instead of the action.
 */
export function SubmitButton({ pending, pendingLabel, disabled, children, ...props }: Omit<ButtonProps, 'type' | 'asChild'> & { pending: boolean; pendingLabel: ReactNode }) {
  return (
    <Button type="submit" disabled={pending || disabled} aria-busy={pending || undefined} {...props}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
