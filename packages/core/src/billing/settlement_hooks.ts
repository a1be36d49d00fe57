/**
 * Billing announces that a customer's arrears may have changed (a payment settled an
 * invoice, an invoice was voided) without knowing who listens: isolir registers its
 * restore here (isolir imports billing, never the reverse). Handlers run in the caller's
 * transaction, one after another, so what they queue commits or rolls back with the
 * payment.
 *
 * Handlers are keyed by name and kept on globalThis: registering again (a second bundle
 * copy of this module or of the listener, a test re-importing) replaces, never doubles.
 */
import type { TenantTx } from '@rrnet/db';
import type { NetworkServices } from '../network/services';

export interface SettlementEvent {
  tenantId: string;
  customerId: string;
  /** what changed the arrears */
  cause: 'payment' | 'invoice_void';
  /** the payment that settled the invoice (cause payment) */
  paymentId?: string;
}

export type SettlementHandler = (tx: TenantTx, services: NetworkServices, event: SettlementEvent) => Promise<unknown>;

const REGISTRY = Symbol.for('rrnet.billing.settlementHooks');
const store = globalThis as unknown as Record<symbol, Map<string, SettlementHandler> | undefined>;
const handlers = (): Map<string, SettlementHandler> => (store[REGISTRY] ??= new Map());

/** Listens for settlements under a name (one handler per name); returns the way to stop listening. */
export function onSettlement(name: string, handler: SettlementHandler): () => void {
  handlers().set(name, handler);
  return () => {
    if (handlers().get(name) === handler) handlers().delete(name);
  };
}

/** The names listening now (for wiring checks). */
export function settlementListeners(): string[] {
  return [...handlers().keys()];
}

/** Tells every listener, in the caller's transaction. */
export async function announceSettlement(tx: TenantTx, services: NetworkServices, event: SettlementEvent): Promise<void> {
  for (const handler of handlers().values()) await handler(tx, services, event);
}
