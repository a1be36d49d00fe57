/**
 * enqueue(): validates the payload against the catalogue and adds the job with its
 * class priority, job_key and queue. Give it the transaction you are writing in
 * (withTenant's `sql`) and the job commits or rolls back with your data.
 */
import type postgres from 'postgres';
import { AppError, serverMessage } from '@rrnet/contracts';
import { getContext, newTraceId } from '@rrnet/logger';
import { JOB_CLASSES } from './classes';
import { JOBS } from './catalogue';
import type { JobName, JobPayload } from './catalogue';
import { storedEnvelope } from './envelope';
import type { JobEnvelope } from './envelope';

/** Anything that runs tagged-template SQL: a pool, a reserved connection (withTenant's `sql`), a transaction. */
export type SqlRunner = postgres.Sql | postgres.ReservedSql | postgres.TransactionSql;

/** graphile's own attempts cap: a safety net for failures of the wrapper itself (e.g. Postgres down). */
export const SAFETY_ATTEMPTS = 10;

export interface EnqueueOptions {
  tenantId: string | null;
  runAt?: Date;
  /** overrides the catalogue's job_key (e.g. a retry keeps the original's) */
  jobKey?: string | null;
  meta?: Partial<JobEnvelope['meta']>;
}

export interface EnqueuedJob {
  id: string;
  key: string | null;
}

/** A job as add_job takes it: payload validated against the catalogue, envelope, key, queue and priority. */
function prepareJob<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions) {
  const def = JOBS[name];
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      message: serverMessage('job_payload_invalid', { job: name }),
      details: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_', i.message])),
    });
  }
  if (def.tenantScoped && !options.tenantId) throw new Error(`job ${name} needs a tenant`);
  const ctx = getContext();
  const envelope: JobEnvelope = {
    v: 1,
    data: parsed.data,
    meta: {
      tenant_id: options.tenantId,
      // outside a request the job's logs are traced by its id (job-<id>, run_job), and a
      // retry carries that on: a trace id invented here would say nothing more
      trace_id: ctx?.trace_id ?? null,
      request_id: ctx?.request_id ?? null,
      attempt: 1,
      first_failed_at: null,
      errors: [],
      ...options.meta,
    },
  };
  const data = parsed.data as never;
  return {
    name,
    payload: JSON.stringify(storedEnvelope(envelope)),
    jobKey: options.jobKey !== undefined ? options.jobKey : (def.jobKey?.(data, options.tenantId) ?? null),
    queue: def.queue?.(data, options.tenantId) ?? null,
    runAt: options.runAt?.toISOString() ?? null,
    priority: JOB_CLASSES[def.class].priority,
  };
}

/** graphile_worker.add_job(…) for a prepared job, as a fragment of the caller's statement. */
function addJobCall(sql: SqlRunner, job: ReturnType<typeof prepareJob>) {
  return sql`graphile_worker.add_job(
      identifier => ${job.name}::text,
      payload => ${job.payload}::text::json,
      queue_name => ${job.queue}::text,
      run_at => ${job.runAt}::timestamptz,
      max_attempts => ${SAFETY_ATTEMPTS}::int,
      job_key => ${job.jobKey}::text,
      priority => ${job.priority}::int
    )`;
}

async function addJob(sql: SqlRunner, job: ReturnType<typeof prepareJob>): Promise<EnqueuedJob> {
  const rows = (await sql`SELECT id::text, key FROM ${addJobCall(sql, job)}`) as { id: string; key: string | null }[];
  return rows[0]!;
}

export async function enqueue<N extends JobName>(
  sql: SqlRunner,
  name: N,
  payload: JobPayload<N>,
  options: EnqueueOptions,
): Promise<EnqueuedJob> {
  return addJob(sql, prepareJob(name, payload, options));
}

/**
 * A wake-up (a job kind with one pending job per key, like an ISP's WhatsApp drain): when
 * an unlocked job with the catalogue's key is already due by `runAt` (now when absent),
 * it is share-locked and nothing is written — graphile-worker's fetch (FOR UPDATE SKIP
 * LOCKED) cannot start it before this transaction commits, so it sees what this
 * transaction wrote. Otherwise enqueue(): added, or the pending one brought forward
 * (job_key replace). Not writing also spares add_job's NOTIFY, which serialises commits
 * database-wide (bench/billing: 10k isolations of 10 ISPs, each waking its ISP's drain).
 * One statement either way: add_job runs only when no such job was found.
 */
export async function wakeJob<N extends JobName>(sql: SqlRunner, name: N, payload: JobPayload<N>, options: EnqueueOptions): Promise<EnqueuedJob> {
  const job = prepareJob(name, payload, options);
  if (!job.jobKey) return addJob(sql, job);
  const rows = (await sql`
    WITH pending AS MATERIALIZED (
      SELECT id::text AS id, key FROM graphile_worker._private_jobs
      WHERE key = ${job.jobKey} AND locked_at IS NULL AND run_at <= coalesce(${job.runAt}::timestamptz, now())
      LIMIT 1 FOR SHARE
    ), added AS MATERIALIZED (
      SELECT ${addJobCall(sql, job)} AS j FROM (SELECT 1) one WHERE NOT EXISTS (SELECT 1 FROM pending)
    )
    SELECT id, key FROM pending
    UNION ALL
    SELECT (j).id::text, (j).key FROM added`) as { id: string; key: string | null }[];
  return rows[0]!;
}

/**
 * Many jobs of one kind in one statement (graphile_worker.add_jobs): a sweep that queues
 * thousands of jobs pays one round trip, in the caller's transaction like enqueue().
 */
export async function enqueueMany<N extends JobName>(
  sql: SqlRunner,
  name: N,
  jobs: { payload: JobPayload<N>; runAt?: Date }[],
  options: { tenantId: string | null },
): Promise<number> {
  if (jobs.length === 0) return 0;
  const def = JOBS[name];
  if (def.tenantScoped && !options.tenantId) throw new Error(`job ${name} needs a tenant`);
  const ctx = getContext();
  const traceId = ctx?.trace_id ?? newTraceId();
  const specs = jobs.map((job) => {
    const parsed = def.payload.safeParse(job.payload);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', {
        message: serverMessage('job_payload_invalid', { job: name }),
        details: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '_', i.message])),
      });
    }
    const data = parsed.data as never;
    const envelope: JobEnvelope = {
      v: 1,
      data: parsed.data,
      meta: { tenant_id: options.tenantId, trace_id: traceId, request_id: ctx?.request_id ?? null, attempt: 1, first_failed_at: null, errors: [] },
    };
    return {
      identifier: name,
      payload: storedEnvelope(envelope),
      queue_name: def.queue?.(data, options.tenantId) ?? null,
      run_at: job.runAt?.toISOString() ?? null,
      max_attempts: SAFETY_ATTEMPTS,
      job_key: def.jobKey?.(data, options.tenantId) ?? null,
      priority: JOB_CLASSES[def.class].priority,
    };
  });
  const rows = (await sql`
    SELECT count(*)::int AS n FROM graphile_worker.add_jobs(
      ARRAY(SELECT json_populate_record(NULL::graphile_worker.job_spec, j) FROM json_array_elements(${JSON.stringify(specs)}::text::json) AS j)
    )`) as { n: number }[];
  return rows[0]!.n;
}
