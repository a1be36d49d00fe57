/**
 * A native select, styled: on phones the system picker is the best one there is, and
 * it stays a real form control (keyboard, autofill, `selectOption` in tests).
 */
import { ChevronDown } from 'lucide-react';
import type { ComponentProps } from 'react';
import type { Choice } from './choices';
import { cn } from './cn';
import { INPUT_CLASS } from './Input';

export function Select({ className, children, ...props }: ComponentProps<'select'>) {
  return (
    <div data-slot="select-wrapper" className="relative w-full min-w-0">
      <select data-slot="select" className={cn(INPUT_CLASS, 'cursor-pointer appearance-none pr-8', className)} {...props}>
        {children}
      </select>
      <ChevronDown aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}

/** A select's options: `empty` first (the value '') when there is one, then the choices in order. */
export function Options({ options, empty }: { options: readonly Choice[]; empty?: string }) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}
