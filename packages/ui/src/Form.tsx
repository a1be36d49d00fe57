'use client';
/**
 * Forms bound to react-hook-form and validated with the contracts' zod schemas
 * (`useZodForm(schema)`, through @hookform/resolvers), so the browser checks what the
 * API will check, with the same rules. What only the server knows (a taken code, a
 * router that refused) comes back in the error envelope's `details` ({field: message})
 * and lands on the same fields: `useServerErrors(form, details)`.
 *
 *   const form = useZodForm(planCreateInput, { defaultValues });
 *   <Form form={form} onSubmit={(values) => create.mutate(values)}>
 *     <InputField name="name" label={t('plans.name')} autoComplete="off" />
 *     <SelectField name="mode" label={t('mode')} options={choices(MODES, (m) => t(`mode.${m}`))} />
 *     <FormField name="notes" label={t('notes')}>{(field) => <Textarea {...field} />}</FormField>
 *   </Form>
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId } from 'react';
import type { ComponentProps, ReactNode } from 'react';
import { FormProvider, useController, useForm, useFormContext } from 'react-hook-form';
import type { FieldPath, FieldValues, SubmitHandler, UseFormProps, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { cn } from './cn';
import { Field, FieldDescription, FieldError, FieldLabel } from './Field';
import { Input } from './Input';
import { Options, Select } from './Select';
import type { Choice } from './choices';

/** A form whose values are validated by a zod schema (input type while typing, output on submit). */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, 'resolver'> = {},
): UseFormReturn<z.input<S>, unknown, z.output<S>> {
  return useForm<z.input<S>, unknown, z.output<S>>({
    mode: 'onTouched',
    ...options,
    // the schema's own input/output types are what the form holds and submits
    resolver: zodResolver(schema as never) as never,
  });
}

/**
 * Puts the server's field messages (`details` of a VALIDATION_FAILED / CONFLICT answer)
 * on the fields they name; returns the messages no field of this form claims.
 */
export function useServerErrors<T extends FieldValues, TOut = T>(form: UseFormReturn<T, unknown, TOut>, details: Record<string, string> | undefined): Record<string, string> {
  const fields = new Set(Object.keys(form.getValues() as object));
  const entries = Object.entries(details ?? {});
  const key = JSON.stringify(entries);
  useEffect(() => {
    for (const [field, message] of entries) {
      const top = field.split('.')[0]!;
      if (fields.has(top)) form.setError(field as FieldPath<T>, { type: 'server', message }, { shouldFocus: false });
    }
    // entries is described by key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, form]);
  return Object.fromEntries(entries.filter(([field]) => !fields.has(field.split('.')[0]!)));
}

export function Form<TIn extends FieldValues, TOut>({
  form,
  onSubmit,
  className,
  children,
  ...props
}: Omit<ComponentProps<'form'>, 'onSubmit'> & { form: UseFormReturn<TIn, unknown, TOut>; onSubmit: SubmitHandler<TOut> }) {
  return (
    <FormProvider {...form}>
      <form data-slot="form" noValidate className={cn('grid gap-5', className)} onSubmit={form.handleSubmit(onSubmit)} {...props}>
        {children}
      </form>
    </FormProvider>
  );
}

/** What a field's control receives: spread it on an Input, Select, Textarea or Checkbox. */
export interface FormControlProps {
  id: string;
  name: string;
  value: string;
  onChange: (event: { target: { value: string } } | string) => void;
  onBlur: () => void;
  ref: (instance: HTMLElement | null) => void;
  disabled?: boolean;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One field of the surrounding <Form>: label, control (render prop), description, the
 * field's error (client-side from zod, or the server's from `details`). Values are held
 * as text (`''` for empty); the schema's preprocessing turns them into the API's types.
 */
export function FormField({
  name,
  label,
  description,
  className,
  children,
}: {
  name: string;
  label: ReactNode;
  description?: ReactNode;
  className?: string;
  children: (control: FormControlProps) => ReactNode;
}) {
  const id = useId();
  const { control } = useFormContext();
  const { field, fieldState } = useController({ name, control });
  const error = fieldState.error?.message;
  const describedBy = [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <Field invalid={!!error} className={className}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {children({
        id,
        name: field.name,
        value: field.value == null ? '' : String(field.value),
        onChange: (event) => field.onChange(typeof event === 'string' ? event : event.target.value),
        onBlur: field.onBlur,
        ref: field.ref,
        disabled: field.disabled,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {description && <FieldDescription id={`${id}-description`}>{description}</FieldDescription>}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </Field>
  );
}

type FieldFrame = { name: string; label: ReactNode; description?: ReactNode; className?: string };

/**
 * A text input of the surrounding <Form>; other props go to the <input> (type, inputMode,
 * autoComplete, placeholder…). `disabled` adds to the form's own (a field locked while
 * another says so).
 */
export function InputField({
  name,
  label,
  description,
  className,
  disabled = false,
  ...input
}: FieldFrame & { disabled?: boolean } & Omit<ComponentProps<'input'>, keyof FormControlProps | 'className'>) {
  return (
    <FormField name={name} label={label} description={description} className={className}>
      {(field) => <Input {...input} {...field} disabled={disabled || field.disabled} />}
    </FormField>
  );
}

/** A select of the surrounding <Form>: `empty` first when the field may be left empty, then the choices. */
export function SelectField({ name, label, description, className, options, empty }: FieldFrame & { options: readonly Choice[]; empty?: string }) {
  return (
    <FormField name={name} label={label} description={description} className={className}>
      {(field) => (
        <Select {...field}>
          <Options options={options} empty={empty} />
        </Select>
      )}
    </FormField>
  );
}
