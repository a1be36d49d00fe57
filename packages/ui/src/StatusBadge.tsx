/**
 * A status as a badge: the status value picks the tone from the caller's map, the label
 * is the translated status. `data-status` carries the raw value for styling and tests.
 */
import type { ComponentProps } from 'react';
import { Badge } from './Badge';
import type { BadgeTone } from './Badge';

export function StatusBadge<S extends string>({
  status,
  tones,
  label,
  ...props
}: Omit<ComponentProps<'span'>, 'children'> & { status: S; tones: Record<S, BadgeTone>; label: string }) {
  return (
    <Badge tone={tones[status]} data-status={status} {...props}>
      {label}
    </Badge>
  );
}
