'use client';
/**
 * Choosing one customer by searching (name, code, phone; 3+ characters, debounced like
 * the customer list): the matches in a select. Used by the message log's filter and the
 * template preview. Only for roles that may read customers (the caller checks).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { Button } from '@rrnet/ui/Button';
import { Field, FieldDescription, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { Select } from '@rrnet/ui/Select';
import { useDebouncedValue } from '~/hooks/useDebouncedValue';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';

const SEARCH_MIN_CHARS = 3;
const SEARCH_DEBOUNCE_MS = 300;
const MATCHES = 10;

export interface PickedCustomer {
  id: string;
  name: string;
}

export function CustomerPicker({ value, onChange, className }: { value: PickedCustomer | null; onChange: (customer: PickedCustomer | null) => void; className?: string }) {
  const t = useTranslations('notifications.customer_picker');
  const trpc = useTRPC();
  const id = useId();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const matches = useQuery({
    ...trpc.customers.customers.list.queryOptions({ q, limit: MATCHES }),
    enabled: q.length >= SEARCH_MIN_CHARS,
    retry: retryUnlessRefused,
  });
  const found = q.length >= SEARCH_MIN_CHARS ? (matches.data?.items ?? []) : [];

  if (value) {
    return (
      <Field className={className}>
        <FieldLabel htmlFor={`${id}-chosen`}>{t('label')}</FieldLabel>
        <div className="flex min-w-0 items-center gap-2">
          <Input id={`${id}-chosen`} readOnly value={value.name} data-testid="picked-customer" className="min-w-0" />
          <Button variant="secondary" onClick={() => onChange(null)}>
            {t('clear')}
          </Button>
        </div>
      </Field>
    );
  }
  return (
    <div className={className ? `grid gap-3 ${className}` : 'grid gap-3'}>
      <Field>
        <FieldLabel htmlFor={`${id}-q`}>{t('search')}</FieldLabel>
        <Input id={`${id}-q`} type="search" autoComplete="off" placeholder={t('placeholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
        {search.trim().length > 0 && search.trim().length < SEARCH_MIN_CHARS && <FieldDescription>{t('min', { count: SEARCH_MIN_CHARS })}</FieldDescription>}
      </Field>
      {q.length >= SEARCH_MIN_CHARS && matches.data && (
        <Field>
          <FieldLabel htmlFor={`${id}-pick`}>{t('choose')}</FieldLabel>
          <Select
            id={`${id}-pick`}
            value=""
            disabled={found.length === 0}
            onChange={(e) => {
              const c = found.find((x) => x.id === e.target.value);
              if (c) onChange({ id: c.id, name: c.name });
            }}
          >
            <option value="">{found.length === 0 ? t('none') : t('choose')}</option>
            {found.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.code})
              </option>
            ))}
          </Select>
        </Field>
      )}
    </div>
  );
}
