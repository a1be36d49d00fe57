/**
 * The ISP's payment gateway, whichever it is: each ISP chooses Midtrans or Xendit in its
 * billing settings (`tenant_settings.payment_gateway`). Every caller that needs a payment
 * link (staff's invoice page, the subscriber portal) calls `createPaymentLink` and gets the
 * chosen gateway's; payment_processing calls `processGatewayTransaction` for either.
 */
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { PaymentGatewayName } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { NetworkServices } from '../network/services';
import { GATEWAY as MIDTRANS, createMidtransPaymentLink, processMidtransTransaction } from './midtrans';
import { XENDIT, createXenditPaymentLink, processXenditInvoice } from './xendit';
import type { XenditLinkOptions } from './xendit';

export type PaymentGateway = PaymentGatewayName;

export interface PaymentGatewayStatus {
  gateway: PaymentGateway;
  midtrans: { configured: boolean; production: boolean };
  xendit: { configured: boolean };
}

export interface PaymentLink {
  gateway: PaymentGateway;
  /** the order id sent to the gateway: "{invoice number}.{suffix}" (Xendit's external_id) */
  order_id: string;
  /** Midtrans's Snap token, or Xendit's invoice id */
  token: string;
  redirect_url: string;
  amount: number;
}

/** Which gateway the ISP uses and which have keys (the keys themselves are never returned). */
export async function paymentGatewayStatus(tx: TenantTx): Promise<PaymentGatewayStatus> {
  const [s] = await tx.sql<{ gateway: PaymentGateway; midtrans: boolean; production: boolean; xendit: boolean }[]>`
    SELECT payment_gateway AS gateway, midtrans_server_key_enc IS NOT NULL AS midtrans, midtrans_production AS production,
           (xendit_secret_key_enc IS NOT NULL AND xendit_callback_token_enc IS NOT NULL) AS xendit
    FROM tenant_settings`;
  if (!s) throw new AppError('NOT_FOUND', { message: serverMessage('no_settings_yet') });
  return { gateway: s.gateway, midtrans: { configured: s.midtrans, production: s.production }, xendit: { configured: s.xendit } };
}

/** Chooses the gateway of new payment links; one without keys is 409 (callbacks of the other keep being applied). */
export async function selectPaymentGateway(tx: TenantTx, gateway: PaymentGateway): Promise<PaymentGatewayStatus> {
  const status = await paymentGatewayStatus(tx);
  if (!status[gateway].configured) {
    throw new AppError('CONFLICT', { message: serverMessage(gateway === XENDIT ? 'xendit_keys_first' : 'midtrans_key_first'), details: { gateway: FIELD_MESSAGES.not_configured } });
  }
  if (status.gateway !== gateway) {
    await tx.sql`UPDATE tenant_settings SET payment_gateway = ${gateway}, updated_at = now()`;
    await tx.sql`SELECT sys_audit_event('admin', 'payment_gateway.selected', ${JSON.stringify({ gateway, previous: status.gateway })}::text::jsonb)`;
  }
  return { ...status, gateway };
}

export interface PaymentLinkOptions extends XenditLinkOptions {
  snapBaseUrl?: string;
}

/**
 * A payment link for what is still owed on an invoice, from the ISP's chosen gateway. Any
 * caller (staff's invoice page, the subscriber portal) passes its services and, if it has
 * one, where the payer returns (`successRedirectUrl`); the gateway is the ISP's business.
 */
export async function createPaymentLink(tx: TenantTx, services: NetworkServices, invoiceId: string, linkOptions: PaymentLinkOptions = {}): Promise<PaymentLink> {
  // the process's overrides (services.paymentGatewayUrls) unless the caller names its own
  const urls = services.paymentGatewayUrls;
  const options: PaymentLinkOptions = {
    ...linkOptions,
    snapBaseUrl: linkOptions.snapBaseUrl ?? urls?.midtransSnap,
    xenditBaseUrl: linkOptions.xenditBaseUrl ?? urls?.xenditApi,
  };
  const [s] = await tx.sql<{ gateway: PaymentGateway; tenant_id: string }[]>`SELECT payment_gateway AS gateway, tenant_id FROM tenant_settings`;
  if (s?.gateway === XENDIT) {
    const { expires_at: _expires, ...link } = await createXenditPaymentLink(tx, services, s.tenant_id, invoiceId, options);
    return link;
  }
  return createMidtransPaymentLink(tx, services, invoiceId, options);
}

/** payment_processing: the recorded notifications of one gateway transaction, applied at most once. */
export function processGatewayTransaction(tx: TenantTx, services: NetworkServices, tenantId: string, gateway: string, transactionId: string) {
  if (gateway === MIDTRANS) return processMidtransTransaction(tx, services, tenantId, transactionId);
  if (gateway === XENDIT) return processXenditInvoice(tx, services, tenantId, transactionId);
  throw new Error(`unknown payment gateway ${gateway}`);
}
