/**
 * ISPs paying their SaaS invoices through the platform's own Midtrans account — the same
 * adapter as the ISPs' invoices (billing/midtrans.ts: Snap links, notifications verified by
 * signature_key = SHA512(order_id + status_code + gross_amount + server key), midtrans_rules'
 * decisions), with RRNet as the merchant:
 *   - a payment link: Snap transaction for an open SaaS invoice's total, order id
 *     "{invoice number}.{suffix}", the payer sent back to the subscription page;
 *   - the platform's notification URL: every notification is recorded first
 *     (saas_gateway_notifications, also forged or unreadable ones), then — signature held —
 *     applied in its own transaction, once per gateway transaction and once per invoice:
 *     the invoice paid (payment_method 'midtrans', the transaction id as reference) through
 *     markSaasInvoicePaid, which restores a past-due ISP at once, like staff recording it.
 *     An amount other than the invoice's total, another currency, an unknown order or an
 *     invoice no longer open is recorded as rejected, never applied. A notification that could
 *     not be applied (the database failing) stays received; Midtrans's next retry applies it.
 */
import { randomBytes } from 'node:crypto';
import { AppError, serverMessage, storableJson } from '@rrnet/contracts';
import type { SaasPaymentLink } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import { midtransNotificationSchema, postSnapTransaction, verifyMidtransSignature } from '../billing/midtrans';
import type { MidtransNotification } from '../billing/midtrans';
import { currencyRejection, ignoredReason, invoiceNumberOf, isMoneyReceived, transactionInstant } from '../billing/midtrans_rules';
import { invalidateEntitlements } from './entitlements';
import { lockSaasInvoice, markSaasInvoicePaid } from './saas_invoices';

export const PLATFORM_GATEWAY = 'midtrans';

/** The platform's own Midtrans merchant account (web config: PLATFORM_MIDTRANS_SERVER_KEY). */
export interface PlatformMidtrans {
  serverKey: string;
  /** Snap's base URL: sandbox or production by the account, or an override (the simulator) */
  snapBaseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * A Snap link for an open SaaS invoice of the ISP (read as the tenant: RLS shows only its own).
 * Nothing is written; asking again makes a new order id. No platform account configured, or an
 * invoice not open, is 409; Snap down or refusing is 503.
 */
export async function createSaasPaymentLink(
  tx: TenantTx,
  platform: PlatformMidtrans | null,
  invoiceId: string,
  options: { finishUrl?: string | undefined } = {},
): Promise<SaasPaymentLink> {
  const [invoice] = await tx.sql<{ id: string; number: string; status: string; amount: string; period_start: string; tenant_name: string; phone: string | null }[]>`
    SELECT i.id, i.number, i.status, i.amount, i.period_start::text, t.name AS tenant_name, coalesce(t.billing_phone, s.company_phone) AS phone
    FROM saas_invoices i JOIN saas_tenants t ON t.id = i.tenant_id LEFT JOIN tenant_settings s ON s.tenant_id = i.tenant_id
    WHERE i.id = ${invoiceId}`;
  if (!invoice) throw new AppError('NOT_FOUND', { message: serverMessage('saas_invoice_not_found') });
  if (invoice.status !== 'open') throw new AppError('CONFLICT', { message: serverMessage('invoice_not_open', { number: invoice.number, status: invoice.status }), details: { status: invoice.status } });
  if (!platform) throw new AppError('CONFLICT', { message: serverMessage('saas_online_payment_off'), details: { reason: 'platform_gateway_off' } });
  const amount = Number(invoice.amount);
  const orderId = `${invoice.number}.${randomBytes(3).toString('hex')}`;
  const snap = await postSnapTransaction(
    platform.snapBaseUrl,
    platform.serverKey,
    {
      transaction_details: { order_id: orderId, gross_amount: amount },
      customer_details: { first_name: invoice.tenant_name, ...(invoice.phone ? { phone: invoice.phone } : {}) },
      item_details: [{ id: invoice.number, price: amount, quantity: 1, name: `RRNet ${invoice.period_start.slice(0, 7)}` }],
      ...(options.finishUrl ? { callbacks: { finish: options.finishUrl } } : {}),
    },
    { ...(platform.fetch ? { fetch: platform.fetch } : {}), ...(platform.timeoutMs ? { timeoutMs: platform.timeoutMs } : {}) },
  );
  return { gateway: 'midtrans', order_id: orderId, token: snap.token, redirect_url: snap.redirect_url, amount };
}

export type SaasNotificationOutcome = 'applied' | 'ignored' | 'rejected';

export interface PlatformReceiveResult {
  status: 'accepted' | 'rejected';
  notification_id: string;
  reason?: string;
  /** rejected: FORBIDDEN when the signature cannot be trusted, else VALIDATION_FAILED */
  error_code?: 'FORBIDDEN' | 'VALIDATION_FAILED';
  /** accepted: what became of this transaction's notifications (the one just received included) */
  processed?: Record<SaasNotificationOutcome, number>;
}

/**
 * The platform's notification URL: recorded as received (its own committed transaction), then,
 * when the signature holds with the platform's server key, applied. `serverKey` null: the
 * platform has no Midtrans account, every notification is rejected (and kept).
 */
export async function receivePlatformMidtransNotification(
  deps: { systemSql: Sql; redis: Redis },
  serverKey: string | null,
  received: unknown,
  requestId: string | null = null,
): Promise<PlatformReceiveResult> {
  // kept as received, as far as PostgreSQL can store it (NUL, unpaired surrogates)
  const body = storableJson(received);
  const parsed = midtransNotificationSchema.safeParse(body);
  const n = parsed.success ? parsed.data : null;
  const valid = !!n && !!serverKey && verifyMidtransSignature(n, serverKey);
  const reason = !n ? 'not a Midtrans notification' : !serverKey ? 'no platform Midtrans account configured' : valid ? null : 'bad signature';
  const id = await withPlatform(deps.systemSql, { requestId }, async ({ sql }) => {
    const [owner] = n ? await sql<{ tenant_id: string }[]>`SELECT tenant_id FROM saas_invoices WHERE number = ${invoiceNumberOf(n.order_id)}` : [];
    const payload = typeof body === 'object' && body !== null ? body : { raw: String(body) };
    const [row] = await sql<{ id: string }[]>`
      INSERT INTO saas_gateway_notifications (tenant_id, gateway, transaction_id, order_id, transaction_status, gross_amount, signature_valid, payload, status, reason)
      VALUES (${owner?.tenant_id ?? null}, ${PLATFORM_GATEWAY}, ${n?.transaction_id ?? null}, ${n?.order_id ?? null}, ${n?.transaction_status ?? null},
              ${n?.gross_amount ?? null}, ${valid}, ${JSON.stringify(payload)}::text::jsonb, ${reason ? 'rejected' : 'received'}, ${reason})
      RETURNING id`;
    return row!.id;
  });
  if (!valid) return { status: 'rejected', notification_id: id, reason: reason!, error_code: n ? 'FORBIDDEN' : 'VALIDATION_FAILED' };
  const processed = await processPlatformMidtransTransaction(deps, n!.transaction_id, requestId);
  return { status: 'accepted', notification_id: id, processed };
}

/**
 * One gateway transaction's received notifications, oldest first and locked: money received is
 * applied once (a transaction already applied, or the invoice already paid by it, is a duplicate);
 * anything else is recorded with why not. Safe to run again and concurrently.
 */
export async function processPlatformMidtransTransaction(deps: { systemSql: Sql; redis: Redis }, transactionId: string, requestId: string | null = null): Promise<Record<SaasNotificationOutcome, number>> {
  const result: Record<SaasNotificationOutcome, number> = { applied: 0, ignored: 0, rejected: 0 };
  const paidTenants = await withPlatform(deps.systemSql, { requestId }, async ({ sql }) => {
    const notes = await sql<{ id: string; payload: MidtransNotification }[]>`
      SELECT id, payload FROM saas_gateway_notifications
      WHERE gateway = ${PLATFORM_GATEWAY} AND transaction_id = ${transactionId} AND status = 'received'
      ORDER BY created_at, id FOR UPDATE`;
    const mark = async (id: string, status: SaasNotificationOutcome, why: string | null, invoiceId: string | null = null) => {
      await sql`UPDATE saas_gateway_notifications SET status = ${status}, reason = ${why}, invoice_id = ${invoiceId}, processed_at = now() WHERE id = ${id}`;
      result[status] += 1;
    };
    const tenants: string[] = [];
    for (const note of notes) {
      const n = note.payload;
      const [already] = await sql<{ invoice_id: string }[]>`
        SELECT invoice_id FROM saas_gateway_notifications WHERE gateway = ${PLATFORM_GATEWAY} AND transaction_id = ${transactionId} AND status = 'applied' LIMIT 1`;
      if (!isMoneyReceived(n)) {
        await mark(note.id, 'ignored', ignoredReason(n.transaction_status, !!already));
        continue;
      }
      if (already) {
        await mark(note.id, 'ignored', 'duplicate: this transaction is already applied', already.invoice_id);
        continue;
      }
      const badCurrency = currencyRejection(n.currency);
      if (badCurrency) {
        await mark(note.id, 'rejected', badCurrency);
        continue;
      }
      const invoice = await lockSaasInvoice(sql, { number: invoiceNumberOf(n.order_id) });
      if (!invoice) {
        await mark(note.id, 'rejected', `unknown order ${n.order_id}`);
        continue;
      }
      if (invoice.status !== 'open') {
        await mark(note.id, 'rejected', `invoice ${invoice.number} is ${invoice.status}: money received for nothing owed, refund or apply by hand`, invoice.id);
        continue;
      }
      const amount = Number(n.gross_amount);
      if (!Number.isInteger(amount) || amount !== invoice.total) {
        await mark(note.id, 'rejected', `amount ${n.gross_amount} does not match the ${invoice.total} owed on ${invoice.number}`, invoice.id);
        continue;
      }
      await markSaasInvoicePaid(sql, invoice, { method: 'midtrans', reference: transactionId.slice(0, 64), paid_at: transactionInstant(n.transaction_time), paid_by: null });
      await mark(note.id, 'applied', null, invoice.id);
      tenants.push(invoice.tenant_id);
    }
    return tenants;
  });
  for (const tenantId of paidTenants) await invalidateEntitlements(deps.redis, tenantId);
  return result;
}
