/** Job platform views for platform admins: queue stats and dead letters. */
import { z } from 'zod';

export const JOB_CLASS_LIST = ['critical', 'high', 'normal', 'low'] as const;

export const queueStatsSchema = z.object({
  classes: z.array(z.object({ job_class: z.enum(JOB_CLASS_LIST), waiting: z.number(), scheduled: z.number(), running: z.number() })),
  dead_letters: z.object({ dead: z.number(), retried: z.number(), discarded: z.number() }),
  alert: z.object({ active: z.boolean(), threshold: z.number(), open: z.number() }),
  throughput: z.array(z.object({ bucket: z.date(), job_class: z.enum(JOB_CLASS_LIST), completed: z.number(), failed: z.number() })),
});

export const deadLetterSchema = z.object({
  id: z.string().uuid(),
  task_identifier: z.string(),
  tenant_id: z.string().uuid().nullable(),
  job_class: z.enum(JOB_CLASS_LIST),
  job_key: z.string().nullable(),
  queue_name: z.string().nullable(),
  attempts: z.number().int(),
  errors: z.array(z.string()),
  payload: z.unknown(),
  status: z.enum(['dead', 'retried', 'discarded']),
  first_failed_at: z.date(),
  last_failed_at: z.date(),
  resolved_at: z.date().nullable(),
  resolved_by: z.string().uuid().nullable(),
});

export const deadLetterListInput = z.strictObject({
  status: z.enum(['dead', 'retried', 'discarded']).optional(),
  task: z.string().max(100).optional(),
  tenant_id: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const deadLetterIdInput = z.strictObject({ id: z.string().uuid() });
