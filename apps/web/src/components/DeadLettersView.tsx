'use client';
/**
 * The dead-letter queue for platform admins: jobs that failed every attempt, filtered by
 * status and task; a detail panel with the errors, attempts, failure times (Asia/Jakarta)
 * and the payload; Retry (re-enqueued with attempts reset) and Discard, each confirmed
 * first. Both actions are audited by the API; the list, the detail and the queue stats
 * (the shell's alert banner) refresh afterwards.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import { useLocale, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import type { JobClassName } from '~/lib/throughput';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';

const STATUSES = ['dead', 'retried', 'discarded'] as const;
type Status = (typeof STATUSES)[number];
const LIST_LIMIT = 100;

interface DeadLetter {
  id: string;
  task_identifier: string;
  tenant_id: string | null;
  job_class: JobClassName;
  job_key: string | null;
  queue_name: string | null;
  attempts: number;
  errors: string[];
  payload: unknown;
  status: Status;
  first_failed_at: Date;
  last_failed_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

interface Outcome {
  action: 'retried' | 'discarded';
  task: string;
  jobId: string | null;
}

const STATUS_BADGE: Record<Status, string> = { dead: 'badge down', retried: 'badge ok', discarded: 'badge neutral' };

function TenantLabel({ tenantId }: { tenantId: string | null }) {
  const t = useTranslations();
  if (!tenantId) return <span className="muted">{t('dead_letters.no_tenant')}</span>;
  return (
    <code title={tenantId} className="tenant-id">
      {tenantId.slice(0, 8)}…
    </code>
  );
}

function prettyPayload(payload: unknown): string {
  try {
    return JSON.stringify(payload, null, 2) ?? String(payload);
  } catch {
    return String(payload);
  }
}

function Actions({ letter, onDone }: { letter: DeadLetter; onDone: (outcome: Outcome) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<'retry' | 'discard' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.platform.jobs.pathKey() }); // list, detail, stats
  const retry = useMutation(
    trpc.platform.jobs.retry.mutationOptions({
      onSuccess: async (r) => {
        setConfirming(null);
        onDone({ action: 'retried', task: r.task_identifier, jobId: r.job_id });
        await refresh();
      },
    }),
  );
  const discard = useMutation(
    trpc.platform.jobs.discard.mutationOptions({
      onSuccess: async (r) => {
        setConfirming(null);
        onDone({ action: 'discarded', task: r.task_identifier, jobId: null });
        await refresh();
      },
    }),
  );
  const failed = retry.error ?? discard.error;
  const busy = retry.isPending || discard.isPending;

  if (letter.status !== 'dead') return null;
  return (
    <div className="dlq-actions">
      {failed && (
        <ErrorNotice
          error={failed}
          onDismiss={() => {
            retry.reset();
            discard.reset();
            void refresh();
          }}
        />
      )}
      {confirming ? (
        <div className={confirming === 'retry' ? 'confirm' : 'confirm danger'} role="group" aria-label={t(`dead_letters.${confirming}`)} data-testid="confirm">
          <p>{t(`dead_letters.confirm_${confirming}`, { task: letter.task_identifier })}</p>
          <div className="actions">
            <button
              type="button"
              className={confirming === 'retry' ? 'button' : 'button danger'}
              disabled={busy}
              onClick={() => (confirming === 'retry' ? retry : discard).mutate({ id: letter.id })}
            >
              {busy ? t(confirming === 'retry' ? 'dead_letters.retrying' : 'dead_letters.discarding') : t(`dead_letters.confirm_${confirming}_button`)}
            </button>
            <button type="button" className="button secondary" disabled={busy} onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button" onClick={() => setConfirming('retry')}>
            {t('dead_letters.retry')}
          </button>
          <button type="button" className="button secondary danger-text" onClick={() => setConfirming('discard')}>
            {t('dead_letters.discard')}
          </button>
        </div>
      )}
    </div>
  );
}

function Detail({ id, onDone }: { id: string; onDone: (outcome: Outcome) => void }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.platform.jobs.deadLetter.queryOptions({ id }), retry: retryUnlessRefused });

  if (detail.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (detail.isError) return <ErrorNotice error={detail.error} />;
  const letter = detail.data;
  return (
    <div data-testid="dead-letter-detail">
      <div className="card-header">
        <h2>{t('dead_letters.detail.title', { task: letter.task_identifier })}</h2>
        <span className={STATUS_BADGE[letter.status]} data-testid="detail-status">
          {t(`dead_letters.status.${letter.status}`)}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('dead_letters.detail.id')}</dt>
        <dd>
          <code>{letter.id}</code>
        </dd>
        <dt>{t('dead_letters.class')}</dt>
        <dd>
          <span className={`class-chip series-${letter.job_class}`}>{t(`jobs.class.${letter.job_class}`)}</span>
        </dd>
        <dt>{t('dead_letters.tenant')}</dt>
        <dd>{letter.tenant_id ? <code>{letter.tenant_id}</code> : <span className="muted">{t('dead_letters.no_tenant')}</span>}</dd>
        {letter.job_key && (
          <>
            <dt>{t('dead_letters.job_key')}</dt>
            <dd>
              <code>{letter.job_key}</code>
            </dd>
          </>
        )}
        {letter.queue_name && (
          <>
            <dt>{t('dead_letters.queue')}</dt>
            <dd>
              <code>{letter.queue_name}</code>
            </dd>
          </>
        )}
        <dt>{t('dead_letters.attempts')}</dt>
        <dd data-testid="detail-attempts">{letter.attempts}</dd>
        <dt>{t('dead_letters.first_failed')}</dt>
        <dd data-testid="detail-first-failed">{formatDateTime(letter.first_failed_at, locale)}</dd>
        <dt>{t('dead_letters.last_failed')}</dt>
        <dd data-testid="detail-last-failed">{formatDateTime(letter.last_failed_at, locale)}</dd>
        {letter.resolved_at && (
          <>
            <dt>{t('dead_letters.resolved')}</dt>
            <dd>{formatDateTime(letter.resolved_at, locale)}</dd>
          </>
        )}
      </dl>
      <Actions key={letter.id} letter={letter} onDone={onDone} />
      <h3 className="detail-heading">{t('dead_letters.errors', { count: letter.errors.length })}</h3>
      {letter.errors.length === 0 ? (
        <p className="muted">{t('dead_letters.no_errors')}</p>
      ) : (
        <ol className="error-list" data-testid="detail-errors">
          {letter.errors.map((e, i) => (
            <li key={i}>
              <pre>{e}</pre>
            </li>
          ))}
        </ol>
      )}
      <h3 className="detail-heading">{t('dead_letters.payload')}</h3>
      <pre className="code-block" data-testid="detail-payload">
        {prettyPayload(letter.payload)}
      </pre>
    </div>
  );
}

export function DeadLettersView() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | ''>('dead');
  const [taskDraft, setTaskDraft] = useState('');
  const [task, setTask] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const list = useQuery({
    ...trpc.platform.jobs.deadLetters.queryOptions({
      ...(status ? { status } : {}),
      ...(task ? { task } : {}),
      limit: LIST_LIMIT,
    }),
    retry: retryUnlessRefused,
    refetchInterval: 30_000,
  });
  const filtered = status !== 'dead' || task !== '';
  const tasks = [...new Set((list.data ?? []).map((l) => l.task_identifier))].sort();

  if (list.isError && !list.data) {
    return (
      <>
        <h1>{t('dead_letters.title')}</h1>
        <p className="muted">{t('dead_letters.subtitle')}</p>
        <ErrorNotice error={list.error} page />
      </>
    );
  }

  return (
    <>
      <h1>{t('dead_letters.title')}</h1>
      <p className="muted">{t('dead_letters.subtitle')}</p>
      <form
        className="card form form-row filters"
        role="search"
        aria-label={t('dead_letters.filter.label')}
        onSubmit={(e) => {
          e.preventDefault();
          setTask(taskDraft.trim());
        }}
      >
        <FormField label={t('dead_letters.filter.status')}>
          {(props) => (
            <select {...props} name="status" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`dead_letters.status.${s}`)}
                </option>
              ))}
              <option value="">{t('dead_letters.filter.all')}</option>
            </select>
          )}
        </FormField>
        <FormField label={t('dead_letters.filter.task')}>
          {(props) => (
            <input
              {...props}
              name="task"
              list="dead-letter-tasks"
              autoComplete="off"
              placeholder={t('dead_letters.filter.task_placeholder')}
              value={taskDraft}
              onChange={(e) => setTaskDraft(e.target.value)}
            />
          )}
        </FormField>
        <datalist id="dead-letter-tasks">
          {tasks.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <div className="field field-submit actions">
          <button type="submit" className="button">
            {t('dead_letters.filter.apply')}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={!filtered && taskDraft === ''}
            onClick={() => {
              setStatus('dead');
              setTask('');
              setTaskDraft('');
            }}
          >
            {t('dead_letters.filter.reset')}
          </button>
        </div>
      </form>

      {outcome && (
        <div className="alert ok" role="status" data-testid="dead-letter-outcome">
          <p>
            {outcome.action === 'retried'
              ? t('dead_letters.retried', { task: outcome.task, job_id: outcome.jobId ?? '—' })
              : t('dead_letters.discarded', { task: outcome.task })}
          </p>
          <button type="button" className="link-button" onClick={() => setOutcome(null)}>
            {t('common.close')}
          </button>
        </div>
      )}

      <div className="dlq-layout">
        <section className="card" aria-labelledby="dlq-list-title">
          <div className="card-header">
            <h2 id="dlq-list-title">{list.data ? t('dead_letters.count', { count: list.data.length }) : t('dead_letters.title')}</h2>
            {list.isFetching && <span className="muted small">{t('common.loading')}</span>}
          </div>
          {list.isPending && <p className="muted">{t('common.loading')}</p>}
          {list.isError && <ErrorNotice error={list.error} />}
          {list.data && list.data.length === 0 && (
            <p className="empty-state" data-testid="dead-letters-empty">
              {filtered ? t('dead_letters.empty_filtered') : t('dead_letters.empty')}
            </p>
          )}
          {list.data && list.data.length > 0 && (
            <>
              <div className="table-wrap">
                <table className="table" data-testid="dead-letters">
                  <thead>
                    <tr>
                      <th scope="col">{t('dead_letters.task')}</th>
                      <th scope="col">{t('dead_letters.class')}</th>
                      <th scope="col">{t('dead_letters.last_failed')}</th>
                      <th scope="col">{t('dead_letters.status.label')}</th>
                      <th scope="col">
                        <span className="sr-only">{t('users.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.data.map((l) => (
                      <tr
                        key={l.id}
                        data-testid="dead-letter-row"
                        data-id={l.id}
                        className={l.id === selected ? 'selectable selected' : 'selectable'}
                        onClick={() => setSelected(l.id)} // a convenience; the row's button is the accessible way
                      >
                        <td>
                          <div className="cell-main">{l.task_identifier}</div>
                          <div className="cell-sub">
                            <TenantLabel tenantId={l.tenant_id} />
                          </div>
                        </td>
                        <td>
                          <span className={`class-chip series-${l.job_class}`}>{t(`jobs.class.${l.job_class}`)}</span>
                        </td>
                        <td>
                          <div>{formatDateTime(l.last_failed_at, locale)}</div>
                          <div className="cell-sub muted">{t('dead_letters.attempts_count', { count: l.attempts })}</div>
                        </td>
                        <td>
                          <span className={STATUS_BADGE[l.status]}>{t(`dead_letters.status.${l.status}`)}</span>
                        </td>
                        <td className="cell-actions">
                          <button
                            type="button"
                            className="button secondary small"
                            aria-pressed={l.id === selected}
                            aria-label={t('dead_letters.show_for', { task: l.task_identifier, time: formatDateTime(l.last_failed_at, locale) })}
                            onClick={() => setSelected(l.id)}
                          >
                            {t('dead_letters.show')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {list.data.length >= LIST_LIMIT && <p className="muted small">{t('dead_letters.limit_hint', { limit: LIST_LIMIT })}</p>}
            </>
          )}
        </section>
        <section className="card dlq-detail" aria-label={t('dead_letters.detail.label')}>
          {selected ? (
            <Detail
              key={selected}
              id={selected}
              onDone={(o) => {
                setOutcome(o);
              }}
            />
          ) : (
            <p className="muted empty-state">{t('dead_letters.select_hint')}</p>
          )}
        </section>
      </div>
    </>
  );
}
