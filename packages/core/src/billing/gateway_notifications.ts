/**
 * The inbox every payment gateway's callbacks go through (tenant_gateway_notifications):
 * a callback is recorded as it came — received, or rejected with why — before anything is
 * decided, and payment_processing takes one gateway transaction's received callbacks,
 * oldest first and locked, marking each applied, ignored or rejected once. Midtrans and
 * Xendit differ only in how they prove themselves and what counts as paid.
 */
import type { TenantTx } from '@rrnet/db';

export interface GatewayNotification {
  gateway: string;
  transactionId: string | null;
  orderId: string | null;
  status: string | null;
  grossAmount: number | string | null;
  /** the signature or callback token held */
  trusted: boolean;
  /** the body as it came (a non-object is kept as `{ raw }`) */
  body: unknown;
  /** why it is rejected; null: received for processing */
  reason: string | null;
}

/** Records one callback; returns its id. */
export async function recordGatewayNotification(tx: TenantTx, tenantId: string, n: GatewayNotification): Promise<string> {
  const payload = typeof n.body === 'object' && n.body !== null ? n.body : { raw: String(n.body) };
  const [row] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_gateway_notifications (tenant_id, gateway, transaction_id, order_id, transaction_status, gross_amount, signature_valid, payload, status, reason)
    VALUES (${tenantId}, ${n.gateway}, ${n.transactionId}, ${n.orderId}, ${n.status}, ${n.grossAmount},
            ${n.trusted}, ${JSON.stringify(payload)}::text::jsonb, ${n.reason ? 'rejected' : 'received'}, ${n.reason})
    RETURNING id`;
  return row!.id;
}

export type NotificationOutcome = 'applied' | 'ignored' | 'rejected';

/**
 * One gateway transaction's received callbacks, oldest first, locked for this transaction;
 * `mark` settles one (with the payment it became or matched) and counts it in `result`.
 */
export async function receivedNotifications<P>(tx: TenantTx, gateway: string, transactionId: string) {
  const notes = await tx.sql<{ id: string; payload: P }[]>`
    SELECT id, payload FROM tenant_gateway_notifications
    WHERE gateway = ${gateway} AND transaction_id = ${transactionId} AND status = 'received'
    ORDER BY created_at, id FOR UPDATE`;
  const result: Record<NotificationOutcome, number> = { applied: 0, ignored: 0, rejected: 0 };
  const mark = async (id: string, status: NotificationOutcome, reason: string | null, paymentId: string | null = null) => {
    await tx.sql`UPDATE tenant_gateway_notifications SET status = ${status}, reason = ${reason}, payment_id = ${paymentId}, processed_at = now() WHERE id = ${id}`;
    result[status] += 1;
  };
  return { notes, mark, result };
}
