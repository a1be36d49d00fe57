/** The message log (filters, keyset pages), a customer's messages, a test message, opt-out, and delivery stats. */
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { WaDayCounts, WaMessage, WaStats, WaStatsReport, waMessageListInput } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import type { z } from 'zod';
import { decodeCursor, deliveryRate, encodeCursor } from './delivery_rules';
import type { StatusCounts } from './delivery_rules';
import { loadWaConfig, queueMessage } from './outbox';
import { retryMessage } from './sender';

interface Row extends Omit<WaMessage, 'scheduled_at' | 'created_at' | 'sent_at' | 'delivered_at' | 'read_at' | 'failed_at'> {
  scheduled_at: Date;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  failed_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A message row and its customer's name (`m`: tenant_wa_messages, `c`: tenant_customers, left-joined). */
const columns = (tx: TenantTx) => tx.sql`
  m.id, m.customer_id, c.name AS customer_name, m.template_code, m.to_phone, m.body, m.status, m.provider, m.provider_message_id, m.error,
  m.error_code, m.attempts, m.scheduled_at, m.created_at, m.sent_at, m.delivered_at, m.read_at, m.failed_at`;

function toMessage(r: Row): WaMessage {
  return {
    id: r.id, customer_id: r.customer_id, customer_name: r.customer_name, template_code: r.template_code, to_phone: r.to_phone, body: r.body, status: r.status,
    provider: r.provider, provider_message_id: r.provider_message_id, error: r.error, error_code: r.error_code, attempts: r.attempts,
    scheduled_at: iso(r.scheduled_at)!, created_at: iso(r.created_at)!, sent_at: iso(r.sent_at), delivered_at: iso(r.delivered_at),
    read_at: iso(r.read_at), failed_at: iso(r.failed_at),
  };
}

export async function listMessages(tx: TenantTx, input: z.output<typeof waMessageListInput>): Promise<{ items: WaMessage[]; next_cursor: string | null }> {
  const { sql } = tx;
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && !cursor) throw new AppError('VALIDATION_FAILED', { message: serverMessage('invalid_list_cursor'), details: { cursor: FIELD_MESSAGES.start_again } });
  const cfg = await loadWaConfig(tx);
  const rows = await sql<Row[]>`
    SELECT ${columns(tx)}
    FROM tenant_wa_messages m LEFT JOIN tenant_customers c ON c.id = m.customer_id
    WHERE true
      ${input.status ? sql`AND m.status = ${input.status}` : sql``}
      ${input.customer_id ? sql`AND m.customer_id = ${input.customer_id}` : sql``}
      ${input.template_code ? sql`AND m.template_code = ${input.template_code}` : sql``}
      ${input.from ? sql`AND m.created_at >= (${input.from}::date::timestamp AT TIME ZONE ${cfg.timezone})` : sql``}
      ${input.to ? sql`AND m.created_at < ((${input.to}::date + 1)::timestamp AT TIME ZONE ${cfg.timezone})` : sql``}
      ${cursor ? sql`AND (m.created_at, m.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : sql``}
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${input.limit + 1}`;
  const items = rows.slice(0, input.limit).map(toMessage);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > input.limit && last ? encodeCursor(last.created_at, last.id) : null };
}

export async function getMessage(tx: TenantTx, id: string): Promise<WaMessage> {
  const [r] = await tx.sql<Row[]>`
    SELECT ${columns(tx)} FROM tenant_wa_messages m LEFT JOIN tenant_customers c ON c.id = m.customer_id WHERE m.id = ${id}`;
  if (!r) throw new AppError('NOT_FOUND', { message: serverMessage('message_not_found') });
  return toMessage(r);
}

/** "Retry" in the log: only a failed message; attempts start again. */
export async function retryFailedMessage(tx: TenantTx, tenantId: string, id: string): Promise<WaMessage> {
  const m = await getMessage(tx, id);
  if (m.status !== 'failed') throw new AppError('CONFLICT', { message: serverMessage('retry_failed_only', { status: m.status }) });
  await retryMessage(tx, tenantId, id);
  return getMessage(tx, id);
}

/** "Send test message" of the gateway settings: urgent (no quiet hours), its own dedupe key. */
export async function sendTestMessage(tx: TenantTx, tenantId: string, input: { to_phone: string; body?: string | undefined }, requestId: string): Promise<WaMessage> {
  const cfg = await loadWaConfig(tx);
  const body = input.body ?? `Test message from ${cfg.companyName} via RRNet.`;
  const id = await queueMessage(tx, tenantId, { customerId: null, code: null, toPhone: input.to_phone, body, dedupeKey: `test:${requestId}` });
  if (!id) throw new AppError('CONFLICT', { message: serverMessage('test_message_not_queued') });
  return getMessage(tx, id);
}

/** The subscriber's choice about ticket_update notices; those already queued for them are not sent once they opt out. */
export async function setTicketUpdateOptOut(tx: TenantTx, customerId: string, optOut: boolean): Promise<{ customer_id: string; opt_out: boolean }> {
  const r = await tx.sql`UPDATE tenant_customers SET wa_opt_out_ticket_updates = ${optOut}, updated_at = now() WHERE id = ${customerId}`;
  if (r.count === 0) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
  if (optOut) {
    await tx.sql`UPDATE tenant_wa_messages SET status = 'failed', failed_at = now(), error_code = 'opted_out', error = 'The subscriber opted out of ticket updates'
                 WHERE customer_id = ${customerId} AND status = 'queued' AND template_code = 'ticket_update'`;
  }
  return { customer_id: customerId, opt_out: optOut };
}

export async function setReminderOptOut(tx: TenantTx, customerId: string, optOut: boolean): Promise<{ customer_id: string; opt_out: boolean }> {
  const r = await tx.sql`UPDATE tenant_customers SET wa_opt_out_reminders = ${optOut}, updated_at = now() WHERE id = ${customerId}`;
  if (r.count === 0) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
  if (optOut) {
    // reminders already queued for them are not sent
    await tx.sql`UPDATE tenant_wa_messages SET status = 'failed', failed_at = now(), error_code = 'opted_out', error = 'The subscriber opted out of reminders'
                 WHERE customer_id = ${customerId} AND status = 'queued' AND template_code IN ('payment_reminder', 'overdue')`;
  }
  return { customer_id: customerId, opt_out: optOut };
}

const zero = (): StatusCounts => ({ queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0 });

function toStats(c: StatusCounts): WaStats {
  return { ...c, delivery_rate: deliveryRate(c) };
}

/** The ISP's messages by status since `since` (default: 30 days), and the delivery rate. */
export async function waStats(tx: TenantTx, since?: Date): Promise<WaStats> {
  const rows = await tx.sql<{ status: keyof StatusCounts; n: number }[]>`
    SELECT status, count(*)::int AS n FROM tenant_wa_messages
    WHERE created_at >= ${(since ?? new Date(Date.now() - 30 * 86_400_000)).toISOString()}::timestamptz GROUP BY status`;
  const c = zero();
  for (const r of rows) c[r.status] = r.n;
  return toStats(c);
}

/**
 * The stats page of the last `days` days of the ISP's calendar (today included): the
 * totals by status since the first day's midnight, and one entry per day, oldest first,
 * days without messages as zeros (the chart's x axis has no gaps).
 */
export async function waStatsReport(tx: TenantTx, days = 30): Promise<WaStatsReport> {
  const { timezone } = await loadWaConfig(tx);
  const [start] = await tx.sql<{ since: Date }[]>`
    SELECT (((now() AT TIME ZONE ${timezone})::date - ${days - 1}::int)::timestamp AT TIME ZONE ${timezone}) AS since`;
  const rows = await tx.sql<WaDayCounts[]>`
    WITH d AS (
      SELECT day::date AS day FROM generate_series((now() AT TIME ZONE ${timezone})::date - ${days - 1}::int, (now() AT TIME ZONE ${timezone})::date, interval '1 day') AS day
    )
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
           count(m.id) FILTER (WHERE m.status IN ('delivered', 'read'))::int AS delivered,
           count(m.id) FILTER (WHERE m.status = 'sent')::int AS sent,
           count(m.id) FILTER (WHERE m.status = 'failed')::int AS failed,
           count(m.id) FILTER (WHERE m.status IN ('queued', 'sending'))::int AS waiting
    FROM d LEFT JOIN tenant_wa_messages m
      ON m.created_at >= (d.day::timestamp AT TIME ZONE ${timezone}) AND m.created_at < ((d.day + 1)::timestamp AT TIME ZONE ${timezone})
    GROUP BY d.day ORDER BY d.day`;
  return { ...(await waStats(tx, new Date(start!.since))), days: rows };
}

/**
 * Metrics for Prometheus across every ISP (rrnet_system): per tenant and overall counts
 * by status and `wa_delivery_rate` (spec §6) for messages created since `since` (default
 * 24 h). Plain function: the metrics endpoint calls it per scrape.
 */
export async function waDeliveryStats(systemSql: Sql, since?: Date): Promise<{ overall: WaStats; tenants: ({ tenant_id: string; slug: string } & WaStats)[] }> {
  const rows = await systemSql<{ tenant_id: string; slug: string; status: keyof StatusCounts; n: number }[]>`
    SELECT m.tenant_id, t.slug, m.status, count(*)::int AS n
    FROM tenant_wa_messages m JOIN saas_tenants t ON t.id = m.tenant_id
    WHERE m.created_at >= ${(since ?? new Date(Date.now() - 86_400_000)).toISOString()}::timestamptz
    GROUP BY m.tenant_id, t.slug, m.status`;
  const overall = zero();
  const per = new Map<string, { slug: string; c: StatusCounts }>();
  for (const r of rows) {
    overall[r.status] += r.n;
    const t = per.get(r.tenant_id) ?? { slug: r.slug, c: zero() };
    t.c[r.status] += r.n;
    per.set(r.tenant_id, t);
  }
  return { overall: toStats(overall), tenants: [...per.entries()].map(([tenant_id, t]) => ({ tenant_id, slug: t.slug, ...toStats(t.c) })) };
}
