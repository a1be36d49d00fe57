'use client';
/**
 * The dead-letter queue for platform admins: jobs that failed every attempt, filtered by
 * status and task; a detail panel with the errors, attempts, failure times (Asia/Jakarta)
 * and the payload; Retry (re-enqueued with attempts reset) and Discard, each confirmed
 * in a dialog first. Both actions are audited by the API; the list, the detail and the
 * queue stats (the shell's alert banner) refresh afterwards.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { FilterBar, FilterInput, FilterSelect } from '@rrnet/ui/FilterBar';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import type { RouterOutputs } from '@rrnet/api';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { JOB_CLASS_COLOR } from '~/lib/throughput';
import type { JobClassName } from '~/lib/throughput';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';
import { choices } from '@rrnet/ui/choices';
import { EmptyState } from '@rrnet/ui/EmptyState';

const STATUSES = ['dead', 'retried', 'discarded'] as const;
type Status = (typeof STATUSES)[number];
const STATUS_TONE: Record<Status, BadgeTone> = { dead: 'danger', retried: 'success', discarded: 'neutral' };
const LIST_LIMIT = 100;
const PRE = 'm-0 max-h-80 overflow-auto rounded-md bg-muted p-3 font-mono text-xs break-all whitespace-pre-wrap';

type DeadLetterRow = RouterOutputs['platform']['jobs']['deadLetters'][number];

interface Outcome {
  action: 'retried' | 'discarded';
  task: string;
  jobId: string | null;
}

function DeadLetterStatus({ status, testId }: { status: Status; testId?: string }) {
  const t = useTranslations('dead_letters.status');
  return <StatusBadge status={status} tones={STATUS_TONE} label={t(status)} data-testid={testId} />;
}

function JobClass({ jobClass }: { jobClass: JobClassName }) {
  const t = useTranslations('jobs.class');
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <span className="size-2.5 rounded-full" style={{ background: JOB_CLASS_COLOR[jobClass] }} aria-hidden />
      {t(jobClass)}
    </span>
  );
}

function prettyPayload(payload: unknown): string {
  try {
    return JSON.stringify(payload, null, 2) ?? String(payload);
  } catch {
    return String(payload);
  }
}

function Actions({ letter, onDone }: { letter: { id: string; task_identifier: string; status: Status }; onDone: (outcome: Outcome) => void }) {
  const t = useTranslations('dead_letters');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<'retry' | 'discard' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.platform.jobs.pathKey() }); // list, detail, stats
  const meta = { invalidates: [trpc.platform.jobs.pathKey()] };
  const retry = useMutation(
    trpc.platform.jobs.retry.mutationOptions({
      meta,
      onSuccess: (r) => {
        setConfirming(null);
        onDone({ action: 'retried', task: r.task_identifier, jobId: r.job_id });
      },
    }),
  );
  const discard = useMutation(
    trpc.platform.jobs.discard.mutationOptions({
      meta,
      onSuccess: (r) => {
        setConfirming(null);
        onDone({ action: 'discarded', task: r.task_identifier, jobId: null });
      },
    }),
  );
  const failed = retry.error ?? discard.error;
  if (letter.status !== 'dead') return null;
  return (
    <div className="flex flex-wrap gap-2 border-t pt-4">
      <Button onClick={() => setConfirming('retry')}>{t('retry')}</Button>
      <Button variant="secondary" className="text-destructive" onClick={() => setConfirming('discard')}>
        {t('discard')}
      </Button>
      <MutationConfirm
        open={confirming !== null}
        mutation={confirming === 'discard' ? discard : retry}
        onClose={() => {
          setConfirming(null);
          (confirming === 'discard' ? retry : discard).reset();
        }}
        danger={confirming === 'discard'}
        title={confirming ? t(confirming) : ''}
        description={confirming ? t(`confirm_${confirming}`, { task: letter.task_identifier }) : null}
        confirmLabel={confirming ? t(`confirm_${confirming}_button`) : ''}
        busyLabel={t(confirming === 'discard' ? 'discarding' : 'retrying')}
        error={
          failed && (
            <ErrorNotice
              error={failed}
              onDismiss={() => {
                retry.reset();
                discard.reset();
                void refresh();
              }}
            />
          )
        }
        onConfirm={() => (confirming === 'retry' ? retry : discard).mutate({ id: letter.id })}
      />
    </div>
  );
}

function Detail({ id, onDone }: { id: string; onDone: (outcome: Outcome) => void }) {
  const t = useTranslations('dead_letters');
  const format = useFormatter();
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.platform.jobs.deadLetter.queryOptions({ id }), retry: retryUnlessRefused });
  const at = (value: Date) => format.dateTime(value, 'datetime');

  if (detail.isPending) return <Skeleton className="mx-4 h-64 sm:mx-5" />;
  if (detail.isError) {
    return (
      <CardContent>
        <ErrorNotice error={detail.error} />
      </CardContent>
    );
  }
  const letter = detail.data;
  return (
    <>
      <CardHeader>
        <CardTitle className="break-all">{t('detail.title', { task: letter.task_identifier })}</CardTitle>
        <CardAction>
          <DeadLetterStatus status={letter.status} testId="detail-status" />
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4" data-testid="dead-letter-detail">
        <DescriptionList>
          <DescriptionItem term={t('detail.id')}>
            <code className="break-all">{letter.id}</code>
          </DescriptionItem>
          <DescriptionItem term={t('class')}>
            <JobClass jobClass={letter.job_class} />
          </DescriptionItem>
          <DescriptionItem term={t('tenant')}>{letter.tenant_id ? <code className="break-all">{letter.tenant_id}</code> : <span className="text-muted-foreground">{t('no_tenant')}</span>}</DescriptionItem>
          {letter.job_key && (
            <DescriptionItem term={t('job_key')}>
              <code className="break-all">{letter.job_key}</code>
            </DescriptionItem>
          )}
          {letter.queue_name && (
            <DescriptionItem term={t('queue')}>
              <code>{letter.queue_name}</code>
            </DescriptionItem>
          )}
          <DescriptionItem term={t('attempts')}>
            <span data-testid="detail-attempts">{letter.attempts}</span>
          </DescriptionItem>
          <DescriptionItem term={t('first_failed')}>
            <span data-testid="detail-first-failed">{at(letter.first_failed_at)}</span>
          </DescriptionItem>
          <DescriptionItem term={t('last_failed')}>
            <span data-testid="detail-last-failed">{at(letter.last_failed_at)}</span>
          </DescriptionItem>
          {letter.resolved_at && <DescriptionItem term={t('resolved')}>{at(letter.resolved_at)}</DescriptionItem>}
        </DescriptionList>
        <Actions key={letter.id} letter={letter} onDone={onDone} />
        <h3 className="m-0 text-sm font-semibold">{t('errors', { count: letter.errors.length })}</h3>
        {letter.errors.length === 0 ? (
          <p className="m-0 text-sm text-muted-foreground">{t('no_errors')}</p>
        ) : (
          <ol className="m-0 grid list-decimal gap-2 pl-5" data-testid="detail-errors">
            {letter.errors.map((e, i) => (
              <li key={i}>
                <pre className={PRE}>{e}</pre>
              </li>
            ))}
          </ol>
        )}
        <h3 className="m-0 text-sm font-semibold">{t('payload')}</h3>
        <pre className={PRE} data-testid="detail-payload">
          {prettyPayload(letter.payload)}
        </pre>
      </CardContent>
    </>
  );
}

function useDeadLetterColumns({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }): ColumnDef<DeadLetterRow>[] {
  const t = useTranslations('dead_letters');
  const tu = useTranslations('users');
  const format = useFormatter();
  const at = (value: Date) => format.dateTime(value, 'datetime');
  return [
    {
      id: 'task',
      header: t('task'),
      cell: ({ row: { original: l } }) => (
        <div className="grid min-w-0">
          <span className="font-medium break-all">{l.task_identifier}</span>
          {l.tenant_id ? (
            <code title={l.tenant_id} className="text-xs text-muted-foreground">
              {l.tenant_id.slice(0, 8)}…
            </code>
          ) : (
            <span className="text-xs text-muted-foreground">{t('no_tenant')}</span>
          )}
        </div>
      ),
    },
    { id: 'class', header: t('class'), cell: ({ row }) => <JobClass jobClass={row.original.job_class} /> },
    {
      id: 'last_failed',
      header: t('last_failed'),
      cell: ({ row: { original: l } }) => (
        <div className="grid">
          <span className="whitespace-nowrap">{at(l.last_failed_at)}</span>
          <span className="text-xs text-muted-foreground">{t('attempts_count', { count: l.attempts })}</span>
        </div>
      ),
    },
    { id: 'status', header: t('status.label'), cell: ({ row }) => <DeadLetterStatus status={row.original.status} /> },
    actionsColumn(tu('actions'), (l) => (
      <Button
        variant="secondary"
        size="sm"
        aria-pressed={l.id === selected}
        aria-label={t('show_for', { task: l.task_identifier, time: at(l.last_failed_at) })}
        onClick={() => onSelect(l.id)}
      >
        {t('show')}
      </Button>
    )),
  ];
}

export function DeadLettersView() {
  const t = useTranslations('dead_letters');
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | ''>('dead');
  const [taskDraft, setTaskDraft] = useState('');
  const [task, setTask] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const list = useQuery({
    ...trpc.platform.jobs.deadLetters.queryOptions({ ...(status ? { status } : {}), ...(task ? { task } : {}), limit: LIST_LIMIT }),
    retry: retryUnlessRefused,
    refetchInterval: 30_000,
  });
  const columns = useDeadLetterColumns({ selected, onSelect: setSelected });
  const filtered = status !== 'dead' || task !== '';
  const tasks = [...new Set((list.data ?? []).map((l) => l.task_identifier))].sort();

  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <FilterBar
        label={t('filter.label')}
        onSubmit={() => setTask(taskDraft.trim())}
        applyLabel={t('filter.apply')}
        resetLabel={t('filter.reset')}
        resetDisabled={!filtered && taskDraft === ''}
        onReset={() => {
          setStatus('dead');
          setTask('');
          setTaskDraft('');
        }}
      >
        <FilterSelect
          id="dead-letters-status"
          name="status"
          label={t('filter.status')}
          all={t('filter.all')}
          value={status}
          options={choices(STATUSES, (s) => t(`status.${s}`))}
          onChange={(v) => setStatus(v as Status | '')}
        />
        <FilterInput id="dead-letters-task" name="task" list="dead-letter-tasks" label={t('filter.task')} placeholder={t('filter.task_placeholder')} value={taskDraft} onChange={setTaskDraft}>
          <datalist id="dead-letter-tasks">
            {tasks.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </FilterInput>
      </FilterBar>

      {outcome && (
        <DoneNotice data-testid="dead-letter-outcome" onDismiss={() => setOutcome(null)}>
          {outcome.action === 'retried' ? t('retried', { task: outcome.task, job_id: outcome.jobId ?? '—' }) : t('discarded', { task: outcome.task })}
        </DoneNotice>
      )}

      <div className="grid min-w-0 items-start gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <ListCard query={list} titleId="dlq-list-title" title={list.data ? t('count', { count: list.data.length }) : t('title')}>
          <DataTable
            testId="dead-letters"
            columns={columns}
            query={list}
            empty={filtered ? t('empty_filtered') : t('empty')}
            rowProps={(l) => ({ 'data-testid': 'dead-letter-row', 'data-id': l.id })}
            selected={selected}
          />
          {list.data && list.data.length >= LIST_LIMIT && <p className="m-0 text-sm text-muted-foreground">{t('limit_hint', { limit: LIST_LIMIT })}</p>}
        </ListCard>
        <Card aria-label={t('detail.label')}>
          {selected ? (
            <Detail key={selected} id={selected} onDone={setOutcome} />
          ) : (
            <CardContent>
              <EmptyState>{t('select_hint')}</EmptyState>
            </CardContent>
          )}
        </Card>
      </div>
    </>
  );
}
