/**
 * The wrapper every task runs in: it validates the payload (invalid → dead letter at
 * once), restores the enqueuing request's trace/tenant ids in the log context, gives the
 * handler the tenant transaction helper, and applies the class retry policy: a failed
 * attempt is rescheduled as a new job with an explicit run_at (linear / fixed /
 * exponential), and an exhausted job is written to sys_dead_letter_jobs and leaves the
 * live queue. graphile-worker only retries when this wrapper itself cannot finish
 * (e.g. Postgres is down), up to SAFETY_ATTEMPTS.
 */
import type { JobHelpers, Task } from 'graphile-worker';
import type { Sql, TenantTx } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';
import { runWithContext } from '@rrnet/logger';
import { retryDelayMs } from './classes';
import type { JobClass } from './classes';
import { JOBS } from './catalogue';
import type { JobData, JobName } from './catalogue';
import { enqueue } from './enqueue';
import { jobEnvelopeSchema } from './envelope';
import type { JobEnvelope } from './envelope';

export interface JobContext<N extends JobName> {
  name: N;
  data: JobData<N>;
  tenantId: string | null;
  jobId: string;
  attempt: number;
  logger: Logger;
  /** the tenant's transaction (RLS as rrnet_app) */
  withTenant: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;
  systemSql: Sql;
  appSql: Sql;
  helpers: JobHelpers;
  /**
   * Dead-letters a piece of this job's work that used up its own attempts while the job goes
   * on (one WhatsApp message of a drain): the same row, metric and alert as an exhausted job.
   */
  deadLetter: (entry: DeadLetterEntry) => Promise<void>;
}

/** What a dead letter records (sys_dead_letter_jobs): retried, it is enqueued as `name` with `payload`. */
export interface DeadLetterEntry {
  name: JobName;
  /** the job's data ({data, meta} is stored, as for a job) */
  payload: unknown;
  meta: JobEnvelope['meta'];
  jobKey: string | null;
  queueName: string | null;
  errors: string[];
}

export type JobHandler<N extends JobName> = (ctx: JobContext<N>) => Promise<void>;

export type JobOutcome = 'completed' | 'retry_scheduled' | 'dead_lettered' | 'invalid_payload';

export interface JobObserver {
  onFinished?: (e: { name: string; jobClass: JobClass; outcome: JobOutcome; durationMs: number }) => void;
  onDeadLetter?: (e: { name: string; openDeadLetters: number }) => void;
}

export interface TaskDeps {
  appSql: Sql;
  /** rrnet_system: dead letters, rescheduling, platform jobs */
  systemSql: Sql;
  logger: Logger;
  observer?: JobObserver;
  /** open dead letters at which the alert fires (spec: "alert after 10 failures") */
  alertThreshold?: number;
}

function errorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}

export function makeTask<N extends JobName>(name: N, handler: JobHandler<N>, deps: TaskDeps): Task {
  const def = JOBS[name];
  const jobClass = def.class;
  return async (rawPayload, helpers) => {
    const started = performance.now();
    const finish = (outcome: JobOutcome) =>
      deps.observer?.onFinished?.({ name, jobClass, outcome, durationMs: performance.now() - started });
    const jobId = String(helpers.job.id);
    const envelope = jobEnvelopeSchema.safeParse(rawPayload);
    const meta: JobEnvelope['meta'] = envelope.success
      ? envelope.data.meta
      : { tenant_id: null, trace_id: null, request_id: null, attempt: 1, first_failed_at: null, errors: [] };
    return runWithContext({ trace_id: meta.trace_id ?? `job-${jobId}`, request_id: meta.request_id ?? undefined, tenant_id: meta.tenant_id, job_id: jobId }, async () => {
      const logger = deps.logger;
      const data = envelope.success ? def.payload.safeParse(envelope.data.data) : null;
      if (!envelope.success || !data?.success) {
        const problem = !envelope.success ? envelope.error.message : data!.error!.message;
        logger.error({ task: name, problem }, 'invalid job payload: dead-lettered without running');
        await deadLetter(deps, { name, payload: rawPayload, meta, jobKey: helpers.job.key ?? null, queueName: null, errors: [`invalid payload: ${problem}`] });
        finish('invalid_payload');
        return;
      }
      const tenantId = meta.tenant_id;
      try {
        logger.debug({ task: name, attempt: meta.attempt }, 'job started');
        await handler({
          name,
          data: data.data as JobData<N>,
          tenantId,
          jobId,
          attempt: meta.attempt,
          logger,
          withTenant: (fn) => {
            if (!tenantId) throw new Error(`${name} is not tenant-scoped`);
            return withTenant(deps.appSql, { tenantId, requestId: meta.request_id }, fn);
          },
          systemSql: deps.systemSql,
          appSql: deps.appSql,
          helpers,
          deadLetter: (entry) => deadLetter(deps, entry),
        });
        // graphile-worker already logs each completion at info; ours adds the context at debug
        logger.debug({ task: name, attempt: meta.attempt, duration_ms: Math.round(performance.now() - started) }, 'job completed');
        finish('completed');
      } catch (err) {
        const now = new Date().toISOString();
        const failedMeta: JobEnvelope['meta'] = {
          ...meta,
          // the retries of a job enqueued outside a request share its first attempt's trace
          trace_id: meta.trace_id ?? `job-${jobId}`,
          first_failed_at: meta.first_failed_at ?? now,
          errors: [...meta.errors, { at: now, attempt: meta.attempt, message: errorMessage(err) }].slice(-20),
        };
        const delay = retryDelayMs(jobClass, meta.attempt);
        if (delay !== null) {
          await enqueue(deps.systemSql as never, name, data.data as never, {
            tenantId,
            runAt: new Date(Date.now() + delay),
            jobKey: helpers.job.key ?? null,
            meta: { ...failedMeta, attempt: meta.attempt + 1 },
          });
          logger.warn({ task: name, attempt: meta.attempt, retry_in_ms: delay, err }, 'job failed; retry scheduled');
          finish('retry_scheduled');
          return;
        }
        logger.error({ task: name, attempts: meta.attempt, err }, 'job failed for the last time: dead-lettered');
        const queueName = def.queue?.(data.data as never, tenantId) ?? null;
        await deadLetter(deps, { name, payload: data.data, meta: failedMeta, jobKey: helpers.job.key ?? null, queueName, errors: failedMeta.errors.map((e) => e.message) });
        finish('dead_lettered');
      }
    });
  };
}

async function deadLetter(deps: TaskDeps, { name, payload, meta, jobKey, queueName, errors }: DeadLetterEntry): Promise<void> {
  const now = new Date().toISOString();
  await deps.systemSql`
    INSERT INTO sys_dead_letter_jobs (task_identifier, payload, tenant_id, job_key, queue_name, job_class, attempts, errors, first_failed_at, last_failed_at)
    VALUES (${name}, ${JSON.stringify({ data: payload, meta })}::text::jsonb, ${meta.tenant_id}, ${jobKey},
            ${queueName}, ${JOBS[name].class}, ${meta.attempt}, ${JSON.stringify(errors)}::text::jsonb,
            ${meta.first_failed_at ?? now}, ${now})`;
  const [row] = await deps.systemSql<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_dead_letter_jobs WHERE status = 'dead'`;
  const open = row?.n ?? 0;
  deps.observer?.onDeadLetter?.({ name, openDeadLetters: open });
  const threshold = deps.alertThreshold ?? 10;
  if (open >= threshold) {
    deps.logger.error({ alert: 'dead_letter_threshold', open_dead_letters: open, threshold }, `ALERT: ${open} jobs in the dead-letter queue`);
  }
}

