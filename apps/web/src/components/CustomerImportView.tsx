'use client';
/**
 * CSV import wizard: upload (read in the browser, checked by the API without writing
 * anything) → report naming every bad row and field → import the valid rows (only when
 * there are no bad rows; the API refuses otherwise) with a progress bar while the
 * background job runs → done. Below, the ISP's past imports.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_REQUIRED_COLUMNS, formatDateTime } from '@rrnet/contracts';
import type { CustomerImport, ImportReport } from '@rrnet/contracts';
import { useCustomerChoices } from '~/hooks/useCustomerChoices';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { IMPORT_TEMPLATE_FILE_NAME, importTemplateCsv } from '~/lib/customer_csv';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';

const IMPORT_POLL_MS = 1_000;
const STEPS = ['upload', 'report', 'import', 'done'] as const;
type Step = (typeof STEPS)[number];

const IMPORT_BADGE: Record<CustomerImport['status'], string> = {
  queued: 'badge neutral',
  running: 'badge warn',
  completed: 'badge ok',
  failed: 'badge down',
};

interface ChosenFile {
  file_name: string;
  csv: string;
}

function Steps({ current }: { current: Step }) {
  const t = useTranslations();
  const index = STEPS.indexOf(current);
  return (
    <ol className="steps" aria-label={t('import.steps')}>
      {STEPS.map((step, i) => (
        <li key={step} className={i === index ? 'step current' : i < index ? 'step done' : 'step'} aria-current={i === index ? 'step' : undefined}>
          <span className="step-number">{i + 1}</span> {t(`import.step.${step}`)}
        </li>
      ))}
    </ol>
  );
}

function TemplateLink() {
  const t = useTranslations();
  const choices = useCustomerChoices();
  const csv = importTemplateCsv({
    plan: choices.plans.find((p) => p.is_active)?.name ?? 'Rumahan 10 Mbps',
    router: choices.routers[0]?.name ?? '',
    odp: choices.odps[0]?.name ?? '',
  });
  return (
    <p className="muted small">
      {t('import.columns', { columns: IMPORT_COLUMNS.join(', '), required: IMPORT_REQUIRED_COLUMNS.join(', ') })}{' '}
      <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={IMPORT_TEMPLATE_FILE_NAME} data-testid="import-template">
        {t('import.template')}
      </a>
    </p>
  );
}

function ReportTables({ report }: { report: ImportReport }) {
  const t = useTranslations();
  const badRows = new Set(report.errors.map((e) => e.row)).size;
  return (
    <>
      <dl className="stat-numbers wide" data-testid="import-summary">
        <div>
          <dt>{t('import.total_rows')}</dt>
          <dd data-testid="import-total">{report.total_rows}</dd>
        </div>
        <div>
          <dt>{t('import.valid_rows')}</dt>
          <dd data-testid="import-valid">{report.valid_rows}</dd>
        </div>
        <div>
          <dt>{t('import.bad_rows')}</dt>
          <dd data-testid="import-bad">{badRows}</dd>
        </div>
      </dl>
      {report.errors.length > 0 && (
        <>
          <h3 className="detail-heading">{t('import.errors_title', { count: report.errors.length })}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('import.field')}</th>
                  <th scope="col">{t('import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={`${e.row}-${e.field}-${i}`} data-testid="import-error" data-row={e.row} data-field={e.field}>
                    <td>{t('import.row_number', { row: e.row })}</td>
                    <td>
                      <code>{e.field}</code>
                    </td>
                    <td className="error">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {report.preview.length > 0 && (
        <>
          <h3 className="detail-heading">{t('import.preview_title', { count: report.preview.length, total: report.valid_rows })}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('customers.code')}</th>
                  <th scope="col">{t('customers.name')}</th>
                  <th scope="col">{t('customers.plan')}</th>
                  <th scope="col">{t('customers.pppoe_username')}</th>
                </tr>
              </thead>
              <tbody>
                {report.preview.map((p) => (
                  <tr key={p.row}>
                    <td>{p.row}</td>
                    <td>
                      <code>{p.code}</code>
                    </td>
                    <td>{p.name}</td>
                    <td>{p.plan}</td>
                    <td>
                      <code>{p.pppoe_username}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
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
  if (!job.data) return <p className="muted">{t('common.loading')}</p>;
  const j = job.data;
  const total = Math.max(j.total_rows, 1);
  const percent = Math.min(100, Math.round((j.processed_rows / total) * 100));
  return (
    <div data-testid="import-job" data-status={j.status}>
      <p>
        <span className={IMPORT_BADGE[j.status]} data-testid="import-status">
          {t(`import.status.${j.status}`)}
        </span>{' '}
        <span data-testid="import-counts">{t('import.progress', { processed: j.processed_rows, total: j.total_rows })}</span>
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('import.progress_label')}
        aria-valuemin={0}
        aria-valuemax={j.total_rows}
        aria-valuenow={j.processed_rows}
        data-testid="import-progress"
      >
        <div className={j.status === 'failed' ? 'progress-bar failed' : 'progress-bar'} style={{ width: `${percent}%` }} />
      </div>
      {j.status === 'completed' && (
        <div className="alert ok" role="status" data-testid="import-done">
          <p>{t('import.completed', { count: j.created_count })}</p>
          <Link href="/customers">{t('import.open_customers')}</Link>
        </div>
      )}
      {j.status === 'failed' && (
        <div className="alert error" role="alert" data-testid="import-failed">
          <p>{t('import.failed', { count: j.created_count })}</p>
          {j.error && <p className="alert-detail">{j.error}</p>}
        </div>
      )}
      {finished && (
        <button type="button" className="button secondary" onClick={onFinished}>
          {t('import.another')}
        </button>
      )}
    </div>
  );
}

function Wizard() {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0); // a new <input type=file> lets the same file be chosen again
  const preview = useMutation(trpc.customers.imports.preview.mutationOptions({ onSuccess: (r) => setReport(r) }));
  const start = useMutation(
    trpc.customers.imports.start.mutationOptions({
      onSuccess: async (result) => {
        setReport(result.report);
        if (result.import) setImportId(result.import.id);
        await queryClient.invalidateQueries({ queryKey: trpc.customers.imports.list.queryKey() });
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
      <section className="card" aria-labelledby="import-upload-title">
        <div className="card-header">
          <h2 id="import-upload-title">{t('import.upload.title')}</h2>
        </div>
        <p className="muted">{t('import.upload.hint')}</p>
        <TemplateLink />
        {!importId && (
          <div className="form">
            <FormField label={t('import.file')} error={readError ?? undefined}>
              {(props) => (
                <input
                  {...props}
                  key={inputKey}
                  type="file"
                  name="csv"
                  accept=".csv,text/csv"
                  disabled={preview.isPending || start.isPending}
                  onChange={(e) => void choose(e.target.files?.[0])}
                />
              )}
            </FormField>
          </div>
        )}
        {preview.isPending && <p className="muted">{t('import.checking')}</p>}
        {preview.error && <ErrorNotice error={preview.error} />}
      </section>

      {report && file && (
        <section className="card" aria-labelledby="import-report-title" data-testid="import-report">
          <div className="card-header">
            <h2 id="import-report-title">{t('import.report.title', { file: file.file_name })}</h2>
          </div>
          <ReportTables report={report} />
          {!importId && badRows > 0 && (
            <div className="alert error" role="alert" data-testid="import-fix-rows">
              <p>{t('import.fix_rows', { count: badRows })}</p>
              <p className="alert-detail">{t('import.fix_rows_hint')}</p>
            </div>
          )}
          {!importId && badRows === 0 && report.valid_rows === 0 && <p className="empty-state">{t('import.nothing')}</p>}
          {!importId && badRows === 0 && report.valid_rows > 0 && (
            <div className="actions import-actions">
              <button type="button" className="button" disabled={start.isPending} onClick={() => start.mutate(file)}>
                {start.isPending ? t('import.starting') : t('import.start', { count: report.valid_rows })}
              </button>
              <button type="button" className="button secondary" disabled={start.isPending} onClick={restart}>
                {t('common.cancel')}
              </button>
            </div>
          )}
          {start.error && <ErrorNotice error={start.error} />}
        </section>
      )}

      {importId && (
        <section className="card" aria-labelledby="import-progress-title">
          <div className="card-header">
            <h2 id="import-progress-title">{t('import.progress_title')}</h2>
          </div>
          <Progress importId={importId} onFinished={restart} />
        </section>
      )}
    </>
  );
}

function PastImports() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const imports = useQuery({ ...trpc.customers.imports.list.queryOptions(), retry: retryUnlessRefused });
  if (imports.isError) return <ErrorNotice error={imports.error} page />;
  return (
    <section className="card" aria-labelledby="past-imports-title">
      <div className="card-header">
        <h2 id="past-imports-title">{t('import.history.title')}</h2>
      </div>
      {imports.isPending && <p className="muted">{t('common.loading')}</p>}
      {imports.data && imports.data.length === 0 && <p className="empty-state">{t('import.history.empty')}</p>}
      {imports.data && imports.data.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="imports">
            <thead>
              <tr>
                <th scope="col">{t('import.file')}</th>
                <th scope="col">{t('import.history.status')}</th>
                <th scope="col">{t('import.history.rows')}</th>
                <th scope="col">{t('import.history.created')}</th>
                <th scope="col">{t('import.history.started')}</th>
                <th scope="col">{t('import.history.finished')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.data.map((i) => (
                <tr key={i.id} data-testid="import-row" data-file={i.file_name}>
                  <td>
                    <code>{i.file_name}</code>
                    {i.error && <div className="cell-sub error">{i.error}</div>}
                  </td>
                  <td>
                    <span className={IMPORT_BADGE[i.status]}>{t(`import.status.${i.status}`)}</span>
                  </td>
                  <td className="nowrap">{t('import.progress', { processed: i.processed_rows, total: i.total_rows })}</td>
                  <td>{i.created_count}</td>
                  <td className="nowrap">{formatDateTime(i.created_at, locale)}</td>
                  <td className="nowrap">{i.finished_at ? formatDateTime(i.finished_at, locale) : <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CustomerImportView() {
  const t = useTranslations();
  const { can } = useSessionUser();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/customers">← {t('customers.title')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.subtitle')}</p>
      <RequirePermission permission="customers.customers.read">
        {can('customers.customers.manage') && <Wizard />}
        <PastImports />
      </RequirePermission>
    </>
  );
}
