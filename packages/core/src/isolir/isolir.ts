/**
 * Isolir: cutting an overdue customer's service on the router, and restoring it.
 *
 *   sweep (hourly, per tenant)  unpaid past due → overdue; customers with an invoice
 *                               overdue beyond the grace days → an isolation event
 *                               (pending) + isolir_pending + one billing_isolir_batch
 *                               job per router (its customers one after another)
 *   billing_isolir (critical)   one customer (manual, payment; the batch the same way):
 *                               router first: PPPoE secret to the isolir profile (or
 *                               disabled, per tenant setting) and the session kicked;
 *                               only then status isolated, event applied, WhatsApp
 *                               notice in the outbox. If the router cannot be changed
 *                               the job is retried (critical policy); when that is
 *                               exhausted the event is failed and the customer stays
 *                               active, no longer isolir_pending, for the next hourly
 *                               sweep to request again: never "isolated" while the
 *                               router still lets them in.
 *   settlement                  a payment (or void) that leaves nothing overdue beyond
 *                               grace queues the restore, the same way in reverse;
 *                               billing announces it (settlement_hooks), this module
 *                               listens (registerIsolirHooks, run when it is imported).
 *
 * The decisions are isolir_rules.ts (pure, unit-tested); the sweep applies them set-based.
 */
import { AppError, OPEN_INVOICE_STATUSES, serverMessage } from '@rrnet/contracts';
import type { CustomerStatus, InvoiceStatus } from '@rrnet/contracts';
import type { IsolationEvent, isolationListInput, isolirActionInput } from '@rrnet/contracts';
import { LocalTtlCache } from '@rrnet/cache';
import type { Sql, TenantTx } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import { enqueue, enqueueMany } from '@rrnet/jobs';
import { isRouterOsError, isTransientRouterError, routerKey } from '@rrnet/routeros';
import type { RouterOsClient } from '@rrnet/routeros';
import type { z } from 'zod';
import { localDay } from '../billing/cycle';
import { markOverdue } from '../billing/invoices';
import { onSettlement } from '../billing/settlement_hooks';
import { loadWaConfig, queueDrain, templateBodySql } from '../notifications/outbox';
import { desiredSecret } from '../network/reconcile';
import type { IsolirPolicy, SecretOwner } from '../network/reconcile';
import { ensureProfiles } from '../network/router_sync';
import type { WithTenant } from '../network/router_sync';
import { invalidateMap, invalidateMapCoalesced } from '../network/services';
import type { NetworkServices } from '../network/services';
import { DEFAULT_GRACE_DAYS, NOTICE_TEMPLATES, assertManualIsolir, isolirSources, isolirTarget, noticeDedupeKey, shouldIsolate, shouldRestore } from './isolir_rules';
import type { IsolirAction, OpenInvoiceDue } from './isolir_rules';

type Action = IsolirAction;
type Trigger = 'auto' | 'manual' | 'payment';

interface EventRow {
  id: string;
  customer_id: string;
  customer_code: string;
  customer_name: string;
  invoice_id: string | null;
  router_id: string | null;
  action: Action;
  trigger: Trigger;
  reason: string | null;
  status: 'pending' | 'applied' | 'failed';
  error: string | null;
  created_at: string | Date;
  applied_at: string | Date | null;
}
const toEvent = (r: EventRow): IsolationEvent => ({ ...r, created_at: new Date(r.created_at), applied_at: r.applied_at === null ? null : new Date(r.applied_at) });

export async function listIsolationEvents(tx: TenantTx, input: z.output<typeof isolationListInput>): Promise<IsolationEvent[]> {
  const rows = await tx.sql<EventRow[]>`
    SELECT e.id, e.customer_id, c.code AS customer_code, c.name AS customer_name, e.invoice_id, e.router_id, e.action, e.trigger,
           e.reason, e.status, e.error, e.created_at, e.applied_at
    FROM tenant_isolation_events e JOIN tenant_customers c ON c.id = e.customer_id
    WHERE (${input.status ?? null}::text IS NULL OR e.status = ${input.status ?? null})
      AND (${input.customer_id ?? null}::uuid IS NULL OR e.customer_id = ${input.customer_id ?? null})
    ORDER BY e.created_at DESC, e.id DESC LIMIT ${input.limit}`;
  return rows.map(toEvent);
}

async function graceDays(tx: TenantTx): Promise<number> {
  const [s] = await tx.sql<{ grace_days: number }[]>`SELECT grace_days FROM tenant_settings`;
  return s?.grace_days ?? DEFAULT_GRACE_DAYS;
}

interface IsolirRequest {
  customerId: string;
  routerId: string | null;
  action: Action;
  trigger: Trigger;
  reason: string | null;
  invoiceId: string | null;
  userId: string | null;
}

/** Records the request and queues the router change, in the caller's transaction. */
export async function requestIsolir(tx: TenantTx, tenantId: string, r: IsolirRequest): Promise<string> {
  const id = await recordIsolirRequest(tx, tenantId, r);
  await enqueue(tx.sql, 'billing_isolir', { customer_id: r.customerId, action: r.action, event_id: id, router_id: r.routerId }, { tenantId });
  return id;
}

/** The request's event (pending) and the customer's isolir_pending; a restore supersedes a pending isolation. */
async function recordIsolirRequest(tx: TenantTx, tenantId: string, r: IsolirRequest): Promise<string> {
  if (r.action === 'restore') {
    // a restore supersedes an isolation that has not reached the router yet
    await tx.sql`UPDATE tenant_isolation_events SET status = 'failed', error = 'superseded: restore requested before the router was changed'
                 WHERE customer_id = ${r.customerId} AND action = 'isolate' AND status = 'pending'`;
  }
  const [event] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_isolation_events (tenant_id, customer_id, invoice_id, router_id, action, trigger, reason, requested_by)
    VALUES (${tenantId}, ${r.customerId}, ${r.invoiceId}, ${r.routerId}, ${r.action}, ${r.trigger}, ${r.reason}, ${r.userId})
    RETURNING id`;
  await tx.sql`UPDATE tenant_customers SET isolir_pending = ${r.action === 'isolate'}, updated_at = now() WHERE id = ${r.customerId}`;
  return event!.id;
}

/** The reason on an event renewed by a dead letter's retry. */
export const RETRIED_REASON = 'retried from the dead-letter queue';

/**
 * A job whose events have failed runs again only when staff retry its dead letter (the
 * automatic attempts end with the events failed). Each such event whose action is still
 * wanted now — isolate: the customer still active, nothing on its way, still overdue beyond
 * grace (shouldIsolate); restore: still isolated with nothing overdue (shouldRestore) — and
 * after which nothing else was requested for its customer, is requested again: a new event
 * (same action, trigger and invoice, reason RETRIED_REASON) that this job then carries out.
 * The failed event stays as it was. Returns the jobs with their events renewed; the rest
 * unchanged (they are skipped as not pending); the same list when none was renewed.
 */
async function renewFailedEvents(run: WithTenant, tenantId: string, jobs: IsolirJob[]): Promise<IsolirJob[]> {
  const renewed = await run(async (tx) => {
    const failed = await tx.sql<{ id: string; customer_id: string; action: Action; trigger: Trigger; invoice_id: string | null; status: CustomerStatus; isolir_pending: boolean; router_id: string | null; tz: string; invoices: OpenInvoiceDue[] }[]>`
      SELECT e.id, e.customer_id, e.action, e.trigger, e.invoice_id, c.status, c.isolir_pending, c.router_id,
             (SELECT timezone FROM saas_tenants WHERE id = c.tenant_id) AS tz,
             coalesce((SELECT json_agg(json_build_object('status', i.status, 'due_date', i.due_date::text)) FROM tenant_invoices i
                       WHERE i.customer_id = c.id AND i.status = ANY(${[...OPEN_INVOICE_STATUSES]}::text[])), '[]'::json) AS invoices
      FROM tenant_isolation_events e JOIN tenant_customers c ON c.id = e.customer_id
      WHERE e.id = ANY(${jobs.map((j) => j.event_id)}::uuid[]) AND e.status = 'failed'
        AND NOT EXISTS (SELECT 1 FROM tenant_isolation_events later WHERE later.customer_id = e.customer_id AND later.created_at > e.created_at)
      FOR UPDATE OF c`;
    if (failed.length === 0) return new Map<string, string>();
    const grace = await graceDays(tx);
    const ids = new Map<string, string>();
    for (const f of failed) {
      const wanted = f.action === 'isolate' ? shouldIsolate(f, f.invoices, grace, localDay(f.tz)) : shouldRestore(f, f.invoices, grace, localDay(f.tz));
      if (!wanted) continue;
      ids.set(f.id, await recordIsolirRequest(tx, tenantId, { customerId: f.customer_id, routerId: f.router_id, action: f.action, trigger: f.trigger, reason: RETRIED_REASON, invoiceId: f.invoice_id, userId: null }));
    }
    return ids;
  });
  if (renewed.size === 0) return jobs;
  return jobs.map((job) => {
    const id = renewed.get(job.event_id);
    return id ? { ...job, event_id: id } : job;
  });
}

/**
 * After a payment or a void: if the customer is isolated (or about to be) and nothing is
 * overdue beyond grace any more, queue the restore (or cancel the pending isolation).
 */
export async function maybeRestoreAfterSettlement(tx: TenantTx, services: NetworkServices, tenantId: string, customerId: string, trigger: Trigger): Promise<string | null> {
  const [c] = await tx.sql<{ status: CustomerStatus; isolir_pending: boolean; router_id: string | null; tz: string }[]>`
    SELECT c.status, c.isolir_pending, c.router_id, (SELECT timezone FROM saas_tenants WHERE id = c.tenant_id) AS tz
    FROM tenant_customers c WHERE c.id = ${customerId} FOR UPDATE`;
  if (!c || (!isolirSources('restore').includes(c.status) && !c.isolir_pending)) return null;
  const grace = await graceDays(tx);
  const open = await tx.sql<{ status: InvoiceStatus; due_date: string }[]>`
    SELECT status, due_date::text FROM tenant_invoices WHERE customer_id = ${customerId} AND status = ANY(${[...OPEN_INVOICE_STATUSES]}::text[])`;
  if (!shouldRestore(c, open, grace, localDay(c.tz))) return null;
  const id = await requestIsolir(tx, tenantId, { customerId, routerId: c.router_id, action: 'restore', trigger, reason: 'arrears settled', invoiceId: null, userId: null });
  services.logger.info({ customer_id: customerId, event_id: id }, 'restore queued after settlement');
  return id;
}

/**
 * Listens for billing's settlements (payments that clear an invoice, voided invoices):
 * the restore above. Runs when this module is imported; the API's billing router and the
 * worker's task list call it too, so a process that settles invoices always restores.
 */
export function registerIsolirHooks(): void {
  onSettlement('isolir.restore', (tx, services, e) => maybeRestoreAfterSettlement(tx, services, e.tenantId, e.customerId, 'payment'));
}
registerIsolirHooks();

export async function manualIsolir(tx: TenantTx, services: NetworkServices, tenantId: string, input: z.output<typeof isolirActionInput>, userId: string | null): Promise<IsolationEvent> {
  const [c] = await tx.sql<{ status: CustomerStatus; isolir_pending: boolean; router_id: string | null }[]>`
    SELECT status, isolir_pending, router_id FROM tenant_customers WHERE id = ${input.customer_id} FOR UPDATE`;
  if (!c) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
  assertManualIsolir(input.action, c);
  const id = await requestIsolir(tx, tenantId, { customerId: input.customer_id, routerId: c.router_id, action: input.action, trigger: 'manual', reason: input.reason, invoiceId: null, userId });
  await tx.sql`SELECT sys_audit_event('admin', ${`isolir.${input.action}_requested`}, ${JSON.stringify({ customer_id: input.customer_id, event_id: id, reason: input.reason })}::text::jsonb)`;
  await invalidateMap(services, tenantId);
  const [row] = await listIsolationEvents(tx, { customer_id: input.customer_id, limit: 1 });
  return row!;
}

/**
 * One tenant's sweep in one transaction: isolation requests for (at most `limit` of) the
 * customers overdue beyond grace, oldest debt first, their past-due invoices marked
 * overdue with them; when this is the last batch (fewer than `limit` requested, or no
 * limit), every other past-due invoice of the tenant is marked overdue too.
 * Set-based, mirroring shouldIsolate (isolir_rules) with its status lists as parameters.
 */
export async function sweepTenant(
  tx: TenantTx,
  tenantId: string,
  timezone: string,
  now: Date = new Date(),
  limit: number | null = null,
): Promise<{ overdue: number; requested: number }> {
  const today = localDay(timezone, now);
  const grace = await graceDays(tx);
  const events = await tx.sql<{ id: string; customer_id: string; router_id: string | null }[]>`
    WITH due AS (
      SELECT * FROM (
        SELECT DISTINCT ON (i.customer_id) i.customer_id, i.id AS invoice_id, i.due_date, c.router_id
        FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
        WHERE i.status = ANY(${[...OPEN_INVOICE_STATUSES]}::text[]) AND i.due_date + ${grace}::int < ${today}::date
          AND c.status = ANY(${isolirSources('isolate')}::text[]) AND NOT c.isolir_pending
        ORDER BY i.customer_id, i.due_date
      ) oldest
      ORDER BY oldest.due_date, oldest.customer_id
      LIMIT ${limit}::int
    ), flagged AS (
      UPDATE tenant_customers c SET isolir_pending = true, updated_at = now() FROM due WHERE c.id = due.customer_id RETURNING c.id
    )
    INSERT INTO tenant_isolation_events (tenant_id, customer_id, invoice_id, router_id, action, trigger, reason)
    SELECT ${tenantId}::uuid, due.customer_id, due.invoice_id, due.router_id, 'isolate', 'auto', 'overdue beyond grace'
    FROM due JOIN flagged ON flagged.id = due.customer_id
    RETURNING id, customer_id, router_id`;
  let overdue = 0;
  if (events.length > 0) overdue += await markOverdue(tx, timezone, now, events.map((e) => e.customer_id));
  // one job per router: its customers one after another, the router never waiting for the database (executeIsolirBatch)
  const byRouter = new Map<string | null, IsolirJob[]>();
  for (const e of events) byRouter.set(e.router_id, [...(byRouter.get(e.router_id) ?? []), { customer_id: e.customer_id, action: 'isolate', event_id: e.id }]);
  const batches = [...byRouter].flatMap(([routerId, items]) =>
    Array.from({ length: Math.ceil(items.length / ISOLIR_JOB_ITEMS) }, (_, i) => ({ payload: { router_id: routerId, items: items.slice(i * ISOLIR_JOB_ITEMS, (i + 1) * ISOLIR_JOB_ITEMS) } })),
  );
  await enqueueMany(tx.sql, 'billing_isolir_batch', batches, { tenantId });
  if (limit === null || events.length < limit) overdue += await markOverdue(tx, timezone, now);
  return { overdue, requested: events.length };
}

/** Isolation requests per transaction when the worker sweeps. */
export const ISOLIR_SWEEP_BATCH = 100;
/**
 * Customers per billing_isolir_batch job (the catalogue allows up to ISOLIR_BATCH_ITEMS_MAX):
 * about 2 s of router work at 4 requests of 50 ms each. Long enough that a router is idle
 * only between jobs, not between customers; short enough that the worker's slots turn
 * over and no router waits long for one (the sweep holds one while it runs). bench/billing,
 * 10k customers on 20 routers, 20 slots: 100 per job 1.113 (one router got its first job
 * after 7 s, when the sweep let go of its slot), 25 → 1.114, 10 → 1.084–1.087, 5 → 1.083.
 */
export const ISOLIR_JOB_ITEMS = 10;

export interface SweepSummary {
  tenants: number;
  overdue: number;
  requested: number;
  batches: number;
}

/**
 * The hourly sweep over the tenants with isolir, in batches of ISOLIR_SWEEP_BATCH
 * customers taken round-robin across tenants. Each batch (flags, events and billing_isolir
 * jobs together) commits on its own, so every tenant's routers start on their first
 * isolations within a batch or two while the rest are still being queued. Measured with
 * 10 tenants × 1k overdue (bench/billing): one transaction per tenant, swept one after
 * another, kept the last tenant's routers idle for 18 s; one job per tenant side by side
 * still took 8.8–11.1 s, because the sweeps held half of the worker’s slots meanwhile. One
 * job, round-robin, holds one slot.
 *
 * Nothing is lost between batches: a customer is flagged, given its event and queued in
 * the same commit, and the next batch skips it. A tenant whose batch fails is left for
 * the retry (the job throws at the end); the others are swept to the end first.
 */
export async function sweepTenantsInBatches(
  appSql: Sql,
  tenants: { id: string; timezone: string }[],
  options: { now?: Date; batchSize?: number; afterBatch?: (tenantId: string, batch: { overdue: number; requested: number }) => Promise<void> | void } = {},
): Promise<SweepSummary> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? ISOLIR_SWEEP_BATCH;
  const summary: SweepSummary = { tenants: tenants.length, overdue: 0, requested: 0, batches: 0 };
  const failures: { tenant_id: string; error: unknown }[] = [];
  let open = [...tenants];
  while (open.length > 0) {
    const next: typeof open = [];
    for (const t of open) {
      try {
        const batch = await withTenant(appSql, { tenantId: t.id }, (tx) => sweepTenant(tx, t.id, t.timezone, now, batchSize));
        summary.overdue += batch.overdue;
        summary.requested += batch.requested;
        summary.batches++;
        await options.afterBatch?.(t.id, batch);
        // a short batch was the tenant's last (it also marked the remaining past-due invoices)
        if (batch.requested === batchSize) next.push(t);
      } catch (error) {
        failures.push({ tenant_id: t.id, error });
      }
    }
    open = next;
  }
  if (failures.length > 0) {
    throw new AggregateError(failures.map((f) => f.error), `isolir sweep failed for ${failures.length} tenant(s): ${failures.map((f) => f.tenant_id).join(', ')}`);
  }
  return summary;
}

// ── the job ──

/** Profiles are checked once per router per 10 minutes (and again if a create says one is missing). */
const profilesChecked = new LocalTtlCache<true>(600_000);

export interface IsolirJob {
  event_id: string;
  customer_id: string;
  action: Action;
}

export interface IsolirBatchResult {
  applied: number;
  skipped: number;
  failed: number;
}

interface PreparedIsolir {
  event_id: string; customer_id: string; pppoe_username: string; status: SecretOwner['status']; plan_profile: string; password_enc: string; code: string; router_id: string | null;
  host: string | null; port: number | null; use_tls: boolean | null; tls_ca_pem: string | null; username: string | null; router_password_enc: string | null;
  tunnel_address: string | null; isolir_mode: IsolirPolicy['mode'] | null; isolir_profile: string | null;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Runs one isolate/restore. Returns what happened; throws when the router could not be
 * changed (the job is retried), after marking the event failed on the last attempt.
 */
export async function executeIsolir(
  run: WithTenant,
  services: NetworkServices,
  tenantId: string,
  job: IsolirJob,
  options: { lastAttempt: boolean },
): Promise<'applied' | 'skipped'> {
  const result = await executeIsolirBatch(run, services, tenantId, [job], options);
  return result.applied > 0 ? 'applied' : 'skipped';
}

/**
 * Runs a list of isolates/restores (a sweep's customers on one router) one after another
 * on the router, each recorded in its own transaction as soon as its router change is done
 * — while the router is already being changed for the next one, so the router is never
 * idle waiting for the database (bench/billing: a job per customer left it idle 24 ms of
 * every 229). An event no longer pending is skipped. A change the router refuses is
 * recorded on its event and the rest go on; a router that cannot be reached (or times out)
 * stops the list, since the rest would only wait for it too. Throws at the end when any
 * failed (the job is retried: changes already recorded are skipped, the router calls are
 * idempotent); on the last attempt those events, and the ones not tried, are marked failed
 * and their customers' isolir_pending cleared (the next sweep requests them again).
 */
export async function executeIsolirBatch(
  run: WithTenant,
  services: NetworkServices,
  tenantId: string,
  jobs: IsolirJob[],
  options: { lastAttempt: boolean },
): Promise<IsolirBatchResult> {
  // one round trip: the pending events, their customers and plans, the routers' endpoints,
  // the isolir policy, and (pipelined on the same connection) the ISP's WhatsApp settings
  const prepare = (list: IsolirJob[]) => run(async (tx) => {
    const wa = loadWaConfig(tx);
    const rows = tx.sql<PreparedIsolir[]>`
      SELECT e.id AS event_id, c.id AS customer_id, c.pppoe_username, c.status, p.router_profile AS plan_profile, c.pppoe_password_enc AS password_enc, c.code, c.router_id,
             r.host, r.port, r.use_tls, r.tls_ca_pem, r.username, r.password_enc AS router_password_enc, r.tunnel_address,
             (SELECT isolir_mode FROM tenant_settings) AS isolir_mode, (SELECT isolir_profile FROM tenant_settings) AS isolir_profile
      FROM tenant_isolation_events e
      JOIN tenant_customers c ON c.id = e.customer_id
      JOIN tenant_service_plans p ON p.id = c.plan_id
      LEFT JOIN tenant_routers r ON r.id = c.router_id
      WHERE e.id = ANY(${list.map((j) => j.event_id)}::uuid[]) AND e.status = 'pending'`;
    const [found, waConfig] = await Promise.all([rows, wa]);
    return { rows: new Map(found.map((r) => [r.event_id, r])), wa: waConfig };
  });
  let prepared = await prepare(jobs);
  if (prepared.rows.size < jobs.length) {
    // some events are no longer pending: a dead letter's retry renews the failed ones still wanted
    const renewed = await renewFailedEvents(run, tenantId, jobs);
    if (renewed !== jobs) {
      jobs = renewed;
      prepared = await prepare(jobs);
    }
  }
  // in the job's order; an event for another customer than the job names is not this job's
  const todo = jobs.flatMap((job) => {
    const row = prepared.rows.get(job.event_id);
    return row && row.customer_id === job.customer_id ? [{ job, row }] : [];
  });
  const result: IsolirBatchResult = { applied: 0, skipped: jobs.length - todo.length, failed: 0 };
  if (todo.length === 0) return result;
  const { wa } = prepared;
  const first = todo[0]!.row;
  const isolir: IsolirPolicy = { mode: first.isolir_mode ?? 'profile', profile: first.isolir_profile ?? 'isolir' };
  const clients = new Map<string, Promise<RouterOsClient>>();
  const clientFor = (row: PreparedIsolir): Promise<RouterOsClient> | null => {
    if (!row.router_id || !row.host) return null;
    let client = clients.get(row.router_id);
    if (!client) {
      client = services.secretBox.decrypt(row.router_password_enc!).then((password) =>
        services.routers.get(routerKey(tenantId, row.router_id!), {
          host: row.host!,
          port: row.port!,
          useTls: row.use_tls!,
          username: row.username!,
          password,
          // tunnel mode: the router is reached at its tunnel address (network/tunnels.ts)
          tunnelAddress: row.tunnel_address,
          caPem: row.tls_ca_pem,
        }),
      );
      clients.set(row.router_id, client);
    }
    return client;
  };

  // one statement each: the event applied (only if still pending: a restore may have
  // superseded it), the customer's status (statusAfterIsolir: the target from a source
  // status, else unchanged), and the WhatsApp notice in the outbox (at most once per event,
  // urgent: no quiet hours or opt-out; only when the ISP has notifications, wa.enabled), with the drain queued
  const record = async (job: IsolirJob, routerError: string | null): Promise<boolean> => {
    const code = NOTICE_TEMPLATES[job.action];
    const target = isolirTarget(job.action);
    return run(async (tx) => {
      const rows = await tx.sql<{ id: string; noticed: number }[]>`
        WITH e AS (
          UPDATE tenant_isolation_events SET status = 'applied', applied_at = now(), error = ${routerError}
          WHERE id = ${job.event_id} AND status = 'pending' RETURNING id, invoice_id
        ), c AS (
          UPDATE tenant_customers SET isolir_pending = false, updated_at = now(),
            status = CASE WHEN status = ANY(${isolirSources(job.action)}::text[]) THEN ${target} ELSE status END
          WHERE id = ${job.customer_id} AND EXISTS (SELECT 1 FROM e) RETURNING name, code, phone
        ), notice AS (
          INSERT INTO tenant_wa_messages (tenant_id, customer_id, template_code, language, to_phone, body, params, urgent, dedupe_key)
          SELECT ${tenantId}::uuid, ${job.customer_id}::uuid, ${code}, ${wa.language}, c.phone,
                 sys_wa_render(tpl.body, v.vals), sys_wa_params(tpl.body, v.vals), true, ${noticeDedupeKey(job.action, job.event_id)}
          FROM c CROSS JOIN e
          CROSS JOIN (SELECT ${templateBodySql(tx, code, wa.language)} AS body) tpl
          CROSS JOIN LATERAL (
            SELECT jsonb_build_object('name', c.name, 'customer_code', c.code, 'company_name', ${wa.companyName}::text,
                     'number', coalesce(inv.number, ''),
                     'amount', coalesce('Rp ' || replace(to_char(inv.total - inv.paid_amount, 'FM999,999,999,999,990'), ',', '.'), '')) AS vals
            FROM (SELECT 1) one LEFT JOIN tenant_invoices inv ON inv.id = e.invoice_id
          ) v
          WHERE ${wa.enabled} AND c.phone IS NOT NULL AND tpl.body IS NOT NULL
          ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
          RETURNING 1
        )
        SELECT id, (SELECT count(*)::int FROM notice) AS noticed FROM e`;
      if (rows.length > 0 && rows[0]!.noticed > 0) await queueDrain(tx.sql, tenantId);
      return rows.length > 0;
    });
  };

  const records: Promise<boolean>[] = [];
  const failures: { job: IsolirJob; err: unknown }[] = [];
  let unreachable: unknown = null;
  for (const { job, row } of todo) {
    if (unreachable !== null) {
      failures.push({ job, err: unreachable });
      continue;
    }
    const client = await clientFor(row);
    if (client) {
      try {
        await changeOnRouter(run, client, routerKey(tenantId, row.router_id!), isolir, {
          customer_id: job.customer_id,
          pppoe_username: row.pppoe_username,
          status: isolirTarget(job.action),
          plan_profile: row.plan_profile,
          code: row.code,
          password: await services.secretBox.decrypt(row.password_enc),
        });
      } catch (err) {
        failures.push({ job, err });
        if (isTransientRouterError(err)) unreachable = err;
        continue;
      }
    }
    const recorded = record(job, client ? null : 'no router assigned: nothing to change on a router');
    recorded.catch(() => {}); // awaited below; this only keeps a failure meanwhile from going unhandled
    records.push(recorded);
  }
  const settled = await Promise.allSettled(records);
  for (const s of settled) if (s.status === 'fulfilled') result[s.value ? 'applied' : 'skipped']++;
  if (result.applied > 0) invalidateMapCoalesced(services, tenantId);
  const notRecorded = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));

  if (failures.length > 0) {
    result.failed = failures.length;
    // the error on each event; on the last attempt the events fail, and a customer whose
    // isolation failed is no longer "isolir pending" (nothing is on its way): the next
    // hourly sweep requests it again if still overdue, and staff can isolate by hand
    await run((tx) =>
      tx.sql`
        WITH e AS (
          UPDATE tenant_isolation_events e SET error = f.error, status = CASE WHEN ${options.lastAttempt} THEN 'failed' ELSE e.status END
          FROM unnest(${failures.map((f) => f.job.event_id)}::uuid[], ${failures.map((f) => errorText(f.err))}::text[]) AS f(id, error)
          WHERE e.id = f.id AND e.status = 'pending'
          RETURNING e.id, e.customer_id, e.action, e.status
        )
        UPDATE tenant_customers c SET isolir_pending = false, updated_at = now()
        FROM e
        WHERE c.id = e.customer_id AND e.status = 'failed' AND e.action = 'isolate' AND c.isolir_pending
          AND NOT EXISTS (SELECT 1 FROM tenant_isolation_events p WHERE p.customer_id = c.id AND p.status = 'pending' AND p.id NOT IN (SELECT id FROM e))`,
    );
  }
  const errors = [...failures.map((f) => f.err), ...notRecorded];
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} of ${jobs.length} isolir changes failed; the first: ${errorText(errors[0])}`);
  return result;
}

/**
 * The router side of one isolate/restore: the PPPoE secret as `want` says (created if the
 * router has none; profiles ensured once per router per 10 minutes, and again when the
 * router says one is missing), then the current session kicked: it keeps its old profile
 * until it redials.
 */
async function changeOnRouter(run: WithTenant, client: RouterOsClient, key: string, isolir: IsolirPolicy, owner: SecretOwner): Promise<void> {
  const want = desiredSecret(owner, isolir)!;
  const ensure = async () => {
    await run((tx) => ensureProfiles(client, tx, isolir));
    profilesChecked.set(key, true);
  };
  if (!profilesChecked.get(key)) await ensure();
  const secret = await client.findSecret(want.name);
  const write = () =>
    secret
      ? client.updateSecret(secret.id, { profile: want.profile, disabled: want.disabled })
      : client.createSecret({ name: want.name, password: want.password, profile: want.profile, service: 'pppoe', disabled: want.disabled, comment: want.comment });
  await write().catch(async (err: unknown) => {
    if (isRouterOsError(err) && err.kind === 'bad_request' && /profile/i.test(err.detail ?? err.message)) {
      await ensure();
      return write();
    }
    throw err;
  });
  await client.kickByName(want.name);
}
