/**
 * Surfaces: a card with an optional header (title, description, action: beside the title,
 * below it on a phone), content, footer. `<Card title=… description=… action=…>` writes the
 * header; with `titleId` the card is also named by its title (a region landmark). The parts
 * below stay for headers that need more.
 */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

type CardProps = Omit<ComponentProps<'section'>, 'title'> & {
  title?: ReactNode;
  /** the title's id: the card is then named by its title (aria-labelledby) */
  titleId?: string;
  description?: ReactNode;
  action?: ReactNode;
};

/** a part given and not switched off (`cond && <X/>` gives false) */
const shown = (part: ReactNode) => part !== undefined && part !== null && part !== false;

export function Card({ className, title, titleId, description, action, children, ...props }: CardProps) {
  const titled = shown(title);
  return (
    <section
      data-slot="card"
      aria-labelledby={titled ? titleId : undefined}
      className={cn('flex min-w-0 flex-col gap-4 rounded-xl border bg-card py-4 text-card-foreground shadow-xs sm:py-5', className)}
      {...props}
    >
      {titled && (
        <CardHeader>
          <CardTitle id={titleId}>{title}</CardTitle>
          {shown(description) && <CardDescription>{description}</CardDescription>}
          {shown(action) && <CardAction>{action}</CardAction>}
        </CardHeader>
      )}
      {children}
    </section>
  );
}

export function CardHeader({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      data-slot="card-header"
      className={cn('grid auto-rows-min grid-rows-[auto_auto] items-start gap-1 px-4 sm:px-5 sm:has-data-[slot=card-action]:grid-cols-[1fr_auto]', className)}
      {...props}
    />
  );
}

export function CardTitle({ className, ...props }: ComponentProps<'h2'>) {
  return <h2 data-slot="card-title" className={cn('text-base leading-snug font-semibold', className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentProps<'p'>) {
  return <p data-slot="card-description" className={cn('text-sm text-muted-foreground', className)} {...props} />;
}

export function CardAction({ className, ...props }: ComponentProps<'div'>) {
  return <div data-slot="card-action" className={cn('flex flex-wrap items-center gap-2 self-start max-sm:row-start-3 sm:col-start-2 sm:row-span-2 sm:row-start-1 sm:justify-self-end', className)} {...props} />;
}

export function CardContent({ className, ...props }: ComponentProps<'div'>) {
  return <div data-slot="card-content" className={cn('min-w-0 px-4 sm:px-5', className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentProps<'div'>) {
  return <div data-slot="card-footer" className={cn('flex flex-wrap items-center gap-2 px-4 sm:px-5', className)} {...props} />;
}
