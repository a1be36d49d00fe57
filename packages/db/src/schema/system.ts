/** System-wide (`sys_`) tables that belong to no tenant. */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { saasTenants } from './saas';

/** One row per worker process; readiness looks for a recent `last_seen_at`. */
export const sysWorkerHeartbeats = pgTable('sys_worker_heartbeats', {
  worker_id: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  concurrency: integer('concurrency').notNull(),
  /** graphile-worker's own worker ids, so a dead process's locked jobs can be released */
  graphile_worker_ids: text('graphile_worker_ids').array().notNull().default(sql`'{}'::text[]`),
  started_at: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  last_seen_at: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A job that exhausted its attempts (or had an invalid payload), out of the live queue. */
export const sysDeadLetterJobs = pgTable(
  'sys_dead_letter_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    task_identifier: text('task_identifier').notNull(),
    payload: jsonb('payload').notNull(),
    tenant_id: uuid('tenant_id'),
    job_key: text('job_key'),
    queue_name: text('queue_name'),
    job_class: text('job_class').notNull(),
    attempts: integer('attempts').notNull(),
    errors: jsonb('errors').notNull().default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('dead'),
    first_failed_at: timestamp('first_failed_at', { withTimezone: true }).notNull(),
    last_failed_at: timestamp('last_failed_at', { withTimezone: true }).notNull(),
    resolved_at: timestamp('resolved_at', { withTimezone: true }),
    resolved_by: uuid('resolved_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('sys_dead_letter_jobs_status_check', sql`${t.status} IN ('dead', 'retried', 'discarded')`),
    check('sys_dead_letter_jobs_class_check', sql`${t.job_class} IN ('critical', 'high', 'normal', 'low')`),
    index('sys_dead_letter_jobs_status_idx').on(t.status, t.last_failed_at),
    index('sys_dead_letter_jobs_tenant_idx').on(t.tenant_id, t.status),
  ],
);

/** Completed/failed jobs per minute and class: the throughput chart of the admin area. */
export const sysJobThroughput = pgTable(
  'sys_job_throughput',
  {
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    job_class: text('job_class').notNull(),
    completed: integer('completed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    dead_lettered: integer('dead_lettered').notNull().default(0),
    total_ms: integer('total_ms').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.job_class] })],
);

/**
 * Envelope encryption's data keys: one active 256-bit key per ISP, stored only wrapped by
 * the KMS's key-encryption key (`kek_version` says which). Secrets name their key as
 * `dk_<id>`. Rotation makes a new active key, moves the old one to 'retiring' while the
 * key_rotation job re-encrypts that ISP's secrets, then 'retired' with the wrapped key
 * destroyed. Read and written only through the system role.
 */
export const sysDataKeys = pgTable(
  'sys_data_keys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => saasTenants.id, { onDelete: 'cascade' }),
    /** null once retired: the key is destroyed */
    wrapped_key: text('wrapped_key'),
    kms: text('kms').notNull(),
    kek_version: text('kek_version').notNull(),
    status: text('status').notNull().default('active'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    activated_at: timestamp('activated_at', { withTimezone: true }).notNull().defaultNow(),
    rewrapped_at: timestamp('rewrapped_at', { withTimezone: true }),
    retired_at: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    check('sys_data_keys_status_check', sql`${t.status} IN ('active', 'retiring', 'retired')`),
    check('sys_data_keys_kms_check', sql`${t.kms} IN ('local', 'vault', 'aws')`),
    check('sys_data_keys_wrapped_check', sql`(${t.status} = 'retired') = (${t.wrapped_key} IS NULL)`),
    uniqueIndex('sys_data_keys_one_active_idx').on(t.tenant_id).where(sql`${t.status} = 'active'`),
    index('sys_data_keys_tenant_idx').on(t.tenant_id, t.status),
  ],
);
