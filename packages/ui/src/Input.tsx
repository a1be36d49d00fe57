/** Text-like inputs. 16px text on phones keeps iOS from zooming into the field. */
import type { ComponentProps } from 'react';
import { cn } from './cn';

export const INPUT_CLASS =
  'flex h-10 w-full min-w-0 rounded-md border border-input bg-card px-3 py-1 text-base text-foreground shadow-xs transition-colors outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/30 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive aria-invalid:ring-destructive/20 sm:h-9 sm:text-sm';

export function Input({ className, type = 'text', ...props }: ComponentProps<'input'>) {
  return <input type={type} data-slot="input" className={cn(INPUT_CLASS, 'file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium', className)} {...props} />;
}
