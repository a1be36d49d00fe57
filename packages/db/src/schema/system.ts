/** System-wide (`sys_`) tables that belong to no tenant. */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row per worker process; readiness looks for a recent `last_seen_at`. */
export const sysWorkerHeartbeats = pgTable('sys_worker_heartbeats', {
  worker_id: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  concurrency: integer('concurrency').notNull(),
  started_at: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  last_seen_at: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
});
