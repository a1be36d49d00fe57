/**
 * Xendit, the second payment gateway, per ISP (its own account, secret API key and callback
 * verification token, both encrypted with the ISP's data key):
 *   - payment links through the Invoice API (`POST /v2/invoices`, @rrnet/payments):
 *     external_id "{invoice number}.{suffix}", amount = what is still owed;
 *   - invoice callbacks, trusted when `x-callback-token` equals the ISP's token (constant
 *     time). Every callback is recorded first (also untrusted ones, never applied) and applied
 *     by the same payment_processing job as Midtrans, keyed by the Xendit invoice id; a
 *     payment is applied once per Xendit id and once per external_id.
 */
import { randomBytes } from 'node:crypto';
import { AppError, serverMessage, storableJson } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { XenditError, createXenditInvoice, verifyXenditCallbackToken, xenditCallbackSchema } from '@rrnet/payments';
import type { XenditBreakers, XenditCallback } from '@rrnet/payments';
import type { NetworkServices } from '../network/services';
import { sealSecret } from '../secrets/seal';
import { isOpenInvoice } from './invoice_rules';
import { getInvoice } from './invoices';
import { receivedNotifications, recordGatewayNotification } from './gateway_notifications';
import { applyPayment } from './payments';
import {
  XENDIT_INVOICE_DURATION_S,
  currencyRejection,
  invoiceNumberOf,
  invoiceRejection,
  isXenditMoneyReceived,
  xenditIgnoredReason,
  xenditPaidAmount,
  xenditPaidInstant,
} from './xendit_rules';

export const XENDIT = 'xendit';

interface XenditKeys {
  secretKey: string | null;
  callbackToken: string | null;
}

async function xenditKeys(tx: TenantTx, services: NetworkServices): Promise<XenditKeys> {
  const [s] = await tx.sql<{ key: string | null; token: string | null }[]>`SELECT xendit_secret_key_enc AS key, xendit_callback_token_enc AS token FROM tenant_settings`;
  return {
    secretKey: s?.key ? await services.secretBox.decrypt(s.key) : null,
    callbackToken: s?.token ? await services.secretBox.decrypt(s.token) : null,
  };
}

export async function setXenditKeys(tx: TenantTx, services: NetworkServices, input: { secret_key: string; callback_token: string }): Promise<void> {
  await tx.sql`UPDATE tenant_settings SET xendit_secret_key_enc = ${await sealSecret(tx, services.secretBox, input.secret_key)},
    xendit_callback_token_enc = ${await sealSecret(tx, services.secretBox, input.callback_token)}, updated_at = now()`;
  await tx.sql`SELECT sys_audit_event('admin', 'payment_gateway.key_changed', ${JSON.stringify({ gateway: XENDIT })}::text::jsonb)`;
}

export interface XenditReceiveResult {
  status: 'accepted' | 'rejected';
  notification_id: string;
  reason?: string;
  /** rejected: UNAUTHENTICATED when the token is missing or wrong, VALIDATION_FAILED when the body is not a callback */
  error_code?: 'UNAUTHENTICATED' | 'VALIDATION_FAILED';
}

/**
 * The callback route: the ISP from the URL, the token from `x-callback-token`. The callback
 * is recorded as received, and — trusted and readable — handed to payment_processing.
 */
export async function receiveXenditCallback(
  deps: { appSql: Sql; systemSql: Sql; services: NetworkServices },
  tenantSlug: string,
  callbackToken: string | null,
  received: unknown,
): Promise<XenditReceiveResult> {
  // kept as received, as far as PostgreSQL can store it (NUL, unpaired surrogates)
  const body = storableJson(received);
  const [tenant] = await deps.systemSql<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = ${tenantSlug}`;
  if (!tenant) throw new AppError('NOT_FOUND', { message: serverMessage('callback_unknown_isp') });
  const parsed = xenditCallbackSchema.safeParse(body);
  return withTenant(deps.appSql, { tenantId: tenant.id }, async (tx) => {
    const { callbackToken: expected } = await xenditKeys(tx, deps.services);
    const trusted = verifyXenditCallbackToken(callbackToken, expected);
    const n: XenditCallback | null = parsed.success ? parsed.data : null;
    const reason = !expected ? 'no Xendit callback token configured' : !trusted ? 'bad callback token' : !n ? 'not a Xendit invoice callback' : null;
    const id = await recordGatewayNotification(tx, tenant.id, {
      gateway: XENDIT,
      transactionId: n?.id ?? null,
      orderId: n?.external_id ?? null,
      status: n?.status ?? null,
      grossAmount: n ? xenditPaidAmount(n) : null,
      trusted,
      body,
      reason,
    });
    if (reason) return { status: 'rejected', notification_id: id, reason, error_code: trusted ? 'VALIDATION_FAILED' : 'UNAUTHENTICATED' };
    await enqueue(tx.sql, 'payment_processing', { gateway: XENDIT, transaction_id: n!.id }, { tenantId: tenant.id });
    return { status: 'accepted', notification_id: id };
  });
}

/**
 * payment_processing for one Xendit invoice id: its received callbacks, oldest first. PAID or
 * SETTLED is applied once — not when this Xendit id, or another Xendit invoice with the same
 * external_id, already paid — after currency and amount are checked against the invoice;
 * EXPIRED and anything else are recorded with why they were not applied.
 */
export async function processXenditInvoice(tx: TenantTx, services: NetworkServices, tenantId: string, xenditId: string): Promise<{ applied: number; ignored: number; rejected: number }> {
  const { notes, mark, result } = await receivedNotifications<XenditCallback>(tx, XENDIT, xenditId);
  for (const note of notes) {
    const n = note.payload;
    const [already] = await tx.sql<{ id: string }[]>`
      SELECT p.id FROM tenant_payments p WHERE p.gateway = ${XENDIT} AND p.gateway_transaction_id = ${xenditId}
      UNION ALL
      SELECT g.payment_id FROM tenant_gateway_notifications g
      WHERE g.gateway = ${XENDIT} AND g.order_id = ${n.external_id} AND g.status = 'applied' AND g.payment_id IS NOT NULL
      LIMIT 1`;
    if (!isXenditMoneyReceived(n.status)) {
      await mark(note.id, 'ignored', xenditIgnoredReason(n.status, !!already));
      continue;
    }
    if (already) {
      await mark(note.id, 'ignored', `duplicate: ${n.external_id} is already applied`, already.id);
      continue;
    }
    const badCurrency = currencyRejection(n.currency);
    if (badCurrency) {
      await mark(note.id, 'rejected', badCurrency);
      continue;
    }
    const [inv] = await tx.sql<{ id: string }[]>`SELECT id FROM tenant_invoices WHERE number = ${invoiceNumberOf(n.external_id)}`;
    if (!inv) {
      await mark(note.id, 'rejected', `unknown external_id ${n.external_id}`);
      continue;
    }
    const invoice = await getInvoice(tx, inv.id, { lock: true });
    const amount = xenditPaidAmount(n);
    const refused = invoiceRejection(amount, invoice);
    if (refused) {
      await mark(note.id, 'rejected', refused);
      continue;
    }
    const payment = await applyPayment(tx, services, tenantId, {
      invoice_id: invoice.id,
      amount: Number(amount),
      method: 'gateway',
      gateway: { name: XENDIT, transaction_id: xenditId },
      receipt_number: `XD-${xenditId.slice(0, 40)}`,
      paid_at: xenditPaidInstant(n.paid_at),
    });
    await mark(note.id, payment ? 'applied' : 'ignored', payment ? null : 'duplicate', payment?.id ?? null);
  }
  return result;
}

export interface XenditLinkOptions {
  xenditBaseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  retryBaseMs?: number;
  breakers?: XenditBreakers;
  /** where Xendit sends the payer after paying (the invoice page, the portal) */
  successRedirectUrl?: string;
}

/**
 * A Xendit invoice (payment link) for what is still owed. Nothing is written: Xendit down,
 * slow or its breaker open is 503 SERVICE_UNAVAILABLE (Retry-After), a refused key 409;
 * asking again makes a new external_id.
 */
export async function createXenditPaymentLink(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  invoiceId: string,
  options: XenditLinkOptions = {},
): Promise<{ gateway: 'xendit'; order_id: string; token: string; redirect_url: string; amount: number; expires_at: string }> {
  const invoice = await getInvoice(tx, invoiceId);
  if (!isOpenInvoice(invoice.status)) throw new AppError('CONFLICT', { message: serverMessage('invoice_not_open', { number: invoice.number, status: invoice.status }) });
  const { secretKey } = await xenditKeys(tx, services);
  if (!secretKey) throw new AppError('CONFLICT', { message: serverMessage('xendit_key_missing') });
  const [c] = await tx.sql<{ name: string; phone: string | null; email: string | null }[]>`SELECT name, phone, email FROM tenant_customers WHERE id = ${invoice.customer_id}`;
  const externalId = `${invoice.number}.${randomBytes(3).toString('hex')}`;
  try {
    const x = await createXenditInvoice(
      tenantId,
      secretKey,
      {
        external_id: externalId,
        amount: invoice.outstanding,
        ...(c?.email ? { payer_email: c.email } : {}),
        description: `Internet ${invoice.number} (${invoice.period_start} – ${invoice.period_end})`,
        invoice_duration: XENDIT_INVOICE_DURATION_S,
        ...(options.successRedirectUrl ? { success_redirect_url: options.successRedirectUrl } : {}),
        currency: 'IDR',
        customer: { given_names: c?.name ?? invoice.customer_name, ...(c?.email ? { email: c.email } : {}), ...(c?.phone ? { mobile_number: c.phone } : {}) },
      },
      { baseUrl: options.xenditBaseUrl, fetch: options.fetch, timeoutMs: options.timeoutMs, retryBaseMs: options.retryBaseMs, breakers: options.breakers },
    );
    return { gateway: 'xendit', order_id: externalId, token: x.id, redirect_url: x.invoice_url, amount: invoice.outstanding, expires_at: x.expiry_date };
  } catch (err) {
    if (!(err instanceof XenditError)) throw err;
    if (err.kind === 'auth') throw new AppError('CONFLICT', { message: serverMessage('xendit_key_refused'), cause: err });
    if (err.kind === 'rejected') throw new AppError('CONFLICT', { message: serverMessage('xendit_refused', { error: err.message }), cause: err });
    throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('xendit_failed', { error: err.message }), cause: err });
  }
}
