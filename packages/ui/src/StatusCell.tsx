/**
 * A table cell of a status badge and, under it, a line about it: why it failed (`tone`
 * 'danger', the default) or a hint (`muted`). Right-aligned on phones like the other
 * values of a row card, left from `sm` up. The line is left out when empty.
 *
 *   cell: ({ row: { original: r } }) => <StatusCell badge={<RouterStatusBadge status={r.status} />} note={r.last_error} noteTestId="router-last-error" />
 */
import type { ReactNode } from 'react';
import { cn } from './cn';
import { hasContent } from './has_content';

export interface StatusCellProps {
  badge: ReactNode;
  note?: ReactNode;
  tone?: 'danger' | 'muted';
  noteTestId?: string;
  /** the note's tooltip (e.g. when it happened) */
  noteTitle?: string;
}

export function StatusCell({ badge, note, tone = 'danger', noteTestId, noteTitle }: StatusCellProps) {
  return (
    <div className="grid justify-items-end gap-1 sm:justify-items-start">
      {badge}
      {hasContent(note) && (
        <span className={cn('max-w-64 text-xs break-words', tone === 'danger' ? 'text-destructive' : 'text-muted-foreground')} data-testid={noteTestId} title={noteTitle}>
          {note}
        </span>
      )}
    </div>
  );
}
