/**
 * A chart's frame: the figure, the chart, a sentence over it when it has nothing to draw
 * ("no payments this month" over the empty axes), the same numbers as a visually hidden list
 * for screen readers (and tests: `items` are its <li>s, `label` names it) and an optional
 * caption. `ChartNote` stands where a chart cannot be drawn yet (too few points).
 */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export interface ChartFigureProps {
  testId: string;
  /** the chart (and anything drawn with it, such as an axis note) */
  children: ReactNode;
  /** shown over the chart when it has nothing to draw */
  empty?: string | null;
  emptyTestId?: string;
  /** names the hidden list of the chart's numbers */
  label: string;
  items: ReactNode;
  caption?: ReactNode;
  captionClassName?: string;
  className?: string;
}

export function ChartFigure({ testId, children, empty, emptyTestId, label, items, caption, captionClassName, className }: ChartFigureProps) {
  return (
    <figure className={cn('m-0 grid gap-2', className)} data-testid={testId}>
      <div className="relative grid gap-2">
        {children}
        {empty && (
          <p className="absolute inset-0 m-0 grid place-items-center text-center text-sm text-muted-foreground" data-testid={emptyTestId}>
            {empty}
          </p>
        )}
      </div>
      <ul className="sr-only" aria-label={label}>
        {items}
      </ul>
      {caption && <figcaption className={cn('text-sm text-muted-foreground', captionClassName)}>{caption}</figcaption>}
    </figure>
  );
}

export function ChartNote({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cn('m-0 grid h-40 place-items-center text-center text-sm text-muted-foreground', className)} {...props} />;
}
