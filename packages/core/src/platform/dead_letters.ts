/**
 * The dead-letter queue for platform admins: list/filter, inspect, retry (re-enqueued
 * with attempts reset) and discard. Every action is audited as an admin event.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Sql } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import { JOB_CLASS_NAMES, classOfPriority, enqueue, jobDefinition } from '@rrnet/jobs';
import type { JobClass, JobName } from '@rrnet/jobs';

export interface DeadLetter {
  id: string;
  task_identifier: string;
  tenant_id: string | null;
  job_class: JobClass;
  job_key: string | null;
  queue_name: string | null;
  attempts: number;
  errors: string[];
  payload: unknown;
  status: 'dead' | 'retried' | 'discarded';
  first_failed_at: Date;
  last_failed_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

interface Actor {
  userId: string | null;
  requestId: string;
}

const row = (r: Record<string, unknown>): DeadLetter => ({
  ...(r as unknown as DeadLetter),
  first_failed_at: new Date(r.first_failed_at as string),
  last_failed_at: new Date(r.last_failed_at as string),
  resolved_at: r.resolved_at ? new Date(r.resolved_at as string) : null,
});

export async function listDeadLetters(
  sql: Sql,
  filter: { status?: DeadLetter['status'] | undefined; task?: string | undefined; tenant_id?: string | undefined; limit: number },
): Promise<DeadLetter[]> {
  const rows = await sql`
    SELECT * FROM sys_dead_letter_jobs
    WHERE (${filter.status ?? null}::text IS NULL OR status = ${filter.status ?? null})
      AND (${filter.task ?? null}::text IS NULL OR task_identifier = ${filter.task ?? null})
      AND (${filter.tenant_id ?? null}::uuid IS NULL OR tenant_id = ${filter.tenant_id ?? null})
    ORDER BY last_failed_at DESC LIMIT ${filter.limit}`;
  return rows.map(row);
}

export async function getDeadLetter(sql: Sql, id: string): Promise<DeadLetter> {
  const [r] = await sql`SELECT * FROM sys_dead_letter_jobs WHERE id = ${id}`;
  if (!r) throw new AppError('NOT_FOUND', { message: serverMessage('dead_letter_not_found') });
  return row(r);
}

async function resolve(sql: Sql, id: string, status: 'retried' | 'discarded', actor: Actor) {
  return withPlatform(sql, { userId: actor.userId, requestId: actor.requestId }, async ({ sql: tx }) => {
    const [r] = await tx`
      UPDATE sys_dead_letter_jobs SET status = ${status}, resolved_at = now(), resolved_by = ${actor.userId}
      WHERE id = ${id} AND status = 'dead' RETURNING *`;
    if (!r) throw new AppError('CONFLICT', { message: serverMessage('dead_letter_not_waiting') });
    const letter = row(r);
    let jobId: string | null = null;
    if (status === 'retried') {
      const def = jobDefinition(letter.task_identifier);
      if (!def) throw new AppError('CONFLICT', { message: serverMessage('dead_letter_unknown_task', { task: letter.task_identifier }) });
      const data = (letter.payload as { data?: unknown } | null)?.data ?? {};
      jobId = (await enqueue(tx as never, letter.task_identifier as JobName, data as never, { tenantId: letter.tenant_id })).id;
    }
    await tx`SELECT set_config('app.tenant_id', ${letter.tenant_id ?? ''}, true)`;
    await tx`SELECT sys_audit_event('admin', ${`jobs.dead_letter.${status}`}, ${JSON.stringify({ dead_letter_id: id, task: letter.task_identifier, job_id: jobId })}::text::jsonb)`;
    return { ...letter, job_id: jobId };
  });
}

export const retryDeadLetter = (sql: Sql, id: string, actor: Actor) => resolve(sql, id, 'retried', actor);
export const discardDeadLetter = (sql: Sql, id: string, actor: Actor) => resolve(sql, id, 'discarded', actor);

export interface QueueStats {
  classes: { job_class: JobClass; waiting: number; scheduled: number; running: number }[];
  dead_letters: { dead: number; retried: number; discarded: number };
  alert: { active: boolean; threshold: number; open: number };
  throughput: { bucket: Date; job_class: JobClass; completed: number; failed: number }[];
}

/** Queue depth per class, running jobs, dead letters and the last hour's throughput. */
export async function queueStats(appSql: Sql, systemSql: Sql, alertThreshold: number): Promise<QueueStats> {
  const jobs = await appSql<{ priority: number; waiting: number; scheduled: number; running: number }[]>`
    SELECT priority,
           count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now())::int AS waiting,
           count(*) FILTER (WHERE locked_at IS NULL AND run_at > now())::int AS scheduled,
           count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running
    FROM graphile_worker._private_jobs GROUP BY priority`;
  const classes = JOB_CLASS_NAMES.map((c) => ({ job_class: c, waiting: 0, scheduled: 0, running: 0 }));
  for (const j of jobs) {
    const entry = classes.find((c) => c.job_class === classOfPriority(j.priority))!;
    entry.waiting += j.waiting;
    entry.scheduled += j.scheduled;
    entry.running += j.running;
  }
  const [dl] = await systemSql<{ dead: number; retried: number; discarded: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'dead')::int AS dead, count(*) FILTER (WHERE status = 'retried')::int AS retried,
           count(*) FILTER (WHERE status = 'discarded')::int AS discarded FROM sys_dead_letter_jobs`;
  const throughput = await systemSql<{ bucket: string; job_class: JobClass; completed: number; failed: number }[]>`
    SELECT bucket::text, job_class, completed, failed FROM sys_job_throughput
    WHERE bucket >= now() - interval '60 minutes' ORDER BY bucket`;
  const dead = dl ?? { dead: 0, retried: 0, discarded: 0 };
  return {
    classes,
    dead_letters: dead,
    alert: { active: dead.dead >= alertThreshold, threshold: alertThreshold, open: dead.dead },
    throughput: throughput.map((t) => ({ ...t, bucket: new Date(t.bucket) })),
  };
}

