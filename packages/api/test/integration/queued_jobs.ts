/**
 * Runs the jobs the procedures queued, in order, by calling the same core functions the
 * worker's tasks call (the worker itself is tested in apps/worker). Jobs queued while
 * running are run too, until the queue is empty; jobs without a handler here are left.
 */
import type postgres from 'postgres';
import type { TenantTx } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import type { Sql } from '@rrnet/db';

export type QueuedJobHandler = (job: { data: Record<string, unknown>; tenantId: string; withTenant: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T> }) => Promise<unknown>;

export async function runQueuedJobs(admin: postgres.Sql, appSql: Sql, handlers: Record<string, QueuedJobHandler>): Promise<string[]> {
  const ran: string[] = [];
  for (;;) {
    const jobs = await admin<{ id: string; task_identifier: string; payload: { data: Record<string, unknown>; meta: { tenant_id: string } } }[]>`
      SELECT j.id, t.identifier AS task_identifier, j.payload FROM graphile_worker._private_jobs j
      JOIN graphile_worker._private_tasks t ON t.id = j.task_id ORDER BY j.priority, j.id`;
    const runnable = jobs.filter((j) => handlers[j.task_identifier]);
    if (runnable.length === 0) return ran;
    for (const job of runnable) {
      const tenantId = job.payload.meta.tenant_id;
      const wt = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(appSql, { tenantId }, fn);
      await admin`DELETE FROM graphile_worker._private_jobs WHERE id = ${job.id}`;
      await handlers[job.task_identifier]!({ data: job.payload.data, tenantId, withTenant: wt });
      ran.push(job.task_identifier);
    }
  }
}
