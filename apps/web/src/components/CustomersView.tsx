'use client';
/**
 * The customer list: search (name, code, phone, PPPoE username; 3+ characters, 300 ms
 * debounce), filters (status, plan, router, ODP), sort, keyset pages behind "Load more".
 * Personal data arrives masked for roles without customers.pii.read.
 */
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES } from '@rrnet/contracts/constants';
import type { Customer, CustomerListInput, CustomerStatus } from '@rrnet/contracts';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterBar, FilterInput, FilterSelect } from '@rrnet/ui/FilterBar';
import { useCustomerChoices } from '~/hooks/useCustomerChoices';
import { useDebouncedValue } from '~/hooks/useDebouncedValue';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { CustomerStatusBadge, IsolirPendingBadge } from './StatusBadges';
import { choices } from '@rrnet/ui/choices';
import { customerColumn } from '~/lib/customer_column';
import { ListCard } from './ListCard';
import { PiiMaskedNote } from './PiiMaskedNote';

const SEARCH_DEBOUNCE_MS = 300;
const SEARCH_MIN_CHARS = 3;
const PAGE_SIZE = 50;

type Sort = (typeof CUSTOMER_SORTS)[number];
type Row = Customer & { plan_name: string; router_name: string | null; isolir_pending?: boolean; pii_masked?: boolean };

interface Filters {
  status: CustomerStatus | '';
  plan_id: string;
  router_id: string;
  odp_id: string;
  sort: Sort;
}

const NO_FILTERS: Filters = { status: '', plan_id: '', router_id: '', odp_id: '', sort: 'name' };

function useCustomerColumns(): ColumnDef<Row>[] {
  const t = useTranslations('customers');
  return [
    { id: 'code', header: t('code'), cell: ({ row }) => <code>{row.original.code}</code> },
    customerColumn(t('name'), (c) => ({ id: c.id, name: c.name, code: c.pppoe_username }), { id: 'name', rowLinked: true, sort: 'name' }),
    { id: 'phone', header: t('phone'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => row.original.phone ?? <span className="text-muted-foreground">—</span> },
    { id: 'plan', header: t('plan'), cell: ({ row }) => row.original.plan_name },
    { id: 'router', header: t('router'), cell: ({ row }) => row.original.router_name ?? <span className="text-muted-foreground">—</span> },
    {
      id: 'status',
      header: t('status.label'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: c } }) => (
        <span className="inline-flex flex-wrap justify-end gap-1 sm:justify-start">
          <CustomerStatusBadge status={c.status} />
          {c.isolir_pending && <IsolirPendingBadge />}
        </span>
      ),
    },
  ];
}

export function CustomersView() {
  const t = useTranslations('customers');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const lists = useCustomerChoices();
  const columns = useCustomerColumns();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const debounced = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const tooShort = search.trim().length > 0 && search.trim().length < SEARCH_MIN_CHARS;
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const input: Omit<CustomerListInput, 'cursor'> = {
    ...(debounced.length >= SEARCH_MIN_CHARS ? { q: debounced } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.plan_id ? { plan_id: filters.plan_id } : {}),
    ...(filters.router_id ? { router_id: filters.router_id } : {}),
    ...(filters.odp_id ? { odp_id: filters.odp_id } : {}),
    sort: filters.sort,
    limit: PAGE_SIZE,
  };
  const { query: list, items } = useKeysetPages(trpc.customers.customers.list.infiniteQueryKey(input), input, (page, signal) =>
    client.customers.customers.list.query(page, { signal }),
  );
  const filtered = input.q !== undefined || !!(filters.status || filters.plan_id || filters.router_id || filters.odp_id);

  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <FilterBar
        label={t('filter.label')}
        resetLabel={t('filter.reset')}
        resetDisabled={!filtered && search === '' && filters.sort === 'name'}
        onReset={() => {
          setSearch('');
          setFilters(NO_FILTERS);
        }}
      >
        <FilterInput
          id="customers-q"
          type="search"
          name="q"
          className="sm:col-span-2"
          label={t('search')}
          placeholder={t('search_placeholder')}
          value={search}
          error={tooShort ? t('search_min', { count: SEARCH_MIN_CHARS }) : null}
          onChange={setSearch}
        />
        <FilterSelect id="customers-status" name="status" label={t('status.label')} all={t('filter.all')} value={filters.status} options={choices(CUSTOMER_STATUSES, (s) => t(`status.${s}`))} onChange={(v) => set({ status: v as CustomerStatus | '' })} />
        <FilterSelect id="customers-plan" name="plan_id" label={t('plan')} all={t('filter.all')} value={filters.plan_id} options={lists.plans.map((p) => ({ value: p.id, label: p.name }))} onChange={(v) => set({ plan_id: v })} />
        {lists.canRouters && (
          <FilterSelect id="customers-router" name="router_id" label={t('router')} all={t('filter.all')} value={filters.router_id} options={lists.routers.map((r) => ({ value: r.id, label: r.name }))} onChange={(v) => set({ router_id: v })} />
        )}
        {lists.canTopology && (
          <FilterSelect id="customers-odp" name="odp_id" label={t('odp')} all={t('filter.all')} value={filters.odp_id} options={lists.odps.map((o) => ({ value: o.id, label: o.name }))} onChange={(v) => set({ odp_id: v })} />
        )}
        <FilterSelect id="customers-sort" name="sort" label={t('sort.label')} value={filters.sort} options={choices(CUSTOMER_SORTS, (s) => t(`sort.${s}`))} onChange={(v) => set({ sort: v as Sort })} />
      </FilterBar>

      <ListCard query={list} title={list.data ? t(list.hasNextPage ? 'count_more' : 'count', { count: items.length }) : t('title')}>
        {items.some((c) => c.pii_masked) && <PiiMaskedNote label={t('masked')} hint={t('masked_hint')} />}
        <DataTable
          testId="customers"
          columns={columns}
          data={list.data ? (items as Row[]) : undefined}
          status={list}
          empty={filtered ? t('empty_filtered') : t('empty')}
          rowHref={(c) => `/customers/${c.id}`}
          rowProps={(c) => ({ 'data-testid': 'customer-row', 'data-code': c.code, 'data-status': c.status })}
          sort={{ value: filters.sort, onChange: (sort) => set({ sort: sort as Sort }) }}
          pages={list}
          loadMoreLabel={t('load_more')}
        />
      </ListCard>
    </>
  );
}
