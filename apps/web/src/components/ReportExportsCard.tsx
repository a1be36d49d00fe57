'use client';
/**
 * The exports of the reports page: ask for one (reports.reports.generate) — customers,
 * the invoices of the period chosen above, or arrears, as CSV or XLSX — and follow the
 * list while report_generation writes them (polled while any is queued or running, with
 * rows written of rows counted); a toast says when one is ready, and its row links to
 * the download route.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { REPORT_EXPORT_FORMATS, REPORT_EXPORT_KINDS } from '@rrnet/contracts';
import type { Locale, ReportExport, ReportExportFormat, ReportExportKind, ReportExportStatus, ReportPeriodPreset } from '@rrnet/contracts';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterBar, FilterSelect } from '@rrnet/ui/FilterBar';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { toast } from '@rrnet/ui/Toast';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { choices } from '@rrnet/ui/choices';
import { CellLines } from '@rrnet/ui/CellLines';

const TONES: Record<ReportExportStatus, BadgeTone> = { queued: 'neutral', running: 'info', completed: 'success', failed: 'danger' };
const POLL_MS = 1_500;

function useExportColumns(): ColumnDef<ReportExport>[] {
  const t = useTranslations('reports.exports');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  return [
    {
      id: 'export',
      header: t('col_export'),
      cell: ({ row: { original: e } }) => (
        <CellLines main={<>{t(`kind.${e.kind}`)} · {t(`format.${e.format}`)}</>} mainClassName="font-medium" sub={format.dateTime(new Date(e.created_at), 'datetime')} />
      ),
    },
    {
      id: 'status',
      header: t('col_status'),
      cell: ({ row: { original: e } }) => (
        <div className="grid min-w-40 gap-1">
          <StatusBadge status={e.status} tones={TONES} label={t(`status.${e.status}`)} data-testid="report-export-status" />
          {e.total_rows !== null && e.status !== 'failed' && (
            <>
              <div
                className="h-1.5 overflow-hidden rounded-full bg-muted"
                role="progressbar"
                aria-label={t('progress_label')}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round((e.progress ?? 0) * 100)}
              >
                <div className="h-full rounded-full bg-primary" style={{ width: `${Math.round((e.progress ?? 0) * 100)}%` }} />
              </div>
              <span className="text-xs text-muted-foreground" data-testid="report-export-progress">
                {t('progress', { processed: e.processed_rows, total: e.total_rows })}
              </span>
            </>
          )}
          {e.error && <span className="text-xs text-destructive">{e.error}</span>}
        </div>
      ),
    },
    {
      id: 'file',
      header: t('col_file'),
      meta: { interactive: true },
      cell: ({ row: { original: e } }) =>
        e.status === 'completed' && e.file_name ? (
          <div className="grid">
            <a className="font-medium break-all text-primary hover:underline" href={`/api/v1/reports/exports/${e.id}/download`} download={e.file_name} data-testid="report-export-download">
              {t('download')} {e.file_name}
            </a>
            <span className="text-xs text-muted-foreground">
              {t('size', { size: Math.max(1, Math.round((e.byte_size ?? 0) / 1024)) })} · {t('expires', { day: formatDay(e.expires_at.slice(0, 10), locale) })}
            </span>
          </div>
        ) : null,
    },
  ];
}

export function ReportExportsCard({ period }: { period: { preset: ReportPeriodPreset; from?: string; to?: string } }) {
  const t = useTranslations('reports.exports');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const [kind, setKind] = useState<ReportExportKind>('customers');
  const [fileFormat, setFileFormat] = useState<ReportExportFormat>('xlsx');
  const columns = useExportColumns();

  /** exports asked for on this page, announced once they finish */
  const [watched, setWatched] = useState<readonly string[]>([]);
  const announced = useRef(new Set<string>());
  const list = useQuery({
    ...trpc.reports.exports.list.queryOptions(),
    retry: retryUnlessRefused,
    refetchInterval: (q) => (q.state.data?.some((e) => e.status === 'queued' || e.status === 'running') ? POLL_MS : false),
  });
  const create = useMutation(trpc.reports.exports.create.mutationOptions({ meta: { invalidates: [trpc.reports.exports.list.queryKey()] } }));

  // announce the exports asked for on this page once they are ready (or failed)
  useEffect(() => {
    for (const e of list.data ?? []) {
      if (!watched.includes(e.id) || announced.current.has(e.id) || (e.status !== 'completed' && e.status !== 'failed')) continue;
      announced.current.add(e.id);
      if (e.status === 'completed') toast.success(t('ready_toast', { name: e.file_name ?? '' }));
      else toast.error(t('failed_toast', { name: t(`kind.${e.kind}`) }));
    }
  }, [list.data, watched, t]);

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    create.mutate({ kind, format: fileFormat, ...(kind === 'invoices' ? { period } : {}) }, { onSuccess: (created) => setWatched((w) => [...w, created.id]) });
  };

  return (
    <Card data-testid="report-exports" title={t('title')} description={t('hint')}>
      <CardContent className="grid gap-3">
        {can('reports.reports.generate') && (
          <FilterBar label={t('title')} onSubmit={submit}>
            <FilterSelect id="export-kind" name="kind" label={t('kind_label')} value={kind} options={choices(REPORT_EXPORT_KINDS, (k) => t(`kind.${k}`))} onChange={(v) => setKind(v as ReportExportKind)} />
            <FilterSelect id="export-format" name="format" label={t('format_label')} value={fileFormat} options={choices(REPORT_EXPORT_FORMATS, (f) => t(`format.${f}`))} onChange={(v) => setFileFormat(v as ReportExportFormat)} />
            <Button type="submit" className="self-end" disabled={create.isPending} data-testid="report-export-request">
              {create.isPending ? t('requesting') : t('request')}
            </Button>
          </FilterBar>
        )}
        {create.isError && <ErrorNotice error={create.error} onDismiss={() => create.reset()} />}
        {list.isError && <ErrorNotice error={list.error} />}
        <DataTable
          testId="report-exports-table"
          columns={columns}
          query={list}
          empty={t('empty')}
          rowProps={(e) => ({ 'data-testid': 'report-export-row', 'data-id': e.id, 'data-kind': e.kind, 'data-format': e.format, 'data-status': e.status })}
        />
      </CardContent>
    </Card>
  );
}
