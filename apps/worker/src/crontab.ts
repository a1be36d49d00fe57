/**
 * Every scheduled job, in one place (UTC cron expressions; jobs that depend on a
 * calendar day work it out in each tenant's timezone themselves). Modules add their
 * schedules here when their tasks exist.
 */
import { parseCronItems } from 'graphile-worker';
import type { JobEnvelope } from '@rrnet/jobs';
import { JOB_CLASSES, JOBS, SAFETY_ATTEMPTS } from '@rrnet/jobs';
import type { JobName } from '@rrnet/jobs';

export const SCHEDULE: { job: JobName; match: string; why: string; /** the job's payload (data); default {} */ data?: Record<string, unknown> }[] = [
  { job: 'analytics_fanout', match: '5 * * * *', why: 'hourly: tenants just past local midnight get yesterday’s rollup' },
  { job: 'cleanup_jobs', match: '17 * * * *', why: 'hourly housekeeping' },
  { job: 'billing_cycle_fanout', match: '2 * * * *', why: 'hourly: each tenant’s billing day starts at its local midnight (the run is idempotent)' },
  { job: 'saas_billing', match: '7 * * * *', why: 'hourly: the month’s SaaS invoices go out once its first day begins in the platform’s timezone (the run is idempotent)' },
  { job: 'saas_dunning', match: '12 * * * *', why: 'hourly: ISPs past due or suspended over unpaid SaaS invoices, and restored once paid (idempotent)' },
  { job: 'isolir_sweep', match: '10 * * * *', why: 'hourly: overdue marking and isolation beyond grace' },
  { job: 'wa_reminders_fanout', match: '20 * * * *', why: 'hourly: each ISP’s reminders for its day (idempotent per day; spread, held for quiet hours)' },
  { job: 'router_sync_fanout', match: '*/5 * * * *', why: 'every 5 minutes: router status, version, counts and drift' },
  { job: 'audit_maintenance', match: '40 2 * * *', why: 'daily: audit partitions ahead, chains verified' },
  {
    job: 'key_rotation',
    match: '50 3 * * *',
    data: { rotate_data_keys: false },
    why: 'daily: data keys rewrapped onto the KEK version the KMS rotated to (Vault auto_rotate_period, AWS yearly rotation) and any secret left on a retiring key moved; new data keys only on demand',
  },
];

const platformEnvelope: JobEnvelope = {
  v: 1,
  data: {},
  meta: { tenant_id: null, trace_id: null, request_id: null, attempt: 1, first_failed_at: null, errors: [] },
};

export function cronItems() {
  return parseCronItems(
    SCHEDULE.map(({ job, match, data }) => ({
      task: job,
      match,
      identifier: job,
      payload: { ...platformEnvelope, data: JOBS[job].payload.parse(data ?? {}) } as unknown as Record<string, unknown>,
      options: { priority: JOB_CLASSES[JOBS[job].class].priority, maxAttempts: SAFETY_ATTEMPTS, backfillPeriod: 0, jobKey: job },
    })),
  );
}
