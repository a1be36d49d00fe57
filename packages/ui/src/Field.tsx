'use client';
/**
 * Form field parts (the create-t3-turbo / shadcn "field" pattern): a form is composed of
 * FieldSet → FieldLegend → FieldGroup → Field (label, control, description, error), not one
 * big component. Form.tsx binds them to react-hook-form.
 */
import type { ComponentProps } from 'react';
import { cn } from './cn';
import { Label } from './Label';
import { useUi } from './UiProvider';

export function FieldSet({ className, ...props }: ComponentProps<'fieldset'>) {
  return <fieldset data-slot="field-set" className={cn('m-0 grid min-w-0 gap-4 border-0 p-0', className)} {...props} />;
}

export function FieldLegend({ className, ...props }: ComponentProps<'legend'>) {
  return <legend data-slot="field-legend" className={cn('mb-1 p-0 text-base font-semibold', className)} {...props} />;
}

/** Fields side by side from `sm` up (`cols` columns at most), stacked on phones. */
/**
 * Fields side by side when there is room: the columns follow the width the group is given
 * (a container query), not the window's, so the same fields stack in a dialog or a narrow
 * card and spread out across a wide page.
 */
export function FieldGroup({ className, cols = 2, ...props }: ComponentProps<'div'> & { cols?: 1 | 2 | 3 | 4 }) {
  return (
    <div className="@container min-w-0">
      <div
        data-slot="field-group"
        className={cn(
          'grid min-w-0 gap-4',
          cols === 2 && '@md:grid-cols-2',
          cols === 3 && '@md:grid-cols-2 @2xl:grid-cols-3',
          cols === 4 && '@md:grid-cols-2 @3xl:grid-cols-4',
          className,
        )}
        {...props}
      />
    </div>
  );
}

export function Field({ className, invalid, ...props }: ComponentProps<'div'> & { invalid?: boolean }) {
  return <div data-slot="field" data-invalid={invalid || undefined} className={cn('grid min-w-0 content-start gap-1.5', className)} {...props} />;
}

export function FieldLabel({ className, ...props }: ComponentProps<typeof Label>) {
  return <Label data-slot="field-label" className={cn('leading-snug', className)} {...props} />;
}

export function FieldDescription({ className, ...props }: ComponentProps<'p'>) {
  return <p data-slot="field-description" className={cn('m-0 text-xs text-muted-foreground', className)} {...props} />;
}

/** A field's error; a message given as text (zod's, the server's `details`) is shown translated. */
export function FieldError({ className, children, ...props }: ComponentProps<'p'>) {
  const { fieldMessage } = useUi();
  if (!children) return null;
  return (
    <p data-slot="field-error" className={cn('m-0 text-xs font-medium text-destructive', className)} {...props}>
      {typeof children === 'string' ? fieldMessage(children) : children}
    </p>
  );
}
