'use client';
/**
 * The search and filters above a list: a labelled search landmark whose fields wrap into
 * as many columns as fit (one on phones), with its buttons at the end: "apply" where the
 * filters wait for it (`applyLabel`, submits), "reset" (`onReset`, disabled while there is
 * nothing to reset), or buttons of the page's own (`reset`). On a phone a bar of more than
 * two fields shows its first (the search) and keeps the others behind "More filters", so
 * the list starts on the first screen.
 */
import { Children, useState } from 'react';
import type { ComponentProps, ReactNode } from 'react';
import { Button } from './Button';
import { cn } from './cn';
import { useUi } from './UiProvider';
import { Field, FieldError, FieldLabel } from './Field';
import { Input } from './Input';
import { Options, Select } from './Select';
import type { Choice } from './choices';

export function FilterBar({
  label,
  reset,
  onReset,
  resetLabel,
  resetDisabled = false,
  applyLabel,
  className,
  children,
  onSubmit,
  ...props
}: Omit<ComponentProps<'form'>, 'onReset'> & { label: string; reset?: ReactNode; onReset?: () => void; resetLabel?: string; resetDisabled?: boolean; applyLabel?: string }) {
  const buttons = applyLabel !== undefined || onReset !== undefined || !!reset;
  const { text } = useUi();
  const [open, setOpen] = useState(false);
  const fields = Children.toArray(children);
  const collapsible = fields.length > 2;
  return (
    <form
      data-slot="filter-bar"
      role="search"
      aria-label={label}
      className={cn('grid grid-cols-1 items-end gap-3 rounded-xl border bg-card p-4 shadow-xs sm:grid-cols-[repeat(auto-fill,minmax(11rem,1fr))]', className)}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit?.(e);
      }}
      {...props}
    >
      {collapsible ? (
        <>
          {fields[0]}
          <div data-slot="filter-more" className={cn('contents', !open && 'max-sm:hidden')}>
            {fields.slice(1)}
          </div>
          <Button type="button" variant="ghost" className="justify-self-start sm:hidden" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? text.fewerFilters : text.moreFilters}
          </Button>
        </>
      ) : (
        children
      )}
      {buttons && (
        <div className="flex items-end gap-2">
          {applyLabel !== undefined && <Button type="submit">{applyLabel}</Button>}
          {onReset && (
            <Button type="button" variant="secondary" disabled={resetDisabled} onClick={onReset}>
              {resetLabel}
            </Button>
          )}
          {reset}
        </div>
      )}
    </form>
  );
}

/** One select of the filter bar: "all" first, then the choices. */
export function FilterSelect({ id, label, name, value, all, options, onChange }: { id: string; label: string; name: string; value: string; all?: string; options: readonly Choice[]; onChange: (value: string) => void }) {
  return (
    <Field>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <Select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <Options options={options} empty={all} />
      </Select>
    </Field>
  );
}

/**
 * One text, search or date field of the filter bar: its label, the input (any input
 * attribute: type, placeholder, min, max, list…), the value it reports on each change, and
 * a sentence under it when what was typed cannot be used yet (`error`). `children` follow
 * the input (a datalist of suggestions).
 */
export function FilterInput({
  id,
  label,
  onChange,
  error,
  className,
  children,
  ...input
}: Omit<ComponentProps<'input'>, 'id' | 'onChange' | 'children'> & { id: string; label: string; onChange: (value: string) => void; error?: string | null; children?: ReactNode }) {
  return (
    <Field invalid={!!error} className={className}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <Input id={id} autoComplete="off" {...input} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => onChange(e.target.value)} />
      {children}
      {error !== undefined && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </Field>
  );
}

/** "From" and "to" dates of the filter bar, each bounding the other (`{idPrefix}-from`, `{idPrefix}-to`; names from, to). */
export function FilterDateRange({
  idPrefix,
  labels,
  from,
  to,
  onFrom,
  onTo,
}: {
  idPrefix: string;
  labels: { from: string; to: string };
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
}) {
  return (
    <>
      <FilterInput id={`${idPrefix}-from`} type="date" name="from" label={labels.from} value={from} max={to || undefined} onChange={onFrom} />
      <FilterInput id={`${idPrefix}-to`} type="date" name="to" label={labels.to} value={to} min={from || undefined} onChange={onTo} />
    </>
  );
}
