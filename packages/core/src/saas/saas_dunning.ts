/**
 * Dunning over the ISPs (rrnet_system): each ISP's state from its oldest open SaaS invoice
 * (saas_dunning_rules), applied — subscription past_due, ISP suspended by dunning — and
 * undone at once when it pays. A suspension by platform staff (any other reason) is left to
 * them. Entitlements are dropped for every ISP whose state changed, so the chain sees it on
 * the next request. The isolir sweep and the ISP's billing_isolir / restore jobs do not
 * look at any of this: subscribers never lose service because their ISP is late with RRNet.
 */
import type { Redis } from '@rrnet/cache';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import { localDay } from '../billing/cycle';
import { invalidateEntitlements } from './entitlements';
import { platformAudit } from './platform_audit';
import { SAAS_BILLING } from './saas_billing_rules';
import { formatDate, formatIdr } from '@rrnet/contracts';
import { localMinutes } from '../notifications/delivery_rules';
import type { PlatformWhatsApp } from './platform_whatsapp';
import { DUNNING, dunningState, reminderFor, reminderMessage, reminderStage } from './saas_dunning_rules';
import type { DunningState } from './saas_dunning_rules';

export const DUNNING_SUSPENSION_REASON = 'dunning';

interface Row {
  tenant_id: string;
  tenant_status: 'active' | 'suspended' | 'terminated';
  suspension_reason: string | null;
  subscription_id: string;
  subscription_status: 'trialing' | 'active' | 'past_due';
  oldest_open_due: string | null;
}

export interface DunningResult {
  day: string;
  past_due: number;
  suspended: number;
  restored: number;
  /** WhatsApp reminders to ISP owners in this run (none before DUNNING.reminderFromHour, none without a platform gateway) */
  reminders?: ReminderResult;
}

export interface ReminderResult {
  sent: number;
  failed: number;
  skipped: number;
}

/** Brings the ISPs' states in line with their open invoices on `day`; only what changes is written. */
export async function applyDunning(sql: TenantTx['sql'], day: string, tenantId: string | null = null): Promise<DunningResult & { changed: string[] }> {
  const rows = await sql<Row[]>`
    SELECT t.id AS tenant_id, t.status AS tenant_status, t.suspension_reason, s.id AS subscription_id, s.status AS subscription_status,
           (SELECT min(i.due_date)::text FROM saas_invoices i WHERE i.tenant_id = t.id AND i.status = 'open') AS oldest_open_due
    FROM saas_tenants t JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('active', 'past_due')
    WHERE t.status <> 'terminated' AND (${tenantId}::uuid IS NULL OR t.id = ${tenantId})
    FOR UPDATE OF t, s`;
  const result = { day, past_due: 0, suspended: 0, restored: 0, changed: [] as string[] };
  for (const r of rows) {
    const state: DunningState = dunningState(r.oldest_open_due, day);
    const byDunning = r.tenant_status === 'suspended' && r.suspension_reason === DUNNING_SUSPENSION_REASON;
    let changed = false;
    const wantSub = state === 'current' ? 'active' : 'past_due';
    if (r.subscription_status !== wantSub) {
      await sql`UPDATE saas_subscriptions SET status = ${wantSub} WHERE tenant_id = ${r.tenant_id} AND id = ${r.subscription_id}`;
      changed = true;
    }
    if (state === 'suspended' && r.tenant_status === 'active') {
      await sql`UPDATE saas_tenants SET status = 'suspended', suspended_at = now(), suspension_reason = ${DUNNING_SUSPENSION_REASON} WHERE id = ${r.tenant_id}`;
      changed = true;
    } else if (state !== 'suspended' && byDunning) {
      await sql`UPDATE saas_tenants SET status = 'active', suspended_at = NULL, suspension_reason = NULL WHERE id = ${r.tenant_id}`;
      changed = true;
    }
    if (!changed) continue;
    if (state === 'past_due') result.past_due++;
    else if (state === 'suspended') result.suspended++;
    else result.restored++;
    result.changed.push(r.tenant_id);
    await platformAudit(sql, r.tenant_id, `saas.dunning.${state}`, { day, oldest_open_due: r.oldest_open_due });
  }
  return result;
}

/**
 * Trials whose last day is before `day` become paying subscriptions on the same plan: the
 * period starts the day after the trial, so the month's invoice (saas_invoices) bills from
 * there. Audited per ISP; returns the ISPs converted.
 */
export async function endTrials(sql: TenantTx['sql'], day: string): Promise<string[]> {
  const ended = await sql<{ tenant_id: string; starts: string }[]>`
    UPDATE saas_subscriptions s
    SET status = 'active', current_period_start = s.current_period_end + 1,
        current_period_end = (date_trunc('month', s.current_period_end + 1) + interval '1 month - 1 day')::date
    FROM saas_tenants t
    WHERE t.id = s.tenant_id AND t.status <> 'terminated' AND s.status = 'trialing' AND s.current_period_end < ${day}::date
    RETURNING s.tenant_id, s.current_period_start::text AS starts`;
  for (const e of ended) await platformAudit(sql, e.tenant_id, 'saas.trial.ended', { paying_from: e.starts });
  return ended.map((e) => e.tenant_id);
}

/** The scheduled run (saas_dunning job): every ISP, the platform's calendar day of `at`; then the day's reminders. */
export async function runSaasDunning(systemSql: Sql, redis: Redis, at: Date = new Date(), whatsapp: PlatformWhatsApp | null = null): Promise<DunningResult> {
  const day = localDay(SAAS_BILLING.timezone, at);
  const { changed, ...result } = await withPlatform(systemSql, { userId: null, requestId: null }, async ({ sql }) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('saas_dunning'))`;
    const converted = await endTrials(sql, day);
    const applied = await applyDunning(sql, day);
    return { ...applied, changed: [...new Set([...converted, ...applied.changed])] };
  });
  for (const id of changed) await invalidateEntitlements(redis, id);
  const reminders = await sendDunningReminders(systemSql, whatsapp, at);
  return { ...result, reminders };
}

interface ReminderCandidate {
  tenant_id: string;
  invoice_id: string;
  number: string;
  total: number;
  due_date: string;
  isp: string;
  phone: string | null;
  locale: 'id' | 'en';
}

/**
 * The day's reminders (saas_dunning_rules.reminderFor: N days before the due date, N days
 * after it) to each ISP's owner by WhatsApp through the platform's gateway. Each (invoice,
 * stage) is claimed in saas_dunning_reminders before the call and committed, so however
 * often the job runs a stage goes out once; a failed send is tried again on the next run,
 * a sent or possibly-sent one never. An ISP without a phone is recorded as skipped.
 */
export async function sendDunningReminders(systemSql: Sql, whatsapp: PlatformWhatsApp | null, at: Date = new Date()): Promise<ReminderResult> {
  const result: ReminderResult = { sent: 0, failed: 0, skipped: 0 };
  if (!whatsapp) return result;
  if (localMinutes(at, SAAS_BILLING.timezone) < DUNNING.reminderFromHour * 60) return result;
  const day = localDay(SAAS_BILLING.timezone, at);
  const open = await withPlatform(systemSql, { requestId: null }, ({ sql }) => sql<ReminderCandidate[]>`
    SELECT i.tenant_id, i.id AS invoice_id, i.number, i.amount::int AS total, i.due_date::text, t.name AS isp,
           coalesce(t.billing_phone, s.company_phone) AS phone, coalesce(s.locale, 'id') AS locale
    FROM saas_invoices i JOIN saas_tenants t ON t.id = i.tenant_id LEFT JOIN tenant_settings s ON s.tenant_id = i.tenant_id
    WHERE i.status = 'open' AND t.status <> 'terminated'
    ORDER BY i.due_date, i.number`);
  for (const inv of open) {
    const reminder = reminderFor(inv.due_date, day);
    if (!reminder) continue;
    const stage = reminderStage(reminder);
    const claimed = await withPlatform(systemSql, { tenantId: inv.tenant_id, requestId: null }, async ({ sql }) => {
      const [row] = await sql<{ stage: string }[]>`
        INSERT INTO saas_dunning_reminders (tenant_id, invoice_id, stage, status, to_phone)
        VALUES (${inv.tenant_id}, ${inv.invoice_id}, ${stage}, ${inv.phone ? 'sending' : 'skipped'}, ${inv.phone})
        ON CONFLICT (tenant_id, invoice_id, stage) DO UPDATE SET status = 'sending', error = NULL, created_at = now()
          WHERE saas_dunning_reminders.status = 'failed'
        RETURNING stage`;
      if (row) await platformAudit(sql, inv.tenant_id, 'saas.dunning.reminder', { invoice: inv.number, stage, to: inv.phone ? `…${inv.phone.slice(-4)}` : null });
      return Boolean(row);
    });
    if (!claimed) continue;
    if (!inv.phone) {
      result.skipped++;
      continue;
    }
    const text = reminderMessage(
      { ...reminder, isp: inv.isp, number: inv.number, total: formatIdr(inv.total, inv.locale), due: formatDate(inv.due_date, inv.locale, SAAS_BILLING.timezone) },
      inv.locale,
    );
    try {
      const sent = await whatsapp.send({
        id: `${inv.invoice_id}:${stage}`,
        to: inv.phone,
        template: `saas_${reminder.kind}`,
        parameters: [inv.isp, inv.number, formatIdr(inv.total, inv.locale), inv.due_date, String(reminder.days)],
        body: text,
        language: inv.locale,
      });
      await withPlatform(systemSql, { requestId: null }, ({ sql }) => sql`
        UPDATE saas_dunning_reminders SET status = 'sent', sent_at = now(), provider_message_id = ${sent.providerMessageId}
        WHERE tenant_id = ${inv.tenant_id} AND invoice_id = ${inv.invoice_id} AND stage = ${stage}`);
      result.sent++;
    } catch (err) {
      await withPlatform(systemSql, { requestId: null }, ({ sql }) => sql`
        UPDATE saas_dunning_reminders SET status = 'failed', error = ${String(err instanceof Error ? err.message : err).slice(0, 500)}
        WHERE tenant_id = ${inv.tenant_id} AND invoice_id = ${inv.invoice_id} AND stage = ${stage}`);
      result.failed++;
    }
  }
  return result;
}
