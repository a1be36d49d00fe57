import type { ComponentProps } from 'react';
import { cn } from './cn';
import { INPUT_CLASS } from './Input';

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea data-slot="textarea" className={cn(INPUT_CLASS, 'h-auto min-h-20 py-2 sm:h-auto', className)} {...props} />;
}
