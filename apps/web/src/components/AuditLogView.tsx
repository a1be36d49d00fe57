'use client';
/**
 * The ISP's audit trail (admin.audit.read): filters (kind, who, table, action, row id, days),
 * the events newest first in keyset pages behind "Load more" — each with its old and new
 * values side by side, changed fields first — "Verify chain" for the filtered period (intact
 * with the count, or the first broken event) and "Export CSV" of the filtered events. Above
 * it, for those who may grant it, RRNet support access (SupportAccessCard).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { AUDIT_CATEGORIES } from '@rrnet/contracts';
import type { AuditCategory, AuditEvent, AuditVerifyResult, auditListInput } from '@rrnet/contracts';
import { Alert, AlertDescription, AlertTitle } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterBar, FilterDateRange, FilterInput, FilterSelect } from '@rrnet/ui/FilterBar';
import type { z } from 'zod';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { AuditValues } from './AuditValues';
import { ErrorNotice } from './ErrorNotice';
import { choices } from '@rrnet/ui/choices';
import { CellLines } from '@rrnet/ui/CellLines';
import { PiiMaskedNote } from './PiiMaskedNote';

const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CATEGORY_TONE = { data: 'info', auth: 'neutral', admin: 'warning' } as const;

type Filters = Omit<z.input<typeof auditListInput>, 'cursor' | 'limit'>;

function useColumns(): ColumnDef<AuditEvent>[] {
  const t = useTranslations('audit');
  const format = useFormatter();
  return [
    {
      id: 'time',
      header: t('col.time'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: e } }) => <CellLines main={format.dateTime(new Date(e.occurred_at), 'datetime')} sub={<>#{e.id}</>} subClassName="tabular-nums" />,
    },
    {
      id: 'actor',
      header: t('col.actor'),
      cell: ({ row: { original: e } }) =>
        e.actor_user_id ? (
          <span className="grid justify-items-end sm:justify-items-start">
            <span>{e.actor_name ?? e.actor_user_id.slice(0, 8)}</span>
            {e.actor_email && <span className="text-xs break-all text-muted-foreground">{e.actor_email}</span>}
          </span>
        ) : (
          <span className="text-muted-foreground">{t('system_actor')}</span>
        ),
    },
    {
      id: 'event',
      header: t('col.event'),
      cell: ({ row: { original: e } }) => (
        <span className="flex flex-wrap items-center justify-end gap-1.5 sm:justify-start">
          <Badge tone={CATEGORY_TONE[e.category]}>{t(`category.${e.category}`)}</Badge>
          <code className="text-xs break-all">{e.action}</code>
        </span>
      ),
    },
    {
      id: 'target',
      header: t('col.target'),
      cell: ({ row: { original: e } }) =>
        e.table_name ? (
          <span className="grid justify-items-end sm:justify-items-start">
            <code className="text-xs">{e.table_name}</code>
            {e.row_id && <code className="text-xs break-all text-muted-foreground">{e.row_id}</code>}
          </span>
        ) : (
          <span className="text-muted-foreground">{t('none')}</span>
        ),
    },
    {
      id: 'values',
      header: t('col.changes'),
      meta: { interactive: true, className: 'sm:min-w-72' },
      cell: ({ row: { original: e } }) => <AuditValues event={e} />,
    },
  ];
}

function VerifyResult({ result, shown, onShow }: { result: AuditVerifyResult; shown: boolean; onShow: (id: string) => void }) {
  const t = useTranslations('audit.verify');
  const period = result.from || result.to ? t('range', { from: result.from ?? t('open'), to: result.to ?? t('open') }) : t('range_all');
  if (result.ok) {
    return (
      <Alert tone="success" role="status" data-testid="audit-verify-ok">
        <AlertTitle>{t('ok_title')}</AlertTitle>
        <AlertDescription>
          <p>{t('ok', { count: result.checked })}</p>
          <p className="text-muted-foreground">{period}</p>
        </AlertDescription>
      </Alert>
    );
  }
  return (
    <Alert tone="danger" role="alert" data-testid="audit-verify-broken" data-broken-id={result.first_broken_id ?? ''}>
      <AlertTitle>{t('broken_title')}</AlertTitle>
      <AlertDescription>
        <p>{t('broken', { id: result.first_broken_id ?? '?', reason: t(`reason.${result.reason_code ?? 'content'}`), count: result.checked })}</p>
        <p>{period}</p>
        {result.first_broken_id && shown && (
          <p>
            <Button variant="link" size="sm" className="h-auto p-0" onClick={() => onShow(result.first_broken_id!)}>
              {t('show_broken')}
            </Button>
          </p>
        )}
      </AlertDescription>
    </Alert>
  );
}

/** Hands a CSV text to the browser as a file download. */
function download(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditLogView() {
  const t = useTranslations('audit');
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const columns = useColumns();
  const [category, setCategory] = useState<AuditCategory | ''>('');
  const [actor, setActor] = useState('');
  const [table, setTable] = useState('');
  const [action, setAction] = useState('');
  const [rowId, setRowId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [exported, setExported] = useState<{ rows: number; truncated: boolean } | null>(null);

  const users = useQuery({ ...trpc.admin.users.list.queryOptions(), enabled: can('admin.users.read'), retry: retryUnlessRefused });
  const filters: Filters = {
    ...(category ? { category } : {}),
    ...(actor ? { actor_user_id: actor } : {}),
    ...(/^[a-z][a-z0-9_]*$/.test(table.trim()) ? { table_name: table.trim() } : {}),
    ...(action.trim() ? { action: action.trim() } : {}),
    ...(rowId.trim() ? { row_id: rowId.trim() } : {}),
    ...(DAY.test(from) ? { from } : {}),
    ...(DAY.test(to) ? { to } : {}),
  };
  const input = { ...filters, limit: PAGE_SIZE };
  const { query: list, items } = useKeysetPages(trpc.admin.audit.list.infiniteQueryKey(input), input, (page, signal) => client.admin.audit.list.query(page, { signal }));
  const masked = !can('customers.pii.read');

  const verify = useMutation({
    mutationFn: () => client.admin.audit.verify.query({ ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) }),
  });
  const exportCsv = useMutation({
    mutationFn: () => client.admin.audit.export.query(filters),
    onSuccess: (file) => {
      download(file.file_name, file.csv);
      setExported({ rows: file.rows, truncated: file.truncated });
    },
  });

  const filtered = Object.keys(filters).length > 0;
  const reset = () => {
    setCategory('');
    setActor('');
    setTable('');
    setAction('');
    setRowId('');
    setFrom('');
    setTo('');
  };
  const showEvent = (id: string) => {
    const row = document.querySelector<HTMLElement>(`[data-testid="audit-row"][data-id="${id}"]`);
    row?.scrollIntoView({ block: 'center' });
    row?.querySelector('details')?.setAttribute('open', '');
  };

  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="audit-verify">
          {verify.isPending ? t('verify.running') : t('verify.action')}
        </Button>
        <Button variant="secondary" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending} data-testid="audit-export">
          {exportCsv.isPending ? t('export.running') : t('export.action')}
        </Button>
      </div>
      {verify.isError && <ErrorNotice error={verify.error} />}
      {verify.data && <VerifyResult result={verify.data} shown={items.some((e) => e.id === verify.data.first_broken_id)} onShow={showEvent} />}
      {exportCsv.isError && <ErrorNotice error={exportCsv.error} />}
      {exported && (
        <Alert tone={exported.truncated ? 'warning' : 'info'} role="status" data-testid="audit-export-done">
          <AlertDescription>
            <p>{exported.truncated ? t('export.truncated', { count: exported.rows }) : t('export.done', { count: exported.rows })}</p>
          </AlertDescription>
        </Alert>
      )}

      <FilterBar
        label={t('filter.label')}
        resetLabel={t('filter.reset')}
        resetDisabled={!filtered && !table && !action && !rowId}
        onReset={reset}
      >
        <FilterSelect id="audit-category" name="category" label={t('filter.category')} all={t('filter.all')} value={category} options={choices(AUDIT_CATEGORIES, (c) => t(`category.${c}`))} onChange={(v) => setCategory(v as AuditCategory | '')} />
        {can('admin.users.read') && (
          <FilterSelect id="audit-actor" name="actor_user_id" label={t('filter.actor')} all={t('filter.all')} value={actor} options={(users.data ?? []).map((u) => ({ value: u.user_id, label: u.name }))} onChange={setActor} />
        )}
        <FilterInput id="audit-table" name="table_name" label={t('filter.table')} value={table} onChange={setTable} />
        <FilterInput id="audit-action" name="action" label={t('filter.action')} value={action} onChange={setAction} />
        <FilterInput id="audit-row" name="row_id" label={t('filter.row')} value={rowId} onChange={setRowId} />
        <FilterDateRange idPrefix="audit" labels={{ from: t('filter.from'), to: t('filter.to') }} from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </FilterBar>

      <Card>
        <CardHeader>
          <CardTitle data-testid="audit-count">{list.data ? t(list.hasNextPage ? 'count_more' : 'count', { count: items.length }) : t('title')}</CardTitle>
          {list.isFetching && <CardAction className="text-sm text-muted-foreground">{t('loading')}</CardAction>}
        </CardHeader>
        <CardContent className="grid gap-3">
          {masked && items.length > 0 && <PiiMaskedNote label={t('masked')} hint={t('masked_hint')} />}
          {list.isError && <ErrorNotice error={list.error} />}
          <DataTable
            testId="audit-events"
            columns={columns}
            data={list.data ? items : undefined}
            status={list}
            empty={filtered ? t('empty_filtered') : t('empty')}
            rowProps={(e) => ({ 'data-testid': 'audit-row', 'data-id': e.id, 'data-category': e.category, 'data-table': e.table_name ?? '' })}
            pages={list}
            loadMoreLabel={t('load_more')}
          />
        </CardContent>
      </Card>
    </>
  );
}
