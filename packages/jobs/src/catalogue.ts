/**
 * The job catalogue: every job's name, class, payload schema, job_key rule (a second
 * enqueue of the same key while one is pending does not add another job) and named
 * queue (jobs in one queue run one at a time, e.g. everything touching one router).
 * Handlers live with their modules (apps/worker/src/tasks); names here are the contract.
 */
import { z } from 'zod';
import type { JobClass } from './classes';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  class: JobClass;
  description: string;
  payload: S;
  /** true: runs for one tenant (through withTenant); false: a platform job */
  tenantScoped: boolean;
  jobKey?: (payload: z.infer<S>, tenantId: string | null) => string;
  queue?: (payload: z.infer<S>, tenantId: string | null) => string;
}

function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

const uuid = z.string().uuid();
/** billing_isolir_batch: customers per job at most (the sweep queues 100 per transaction, split by router) */
export const ISOLIR_BATCH_ITEMS_MAX = 100;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/**
 * Scheduled platform jobs that decide by the calendar take the moment they stand for:
 * absent (the crontab) means "now"; a replay or a test passes it, so no decision depends
 * on the hour the process happens to run.
 */
const scheduled = z.strictObject({ at: z.iso.datetime({ offset: true }).optional() });
/** One customer's isolation or restoration: what billing_isolir carries, and each item of billing_isolir_batch. */
const isolirItem = { customer_id: uuid, action: z.enum(['isolate', 'restore']), event_id: uuid };

export const JOBS = {
  billing_isolir: defineJob({
    name: 'billing_isolir',
    class: 'critical',
    description: 'Isolate or restore one customer on its router',
    tenantScoped: true,
    payload: z.strictObject({ ...isolirItem, router_id: uuid.nullable() }),
    jobKey: (p, t) => `billing_isolir:${t}:${p.customer_id}`,
    queue: (p, t) => `router:${t}:${p.router_id ?? 'none'}`,
  }),
  billing_isolir_batch: defineJob({
    name: 'billing_isolir_batch',
    class: 'critical',
    description: 'Isolate the customers one sweep found overdue on one router, one after another (each recorded as soon as the router has it)',
    tenantScoped: true,
    payload: z.strictObject({
      router_id: uuid.nullable(),
      items: z.array(z.strictObject(isolirItem)).min(1).max(ISOLIR_BATCH_ITEMS_MAX),
    }),
    queue: (p, t) => `router:${t}:${p.router_id ?? 'none'}`,
  }),
  billing_cycle: defineJob({
    name: 'billing_cycle',
    class: 'critical',
    description: 'Issue the invoices of one tenant’s billing day (set-based, idempotent)',
    tenantScoped: true,
    payload: z.strictObject({ day }),
    jobKey: (p, t) => `billing_cycle:${t}:${p.day}`,
  }),
  billing_cycle_fanout: defineJob({
    name: 'billing_cycle_fanout',
    class: 'low',
    description: 'Queue today’s billing run (in each tenant’s timezone) for every tenant with billing',
    tenantScoped: false,
    payload: scheduled,
    jobKey: () => 'billing_cycle_fanout',
  }),
  isolir_sweep: defineJob({
    name: 'isolir_sweep',
    class: 'critical',
    description: 'Mark invoices overdue and queue the isolation of customers overdue beyond grace, for every tenant with isolir (in committed batches)',
    tenantScoped: false,
    payload: scheduled,
    jobKey: () => 'isolir_sweep',
  }),
  saas_billing: defineJob({
    name: 'saas_billing',
    class: 'critical',
    description: 'Issue the platform’s monthly SaaS invoices to every ISP not yet invoiced for the month (platform timezone; idempotent)',
    tenantScoped: false,
    payload: scheduled,
    jobKey: () => 'saas_billing',
  }),
  saas_dunning: defineJob({
    name: 'saas_dunning',
    class: 'critical',
    description: 'Mark ISPs past due or suspended over unpaid SaaS invoices, and lift it for those that paid (platform timezone; idempotent)',
    tenantScoped: false,
    payload: scheduled,
    jobKey: () => 'saas_dunning',
  }),
  payment_processing: defineJob({
    name: 'payment_processing',
    class: 'critical',
    description: 'Apply a payment-gateway notification to its invoice',
    tenantScoped: true,
    payload: z.strictObject({ gateway: z.string().min(1), transaction_id: z.string().min(1) }),
    jobKey: (p, t) => `payment_processing:${t}:${p.gateway}:${p.transaction_id}`,
  }),
  router_sync: defineJob({
    name: 'router_sync',
    class: 'high',
    description: 'Read a router’s status and reconcile its PPPoE secrets',
    tenantScoped: true,
    payload: z.strictObject({ router_id: uuid, apply: z.boolean().default(false) }),
    jobKey: (p, t) => `router_sync:${t}:${p.router_id}`,
    queue: (p, t) => `router:${t}:${p.router_id}`,
  }),
  pppoe_provision: defineJob({
    name: 'pppoe_provision',
    class: 'high',
    description: 'Make one customer’s PPPoE secret on one router match RRNet (create, change, disable or remove)',
    tenantScoped: true,
    payload: z.strictObject({ customer_id: uuid, router_id: uuid }),
    jobKey: (p, t) => `pppoe_provision:${t}:${p.customer_id}:${p.router_id}`,
    queue: (p, t) => `router:${t}:${p.router_id}`,
  }),
  router_sync_fanout: defineJob({
    name: 'router_sync_fanout',
    class: 'low',
    description: 'Queue a status sync of every router of every active tenant',
    tenantScoped: false,
    payload: z.strictObject({}),
    jobKey: () => 'router_sync_fanout',
  }),
  customer_import: defineJob({
    name: 'customer_import',
    class: 'normal',
    description: 'Create the customers of a validated CSV import, all or none',
    tenantScoped: true,
    payload: z.strictObject({ import_id: uuid }),
    jobKey: (p, t) => `customer_import:${t}:${p.import_id}`,
  }),
  outage_propagation: defineJob({
    name: 'outage_propagation',
    class: 'high',
    description: 'Find and notify the customers below an outage in the topology',
    tenantScoped: true,
    payload: z.strictObject({ outage_id: uuid }),
    jobKey: (p, t) => `outage_propagation:${t}:${p.outage_id}`,
  }),
  wa_notifications: defineJob({
    name: 'wa_notifications',
    class: 'normal',
    description: 'Send the due WhatsApp messages of one ISP (a batch within its 10/s limit), then queue itself for the rest; message_id: a dead letter retried',
    tenantScoped: true,
    payload: z.strictObject({ message_id: uuid.optional() }),
    // one pending drain per ISP, and one running at a time (the limits are per ISP)
    jobKey: (_p, t) => `wa:${t}`,
    queue: (_p, t) => `wa:${t}`,
  }),
  wa_reminders: defineJob({
    name: 'wa_reminders',
    class: 'normal',
    description: 'Queue one ISP’s payment reminders and overdue notices for its day (spread, set-based, idempotent)',
    tenantScoped: true,
    payload: z.strictObject({ day }),
    jobKey: (p, t) => `wa_reminders:${t}:${p.day}`,
  }),
  wa_reminders_fanout: defineJob({
    name: 'wa_reminders_fanout',
    class: 'low',
    description: 'Queue today’s reminders (in each ISP’s timezone) for every ISP with notifications',
    tenantScoped: false,
    payload: scheduled,
    jobKey: () => 'wa_reminders_fanout',
  }),
  report_generation: defineJob({
    name: 'report_generation',
    class: 'normal',
    description: 'Write a requested export (customers, invoices of a period, arrears) as CSV or XLSX, batch by batch with its progress',
    tenantScoped: true,
    payload: z.strictObject({ report_id: uuid }),
    jobKey: (p, t) => `report:${t}:${p.report_id}`,
  }),
  analytics: defineJob({
    name: 'analytics',
    class: 'low',
    description: 'Roll up one tenant’s day (in the tenant’s timezone) into tenant_analytics_daily',
    tenantScoped: true,
    payload: z.strictObject({ day }),
    jobKey: (p, t) => `analytics:${t}:${p.day}`,
  }),
  analytics_fanout: defineJob({
    name: 'analytics_fanout',
    class: 'low',
    description: 'Enqueue yesterday’s analytics rollup for every active tenant, in its timezone',
    tenantScoped: false,
    payload: scheduled,
    jobKey: () => 'analytics_fanout',
  }),
  cleanup_jobs: defineJob({
    name: 'cleanup_jobs',
    class: 'low',
    description: 'Purge expired idempotency keys, report exports past their retention, sessions and resolved dead letters',
    tenantScoped: false,
    payload: z.strictObject({}),
    jobKey: () => 'cleanup_jobs',
  }),
  audit_maintenance: defineJob({
    name: 'audit_maintenance',
    class: 'low',
    description: 'Create audit partitions ahead and verify every hash chain',
    tenantScoped: false,
    payload: z.strictObject({}),
    jobKey: () => 'audit_maintenance',
  }),
  key_rotation: defineJob({
    name: 'key_rotation',
    class: 'normal',
    description: 'Rotate the ISPs’ data keys (optional), rewrap them under the KMS’s current KEK, re-encrypt every stored secret in batches, retire the old keys',
    tenantScoped: false,
    payload: z.strictObject({ rotate_data_keys: z.boolean().default(true), tenant_ids: z.array(uuid).min(1).optional() }),
    jobKey: () => 'key_rotation',
  }),
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.input<(typeof JOBS)[N]['payload']>;
export type JobData<N extends JobName> = z.output<(typeof JOBS)[N]['payload']>;

export function jobDefinition(name: string): JobDefinition | undefined {
  return (JOBS as Record<string, JobDefinition>)[name];
}

/** The moment a scheduled job stands for: its `at`, or now when the crontab queued it. */
export function scheduledMoment(data: { at?: string | undefined }): Date {
  return data.at ? new Date(data.at) : new Date();
}
