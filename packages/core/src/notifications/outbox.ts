/**
 * The WhatsApp outbox (tenant_wa_messages): rows are written in the transaction of the
 * business event, together with a `wa_notifications` job for the tenant (job_key
 * `wa:<tenant>`: however many messages a transaction writes, one drain is pending per
 * ISP, and it commits or rolls back with them). The drain (sender.ts) sends what is due.
 *
 * Why a per-ISP drain rather than one job per message: the 10 msg/s limit, the recipient
 * spacing and the plan quota are per ISP, so one serial worker per ISP (named queue
 * `wa:<tenant>`) applies them without races, sends a batch concurrently, and a burst of
 * 1,000 messages is 1 job per second instead of 1,000 jobs competing with other ISPs'.
 *
 * Templates are rendered in SQL (sys_wa_render / sys_wa_params, mirroring template_rules)
 * so set-based writers — the billing run, the reminders, isolir — fill the outbox in one
 * statement; notices to many customers at once (outages) are rendered here by the rules
 * themselves and written in multi-row INSERTs (the SQL functions cost more than the
 * rows' own insert there). An ISP without its own row for a template uses the shipped default; a
 * template the ISP switched off sends nothing (urgent notices still go).
 */
import { DEFAULT_WA_TEMPLATES, normalizePhone } from '@rrnet/contracts';
import type { WaLanguage, WaTemplateCode } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { PendingQuery, Row } from 'postgres';
import { wakeJob } from '@rrnet/jobs';
import type { SqlRunner } from '@rrnet/jobs';
import { notBefore } from './delivery_rules';
import type { QuietHours } from './delivery_rules';
import { isUrgent, optOutPreference, renderTemplate, templateParams } from './template_rules';

export interface WaConfig {
  timezone: string;
  language: WaLanguage;
  companyName: string;
  quiet: QuietHours | null;
  reminderDays: number[];
  overdueDays: number[];
  enabled: boolean;
}

/** The ISP's notification settings (inside its transaction). */
export async function loadWaConfig(tx: TenantTx): Promise<WaConfig> {
  const [row] = await tx.sql<{ timezone: string; language: WaLanguage; company_name: string; qs: string | null; qe: string | null; reminder_days: number[]; overdue_days: number[]; enabled: boolean }[]>`
    SELECT t.timezone, coalesce(s.wa_language, 'id') AS language, coalesce(s.company_name, t.name) AS company_name,
           s.wa_quiet_start AS qs, s.wa_quiet_end AS qe,
           coalesce(s.wa_reminder_days, '{3,0}') AS reminder_days, coalesce(s.wa_overdue_days, '{1}') AS overdue_days,
           'notifications' = ANY(sys_tenant_features(t.id)) AS enabled
    FROM saas_tenants t LEFT JOIN tenant_settings s ON true
    WHERE t.id = app_current_tenant()`;
  if (!row) throw new Error('no tenant in this transaction');
  return {
    timezone: row.timezone,
    language: row.language,
    companyName: row.company_name,
    quiet: row.qs && row.qe ? { start: row.qs, end: row.qe } : null,
    reminderDays: row.reminder_days,
    overdueDays: row.overdue_days,
    enabled: row.enabled,
  };
}

/**
 * Serialises the notification writers of one ISP (the drain's steps, status webhooks):
 * each takes this transaction lock first, so their row locks and the audit trigger's
 * per-tenant chain-head lock are always taken in the same order (no deadlocks).
 */
export async function lockOutbox(tx: TenantTx): Promise<void> {
  await tx.sql`SELECT pg_advisory_xact_lock(hashtext(app_current_tenant()::text || ':wa_outbox'))`;
}

/** Wakes the ISP's drain (at once, or at `runAt`); one pending per ISP, in the caller's transaction. */
export async function queueDrain(sql: SqlRunner, tenantId: string, runAt?: Date): Promise<void> {
  await wakeJob(sql, 'wa_notifications', {}, { tenantId, ...(runAt ? { runAt } : {}) });
}

/** The template body for a code in the ISP's language: its own, the default, or null when switched off (urgent ones never are). */
export function templateBodySql(tx: TenantTx, code: WaTemplateCode, language: WaLanguage) {
  const fallback = DEFAULT_WA_TEMPLATES[code][language];
  return tx.sql`(SELECT CASE WHEN w.code IS NULL THEN ${fallback}::text WHEN w.is_active OR ${isUrgent(code)} THEN w.body END
                 FROM (SELECT 1) one LEFT JOIN tenant_wa_templates w ON w.code = ${code} AND w.language = ${language})`;
}

/** Rupiah as "Rp 150.000", like formatIdr('id'). */
const rp = (tx: TenantTx, expr: ReturnType<TenantTx['sql']>) => tx.sql`('Rp ' || replace(to_char(${expr}, 'FM999,999,999,999,990'), ',', '.'))`;

/**
 * The template values of an invoice `i` and its customer `c` (aliases in the caller's
 * FROM), as jsonb: what invoice, reminder, overdue, isolir and receipt notices use.
 */
export function invoiceValuesSql(tx: TenantTx, companyName: string, today: string | null = null) {
  const { sql } = tx;
  return sql`jsonb_build_object(
    'name', c.name, 'customer_code', c.code, 'company_name', ${companyName}::text,
    'number', i.number, 'amount', ${rp(tx, sql`(i.total - i.paid_amount)`)},
    'period', to_char(i.period_start, 'DD/MM/YYYY') || ' - ' || to_char(i.period_end, 'DD/MM/YYYY'),
    'due_date', to_char(i.due_date, 'DD/MM/YYYY'), 'payment_link', '',
    'days_left', CASE WHEN ${today}::date IS NULL THEN '' ELSE (i.due_date - ${today}::date)::text END,
    'days_overdue', CASE WHEN ${today}::date IS NULL THEN '' ELSE (${today}::date - i.due_date)::text END)`;
}

/**
 * invoice_issued for every invoice this transaction issued (issued_at = now(): the
 * billing run's INSERT), in one statement. Returns how many were queued.
 */
export async function queueInvoiceNotices(tx: TenantTx, tenantId: string): Promise<number> {
  const cfg = await loadWaConfig(tx);
  if (!cfg.enabled) return 0;
  const code: WaTemplateCode = 'invoice_issued';
  const at = notBefore(new Date(), cfg.timezone, cfg.quiet, false);
  const rows = await tx.sql<{ n: number }[]>`
    WITH tpl AS (SELECT ${templateBodySql(tx, code, cfg.language)} AS body),
    ins AS (
      INSERT INTO tenant_wa_messages (tenant_id, customer_id, template_code, language, to_phone, body, params, urgent, scheduled_at, dedupe_key)
      SELECT ${tenantId}::uuid, c.id, ${code}, ${cfg.language}, c.phone, sys_wa_render(tpl.body, v.vals), sys_wa_params(tpl.body, v.vals), false, ${at.toISOString()}::timestamptz,
             ${`${code}:`} || i.id::text
      FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id CROSS JOIN tpl
      CROSS JOIN LATERAL (SELECT ${invoiceValuesSql(tx, cfg.companyName)} AS vals) v
      WHERE i.issued_at = now() AND c.phone IS NOT NULL AND tpl.body IS NOT NULL
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`;
  const n = rows[0]?.n ?? 0;
  if (n > 0) await queueDrain(tx.sql, tenantId, at);
  return n;
}

export interface SingleMessage {
  customerId: string | null;
  code: WaTemplateCode | null;
  toPhone: string;
  /** values for the template; with `body` instead, sent as written (a test message) */
  values?: Record<string, string>;
  body?: string;
  dedupeKey: string;
  language?: WaLanguage;
}

/**
 * One message into the outbox (a receipt, a test message, an outage or ticket notice
 * from another module): rendered from the ISP's template, held for quiet hours unless
 * urgent, skipped for customers who opted out of its kind (reminders, ticket updates). Returns the message id,
 * or null when nothing was queued (duplicate key, template off, opted out, bad number).
 */
export async function queueMessage(tx: TenantTx, tenantId: string, msg: SingleMessage): Promise<string | null> {
  const cfg = await loadWaConfig(tx);
  if (!cfg.enabled) return null;
  const phone = normalizePhone(msg.toPhone);
  if (!phone) return null;
  const language = msg.language ?? cfg.language;
  const urgent = msg.code ? isUrgent(msg.code) : true;
  const preference = msg.code ? optOutPreference(msg.code) : null;
  if (preference && msg.customerId) {
    const [c] = await tx.sql<{ out: boolean }[]>`SELECT ${tx.sql(preference)} AS out FROM tenant_customers WHERE id = ${msg.customerId}`;
    if (c?.out) return null;
  }
  const at = notBefore(new Date(), cfg.timezone, cfg.quiet, urgent);
  const vals = JSON.stringify({ company_name: cfg.companyName, ...msg.values });
  const bodySql = msg.body !== undefined || !msg.code ? tx.sql`${msg.body ?? ''}::text` : templateBodySql(tx, msg.code, language);
  const [row] = await tx.sql<{ id: string }[]>`
    WITH tpl AS (SELECT ${bodySql} AS body)
    INSERT INTO tenant_wa_messages (tenant_id, customer_id, template_code, language, to_phone, body, params, urgent, scheduled_at, dedupe_key)
    SELECT ${tenantId}::uuid, ${msg.customerId}::uuid, ${msg.code}, ${language}, ${phone},
           sys_wa_render(tpl.body, ${vals}::text::jsonb), sys_wa_params(tpl.body, ${vals}::text::jsonb), ${urgent}, ${at.toISOString()}::timestamptz, ${msg.dedupeKey}
    FROM tpl WHERE tpl.body IS NOT NULL AND tpl.body <> ''
    ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
    RETURNING id`;
  if (!row) return null;
  await queueDrain(tx.sql, tenantId, at);
  return row.id;
}

/** payment_receipt for a recorded payment (the settlement hook calls it in the payment's transaction). */
export async function queuePaymentReceipt(tx: TenantTx, tenantId: string, paymentId: string): Promise<string | null> {
  const cfg = await loadWaConfig(tx);
  if (!cfg.enabled) return null;
  const code: WaTemplateCode = 'payment_receipt';
  const [row] = await tx.sql<{ id: string }[]>`
    WITH tpl AS (SELECT ${templateBodySql(tx, code, cfg.language)} AS body)
    INSERT INTO tenant_wa_messages (tenant_id, customer_id, template_code, language, to_phone, body, params, urgent, scheduled_at, dedupe_key)
    SELECT ${tenantId}::uuid, c.id, ${code}, ${cfg.language}, c.phone, sys_wa_render(tpl.body, v.vals), sys_wa_params(tpl.body, v.vals), false,
           ${notBefore(new Date(), cfg.timezone, cfg.quiet, false).toISOString()}::timestamptz, ${`${code}:${paymentId}`}
    FROM tenant_payments p JOIN tenant_invoices i ON i.id = p.invoice_id JOIN tenant_customers c ON c.id = i.customer_id CROSS JOIN tpl
    CROSS JOIN LATERAL (SELECT ${invoiceValuesSql(tx, cfg.companyName)}
                          || jsonb_build_object('amount', ${rp(tx, tx.sql`p.amount`)}, 'paid_at', to_char(p.paid_at AT TIME ZONE ${cfg.timezone}, 'DD/MM/YYYY HH24:MI'),
                                                'receipt', coalesce(p.receipt_number, '')) AS vals) v
    WHERE p.id = ${paymentId} AND c.phone IS NOT NULL AND tpl.body IS NOT NULL
    ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
    RETURNING id`;
  if (!row) return null;
  await queueDrain(tx.sql, tenantId);
  return row.id;
}

export interface CustomerNotices {
  code: WaTemplateCode;
  /** a fragment selecting `customer_id` rows: who gets the notice */
  recipients: PendingQuery<Row[]>;
  /** values every recipient shares (name, customer_code and company_name are filled per customer) */
  values: Record<string, string>;
  /** the dedupe key is `${dedupePrefix}${customer_id}`: a recipient never gets the same notice twice */
  dedupePrefix: string;
}

/** Rows per INSERT when the outbox is filled from rows rendered in core (bounded statements for large outages). */
export const NOTICE_CHUNK = 5_000;

/**
 * One template to many customers (outage started / resolved): the template read once,
 * the recipients read once, each message rendered here by the template rules
 * (renderTemplate / templateParams, what every single message uses), then written in
 * multi-row INSERTs of NOTICE_CHUNK rows; held for quiet hours unless urgent,
 * deduplicated per recipient. Returns the customers it was queued for (not those
 * without a phone, or already sent this key).
 */
export async function queueCustomerNotices(tx: TenantTx, tenantId: string, n: CustomerNotices): Promise<string[]> {
  const cfg = await loadWaConfig(tx);
  if (!cfg.enabled) return [];
  const urgent = isUrgent(n.code);
  const at = notBefore(new Date(), cfg.timezone, cfg.quiet, urgent).toISOString();
  const [tpl] = await tx.sql<{ body: string | null }[]>`SELECT ${templateBodySql(tx, n.code, cfg.language)} AS body`;
  const body = tpl?.body;
  if (body === null || body === undefined) return [];
  const common = { ...n.values, company_name: cfg.companyName };
  const recipients = await tx.sql<{ id: string; name: string; code: string; phone: string }[]>`
    SELECT c.id, c.name, c.code, c.phone FROM (${n.recipients}) r JOIN tenant_customers c ON c.id = r.customer_id WHERE c.phone IS NOT NULL`;
  const queued: string[] = [];
  for (let i = 0; i < recipients.length; i += NOTICE_CHUNK) {
    const rows = recipients.slice(i, i + NOTICE_CHUNK).map((c) => {
      const vals = { ...common, name: c.name, customer_code: c.code };
      return { c: c.id, p: c.phone, b: renderTemplate(body, vals), v: JSON.stringify(templateParams(body, vals)), k: `${n.dedupePrefix}${c.id}` };
    });
    const ins = await tx.sql<{ customer_id: string }[]>`
      INSERT INTO tenant_wa_messages (tenant_id, customer_id, template_code, language, to_phone, body, params, urgent, scheduled_at, dedupe_key)
      SELECT ${tenantId}::uuid, r.c, ${n.code}, ${cfg.language}, r.p, r.b, r.v::jsonb, ${urgent}, ${at}::timestamptz, r.k
      FROM unnest(${rows.map((r) => r.c)}::uuid[], ${rows.map((r) => r.p)}::text[], ${rows.map((r) => r.b)}::text[], ${rows.map((r) => r.v)}::text[], ${rows.map((r) => r.k)}::text[]) AS r(c, p, b, v, k)
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING customer_id`;
    for (const r of ins) queued.push(r.customer_id);
  }
  if (queued.length > 0) await queueDrain(tx.sql, tenantId, new Date(at));
  return queued;
}
