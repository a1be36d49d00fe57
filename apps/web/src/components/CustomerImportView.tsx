'use client';
/**
 * CSV import wizard: upload (read in the browser, checked by the API without writing
 * anything) → report naming every bad row and field → import the valid rows (only when
 * there are no bad rows; the API refuses otherwise) with a progress bar while the
 * background job runs → done. Below, the ISP's past imports.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check } from 'lucide-react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_REQUIRED_COLUMNS } from '@rrnet/contracts';
import type { CustomerImport, ImportReport } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { cn } from '@rrnet/ui/cn';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Field, FieldError, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { useUi } from '@rrnet/ui/UiProvider';
import { useCustomerChoices } from '~/hooks/useCustomerChoices';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { IMPORT_TEMPLATE_FILE_NAME, importTemplateCsv } from '~/lib/customer_csv';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { ListCard } from './ListCard';
import { EmptyState } from '@rrnet/ui/EmptyState';

const IMPORT_POLL_MS = 1_000;
const STEPS = ['upload', 'report', 'import', 'done'] as const;
type Step = (typeof STEPS)[number];

const IMPORT_TONE: Record<CustomerImport['status'], BadgeTone> = { queued: 'neutral', running: 'warning', completed: 'success', failed: 'danger' };
type ImportError = ImportReport['errors'][number] & { key: string };
type PreviewRow = ImportReport['preview'][number];

function ImportStatusBadge({ status, ...props }: { status: CustomerImport['status']; 'data-testid'?: string }) {
  const t = useTranslations('import.status');
  return <StatusBadge status={status} tones={IMPORT_TONE} label={t(status)} {...props} />;
}

interface ChosenFile {
  file_name: string;
  csv: string;
}

function Steps({ current }: { current: Step }) {
  const t = useTranslations('import');
  const index = STEPS.indexOf(current);
  return (
    <ol className="m-0 flex list-none flex-wrap gap-x-4 gap-y-2 p-0 text-sm" aria-label={t('steps')}>
      {STEPS.map((step, i) => (
        <li key={step} className={cn('flex items-center gap-2', i === index ? 'font-semibold text-foreground' : 'text-muted-foreground')} aria-current={i === index ? 'step' : undefined}>
          <span
            className={cn(
              'inline-flex size-6 items-center justify-center rounded-full border text-xs',
              i === index && 'border-primary bg-primary text-primary-foreground',
              i < index && 'border-success bg-success/15 text-success',
            )}
          >
            {i < index ? <Check className="size-3.5" aria-hidden /> : i + 1}
          </span>
          {t(`step.${step}`)}
        </li>
      ))}
    </ol>
  );
}

function TemplateLink() {
  const t = useTranslations('import');
  const choices = useCustomerChoices();
  const csv = importTemplateCsv({
    plan: choices.plans.find((p) => p.is_active)?.name ?? 'Rumahan 10 Mbps',
    router: choices.routers[0]?.name ?? '',
    odp: choices.odps[0]?.name ?? '',
  });
  return (
    <p className="m-0 text-sm text-muted-foreground">
      {t('columns', { columns: IMPORT_COLUMNS.join(', '), required: IMPORT_REQUIRED_COLUMNS.join(', ') })}{' '}
      <a className="font-medium text-primary hover:underline" href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={IMPORT_TEMPLATE_FILE_NAME} data-testid="import-template">
        {t('template')}
      </a>
    </p>
  );
}

function ReportTables({ report }: { report: ImportReport }) {
  const t = useTranslations();
  const { fieldMessage } = useUi();
  const badRows = new Set(report.errors.map((e) => e.row)).size;
  const errorColumns: ColumnDef<ImportError>[] = [
    { id: 'row', header: t('import.row'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => t('import.row_number', { row: row.original.row }) },
    { id: 'field', header: t('import.field'), cell: ({ row }) => <code>{row.original.field}</code> },
    { id: 'message', header: t('import.message'), cell: ({ row }) => <span className="text-destructive">{fieldMessage(row.original.message)}</span> },
  ];
  const previewColumns: ColumnDef<PreviewRow>[] = [
    { id: 'row', header: t('import.row'), meta: { numeric: true }, cell: ({ row }) => row.original.row },
    { id: 'code', header: t('customers.code'), cell: ({ row }) => <code>{row.original.code}</code> },
    { id: 'name', header: t('customers.name'), cell: ({ row }) => row.original.name },
    { id: 'plan', header: t('customers.plan'), cell: ({ row }) => row.original.plan },
    { id: 'pppoe', header: t('customers.pppoe_username'), cell: ({ row }) => <code>{row.original.pppoe_username}</code> },
  ];
  return (
    <>
      <div className="grid grid-cols-3 gap-2 sm:gap-4" data-testid="import-summary">
        <StatCard label={t('import.total_rows')} value={<span data-testid="import-total">{report.total_rows}</span>} />
        <StatCard label={t('import.valid_rows')} tone="success" value={<span data-testid="import-valid">{report.valid_rows}</span>} />
        <StatCard label={t('import.bad_rows')} tone={badRows > 0 ? 'danger' : 'default'} value={<span data-testid="import-bad">{badRows}</span>} />
      </div>
      {report.errors.length > 0 && (
        <section className="grid gap-2" aria-labelledby="import-errors-title">
          <h3 id="import-errors-title" className="m-0 text-sm font-semibold">
            {t('import.errors_title', { count: report.errors.length })}
          </h3>
          <DataTable
            testId="import-errors"
            columns={errorColumns}
            data={report.errors.map((e, i) => ({ ...e, key: `${e.row}-${e.field}-${i}` }))}
            getRowId={(e) => e.key}
            empty={null}
            rowProps={(e) => ({ 'data-testid': 'import-error', 'data-row': String(e.row), 'data-field': e.field })}
          />
        </section>
      )}
      {report.preview.length > 0 && (
        <section className="grid gap-2" aria-labelledby="import-preview-title">
          <h3 id="import-preview-title" className="m-0 text-sm font-semibold">
            {t('import.preview_title', { count: report.preview.length, total: report.valid_rows })}
          </h3>
          <DataTable testId="import-preview" columns={previewColumns} data={report.preview} getRowId={(p) => String(p.row)} empty={null} />
        </section>
      )}
    </>
  );
}

function Progress({ importId, onFinished }: { importId: string; onFinished: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const job = useQuery({
    ...trpc.customers.imports.get.queryOptions({ id: importId }),
    retry: retryUnlessRefused,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'completed' || query.state.data.status === 'failed') ? false : IMPORT_POLL_MS),
  });
  const status = job.data?.status;
  const finished = status === 'completed' || status === 'failed';
  // the history table and the customer list change when the job ends
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: trpc.customers.imports.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.customers.customers.list.pathKey() });
  }, [finished, queryClient, trpc]);

  if (job.isError) return <ErrorNotice error={job.error} />;
  if (!job.data) return <Skeleton className="h-16" />;
  const j = job.data;
  const total = Math.max(j.total_rows, 1);
  const percent = Math.min(100, Math.round((j.processed_rows / total) * 100));
  return (
    <div className="grid gap-3" data-testid="import-job" data-status={j.status}>
      <p className="m-0 flex flex-wrap items-center gap-2 text-sm">
        <ImportStatusBadge status={j.status} data-testid="import-status" />
        <span data-testid="import-counts">{t('import.progress', { processed: j.processed_rows, total: j.total_rows })}</span>
      </p>
      <div
        className="h-2.5 w-full overflow-hidden rounded-full bg-muted"
        role="progressbar"
        aria-label={t('import.progress_label')}
        aria-valuemin={0}
        aria-valuemax={j.total_rows}
        aria-valuenow={j.processed_rows}
        data-testid="import-progress"
      >
        <div className={cn('h-full rounded-full bg-primary transition-[width]', j.status === 'failed' && 'bg-destructive')} style={{ width: `${percent}%` }} />
      </div>
      {j.status === 'completed' && (
        <Alert tone="success" role="status" data-testid="import-done">
          <p>{t('import.completed', { count: j.created_count })}</p>
          <Link href="/customers">{t('import.open_customers')}</Link>
        </Alert>
      )}
      {j.status === 'failed' && (
        <Alert tone="danger" role="alert" data-testid="import-failed">
          <p>{t('import.failed', { count: j.created_count })}</p>
          {j.error && <p className="text-sm opacity-90">{j.error}</p>}
        </Alert>
      )}
      {finished && (
        <div>
          <Button variant="secondary" onClick={onFinished}>
            {t('import.another')}
          </Button>
        </div>
      )}
    </div>
  );
}

export function CustomerImportWizard() {
  const t = useTranslations();
  const trpc = useTRPC();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0); // a new <input type=file> lets the same file be chosen again
  const fileId = useId();
  const preview = useMutation(trpc.customers.imports.preview.mutationOptions({ onSuccess: (r) => setReport(r) }));
  const start = useMutation(
    trpc.customers.imports.start.mutationOptions({
      meta: { invalidates: [trpc.customers.imports.list.queryKey()] },
      onSuccess: (result) => {
        setReport(result.report);
        if (result.import) setImportId(result.import.id);
      },
    }),
  );
  // the same query Progress polls (shared cache): the wizard's last step is the job's end
  const job = useQuery({ ...trpc.customers.imports.get.queryOptions({ id: importId ?? '' }), enabled: importId !== null });
  const badRows = report ? new Set(report.errors.map((e) => e.row)).size : 0;
  const step: Step =
    importId && job.data && (job.data.status === 'completed' || job.data.status === 'failed') ? 'done' : importId ? 'import' : report ? 'report' : 'upload';

  const restart = () => {
    setFile(null);
    setReport(null);
    setImportId(null);
    setReadError(null);
    preview.reset();
    start.reset();
    setInputKey((k) => k + 1);
  };

  const choose = async (chosen: File | undefined) => {
    setReport(null);
    setImportId(null);
    setReadError(null);
    preview.reset();
    start.reset();
    if (!chosen) return setFile(null);
    if (chosen.size > IMPORT_MAX_BYTES) {
      setFile(null);
      return setReadError(t('import.too_large', { mb: IMPORT_MAX_BYTES / 1_000_000 }));
    }
    const next = { file_name: chosen.name, csv: await chosen.text() };
    setFile(next);
    preview.mutate(next);
  };

  return (
    <>
      <Steps current={step} />
      <Card titleId="import-upload-title" title={t('import.upload.title')} description={t('import.upload.hint')}>
        <CardContent className="grid gap-4">
          <TemplateLink />
          {!importId && (
            <Field invalid={!!readError} className="max-w-md">
              <FieldLabel htmlFor={fileId}>{t('import.file')}</FieldLabel>
              <Input
                key={inputKey}
                id={fileId}
                type="file"
                name="csv"
                accept=".csv,text/csv"
                className="h-auto py-1.5 sm:h-auto"
                disabled={preview.isPending || start.isPending}
                aria-invalid={readError ? true : undefined}
                aria-describedby={readError ? `${fileId}-error` : undefined}
                onChange={(e) => void choose(e.target.files?.[0])}
              />
              <FieldError id={`${fileId}-error`}>{readError}</FieldError>
            </Field>
          )}
          {preview.isPending && <p className="m-0 text-sm text-muted-foreground">{t('import.checking')}</p>}
          {preview.error && <ErrorNotice error={preview.error} />}
        </CardContent>
      </Card>

      {report && file && (
        <Card aria-labelledby="import-report-title" data-testid="import-report">
          <CardHeader>
            <CardTitle id="import-report-title" className="break-words">
              {t('import.report.title', { file: file.file_name })}
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <ReportTables report={report} />
            {!importId && badRows > 0 && (
              <Alert tone="danger" role="alert" data-testid="import-fix-rows">
                <p>{t('import.fix_rows', { count: badRows })}</p>
                <p className="text-sm opacity-90">{t('import.fix_rows_hint')}</p>
              </Alert>
            )}
            {!importId && badRows === 0 && report.valid_rows === 0 && (
              <EmptyState className="py-6">{t('import.nothing')}</EmptyState>
            )}
            {!importId && badRows === 0 && report.valid_rows > 0 && (
              <div className="flex flex-wrap gap-2">
                <Button disabled={start.isPending} onClick={() => start.mutate(file)}>
                  {start.isPending ? t('import.starting') : t('import.start', { count: report.valid_rows })}
                </Button>
                <Button variant="secondary" disabled={start.isPending} onClick={restart}>
                  {t('common.cancel')}
                </Button>
              </div>
            )}
            {start.error && <ErrorNotice error={start.error} />}
          </CardContent>
        </Card>
      )}

      {importId && (
        <Card titleId="import-progress-title" title={t('import.progress_title')}>
          <CardContent>
            <Progress importId={importId} onFinished={restart} />
          </CardContent>
        </Card>
      )}
    </>
  );
}

export function CustomerImportView() {
  const t = useTranslations('import');
  const format = useFormatter();
  const trpc = useTRPC();
  const imports = useQuery({ ...trpc.customers.imports.list.queryOptions(), retry: retryUnlessRefused });
  const when = (value: Date) => format.dateTime(value, 'datetime');
  const columns: ColumnDef<CustomerImport>[] = [
    {
      id: 'file',
      header: t('file'),
      cell: ({ row: { original: i } }) => (
        <span className="grid min-w-0 justify-items-end gap-0.5 sm:justify-items-start">
          <code className="break-all">{i.file_name}</code>
          {i.error && <span className="text-xs text-destructive">{i.error}</span>}
        </span>
      ),
    },
    { id: 'status', header: t('history.status'), cell: ({ row }) => <ImportStatusBadge status={row.original.status} /> },
    {
      id: 'rows',
      header: t('history.rows'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row }) => t('progress', { processed: row.original.processed_rows, total: row.original.total_rows }),
    },
    { id: 'created', header: t('history.created'), meta: { numeric: true }, cell: ({ row }) => row.original.created_count },
    { id: 'started', header: t('history.started'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => when(row.original.created_at) },
    {
      id: 'finished',
      header: t('history.finished'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row }) => (row.original.finished_at ? when(row.original.finished_at) : <span className="text-muted-foreground">—</span>),
    },
  ];
  if (imports.isError && !imports.data) return <ErrorNotice error={imports.error} page />;
  return (
    <ListCard query={imports} titleId="past-imports-title" title={t('history.title')}>
      <DataTable
        testId="imports"
        columns={columns}
        query={imports}
        empty={t('history.empty')}
        rowProps={(i) => ({ 'data-testid': 'import-row', 'data-file': i.file_name })}
      />
    </ListCard>
  );
}
