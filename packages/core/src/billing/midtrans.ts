/**
 * Midtrans (Indonesia's most used payment gateway), per ISP (each has its own merchant
 * account and server key):
 *   - payment links through Snap (POST /snap/v1/transactions, Basic auth with the server
 *     key): order_id "{invoice number}.{suffix}", amount = what is still owed;
 *   - HTTP notifications, verified as Midtrans documents: signature_key =
 *     SHA512(order_id + status_code + gross_amount + server key). Every notification is
 *     recorded first (also bad ones, never applied) and applied by payment_processing.
 * Statuses (docs "Transaction Status"): capture (card; counts when fraud_status is accept),
 * settlement → paid; pending → waiting; deny, cancel, expire, failure → nothing to apply;
 * refund, partial_refund, chargeback → recorded for staff, not applied automatically.
 */
import { sealSecret } from '../secrets/seal';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, serverMessage, storableJson } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { z } from 'zod';
import type { NetworkServices } from '../network/services';
import { isOpenInvoice } from './invoice_rules';
import { getInvoice } from './invoices';
import { currencyRejection, ignoredReason, invoiceNumberOf, invoiceRejection, isMoneyReceived, transactionInstant } from './midtrans_rules';
import { receivedNotifications, recordGatewayNotification } from './gateway_notifications';
import { applyPayment } from './payments';

export { invoiceNumberOf } from './midtrans_rules';
// the gateway-neutral entry point (Midtrans or Xendit by the ISP's setting), kept importable from here
export { createPaymentLink } from './payment_gateway';

export const GATEWAY = 'midtrans';
export const SNAP_URLS = { sandbox: 'https://app.sandbox.midtrans.com', production: 'https://app.midtrans.com' } as const;

/** The fields RRNet uses from Midtrans's HTTP notification (others are kept in the payload). */
export const midtransNotificationSchema = z.looseObject({
  transaction_id: z.string().min(1),
  order_id: z.string().min(1),
  status_code: z.string().min(1),
  gross_amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
  signature_key: z.string().min(1),
  transaction_status: z.string().min(1),
  fraud_status: z.string().optional(),
  currency: z.string().optional(),
  payment_type: z.string().optional(),
  transaction_time: z.string().optional(),
});
export type MidtransNotification = z.infer<typeof midtransNotificationSchema>;

export function midtransSignature(n: { order_id: string; status_code: string; gross_amount: string }, serverKey: string): string {
  return createHash('sha512').update(`${n.order_id}${n.status_code}${n.gross_amount}${serverKey}`).digest('hex');
}

export function verifyMidtransSignature(n: MidtransNotification, serverKey: string): boolean {
  const expected = Buffer.from(midtransSignature(n, serverKey), 'utf8');
  const given = Buffer.from(n.signature_key.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function serverKey(tx: TenantTx, services: NetworkServices): Promise<{ key: string | null; production: boolean }> {
  const [s] = await tx.sql<{ enc: string | null; production: boolean }[]>`SELECT midtrans_server_key_enc AS enc, midtrans_production AS production FROM tenant_settings`;
  return { key: s?.enc ? await services.secretBox.decrypt(s.enc) : null, production: s?.production ?? false };
}

export async function setMidtransKey(tx: TenantTx, services: NetworkServices, input: { server_key: string; production: boolean }): Promise<void> {
  await tx.sql`UPDATE tenant_settings SET midtrans_server_key_enc = ${await sealSecret(tx, services.secretBox, input.server_key)}, midtrans_production = ${input.production}, updated_at = now()`;
  await tx.sql`SELECT sys_audit_event('admin', 'payment_gateway.key_changed', ${JSON.stringify({ gateway: GATEWAY, production: input.production })}::text::jsonb)`;
}

export interface ReceiveResult {
  status: 'accepted' | 'rejected';
  notification_id: string;
  reason?: string;
  /** rejected: how to answer — FORBIDDEN when the signature cannot be trusted, else VALIDATION_FAILED */
  error_code?: 'FORBIDDEN' | 'VALIDATION_FAILED';
}

/**
 * The webhook: which tenant is in the URL; the body is recorded as received, verified,
 * and — when the signature holds — handed to payment_processing. Fast and idempotent.
 */
export async function receiveMidtransNotification(deps: { appSql: Sql; systemSql: Sql; services: NetworkServices }, tenantSlug: string, received: unknown): Promise<ReceiveResult> {
  // kept as received, as far as PostgreSQL can store it (NUL, unpaired surrogates)
  const body = storableJson(received);
  const [tenant] = await deps.systemSql<{ id: string; status: string }[]>`SELECT id, status FROM saas_tenants WHERE slug = ${tenantSlug}`;
  if (!tenant) throw new AppError('NOT_FOUND', { message: serverMessage('notification_unknown_isp') });
  const parsed = midtransNotificationSchema.safeParse(body);
  return withTenant(deps.appSql, { tenantId: tenant.id }, async (tx) => {
    const { key } = await serverKey(tx, deps.services);
    const n = parsed.success ? parsed.data : null;
    const valid = !!n && !!key && verifyMidtransSignature(n, key);
    const reason = !n ? 'not a Midtrans notification' : !key ? 'no Midtrans server key configured' : valid ? null : 'bad signature';
    const id = await recordGatewayNotification(tx, tenant.id, {
      gateway: GATEWAY,
      transactionId: n?.transaction_id ?? null,
      orderId: n?.order_id ?? null,
      status: n?.transaction_status ?? null,
      grossAmount: n?.gross_amount ?? null,
      trusted: valid,
      body,
      reason,
    });
    if (!valid) return { status: 'rejected', notification_id: id, reason: reason!, error_code: n ? 'FORBIDDEN' : 'VALIDATION_FAILED' };
    await enqueue(tx.sql, 'payment_processing', { gateway: GATEWAY, transaction_id: n!.transaction_id }, { tenantId: tenant.id });
    return { status: 'accepted', notification_id: id };
  });
}

/**
 * payment_processing: the received notifications of one transaction, oldest first. A
 * settlement (or an accepted capture) is applied once — the gateway transaction id is
 * unique per tenant — after its currency and amount are checked against the invoice;
 * anything else is recorded with why it was not applied. Out-of-order arrivals (a late
 * "pending" after "settlement") change nothing.
 */
export async function processMidtransTransaction(tx: TenantTx, services: NetworkServices, tenantId: string, transactionId: string): Promise<{ applied: number; ignored: number; rejected: number }> {
  const { notes, mark, result } = await receivedNotifications<MidtransNotification>(tx, GATEWAY, transactionId);
  for (const note of notes) {
    const n = note.payload;
    const [already] = await tx.sql<{ id: string }[]>`SELECT id FROM tenant_payments WHERE gateway = ${GATEWAY} AND gateway_transaction_id = ${transactionId}`;
    if (!isMoneyReceived(n)) {
      await mark(note.id, 'ignored', ignoredReason(n.transaction_status, !!already));
      continue;
    }
    if (already) {
      await mark(note.id, 'ignored', 'duplicate: this transaction is already applied', already.id);
      continue;
    }
    const badCurrency = currencyRejection(n.currency);
    if (badCurrency) {
      await mark(note.id, 'rejected', badCurrency);
      continue;
    }
    const [inv] = await tx.sql<{ id: string }[]>`SELECT id FROM tenant_invoices WHERE number = ${invoiceNumberOf(n.order_id)}`;
    if (!inv) {
      await mark(note.id, 'rejected', `unknown order ${n.order_id}`);
      continue;
    }
    const invoice = await getInvoice(tx, inv.id, { lock: true });
    const refused = invoiceRejection(n.gross_amount, invoice);
    if (refused) {
      await mark(note.id, 'rejected', refused);
      continue;
    }
    const payment = await applyPayment(tx, services, tenantId, {
      invoice_id: invoice.id,
      amount: Number(n.gross_amount),
      method: 'gateway',
      gateway: { name: GATEWAY, transaction_id: transactionId },
      receipt_number: `MT-${transactionId.slice(0, 40)}`,
      paid_at: transactionInstant(n.transaction_time),
    });
    await mark(note.id, payment ? 'applied' : 'ignored', payment ? null : 'duplicate', payment?.id ?? null);
  }
  return result;
}

/** How long Snap may take to answer a payment-link request before the caller is told 503. */
export const SNAP_TIMEOUT_MS = 10_000;

/**
 * Snap's create-transaction call (POST {base}/snap/v1/transactions, Basic auth with the server key):
 * the token and payment page, or 503 SERVICE_UNAVAILABLE when Snap is down, slow past `timeoutMs`
 * or refuses (its error_messages in the message). Shared by the ISPs' invoices and the platform's.
 */
export async function postSnapTransaction(
  base: string,
  serverKey: string,
  request: Record<string, unknown>,
  options: { fetch?: typeof fetch; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<{ token: string; redirect_url: string }> {
  const res = await (options.fetch ?? fetch)(`${base.replace(/\/+$/, '')}/snap/v1/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Basic ${Buffer.from(`${serverKey}:`).toString('base64')}`, ...options.headers },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(options.timeoutMs ?? SNAP_TIMEOUT_MS),
  }).catch((err: unknown) => {
    throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('midtrans_no_answer', { error: (err as Error).message }), cause: err });
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; redirect_url?: string; error_messages?: string[] };
  if (!res.ok || !body.token || !body.redirect_url) {
    throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('midtrans_refused', { error: (body.error_messages ?? [String(res.status)]).join('; ') }) });
  }
  return { token: body.token, redirect_url: body.redirect_url };
}

/**
 * A Snap payment link for what is still owed on an invoice. Nothing is written: a Snap API
 * that is down or does not answer within `timeoutMs` is 503 SERVICE_UNAVAILABLE (Retry-After),
 * and asking again makes a new order id.
 */
export async function createMidtransPaymentLink(
  tx: TenantTx,
  services: NetworkServices,
  invoiceId: string,
  options: { snapBaseUrl?: string; fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<{ gateway: 'midtrans'; order_id: string; token: string; redirect_url: string; amount: number }> {
  const invoice = await getInvoice(tx, invoiceId);
  if (!isOpenInvoice(invoice.status)) throw new AppError('CONFLICT', { message: serverMessage('invoice_not_open', { number: invoice.number, status: invoice.status }) });
  const { key, production } = await serverKey(tx, services);
  if (!key) throw new AppError('CONFLICT', { message: serverMessage('midtrans_key_missing') });
  const [c] = await tx.sql<{ name: string; phone: string | null; email: string | null }[]>`SELECT name, phone, email FROM tenant_customers WHERE id = ${invoice.customer_id}`;
  const orderId = `${invoice.number}.${randomBytes(3).toString('hex')}`;
  const base = options.snapBaseUrl ?? (production ? SNAP_URLS.production : SNAP_URLS.sandbox);
  const body = await postSnapTransaction(
    base,
    key,
    {
      transaction_details: { order_id: orderId, gross_amount: invoice.outstanding },
      customer_details: { first_name: c?.name ?? '', phone: c?.phone ?? undefined, email: c?.email ?? undefined },
      item_details: [{ id: invoice.number, price: invoice.outstanding, quantity: 1, name: `Internet ${invoice.period_start}` }],
    },
    options,
  );
  return { gateway: 'midtrans', order_id: orderId, token: body.token, redirect_url: body.redirect_url, amount: invoice.outstanding };
}
