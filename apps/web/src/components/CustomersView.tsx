'use client';
/**
 * The customer list: search (name, code, phone, PPPoE username; 3+ characters, 300 ms
 * debounce), filters (status, plan, router, ODP), sort, keyset pages behind "Load more".
 * Personal data arrives masked for roles without customers.pii.read.
 */
import Link from 'next/link';
import { useState } from 'react';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES } from '@rrnet/contracts';
import type { CustomerListInput, CustomerStatus } from '@rrnet/contracts';
import { useCustomerChoices } from '~/hooks/useCustomerChoices';
import { useDebouncedValue } from '~/hooks/useDebouncedValue';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTranslations } from 'next-intl';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';
import { CustomerStatusBadge } from './StatusBadges';
import { LoadMore } from './LoadMore';

const SEARCH_DEBOUNCE_MS = 300;
const SEARCH_MIN_CHARS = 3;
const PAGE_SIZE = 50;

type Sort = (typeof CUSTOMER_SORTS)[number];

interface Filters {
  status: CustomerStatus | '';
  plan_id: string;
  router_id: string;
  odp_id: string;
  sort: Sort;
}

const NO_FILTERS: Filters = { status: '', plan_id: '', router_id: '', odp_id: '', sort: 'name' };

function CustomersContent() {
  const t = useTranslations();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const choices = useCustomerChoices();
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
      <form
        className="card form form-row filters"
        role="search"
        aria-label={t('customers.filter.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <FormField label={t('customers.search')} error={tooShort ? t('customers.search_min', { count: SEARCH_MIN_CHARS }) : undefined}>
          {(props) => (
            <input
              {...props}
              type="search"
              name="q"
              autoComplete="off"
              placeholder={t('customers.search_placeholder')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          )}
        </FormField>
        <FormField label={t('customers.status.label')}>
          {(props) => (
            <select {...props} name="status" value={filters.status} onChange={(e) => set({ status: e.target.value as CustomerStatus | '' })}>
              <option value="">{t('customers.filter.all')}</option>
              {CUSTOMER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`customers.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label={t('customers.plan')}>
          {(props) => (
            <select {...props} name="plan_id" value={filters.plan_id} onChange={(e) => set({ plan_id: e.target.value })}>
              <option value="">{t('customers.filter.all')}</option>
              {choices.plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {choices.canRouters && (
          <FormField label={t('customers.router')}>
            {(props) => (
              <select {...props} name="router_id" value={filters.router_id} onChange={(e) => set({ router_id: e.target.value })}>
                <option value="">{t('customers.filter.all')}</option>
                {choices.routers.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        )}
        {choices.canTopology && (
          <FormField label={t('customers.odp')}>
            {(props) => (
              <select {...props} name="odp_id" value={filters.odp_id} onChange={(e) => set({ odp_id: e.target.value })}>
                <option value="">{t('customers.filter.all')}</option>
                {choices.odps.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        )}
        <FormField label={t('customers.sort.label')}>
          {(props) => (
            <select {...props} name="sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value as Sort })}>
              {CUSTOMER_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`customers.sort.${s}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div className="field field-submit actions">
          <button
            type="button"
            className="button secondary"
            disabled={!filtered && search === '' && filters.sort === 'name'}
            onClick={() => {
              setSearch('');
              setFilters(NO_FILTERS);
            }}
          >
            {t('customers.filter.reset')}
          </button>
        </div>
      </form>

      <section className="card">
        <div className="card-header">
          <h2>{list.data ? t(list.hasNextPage ? 'customers.count_more' : 'customers.count', { count: items.length }) : t('customers.title')}</h2>
          {list.isFetching && <span className="muted small">{t('common.loading')}</span>}
        </div>
        {items.some((c) => c.pii_masked) && (
          <p className="muted small" data-testid="pii-masked">
            <span className="badge neutral">{t('customers.masked')}</span> {t('customers.masked_hint')}
          </p>
        )}
        {list.isError && <ErrorNotice error={list.error} />}
        {list.isPending && <p className="muted">{t('common.loading')}</p>}
        {list.data && items.length === 0 && (
          <p className="empty-state" data-testid="customers-empty">
            {filtered ? t('customers.empty_filtered') : t('customers.empty')}
          </p>
        )}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="customers">
              <thead>
                <tr>
                  <th scope="col">{t('customers.code')}</th>
                  <th scope="col">{t('customers.name')}</th>
                  <th scope="col">{t('customers.phone')}</th>
                  <th scope="col">{t('customers.plan')}</th>
                  <th scope="col">{t('customers.router')}</th>
                  <th scope="col">{t('customers.status.label')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id} data-testid="customer-row" data-code={c.code}>
                    <td>
                      <Link href={`/customers/${c.id}`}>
                        <code>{c.code}</code>
                      </Link>
                    </td>
                    <td>
                      <Link href={`/customers/${c.id}`} className="cell-main">
                        {c.name}
                      </Link>
                      <div className="cell-sub muted">
                        <code>{c.pppoe_username}</code>
                      </div>
                    </td>
                    <td className="nowrap">{c.phone ?? <span className="muted">—</span>}</td>
                    <td>{c.plan_name}</td>
                    <td>{c.router_name ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">
                      <CustomerStatusBadge status={c.status} />
                      {c.isolir_pending && (
                        <span className="badge warn inline" data-testid="isolir-pending" title={t('customers.isolir_pending_hint')}>
                          {t('customers.isolir_pending')}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore pages={list} label={t('customers.load_more')} />
      </section>
    </>
  );
}

export function CustomersView() {
  const t = useTranslations();
  const { can } = useSessionUser();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('customers.title')}</h1>
          <p className="muted">{t('customers.subtitle')}</p>
        </div>
        {can('customers.customers.manage') && (
          <div className="actions">
            <Link href="/customers/import" className="button secondary">
              {t('customers.import_link')}
            </Link>
            <Link href="/customers/new" className="button">
              {t('customers.new_link')}
            </Link>
          </div>
        )}
      </div>
      <RequirePermission permission="customers.customers.read">
        <CustomersContent />
      </RequirePermission>
    </>
  );
}
