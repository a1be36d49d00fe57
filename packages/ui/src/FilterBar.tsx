/**
 * The search and filters above a list: a labelled search landmark whose fields wrap into
 * as many columns as fit (one on phones), with an optional reset at the end.
 */
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';
import { Field, FieldLabel } from './Field';
import { Select } from './Select';

export function FilterBar({
  label,
  reset,
  className,
  children,
  onSubmit,
  ...props
}: ComponentProps<'form'> & { label: string; reset?: ReactNode }) {
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
      {children}
      {reset && <div className="flex items-end gap-2">{reset}</div>}
    </form>
  );
}

/** One select of the filter bar: "all" first, then the choices. */
export function FilterSelect({ id, label, name, value, all, options, onChange }: { id: string; label: string; name: string; value: string; all?: string; options: readonly { value: string; label: string }[]; onChange: (value: string) => void }) {
  return (
    <Field>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <Select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
