/**
 * A table cell of two lines: what the row is (a name, a date, a link) and a quieter line
 * under it (its code, a second date, who did it). The second line is left out when empty.
 *
 *   cell: ({ row: { original: r } }) => <CellLines main={r.name} sub={r.slug} mainClassName="font-medium" />
 */
import type { ReactNode } from 'react';
import { cn } from './cn';
import { hasContent } from './has_content';

export interface CellLinesProps {
  main: ReactNode;
  sub?: ReactNode;
  mainClassName?: string;
  subClassName?: string;
  /** attributes of the second line (data-testid…) */
  subProps?: Record<string, string | undefined>;
}

export function CellLines({ main, sub, mainClassName, subClassName, subProps }: CellLinesProps) {
  return (
    <div className="grid min-w-0">
      <span className={mainClassName}>{main}</span>
      {hasContent(sub) && (
        <span className={cn('text-xs text-muted-foreground', subClassName)} {...subProps}>
          {sub}
        </span>
      )}
    </div>
  );
}
