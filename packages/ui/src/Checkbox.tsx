/** A native checkbox with its label beside it (the label is the click target too). */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

export function Checkbox({ className, label, ...props }: Omit<ComponentProps<'input'>, 'type'> & { label?: ReactNode }) {
  const box = <input type="checkbox" data-slot="checkbox" className={cn('size-4 shrink-0 cursor-pointer accent-primary', !label && className)} {...props} />;
  if (!label) return box;
  return (
    <label data-slot="checkbox-label" className={cn('flex cursor-pointer items-start gap-2 py-1 text-sm [&>input]:mt-0.5', className)}>
      {box}
      <span>{label}</span>
    </label>
  );
}
